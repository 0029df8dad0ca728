package io.adamesh.face.flame;

import java.io.IOException;

/** A pickle that cannot be read: malformed, truncated, or using something the reader does not accept. */
public class PickleException extends IOException {
    public PickleException(String message) { super(message); }
}
