package io.adamesh.model;

/** A model bundle that cannot be used; the message names the file and what is wrong. */
public class ModelBundleException extends Exception {
    public ModelBundleException(String message) {
        super(message);
    }

    public ModelBundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
