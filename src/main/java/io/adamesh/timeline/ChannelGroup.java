package io.adamesh.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lanes of the generated-animation track. Each channel belongs to exactly one group, decided by
 * its ARKit name (mouth, cheek, nose and tongue shapes are mouth; {@code jaw*} and the jaw joint are
 * jaw; {@code brow*} are brows; {@code eye*} and the eye joints are eyes; root/neck rotation and the
 * translation are head pose).
 */
public enum ChannelGroup {
    MOUTH("Mouth"), JAW("Jaw"), BROWS("Brows"), EYES("Eyes"), HEAD_POSE("Head pose");

    private final String label;

    ChannelGroup(String label) { this.label = label; }

    public String label() { return label; }

    public static ChannelGroup of(String channel) {
        String c = channel.toLowerCase(Locale.ROOT);
        if (c.startsWith("translation.") || c.startsWith("root.") || c.startsWith("neck.")) return HEAD_POSE;
        if (c.startsWith("jaw")) return JAW;
        if (c.startsWith("brow")) return BROWS;
        if (c.startsWith("eye")) return EYES;
        return MOUTH;
    }

    /** The channels of {@code all} in this group, in their order. */
    public List<String> select(List<String> all) {
        List<String> out = new ArrayList<>();
        for (String ch : all) if (of(ch) == this) out.add(ch);
        return out;
    }
}
