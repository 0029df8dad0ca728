package io.adamesh.export;

/** Receives the fraction done (0..1) of a long export. */
@FunctionalInterface
public interface Progress {
    Progress NONE = f -> { };

    void update(double fraction);
}
