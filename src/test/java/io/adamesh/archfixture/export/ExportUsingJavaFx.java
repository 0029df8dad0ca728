package io.adamesh.archfixture.export;

/** Breaks "only ui imports JavaFX". */
public class ExportUsingJavaFx {
    public Object node() { return new javafx.scene.Group(); }
}
