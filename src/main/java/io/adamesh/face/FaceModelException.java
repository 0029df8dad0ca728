package io.adamesh.face;

import java.io.IOException;

/** A head-model file that cannot be used; the message names the file and the problem. */
public class FaceModelException extends IOException {
    public FaceModelException(String message) { super(message); }
    public FaceModelException(String message, Throwable cause) { super(message, cause); }
}
