package io.adamesh.export;

import java.nio.file.Path;

/** Writes an {@link ExportScene} to a file of one format, atomically. */
public interface Exporter {
    void export(ExportScene scene, Path file, Progress progress) throws ExportException;
}
