package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python side of the shared front-end contract ({@code training/tests/test_features.py}).
 * CI installs python3 and python3-numpy (scripts/packages-test.txt), so a missing interpreter fails.
 */
class PythonTrainingTestsTest {
    @Test
    void pythonFrontEndTestsPass() throws Exception {
        Path training = Path.of(System.getProperty("adamesh.repo", ".")).resolve("training");
        Process p = new ProcessBuilder("python3", "-m", "unittest", "tests.test_features", "-v")
                .directory(training.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "python3 -m unittest failed:\n" + out);
    }
}
