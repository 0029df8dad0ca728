package io.adamesh.cli;

/** Bad command-line arguments; the message is shown to the user with the command's usage. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
