package io.adamesh.cli.bench;

import java.nio.file.Path;

/**
 * What a bench section may use: the repository/installation root (for assets and models),
 * whether a quick run was asked for, and a sink for progress lines (stderr, never stdout).
 */
public record BenchContext(Path root, boolean quick, java.util.function.Consumer<String> progress) {
}
