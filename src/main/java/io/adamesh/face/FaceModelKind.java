package io.adamesh.face;

import java.util.Locale;

/**
 * Which head a model is, so that a network bundle trained for one head refuses another: a bundle's
 * manifest declares {@code face: openhead} or {@code face: flame}. OpenHead is recognised by its
 * model id ({@code openhead-*}); FLAME by its id ({@code flame:*}, set by the FLAME loader) or by its
 * topology (5,023 vertices, 9,976 triangles), so an {@code .npz} of FLAME's arrays counts too.
 */
public enum FaceModelKind {
    OPENHEAD("openhead"),
    FLAME("flame"),
    /** Any other head: no bundle is trained for it. */
    OTHER("other");

    static final int FLAME_VERTICES = 5023;
    static final int FLAME_TRIANGLES = 9976;

    private final String id;

    FaceModelKind(String id) { this.id = id; }

    /** The name a bundle manifest uses ({@code openhead}, {@code flame}). */
    public String id() { return id; }

    public static FaceModelKind of(FaceModel model) {
        String id = model.id().toLowerCase(Locale.ROOT);
        if (id.startsWith("openhead")) return OPENHEAD;
        if (id.startsWith("flame") || (model.vertexCount() == FLAME_VERTICES && model.faceCount() == FLAME_TRIANGLES)) return FLAME;
        return OTHER;
    }

    /** Parses a manifest's {@code face} value; throws naming the accepted values. */
    public static FaceModelKind parse(String value) {
        for (FaceModelKind k : values()) {
            if (k != OTHER && k.id.equalsIgnoreCase(value == null ? "" : value.strip())) return k;
        }
        throw new IllegalArgumentException("unknown face '" + value + "': expected 'openhead' or 'flame'");
    }

    /**
     * Throws a user-facing {@link IllegalArgumentException} when a bundle trained for {@code this}
     * head is used with {@code model}.
     */
    public void requireCompatible(FaceModel model, String bundleName) {
        FaceModelKind actual = of(model);
        if (actual != this) {
            throw new IllegalArgumentException("The model bundle '" + bundleName + "' was trained for the " + label()
                    + " head, but the loaded head '" + model.id() + "' is " + actual.label()
                    + ". Load a " + label() + " head, or pick a bundle trained for " + actual.label() + ".");
        }
    }

    private String label() {
        return switch (this) {
            case OPENHEAD -> "OpenHead";
            case FLAME -> "FLAME";
            case OTHER -> "a custom head";
        };
    }
}
