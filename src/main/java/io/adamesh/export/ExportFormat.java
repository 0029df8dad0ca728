package io.adamesh.export;

import java.util.Locale;

/** The export formats and their writers. */
public enum ExportFormat {
    FBX("fbx"), ABC("abc"), GLB("glb"), CSV("csv");

    public final String extension;

    ExportFormat(String extension) { this.extension = extension; }

    public Exporter exporter() {
        return switch (this) {
            case FBX -> new FbxExporter();
            case ABC -> new AlembicExporter();
            case GLB -> new GlbExporter();
            case CSV -> new ArkitCsvWriter();
        };
    }

    public static ExportFormat parse(String s) {
        for (ExportFormat f : values()) if (f.extension.equals(s.toLowerCase(Locale.ROOT))) return f;
        throw new IllegalArgumentException("unknown format '" + s + "' (use fbx, abc, glb or csv)");
    }
}
