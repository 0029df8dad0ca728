package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.model.ModelBundle;
import io.adamesh.model.SpeakerAdapter;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileStore;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeakersCommandTest {
    @TempDir Path dir;

    private CliRunner.Result speakers(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "speakers";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(new Cli(List.of(new SpeakersCommand()), dir), all);
    }

    @Test void listRenameExportImportAndDeleteThroughTheCommand() throws Exception {
        Path lib = dir.resolve("lib");
        SpeakerAdapter a;
        BundleIdentity id;
        try (ModelBundle b = ModelBundle.load(Path.of("models/default"))) {
            a = b.speakers().get(0);
            id = BundleIdentity.of(b);
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", png);
        new SpeakerProfileStore(lib, id).save(new SpeakerProfile("anna-0001", "Anna", Instant.now(),
                new SpeakerProfile.ProfileSource("anna.mp4", 5, 15, "1".repeat(64)),
                new SpeakerAdapter("anna-0001", a.style(), a.lora()), null, -1, SpeakerProfile.AdaptMetrics.unknown()),
                png.toByteArray());
        var list = speakers("list", "--library", lib.toString());
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains("1 profile(s)") && list.out().contains("anna-0001") && list.out().contains("Anna"),
                list.out());
        assertEquals(0, speakers("rename", "anna-0001", "Anna B.", "--library", lib.toString()).status());
        Path file = dir.resolve("anna.adamesh-speaker");
        assertEquals(0, speakers("export", "anna-0001", file.toString(), "--library", lib.toString()).status());
        var imp = speakers("import", file.toString(), "--library", lib.toString());
        assertEquals(0, imp.status(), imp.err());
        assertTrue(imp.out().contains("imported 'Anna B.' as anna-b-"), imp.out());
        List<SpeakerProfile> all = new SpeakerProfileStore(lib, id).list();
        assertEquals(2, all.size());
        assertArrayEquals(all.get(0).adapter().lora().get("inp.A2").data(), all.get(1).adapter().lora().get("inp.A2").data());
        assertEquals(0, speakers("delete", "anna-0001", "--library", lib.toString()).status());
        assertFalse(Files.exists(lib.resolve("anna-0001")));
        var missing = speakers("delete", "anna-0001", "--library", lib.toString());
        assertEquals(4, missing.status());
        assertTrue(missing.err().contains("No speaker profile 'anna-0001'"), missing.err());
        assertEquals(2, speakers("frobnicate", "--library", lib.toString()).status());
        assertEquals(2, speakers("rename", "only-one-arg", "--library", lib.toString()).status());
    }

    @Test void adaptRangeAcceptsClockTimesAndDefaultsToTenSeconds() throws Exception {
        assertArrayEquals(new double[] {5, 15}, AdaptCommand.parseRange("00:05-00:15"));
        assertArrayEquals(new double[] {65, 75.5}, AdaptCommand.parseRange("1:05-1:15.5"));
        assertArrayEquals(new double[] {5, 15}, AdaptCommand.parseRange("5"));
        assertArrayEquals(new double[] {0, 10}, AdaptCommand.parseRange(null));
        var e = assertThrows(UsageException.class, () -> AdaptCommand.parseRange("00:15-00:05"));
        assertTrue(e.getMessage().contains("--range"), e.getMessage());
        assertThrows(UsageException.class, () -> AdaptCommand.parseRange("a-b"));
    }

    @Test void adaptRefusesAVideoWithoutSoundWithExitStatusAndMessage() throws Exception {
        Path lib = dir.resolve("lib");
        Path video = dir.resolve("silent.mp4");
        var face = io.adamesh.face.FaceModel.load(Path.of("assets/openhead.npz"));
        io.adamesh.track.SyntheticFaceVideo.render(face, io.adamesh.track.SyntheticFaceVideo.talkingHead(face), 160, 120,
                30, 90, io.adamesh.track.PinholeCamera.DEFAULT_FOV_Y, video, null);
        var r = CliRunner.run(new Cli(List.of(new AdaptCommand()), dir), "adapt", video.toString(), "--name", "X",
                "--library", lib.toString());
        assertEquals(4, r.status(), r.err());
        assertTrue(r.err().contains("no audio track"), r.err());
        assertFalse(Files.exists(lib), "nothing written");
        assertEquals(2, CliRunner.run(new Cli(List.of(new AdaptCommand()), dir), "adapt", video.toString()).status());
    }

    @Test void adaptEvalRefusesBadTuningBeforeReadingAnything() {
        Cli cli = new Cli(List.of(new AdaptEvalCommand()), dir);
        var r = CliRunner.run(cli, "adapt-eval", dir.resolve("none").toString(), "--variants", "a:steps=5,speed=2");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("unknown key 'speed'"), r.err());
        r = CliRunner.run(cli, "adapt-eval", dir.resolve("none").toString(), "--ranks", "3");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("ranks 2, 4 and 8"), r.err());
        r = CliRunner.run(cli, "adapt-eval", dir.resolve("none").toString(), "--targets", "mean");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("frames or moments"), r.err());
        r = CliRunner.run(cli, "adapt-eval", dir.resolve("none").toString(), "--strength", "-1");
        assertEquals(2, r.status(), r.err());
    }
}
