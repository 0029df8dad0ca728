package io.adamesh.export;

import java.nio.file.Path;

/** glTF 2.0 binary export: {@link GltfSceneMapper} then {@link GlbWriter}, written atomically. */
public final class GlbExporter implements Exporter {
    @Override
    public void export(ExportScene scene, Path file, Progress progress) throws ExportException {
        GlbWriter g = GltfSceneMapper.map(scene, progress);
        AtomicFile.write(file, g::write);
        progress.update(1.0);
    }
}
