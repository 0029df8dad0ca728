package io.adamesh.face.flame;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A Python tuple read from a pickle (lists arrive as {@link java.util.List}, tuples as this). */
public record PyTuple(List<Object> items) {
    public PyTuple {
        items = Collections.unmodifiableList(Arrays.asList(items.toArray()));
    }

    public static PyTuple of(Object... items) { return new PyTuple(Arrays.asList(items)); }

    public int size() { return items.size(); }

    public Object get(int i) { return items.get(i); }
}
