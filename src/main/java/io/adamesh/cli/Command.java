package io.adamesh.cli;

import java.util.Set;

/**
 * One headless command of {@code adamesh <command> ...}. Features add theirs to
 * {@link CommandRegistry}. Output meant for the user or for scripts goes to {@code io.out()};
 * progress and diagnostics go to {@code io.err()}.
 */
public interface Command {
    /** The word typed after {@code adamesh}, e.g. {@code "doctor"}. */
    String name();

    /** One line for {@code adamesh help}. */
    String summary();

    /** Arguments after the name, e.g. {@code "[--json] [--quick]"}; empty when there are none. */
    default String usage() {
        return "";
    }

    /** Options that take no value, e.g. {@code "--json"}. */
    default Set<String> flags() {
        return Set.of();
    }

    /** Options that take one value, e.g. {@code "--only"} ({@code --only a,b} or {@code --only=a,b}). */
    default Set<String> valuedOptions() {
        return Set.of();
    }

    /** Whether positional (non-option) arguments are accepted. */
    default boolean acceptsPositionals() {
        return false;
    }

    /**
     * Runs the command and returns the process exit status (0 for success).
     * Throw {@link UsageException} for bad arguments (exit 2); other exceptions exit 1.
     */
    int run(CommandArgs args, CliIo io) throws Exception;
}
