package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchCommandTest {
    @TempDir Path dir;

    private static void speak(Path wav, String text) throws Exception {
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(), text).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "espeak-ng (installed by run-tests) made " + wav);
    }

    private int batch(Path voices, Path out, ByteArrayOutputStream err) {
        Cli cli = new Cli(CommandRegistry.commands(), Path.of(System.getProperty("adamesh.repo", ".")));
        System.setProperty(StudioHome.REPO_PROPERTY, System.getProperty("adamesh.repo", "."));
        return cli.run(new String[] {"batch", voices.toString(), "--format", "csv", "--out", out.toString()},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
    }

    @Test
    void aBadFileDoesNotStopTheBatchAndARerunResumes() throws Exception {
        Path voices = Files.createDirectories(dir.resolve("voices"));
        speak(voices.resolve("a-bob.wav"), "Bob may buy a map");
        Files.writeString(voices.resolve("b-broken.mp3"), "not audio at all");
        speak(voices.resolve("c-five.wav"), "Five brave men");
        Files.writeString(voices.resolve("notes.txt"), "ignored: not an audio file type");
        Path out = dir.resolve("out");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, batch(voices, out, err), "a failed file makes the exit status 1");
        assertTrue(Files.size(out.resolve("a-bob.csv")) > 1000 && Files.size(out.resolve("c-five.csv")) > 1000,
                "the files after the broken one were still animated and exported");
        assertTrue(err.toString().contains("b-broken.mp3: FAILED"), err.toString());
        var report = new ObjectMapper().readTree(out.resolve("batch-report.json").toFile());
        assertEquals(List.of("done", "failed", "done"), List.of(report.get("files").get(0).get("status").asText(),
                report.get("files").get(1).get("status").asText(), report.get("files").get(2).get("status").asText()));
        List<String> header = List.of(Files.readAllLines(out.resolve("a-bob.csv")).get(0).split(","));
        assertEquals("Timecode", header.get(0));
        assertTrue(header.contains("JawOpen") && header.contains("MouthClose"), "Live Link Face columns: " + header);

        long bobTime = Files.getLastModifiedTime(out.resolve("a-bob.csv")).toMillis();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        batch(voices, out, again);
        assertTrue(again.toString().contains("a-bob.wav: skipped"), again.toString());
        assertEquals(bobTime, Files.getLastModifiedTime(out.resolve("a-bob.csv")).toMillis(), "finished outputs are not redone");
    }
}
