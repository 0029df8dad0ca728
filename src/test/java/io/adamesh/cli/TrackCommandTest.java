package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private static void assumeData() {
        org.junit.jupiter.api.Assumptions.assumeTrue(TrackingDataFiles.fromEnvironment()
                .locate(TrackingDataFiles.DataFile.DLIB_SHAPE_PREDICTOR_68).isPresent(), "libdlib-data missing");
    }
}
