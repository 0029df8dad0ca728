package io.adamesh.face.flame;

/**
 * A pickle that names a class or function outside the allow-list (for example {@code os.system}).
 * Thrown when the name is read, before anything is constructed or called.
 */
public final class UnsafePickleException extends PickleException {
    private final String global;

    public UnsafePickleException(String global) {
        this(global, "");
    }

    /** The same refusal, its message starting with {@code source} (a file name). */
    public UnsafePickleException(String global, String source) {
        super((source.isEmpty() ? "" : source + ": ") + "refusing to load '" + global + "': a FLAME file holds only numpy, scipy.sparse and chumpy"
                + " arrays and Python builtins; this pickle asks for something else and could run code");
        this.global = global;
    }

    /** The refused name, {@code module.name}. */
    public String global() { return global; }
}
