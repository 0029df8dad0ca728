package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.files.AtomicFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default bundle's {@code adapt_calibration.json} undoes the face tracker's systematic errors, so
 * it is only right for the tracker output it was fitted on: when the tracker changed without a refit,
 * learned speakers came out 54-78 % worse than not learning at all, and no test noticed. This test ties
 * the two together. {@code tracker-fingerprint.json} holds what the tracker read from two short
 * closed-loop renders (talking, and turning 30 degrees) and the SHA-256 of the calibration that was
 * fitted on that tracker; the test tracks the same renders again and fails when either side moved.
 *
 * <p>Tolerances: per channel, the mean absolute difference over the frames must stay under 0.01 for
 * expression weights and jaw (radians), under 0.002 rad (0.11 degrees) for head rotation, and at
 * most two frames may change between usable and not. Floating
 * point differences between machines are orders of magnitude below that; the smallest tracker
 * change that moved the calibration (ADR 0019's mouth fit) moved the channels by 0.05-0.2.
 *
 * <p>After a deliberate tracker change: refit the calibration (models/default/README.md, "Tracker
 * calibration for adaptation from video"), then rewrite the fingerprint with
 * {@code ./mvnw -B -o -q test -Dtest=TrackerCalibrationGuardTest -Dadamesh.fingerprint.write=true}.
 */
class TrackerCalibrationGuardTest {
    static final String FINGERPRINT = "src/test/resources/io/adamesh/track/tracker-fingerprint.json";
    static final String CALIBRATION = "models/default/adapt_calibration.json";
    static final int FRAMES = 60;
    static final List<String> SCHEDULES = List.of("talk", "turn");
    static final List<String> CHANNELS = List.of("mouthSmileLeft", "mouthSmileRight", "mouthPucker", "mouthFunnel",
            "eyeBlinkLeft", "eyeBlinkRight", "eyeWideLeft", "eyeWideRight", "browInnerUp");
    static final double WEIGHT_TOL = 0.01, ROTATION_TOL = 0.002, USABLE_TOL = 2.5 / FRAMES;

    @TempDir Path dir;

    @Test void trackerOutputIsTheOneTheCalibrationWasFittedOn() throws Exception {
        Path repo = Path.of(System.getProperty("adamesh.repo", "."));
        FaceModel model = LandmarkRigTest.openHead();
        ObjectMapper json = new ObjectMapper();
        ObjectNode now = json.createObjectNode();
        now.put("calibration_sha256", sha256(repo.resolve(CALIBRATION)));
        now.put("note", "what the tracker reads from closed-loop renders; rewrite only together with a refit of "
                + CALIBRATION + " (see TrackerCalibrationGuardTest)");
        ObjectNode schedules = now.putObject("schedules");
        for (String name : SCHEDULES) {
            schedules.set(name, series(json, model, name));
        }
        Path fixture = repo.resolve(FINGERPRINT);
        if (Boolean.getBoolean("adamesh.fingerprint.write")) {
            byte[] text = (json.writerWithDefaultPrettyPrinter().writeValueAsString(now) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            AtomicFiles.write(fixture, out -> out.write(text));
            System.out.println("wrote " + fixture);
        }
        JsonNode was = json.readTree(fixture.toFile());
        List<String> moved = new ArrayList<>();
        for (String name : SCHEDULES) {
            JsonNode a = was.path("schedules").path(name), b = schedules.path(name);
            assertEquals(a.size(), b.size(), name + ": the fingerprint has other series than this test makes");
            for (var it = b.fieldNames(); it.hasNext(); ) {
                String series = it.next();
                double tol = series.startsWith("head") ? ROTATION_TOL : series.equals("usable") ? USABLE_TOL : WEIGHT_TOL;
                double d = meanAbsDiff(a.path(series), b.path(series));
                if (!(d <= tol)) moved.add(String.format("%s/%s by %.4f", name, series, d));
            }
        }
        if (!moved.isEmpty()) {
            fail("the face tracker's output changed (" + String.join(", ", moved) + "); "
                    + CALIBRATION + " was fitted on the old output and would now make learned speakers worse. "
                    + "Refit it (models/default/README.md, \"Tracker calibration for adaptation from video\"), then rewrite " + FINGERPRINT
                    + " with -Dadamesh.fingerprint.write=true");
        }
        assertEquals(was.path("calibration_sha256").asText(), now.path("calibration_sha256").asText(),
                CALIBRATION + " changed but " + FINGERPRINT + " still records the old one: if it was refitted "
                        + "for the current tracker, rewrite the fingerprint with -Dadamesh.fingerprint.write=true");
    }

    @Test void aMovedChannelIsMeasuredAsMoved() {
        ObjectMapper json = new ObjectMapper();
        ArrayNode a = json.createArrayNode(), b = json.createArrayNode();
        for (int i = 0; i < 10; i++) {
            a.add(0.1 * i);
            b.add(0.1 * i + (i == 3 ? 0.2 : 0));
        }
        assertEquals(0.02, meanAbsDiff(a, b), 1e-9);
        assertEquals(0.0, meanAbsDiff(a, a), 0);
        assertTrue(Double.isNaN(meanAbsDiff(a, json.createArrayNode())), "a missing series cannot pass");
    }

    /** Per-frame series of the calibration-relevant channels, the jaw and the head rotation (rounded to 1e-5). */
    private ObjectNode series(ObjectMapper json, FaceModel model, String schedule) throws Exception {
        Path video = dir.resolve(schedule + ".mp4");
        SyntheticFaceVideo.render(model, ClosedLoopTrackingTest.schedule(model, schedule), ClosedLoopVideos.WIDTH,
                ClosedLoopVideos.HEIGHT, ClosedLoopVideos.FPS, FRAMES, ClosedLoopTrackingTest.FOV, video,
                new io.adamesh.face.FaceParams[FRAMES]);
        TrackedClip tracked = new VideoTracker(DlibFaces.predictor(), DlibFaces.cascade(), model)
                .fieldOfView(ClosedLoopTrackingTest.FOV).track(video, 0, 0, null);
        Clip clip = tracked.clip();
        assertEquals(FRAMES, clip.frameCount());
        ObjectNode out = json.createObjectNode();
        for (String ch : CHANNELS) {
            int c = clip.channels().indexOf(ch);
            assertTrue(c >= 0, "the tracked clip has no channel " + ch);
            ArrayNode a = out.putArray(ch);
            for (int f = 0; f < FRAMES; f++) a.add(round(clip.expression(f, c)));
        }
        int jaw = clip.joints().indexOf("jaw"), neck = clip.joints().indexOf("neck");
        assertTrue(jaw >= 0 && neck >= 0, "the tracked clip has no jaw or neck joint: " + clip.joints());
        ArrayNode j = out.putArray("jaw");
        for (int f = 0; f < FRAMES; f++) j.add(round(clip.pose(f, jaw, 0)));
        String[] axes = {"headX", "headY", "headZ"};
        for (int ax = 0; ax < 3; ax++) {
            ArrayNode h = out.putArray(axes[ax]);
            for (int f = 0; f < FRAMES; f++) h.add(round(clip.pose(f, neck, ax)));
        }
        ArrayNode usable = out.putArray("usable");
        for (int f = 0; f < FRAMES; f++) usable.add(tracked.usable()[f] ? 1 : 0);
        return out;
    }

    /** Mean |a - b| over two equally long series; NaN when the lengths differ. */
    static double meanAbsDiff(JsonNode a, JsonNode b) {
        if (a.size() != b.size() || a.size() == 0) return Double.NaN;
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += Math.abs(a.get(i).asDouble() - b.get(i).asDouble());
        return s / a.size();
    }

    private static double round(double v) {
        return Math.round(v * 1e5) / 1e5;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
