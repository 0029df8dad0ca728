package io.adamesh.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path target = dir.resolve("clip.json");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void newFilesAreReadableByOthersAndReplacedFilesKeepTheirPermissions() throws IOException {
        Path fresh = dir.resolve("new.fbx");
        AtomicFiles.write(fresh, out -> out.write(1));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        Path kept = dir.resolve("private.json");
        Files.writeString(kept, "x");
        Files.setPosixFilePermissions(kept, PosixFilePermissions.fromString("rw-------"));
        AtomicFiles.write(kept, out -> out.write(2));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)));
    }

    @Test
    void channelWritersCanSeekBack() throws IOException {
        Path target = dir.resolve("archive.abc");
        AtomicFiles.writeChannel(target, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 7, 8}));
            ch.write(ByteBuffer.wrap(new byte[] {5, 6}), 0);
        });
        assertArrayEquals(new byte[] {5, 6, 7, 8}, Files.readAllBytes(target));
    }
}
