package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.clip.Clip;
import io.adamesh.clip.ClipIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnimateCommandTest {
    static Path speech(Path dir) throws Exception {
        Path wav = dir.resolve("voice.wav");
        Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-w", wav.toString(), "Bob may buy a map")
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0);
        return wav;
    }

    @Test
    void writesAClipWithProgress(@TempDir Path dir) throws Exception {
        Path wav = speech(dir);
        Path out = dir.resolve("clip.json");
        CliRunner.Result r = CliRunner.run(new Cli(List.of(new AnimateCommand()), dir), "animate", wav.toString(),
                "--speaker", "spk22", "--out", out.toString(), "--intensity", "0.8", "--no-blinks",
                "--allow-face-mismatch");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("100%"), r.err());
        assertTrue(r.out().contains("speaker spk22"), r.out());
        Clip clip = ClipIO.read(out);
        assertEquals("openhead-1", clip.faceModelId());
        assertEquals(30.0, clip.fps());
        assertTrue(clip.frameCount() > 30);
    }

    @Test
    void refusesAMismatchedFaceAndAnUnknownSpeakerClearly(@TempDir Path dir) throws Exception {
        Path wav = speech(dir);
        Path out = dir.resolve("clip.json");
        CliRunner.Result r = CliRunner.run(new Cli(List.of(new AnimateCommand()), dir), "animate", wav.toString(),
                "--speaker", "nobody", "--out", out.toString(), "--allow-face-mismatch");
        assertEquals(3, r.status());
        assertTrue(r.err().contains("Unknown speaker 'nobody'"), r.err());
        assertFalse(Files.exists(out));
        CliRunner.Result bad = CliRunner.run(new Cli(List.of(new AnimateCommand()), dir), "animate", wav.toString(),
                "--out", out.toString(), "--intensity", "-1");
        assertEquals(2, bad.status(), bad.err());
    }
}
