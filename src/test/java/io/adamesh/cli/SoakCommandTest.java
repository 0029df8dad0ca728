package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.clip.Clip;
import io.adamesh.clip.ClipIO;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few seconds of the soak (the hour is run by hand: see the issue notes) and animate --live. */
class SoakCommandTest {
    @Test
    void runsTheLivePathInRealTimeAndReportsEverySample(@TempDir Path dir) throws Exception {
        Path wav = AnimateCommandTest.speech(dir);
        CliRunner.Result r = CliRunner.run(new Cli(List.of(new SoakCommand()), dir), "soak", "--minutes", "0.07",
                "--sample-s", "1.5", "--input", wav.toString(), "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.path("samples").size() >= 2, r.out());
        double realTime = j.path("audio_per_wall_overall").asDouble();
        // Paced by the wall clock, not free-running (which would deliver audio hundreds of times faster);
        // the band is wide because a 4-s run on a loaded machine measures start-up jitter too.
        assertTrue(realTime > 0.5 && realTime < 2.0, "the simulated microphone runs in real time: " + realTime);
        assertTrue(j.path("published").asLong() > 60, r.out());
        assertTrue(j.path("pose_codes").asLong() > 15, "head pose is streamed: " + r.out());
        assertTrue(j.path("end").path("heap_mb").asDouble() > 0, r.out());
        assertTrue(r.err().contains("soak {"), r.err());
    }

    @Test
    void badArgumentsAndAnUnknownSpeakerAreNamed(@TempDir Path dir) {
        CliRunner.Result bad = CliRunner.run(new Cli(List.of(new SoakCommand()), dir), "soak", "--minutes", "ten");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--minutes needs a number"), bad.err());
        CliRunner.Result nobody = CliRunner.run(new Cli(List.of(new SoakCommand()), dir), "soak", "--minutes", "0.01",
                "--speaker", "nobody");
        assertEquals(3, nobody.status(), nobody.err());
        assertTrue(nobody.err().contains("Unknown speaker 'nobody'"), nobody.err());
    }

    @Test
    void animateLiveWritesWhatLiveModeShows(@TempDir Path dir) throws Exception {
        Path wav = AnimateCommandTest.speech(dir);
        Path live = dir.resolve("live.json");
        Path offline = dir.resolve("offline.json");
        CliRunner.Result r = CliRunner.run(new Cli(List.of(new AnimateCommand()), dir), "animate", wav.toString(),
                "--live", "--out", live.toString(), "--allow-face-mismatch");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(live path)"), r.out());
        CliRunner.run(new Cli(List.of(new AnimateCommand()), dir), "animate", wav.toString(),
                "--out", offline.toString(), "--allow-face-mismatch");
        Clip a = ClipIO.read(live);
        Clip b = ClipIO.read(offline);
        assertEquals(b.frameCount(), a.frameCount());
        assertTrue(!java.util.Arrays.equals(a.pose(), b.pose()), "live and offline are different paths");
    }
}
