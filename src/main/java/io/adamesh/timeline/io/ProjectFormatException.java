package io.adamesh.timeline.io;

import java.io.IOException;

/** A project file that cannot be used: corrupt, not a project, or from a newer version. The message is for the user. */
public final class ProjectFormatException extends IOException {
    public ProjectFormatException(String message) { super(message); }
    public ProjectFormatException(String message, Throwable cause) { super(message, cause); }
}
