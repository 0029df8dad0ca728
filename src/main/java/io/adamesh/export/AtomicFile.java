package io.adamesh.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

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
        Path tmp = null;
        try {
            if (!Files.isDirectory(dir)) throw new ExportException("cannot write " + target + ": folder " + dir + " does not exist");
            if (Files.isDirectory(abs)) throw new ExportException("cannot write " + target + ": it is a folder");
            try {
                tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
            } catch (IOException e) {
                throw new ExportException("cannot write into " + dir + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
            }
            if (body != null) {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                    body.write(out);
                }
            } else {
                try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                    channelBody.write(ch);
                    ch.force(false);
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new ExportException("writing " + target + " failed: " + e.getMessage() + " (nothing was written)", e);
        } finally {
            if (tmp != null) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
            }
        }
    }
}
