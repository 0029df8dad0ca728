package io.adamesh.timeline;

/** A named point on the marker track. */
public record Marker(String id, double time, String label) {
    public Marker withTime(double t) { return new Marker(id, t, label); }
}
