package io.adamesh.export;

/** An export that cannot be done; the message is meant for the user. */
public class ExportException extends Exception {
    public ExportException(String message) { super(message); }
    public ExportException(String message, Throwable cause) { super(message, cause); }
}
