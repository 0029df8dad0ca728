package io.adamesh.ui;

/** The groups the control panel shows, in display order. */
public enum ControlSection {
    POSE("Jaw, eyes and head"),
    MOUTH("Mouth"),
    JAW("Jaw shapes"),
    CHEEKS_NOSE("Cheeks and nose"),
    BROWS("Brows"),
    EYES("Eyes"),
    OTHER("Other expressions"),
    IDENTITY("Identity");

    private final String title;

    ControlSection(String title) { this.title = title; }

    public String title() { return title; }

    /** The section an ARKit-named (or FLAME-numbered) expression channel belongs to. */
    public static ControlSection ofExpression(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("mouth")) return MOUTH;
        if (n.startsWith("jaw")) return JAW;
        if (n.startsWith("cheek") || n.startsWith("nose")) return CHEEKS_NOSE;
        if (n.startsWith("brow")) return BROWS;
        if (n.startsWith("eye")) return EYES;
        return OTHER;
    }
}
