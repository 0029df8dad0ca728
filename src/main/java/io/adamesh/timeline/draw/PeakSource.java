package io.adamesh.timeline.draw;

/** A voice clip's waveform envelope, without the timeline knowing about audio decoding. */
public interface PeakSource {
    /** Fills min/max of source time [{@code from}, {@code to}) seconds split into {@code columns} columns. */
    void columns(double from, double to, int columns, float[] outMin, float[] outMax);
}
