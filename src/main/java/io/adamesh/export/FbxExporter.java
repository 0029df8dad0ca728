package io.adamesh.export;

import java.nio.file.Path;
import java.util.List;

/** FBX binary 7.4 export: {@link FbxSceneMapper} (what) then {@link FbxBinaryWriter} (bytes), written atomically. */
public final class FbxExporter implements Exporter {
    @Override
    public void export(ExportScene scene, Path file, Progress progress) throws ExportException {
        List<FbxNode> doc = FbxSceneMapper.map(scene, progress);
        AtomicFile.write(file, out -> FbxBinaryWriter.write(doc, out));
        progress.update(1.0);
    }
}
