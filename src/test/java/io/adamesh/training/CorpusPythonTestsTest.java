package io.adamesh.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the whole Python training suite ({@code training/tests}: corpus, teacher, loaders, front end)
 * with Debian's interpreter, so {@code ./run-tests} covers it. The Debian packages it needs are in
 * scripts/packages-test.txt; a missing package fails the test with Python's message.
 */
class CorpusPythonTestsTest {
    @Test
    void pythonTrainingSuitePasses() throws Exception {
        Path repo = Path.of(System.getProperty("adamesh.repo", ".")).toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-m", "unittest", "discover",
                "-s", "training/tests", "-t", "training")
                .directory(repo.toFile()).redirectErrorStream(true);
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = p.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, "python training tests did not finish in 180 s:\n" + out);
        assertEquals(0, p.exitValue(), "python3 -m unittest discover failed:\n" + out);
    }
}
