package io.adamesh.ui;

import io.adamesh.timeline.draw.ThumbnailSource;
import io.adamesh.track.VideoException;
import io.adamesh.track.VideoReader;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Thumbnails of a reference video for the timeline: one small picture per {@link #STEP_S} seconds
 * of media, decoded once (seek + decode per picture) and kept as ARGB arrays (a 10-minute video
 * costs about 6 MB). Built on a background task; the timeline draws placeholders until then.
 */
public final class VideoThumbnails implements ThumbnailSource {
    public static final double STEP_S = 1.0;
    static final int WIDTH = 64, HEIGHT = 40;

    private final int[][] pictures;
    private final double duration;

    private VideoThumbnails(int[][] pictures, double duration) {
        this.pictures = pictures;
        this.duration = duration;
    }

    /** Decodes the thumbnails of {@code file}; {@code cancelled} is polled between pictures. */
    public static VideoThumbnails decode(Path file, BooleanSupplier cancelled) throws VideoException {
        try (VideoReader reader = new VideoReader(file)) {
            double duration = reader.durationSeconds();
            int n = Math.max(1, (int) Math.ceil(duration / STEP_S));
            int[][] pictures = new int[n][];
            for (int i = 0; i < n && !cancelled.getAsBoolean(); i++) {
                reader.seek(i * STEP_S);
                var frame = reader.next();
                if (frame.isEmpty()) break;
                pictures[i] = scale(frame.get());
            }
            for (int i = 1; i < n; i++) if (pictures[i] == null) pictures[i] = pictures[i - 1];
            return new VideoThumbnails(pictures, duration);
        }
    }

    /** Box-filtered downscale of the frame's RGB into a WIDTH x HEIGHT ARGB picture (letterboxed aspect ignored). */
    static int[] scale(VideoReader.VideoFrame f) {
        int w = f.width(), h = f.height();
        byte[] rgb = f.rgb();
        int[] out = new int[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            int y0 = y * h / HEIGHT, y1 = Math.max(y0 + 1, (y + 1) * h / HEIGHT);
            for (int x = 0; x < WIDTH; x++) {
                int x0 = x * w / WIDTH, x1 = Math.max(x0 + 1, (x + 1) * w / WIDTH);
                long r = 0, g = 0, b = 0, count = 0;
                for (int yy = y0; yy < y1; yy += Math.max(1, (y1 - y0) / 4)) {
                    for (int xx = x0; xx < x1; xx += Math.max(1, (x1 - x0) / 4)) {
                        int i = (yy * w + xx) * 3;
                        r += rgb[i] & 0xff;
                        g += rgb[i + 1] & 0xff;
                        b += rgb[i + 2] & 0xff;
                        count++;
                    }
                }
                out[y * WIDTH + x] = 0xff000000 | (int) (r / count) << 16 | (int) (g / count) << 8 | (int) (b / count);
            }
        }
        return out;
    }

    public double durationSeconds() { return duration; }

    @Override public int width() { return WIDTH; }

    @Override public int height() { return HEIGHT; }

    @Override
    public int[] thumbnail(double mediaSeconds) {
        if (pictures.length == 0) return null;
        int i = (int) Math.round(mediaSeconds / STEP_S);
        return pictures[Math.max(0, Math.min(pictures.length - 1, i))];
    }
}
