package io.adamesh.timeline.draw;

/**
 * Small pictures of a reference video for its clip on the timeline. Pixels are ARGB, row-major,
 * {@link #width()} x {@link #height()}; the same array is returned for the same picture, so
 * surfaces can cache what they made of it.
 */
public interface ThumbnailSource {
    int width();

    int height();

    /** The picture nearest {@code mediaSeconds} into the video, or null while none is decoded yet. */
    int[] thumbnail(double mediaSeconds);
}
