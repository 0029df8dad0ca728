package io.adamesh.face.flame;

import java.nio.ByteOrder;

/**
 * A numpy dtype as pickled ({@code numpy.dtype('f8', False, True)} then its state tuple, whose second
 * item is the byte order). Only plain scalar types: floats, signed and unsigned integers, booleans,
 * and objects (whose values arrive as a list).
 */
public final class NumpyDtype {
    private final char kind;
    private final int itemSize;
    private char byteOrder = '<';

    NumpyDtype(String code) throws PickleException {
        String c = code;
        if (!c.isEmpty() && "<>|=".indexOf(c.charAt(0)) >= 0) {
            byteOrder = c.charAt(0);
            c = c.substring(1);
        }
        if (c.length() < 2) throw new PickleException("unsupported numpy dtype '" + code + "'");
        kind = c.charAt(0);
        int size;
        try {
            size = Integer.parseInt(c.substring(1));
        } catch (NumberFormatException e) {
            throw new PickleException("unsupported numpy dtype '" + code + "'");
        }
        itemSize = size;
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'b' -> size == 1;
            case 'O' -> true;
            default -> false;
        };
        if (!ok) throw new PickleException("unsupported numpy dtype '" + code + "' (FLAME files use floats and integers)");
    }

    /** Applies the pickled state {@code (version, byteorder, ...)}. */
    void setState(Object state) throws PickleException {
        if (state instanceof PyTuple t && t.size() >= 2 && t.get(1) instanceof String order && order.length() == 1) {
            byteOrder = order.charAt(0);
            return;
        }
        throw new PickleException("unexpected numpy dtype state " + state);
    }

    public char kind() { return kind; }

    public int itemSize() { return itemSize; }

    ByteOrder order() {
        return byteOrder == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    @Override
    public String toString() { return "" + byteOrder + kind + itemSize; }
}
