package io.adamesh.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a file through a temporary sibling that is renamed over the target only when the whole
 * content was written; on any failure the temporary is deleted and no partial file is left.
 */
public final class AtomicFile {
    private AtomicFile() {}

    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    public interface ChannelBody {
        void write(java.nio.channels.FileChannel out) throws IOException;
    }

    /** Like {@link #write(Path, Body)} for writers that need to seek (Ogawa patches its header). */
    public static void writeChannel(Path target, ChannelBody body) throws ExportException {
        write(target, null, body);
    }

    public static void write(Path target, Body body) throws ExportException {
        write(target, body, null);
    }

    private static void write(Path target, Body body, ChannelBody channelBody) throws ExportException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) throw new ExportException("cannot write " + target + ": folder " + dir + " does not exist");
        if (Files.isDirectory(abs)) throw new ExportException("cannot write " + target + ": it is a folder");
        try {
            if (body != null) {
                io.adamesh.files.AtomicFiles.write(abs, body::write);
            } else {
                io.adamesh.files.AtomicFiles.writeChannel(abs, channelBody::write);
            }
        } catch (IOException e) {
            throw new ExportException("writing " + target + " failed: " + e.getMessage() + " (nothing was written)", e);
        }
    }
}
