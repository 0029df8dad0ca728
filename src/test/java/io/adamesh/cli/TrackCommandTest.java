package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.face.FaceModel;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.track.TrackingDataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackCommandTest {
    @TempDir Path dir;

    @Test void missingDlibDataSaysHowToInstallItAndFails() throws Exception {
        Path video = Files.write(dir.resolve("v.mp4"), new byte[] {0});
        Cli cli = new Cli(List.of(new TrackCommand(() -> TrackingDataFiles.onlyIn(List.of(dir)))), dir);
        CliRunner.Result r = CliRunner.run(cli, "track", video.toString(), "--out", dir.resolve("c.json").toString(),
                "--head", Path.of("assets/openhead.npz").toAbsolutePath().toString());
        assertEquals(3, r.status(), r.err());
        assertTrue(r.err().contains("apt-get install libdlib-data"), r.err());
    }

    @Test void corruptVideoGivesAMessageNamingTheFile() throws Exception {
        assumeData();
        Path video = Files.write(dir.resolve("broken.mp4"), "not a video at all".getBytes());
        CliRunner.Result r = CliRunner.run(new Cli(List.of(new TrackCommand()), dir), "track", video.toString(),
                "--out", dir.resolve("c.json").toString(), "--head", Path.of("assets/openhead.npz").toAbsolutePath().toString());
        assertEquals(4, r.status(), r.err());
        assertTrue(r.err().contains("broken.mp4") && r.err().contains("not a readable video"), r.err());
    }

    @Test void rangeIsParsedAndCheckedAsSeconds() throws Exception {
        double[] r = TrackCommand.parseRange("2:12.5");
        assertEquals(2, r[0]);
        assertEquals(12.5, r[1]);
        assertThrows(UsageException.class, () -> TrackCommand.parseRange("5:3"));
        assertThrows(UsageException.class, () -> TrackCommand.parseRange("abc"));
    }

    @Test void writesTheClipAndAReportWithResidualsAndEyeOpennessPerFrame() throws Exception {
        assumeData();
        Path head = Path.of("assets/openhead.npz").toAbsolutePath();
        FaceModel model = FaceModel.load(head);
        Path video = dir.resolve("head.mp4");
        int frames = 45;
        SyntheticFaceVideo.render(model, SyntheticFaceVideo.talkingHead(model),
                640, 480, 30, frames, Math.toRadians(30), video, null);
        Path out = dir.resolve("clip.json");
        CliRunner.Result r = CliRunner.run(new Cli(List.of(new TrackCommand()), dir), "track", video.toString(),
                "--out", out.toString(), "--fov", "30", "--head", head.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.isRegularFile(out));
        JsonNode report = new ObjectMapper()
                .readTree(dir.resolve("clip.track.json").toFile());
        assertEquals(frames, report.get("usable").size());
        JsonNode eyes = report.get("eye_openness");
        assertEquals(frames, eyes.size());
        int measured = 0;
        for (JsonNode e : eyes) {
            if (!e.isNull()) {
                assertEquals(2, e.size());
                for (JsonNode v : e) {
                    assertTrue(v.asDouble() >= 0 && v.asDouble() <= 1, e.toString());
                }
                measured++;
            }
        }
        assertTrue(measured >= frames * 0.9, "frames with eyes measured: " + measured);
    }

    private static void assumeData() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TrackingDataFiles.fromEnvironment()
                .locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).isPresent(), "libdlib-data missing");
    }
}
