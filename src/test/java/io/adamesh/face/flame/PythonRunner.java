package io.adamesh.face.flame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Runs Debian's python3 (numpy, scipy) for the FLAME tests, with a stand-in chumpy on PYTHONPATH. */
final class PythonRunner {
    private PythonRunner() {}

    static String python() {
        String p = System.getProperty("adamesh.python");
        if (p != null) return p;
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Writes a {@code chumpy} package whose {@code chumpy.ch.Ch} is a plain object keeping its value in
     * {@code x} (and chumpy's {@code _dirty_vars} set), so pickles name {@code chumpy.ch.Ch} as FLAME's do.
     */
    static Path fakeChumpy(Path dir) throws IOException {
        Path pkg = Files.createDirectories(dir.resolve("pythonpath/chumpy"));
        Files.writeString(pkg.resolve("__init__.py"), "");
        Files.writeString(pkg.resolve("ch.py"), """
                class Ch(object):
                    def __init__(self, x):
                        self.x = x
                        self._dirty_vars = set()
                        self.label = None
                """);
        return dir.resolve("pythonpath");
    }

    /** Copies a test resource next to the tests' files and returns its path. */
    static Path resource(String name, Path dir) throws IOException {
        try (InputStream in = Objects.requireNonNull(PythonRunner.class.getResourceAsStream(name), "Resource not found: " + name)) {
            Path p = dir.resolve(name);
            Files.copy(in, p);
            return p;
        }
    }

    static String run(Path cwd, Path pythonPath, List<String> args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(python());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        if (pythonPath != null) pb.environment().put("PYTHONPATH", pythonPath.toString());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process pr = pb.start();
        String out = new String(pr.getInputStream().readAllBytes());
        assertTrue(pr.waitFor(120, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, pr.exitValue(), "python (numpy, scipy) failed: " + out);
        return out.strip();
    }
}
