package io.adamesh.export;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the node tree of a binary FBX file: {@code java io.adamesh.export.FbxDump file.fbx}. */
public final class FbxDump {
    private FbxDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FbxDump file.fbx");
            System.exit(2);
        }
        dump(Files.readAllBytes(Path.of(args[0])), System.out);
    }

    public static void dump(byte[] data, PrintStream out) throws IOException {
        out.println("FBX binary version " + FbxReader.version(data));
        for (FbxNode n : FbxReader.read(data)) dump(n, "", out);
    }

    private static void dump(FbxNode n, String indent, PrintStream out) {
        StringBuilder sb = new StringBuilder(indent).append(n.name()).append(':');
        for (Object p : n.props()) sb.append(' ').append(describe(p));
        out.println(sb);
        for (FbxNode c : n.children()) dump(c, indent + "  ", out);
    }

    static String describe(Object p) {
        return switch (p) {
            case String s -> '"' + s.replace("\0\u0001", "::") + '"';
            case byte[] b -> "raw[" + b.length + "]";
            case int[] a -> "int[" + a.length + "]" + preview(java.util.Arrays.toString(a));
            case long[] a -> "long[" + a.length + "]" + preview(java.util.Arrays.toString(a));
            case float[] a -> "float[" + a.length + "]" + preview(java.util.Arrays.toString(a));
            case double[] a -> "double[" + a.length + "]" + preview(java.util.Arrays.toString(a));
            case boolean[] a -> "bool[" + a.length + "]";
            default -> String.valueOf(p);
        };
    }

    private static String preview(String s) { return s.length() > 60 ? s.substring(0, 57) + "...]" : s; }

    static List<FbxNode> nodes(byte[] data) throws IOException { return FbxReader.read(data); }
}
