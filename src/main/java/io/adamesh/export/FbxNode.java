package io.adamesh.export;

import java.util.ArrayList;
import java.util.List;

/**
 * One node record of an FBX document: a name, typed properties and child nodes. Knows nothing of
 * scenes; {@link FbxBinaryWriter} turns a tree of these into bytes. Property values are boxed Java
 * types: Short (Y), Boolean (C), Integer (I), Float (F), Double (D), Long (L), String (S), byte[] (R),
 * and arrays int[] (i), long[] (l), float[] (f), double[] (d), boolean[] (b).
 */
public final class FbxNode {
    private final String name;
    private final List<Object> props = new ArrayList<>();
    private final List<FbxNode> children = new ArrayList<>();

    public FbxNode(String name, Object... props) {
        if (name.length() > 255) throw new IllegalArgumentException("FBX node name too long: " + name);
        this.name = name;
        for (Object p : props) add(p);
    }

    public String name() { return name; }
    public List<Object> props() { return props; }
    public List<FbxNode> children() { return children; }

    public FbxNode add(Object prop) {
        if (!(prop instanceof Short || prop instanceof Boolean || prop instanceof Integer || prop instanceof Float
                || prop instanceof Double || prop instanceof Long || prop instanceof String || prop instanceof byte[]
                || prop instanceof int[] || prop instanceof long[] || prop instanceof float[] || prop instanceof double[]
                || prop instanceof boolean[])) {
            throw new IllegalArgumentException("unsupported FBX property type " + (prop == null ? "null" : prop.getClass()));
        }
        props.add(prop);
        return this;
    }

    /** Adds and returns a child node. */
    public FbxNode child(String childName, Object... childProps) {
        FbxNode n = new FbxNode(childName, childProps);
        children.add(n);
        return n;
    }

    public FbxNode add(FbxNode child) {
        children.add(child);
        return this;
    }

    /** First child of that name, or null. */
    public FbxNode find(String childName) {
        for (FbxNode c : children) if (c.name.equals(childName)) return c;
        return null;
    }

    public List<FbxNode> findAll(String childName) {
        List<FbxNode> out = new ArrayList<>();
        for (FbxNode c : children) if (c.name.equals(childName)) out.add(c);
        return out;
    }
}
