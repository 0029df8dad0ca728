package io.adamesh.export;

import java.nio.file.Path;

/** Alembic (Ogawa) export: {@link AlembicSceneMapper} over {@link AlembicWriter} over {@link OgawaWriter}, atomically. */
public final class AlembicExporter implements Exporter {
    public static final String ARCHIVE_METADATA = "_ai_Application=AdaMesh Studio;_ai_AlembicVersion=AdaMesh Ogawa writer 1 (Alembic 1.8 layout)";

    @Override
    public void export(ExportScene scene, Path file, Progress progress) throws ExportException {
        AtomicFile.writeChannel(file, ch -> {
            AlembicWriter abc = new AlembicWriter(new OgawaWriter(ch), ARCHIVE_METADATA);
            AlembicSceneMapper.write(scene, abc, progress);
            abc.finish();
        });
        progress.update(1.0);
    }
}
