package io.adamesh.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of bundle files against the checksums their manifest declares. */
final class FileChecksum {
    private FileChecksum() {
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Null when {@code file}'s SHA-256 is {@code declared} (or nothing is declared), else the message:
     * the file, the declared and the actual checksum.
     */
    static String mismatch(Path file, String declared) throws IOException {
        if (declared == null || declared.isEmpty()) {
            return null;
        }
        String actual = sha256(file);
        return actual.equalsIgnoreCase(declared) ? null
                : file + " has SHA-256 " + actual + ", but the manifest declares " + declared
                        + ": the file was changed or damaged after the bundle was made";
    }
}
