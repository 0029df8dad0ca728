package io.adamesh.cli;

import java.io.PrintStream;
import java.nio.file.Path;

/** Where a command writes (stdout for results, stderr for progress) and the installation it serves. */
public record CliIo(PrintStream out, PrintStream err, Path home) {
}
