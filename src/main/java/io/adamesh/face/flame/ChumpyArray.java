package io.adamesh.face.flame;

import java.util.Map;

/**
 * A {@code chumpy.ch.Ch} as pickled in FLAME files: an object whose state dict holds its value as
 * the numpy array {@code 'x'}. Only that array is kept; nothing of chumpy's graph is evaluated.
 */
public final class ChumpyArray {
    private NumpyArray x;

    ChumpyArray() {}

    void setState(Object s) throws PickleException {
        Object dict = s instanceof PyTuple t && t.size() == 2 ? t.get(0) : s;
        if (!(dict instanceof Map<?, ?> m)) throw new PickleException("unexpected chumpy state " + NumpyArray.describe(s));
        Object value = m.get("x");
        if (value instanceof NumpyArray a) x = a;
        else if (value instanceof ChumpyArray c) x = c.value();
        else throw new PickleException("chumpy object without a numpy array 'x' (got " + NumpyArray.describe(value) + ")");
    }

    public NumpyArray value() throws PickleException {
        if (x == null) throw new PickleException("chumpy object was never filled (no BUILD)");
        return x;
    }
}
