package io.adamesh.timeline;

import java.util.ArrayList;
import java.util.List;

/**
 * Channel names the timeline edits. Expression channels use the clip's names (ARKit names such as
 * {@code jawOpen}); joint rotations are {@code <joint>.rx|ry|rz} (axis-angle components, radians) and
 * the root translation {@code translation.x|y|z} (metres).
 */
public final class Channels {
    public static final String[] AXES = {"rx", "ry", "rz"};
    public static final String[] TRANSLATION = {"translation.x", "translation.y", "translation.z"};

    private Channels() {}

    public static String rotation(String joint, int axis) { return joint + "." + AXES[axis]; }

    /** Joint index and axis of a rotation channel in {@code joints}, as {@code joint * 3 + axis}, or -1. */
    public static int poseSlot(String channel, List<String> joints) {
        int dot = channel.lastIndexOf('.');
        if (dot < 0) return -1;
        String ax = channel.substring(dot + 1);
        int axis = ax.equals("rx") ? 0 : ax.equals("ry") ? 1 : ax.equals("rz") ? 2 : -1;
        if (axis < 0) return -1;
        int j = joints.indexOf(channel.substring(0, dot));
        return j < 0 ? -1 : j * 3 + axis;
    }

    public static int translationAxis(String channel) {
        for (int i = 0; i < 3; i++) if (TRANSLATION[i].equals(channel)) return i;
        return -1;
    }

    /** Every channel of a clip's layout: expressions, then joint rotations, then translation. */
    public static List<String> all(List<String> expressions, List<String> joints) {
        List<String> out = new ArrayList<>(expressions);
        for (String j : joints) for (int a = 0; a < 3; a++) out.add(rotation(j, a));
        out.addAll(List.of(TRANSLATION));
        return out;
    }
}
