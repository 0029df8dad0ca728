package io.adamesh.timeline.draw;

/** Timecode {@code HH:MM:SS:FF} at a frame rate (non-drop; fractional rates round up to whole frames per second). */
public final class Timecode {
    private Timecode() {}

    public static String of(double seconds, double fps) {
        long frame = Math.round(seconds * fps);
        int perSec = (int) Math.ceil(fps - 1e-9);
        long secs = (long) Math.floor(frame / fps + 1e-9);
        long ff = frame - Math.round(secs * fps);
        ff = Math.max(0, Math.min(perSec - 1, ff));
        return String.format("%02d:%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60, ff);
    }
}
