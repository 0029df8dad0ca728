package io.adamesh.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whole-file writes that never leave a partial file: the content goes to a temporary sibling, is
 * flushed to disk, and only then renamed over the target. On any failure (a full disk, a crash of
 * the writer) the temporary is deleted and the previous file, if any, is untouched. The result gets
 * the permissions of the file it replaces, or {@code rw-r--r--} when it is new (a temporary file
 * alone would be private to its owner). Used by every writer of the project: heads, clips,
 * projects, exports.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {}

    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    @FunctionalInterface
    public interface ChannelBody {
        void write(FileChannel out) throws IOException;
    }

    /** Writes through a buffered stream. */
    public static void write(Path target, Body body) throws IOException {
        writeChannel(target, ch -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            body.write(out);
            out.flush();
        });
    }

    /** Writes through a file channel, for writers that seek back to patch headers. */
    public static void writeChannel(Path target, ChannelBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        if (Files.isDirectory(abs)) throw new IOException(target + " is a folder");
        Set<PosixFilePermission> permissions = NEW_FILE;
        try {
            if (Files.exists(abs)) permissions = Files.getPosixFilePermissions(abs);
        } catch (UnsupportedOperationException | IOException e) {
            permissions = null;
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".part");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(ch);
                ch.force(false);
            }
            if (permissions != null) {
                try {
                    Files.setPosixFilePermissions(tmp, permissions);
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: keep its defaults
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
