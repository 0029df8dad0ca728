package io.adamesh.timeline;

/**
 * A clip of a media file on the voice or reference-video track. {@code path} is as the document
 * holds it (absolute in memory; stored relative to the project file). {@code offline} is true when
 * the file was missing at open (the clip stays, drawn as offline, until relinked).
 */
public record MediaClip(String id, String path, double sourceDuration, double offset, double in, double out,
                        boolean offline) implements TimedClip {
    public MediaClip {
        if (!(sourceDuration >= 0)) throw new IllegalArgumentException("negative duration");
        in = Math.max(0, Math.min(in, sourceDuration));
        out = Math.max(in, Math.min(out, sourceDuration));
    }

    public static MediaClip whole(String id, String path, double duration, double offset) {
        return new MediaClip(id, path, duration, offset, 0, duration, false);
    }

    @Override
    public MediaClip placed(double offset, double in, double out) {
        return new MediaClip(id, path, sourceDuration, offset, in, out, offline);
    }

    public MediaClip relinked(String newPath, boolean nowOffline) {
        return new MediaClip(id, newPath, sourceDuration, offset, in, out, nowOffline);
    }
}
