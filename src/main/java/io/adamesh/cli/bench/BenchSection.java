package io.adamesh.cli.bench;

import java.util.Map;

/**
 * One section of {@code adamesh bench}: a named group of measured figures.
 * Each feature contributes its own section; the bench command runs them all and prints one
 * JSON object {@code {"<name>": {...figures...}, ...}} (or a text table).
 */
public interface BenchSection {
    /** Key of this section in the JSON output, e.g. {@code "rig"}. */
    String name();

    /**
     * Runs the measurement and returns figures (numbers, strings, booleans, nested maps/lists).
     * Units belong in the key names, e.g. {@code "eval_ms_p50"}. A section that cannot run here
     * (no display, no device) returns {@code {"skipped": "reason"}} rather than throwing.
     */
    Map<String, Object> run(BenchContext context) throws Exception;
}
