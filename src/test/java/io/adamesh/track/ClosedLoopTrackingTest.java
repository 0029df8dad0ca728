package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closed loop: OpenHead rendered with known parameters into an mp4, read back by {@link VideoReader},
 * detected, landmarked by dlib's predictor, eye openness read from the pixels ({@link EyeOpenness})
 * and fitted. dlib's model was trained on real faces and places its points on our stylised render
 * with systematic offsets (8.6 px RMS residual at 640x480; its eye points do not follow our lids).
 * The tolerances are the measured figures plus ~30 % margin, mean absolute errors (measured now;
 * before the far-side jaw line and the mouth offsets of ADR 0022; before ADR 0019). Talk ("talk"):
 * jaw 2.8 deg (2.17; 2.96; 4.75), yaw 0.85 (0.63; 0.70; 1.90), pitch 2.8 (2.56; 2.14: a little
 * worse, within the old tolerance), smile 0.17 (0.129; 0.126; 0.316), pucker 0.15 (0.116; 0.204;
 * 0.416) and at least 25 % better than always answering 0 (0.236); blinks: every blink found and
 * none invented, blink channel MAE 0.05 (0.013), at most 0.3 while the eyes are open (0.06; 0.08
 * with the gaze sweeping); eyeWide MAE 0.1 (0.026; 0.029 with the gaze sweeping, where pucker must
 * beat always 0: 0.098 for 0.187). With the minor mouth channels moving too ("mouth", which the
 * fitter does not fit): jaw 2.6 (2.00; 2.36), each fitted mouth channel below always 0 (smile 0.159
 * / 0.163 for 0.280, pucker 0.098 for 0.236, funnel 0.138 for 0.206) and all 15 mouth channels
 * together under 0.9 of always 0 (0.113 for 0.143). With the head turning 30 degrees and nodding 12
 * ("turn"): usable 90 % (120/120; 86; 92), yaw 2.8 (2.09; 3.58; 3.85), yaw over the frames turned
 * 25-30 degrees 5 (3.66; the fit read 30 as 21-22 and most such frames were flagged and
 * interpolated), pitch 3.3 (2.48; 2.88), jaw 3.6 (2.77; 3.31; 4.88), smile 0.23 (0.175; 0.183;
 * 0.306), pucker at least 25 % better than always 0 (0.139 for 0.236: 41 % better; 0.399, worse
 * than 0, before), blink MAE 0.1 (0.046), every blink found, none invented, at most 0.4 while open
 * (0.21). The blink tolerances are looser than 30 % because a blink is a handful of frames and one
 * frame of lag moves the MAE by ~0.01. The fitter itself is held to 2 deg in {@link RigFitterTest}.
 */
class ClosedLoopTrackingTest {
    static final double FOV = Math.toRadians(30);
    @TempDir Path dir;

    @Test void recoversJawHeadPoseSmileAndBlinksFromARenderedVideo() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        int frames = 120;
        FaceParams[] truth = new FaceParams[frames];
        TrackedClip tracked = renderAndTrack(model, "talk", frames, truth);
        assertEquals(frames, tracked.clip().frameCount());
        Figures f = Figures.of(model, tracked, truth);
        System.out.println("closed loop (talk): " + f);
        assertTrue(f.usable() >= frames * 0.9, "usable " + f.usable());
        assertTrue(f.jaw() < 2.8, "jaw " + f.jaw());
        assertTrue(f.yaw() < 0.85, "yaw " + f.yaw());
        assertTrue(f.pitch() < 2.8, "pitch " + f.pitch());
        assertTrue(f.smile() < 0.17, "smile " + f.smile());
        assertTrue(f.pucker() < 0.15, "pucker " + f.pucker());
        assertTrue(f.pucker() < 0.75 * MouthFigures.of(model, tracked, truth).zero()[2], "pucker " + f.pucker() + " not clearly better than answering 0");
        assertEquals(2, f.trueEvents(), "the schedule blinks twice in 4 s");
        assertEquals(f.trueEvents(), f.recalled(), "blinks recalled");
        assertEquals(f.trackedEvents(), f.precise(), "tracked blinks that did not happen");
        assertTrue(f.blinkMae() < 0.05, "blink MAE " + f.blinkMae());
        assertTrue(f.falseBlinkMax() < 0.3, "blink while the eyes are open " + f.falseBlinkMax());
        assertTrue(f.wideMae() < 0.1, "eyeWide MAE " + f.wideMae());
    }

    @Test void blinksSurviveAHeadTurnedThirtyDegrees() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        int frames = 120;
        FaceParams[] truth = new FaceParams[frames];
        TrackedClip tracked = renderAndTrack(model, "turn", frames, truth);
        Figures f = Figures.of(model, tracked, truth);
        double turnedYaw = yawErrorWhereTurned(tracked, truth, Math.toRadians(25));
        double zeroPucker = MouthFigures.of(model, tracked, truth).zero()[2];
        System.out.printf(java.util.Locale.ROOT, "closed loop (turn): %s; yaw MAE where |yaw| >= 25 deg: %.2f deg; pucker always 0: %.3f%n",
                f, turnedYaw, zeroPucker);
        assertTrue(f.usable() >= frames * 0.9, "usable " + f.usable());
        assertTrue(f.yaw() < 2.8, "yaw " + f.yaw());
        assertTrue(turnedYaw < 5, "yaw where turned 25-30 degrees " + turnedYaw);
        assertTrue(f.pitch() < 3.3, "pitch " + f.pitch());
        assertTrue(f.jaw() < 3.6, "jaw " + f.jaw());
        assertTrue(f.smile() < 0.23, "smile " + f.smile());
        assertTrue(f.pucker() < 0.75 * zeroPucker, "pucker " + f.pucker() + " not clearly better than always 0: " + zeroPucker);
        assertEquals(f.trueEvents(), f.recalled(), "blinks recalled");
        assertEquals(f.trackedEvents(), f.precise(), "tracked blinks that did not happen");
        assertTrue(f.blinkMae() < 0.1, "blink MAE " + f.blinkMae());
        assertTrue(f.falseBlinkMax() < 0.4, "blink while the eyes are open " + f.falseBlinkMax());
    }

    @Test void majorMouthChannelsBeatAnsweringZeroWhenTheMinorOnesMoveToo() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        int frames = 120;
        FaceParams[] truth = new FaceParams[frames];
        TrackedClip tracked = renderAndTrack(model, "mouth", frames, truth);
        Figures f = Figures.of(model, tracked, truth);
        MouthFigures m = MouthFigures.of(model, tracked, truth);
        System.out.println("closed loop (mouth): " + f + "; " + m);
        assertTrue(f.jaw() < 2.6, "jaw " + f.jaw());
        for (int c = 0; c < MouthFigures.MAJOR.size(); c++) {
            assertTrue(m.mae()[c] < m.zero()[c], MouthFigures.MAJOR.get(c) + " " + m.mae()[c] + " vs always 0: " + m.zero()[c]);
        }
        assertTrue(m.allMae() < 0.9 * m.allZero(), "all mouth channels " + m.allMae() + " vs always 0: " + m.allZero());
    }

    /**
     * Mouth channel errors against a tracker that always answers 0: the fitted major channels
     * (smile, pucker, funnel) one by one, and the mean over every mouth channel of
     * {@link MouthFigures#ALL}.
     */
    record MouthFigures(double[] mae, double[] zero, double allMae, double allZero) {
        static final List<String> MAJOR = List.of("mouthSmileLeft", "mouthSmileRight", "mouthPucker", "mouthFunnel");
        static final List<String> ALL = List.of("mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight",
                "mouthPucker", "mouthFunnel", "mouthStretchLeft", "mouthStretchRight", "mouthUpperUpLeft", "mouthUpperUpRight",
                "mouthLowerDownLeft", "mouthLowerDownRight", "mouthPressLeft", "mouthPressRight", "mouthClose");

        static MouthFigures of(FaceModel model, TrackedClip tracked, FaceParams[] truth) {
            Clip clip = tracked.clip();
            int n = clip.frameCount();
            double[] mae = new double[MAJOR.size()], zero = new double[MAJOR.size()];
            double all = 0, allZero = 0;
            for (String name : ALL) {
                int e = model.expressionIndex(name);
                double err = 0, z = 0;
                for (int i = 0; i < n; i++) {
                    err += Math.abs(clip.expression(i, e) - truth[i].expression(e)) / n;
                    z += Math.abs(truth[i].expression(e)) / n;
                }
                all += err / ALL.size();
                allZero += z / ALL.size();
                int c = MAJOR.indexOf(name);
                if (c >= 0) {
                    mae[c] = err;
                    zero[c] = z;
                }
            }
            return new MouthFigures(mae, zero, all, allZero);
        }

        @Override public String toString() {
            StringBuilder sb = new StringBuilder("MAE (always 0):");
            for (int c = 0; c < MAJOR.size(); c++) {
                sb.append(String.format(java.util.Locale.ROOT, " %s %.3f (%.3f)", MAJOR.get(c), mae[c], zero[c]));
            }
            return sb + String.format(java.util.Locale.ROOT, ", all %d mouth channels %.3f (%.3f)", ALL.size(), allMae, allZero);
        }
    }

    @Test void gazeChangesWithOpenEyesAreNotBlinks() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        int frames = 90;
        FaceParams[] truth = new FaceParams[frames];
        TrackedClip tracked = renderAndTrack(model, "gaze", frames, truth);
        Figures f = Figures.of(model, tracked, truth);
        System.out.println("closed loop (gaze): " + f);
        assertTrue(f.pucker() < MouthFigures.of(model, tracked, truth).zero()[2], "pucker " + f.pucker() + " no better than answering 0");
        assertEquals(0, f.trackedEvents(), "blinks tracked while the eyes only looked around");
        assertTrue(f.falseBlinkMax() < 0.3, "blink while the eyes are open " + f.falseBlinkMax());
        assertTrue(f.wideMae() < 0.1, "eyeWide MAE " + f.wideMae());
    }

    /** Mean absolute yaw error (degrees) over the frames whose true yaw is at least {@code from} (rad) either way. */
    static double yawErrorWhereTurned(TrackedClip tracked, FaceParams[] truth, double from) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < truth.length; i++) {
            double want = truth[i].pose()[FaceModel.NECK * 3 + 1];
            if (Math.abs(want) >= from) {
                sum += Math.abs(tracked.clip().pose(i, FaceModel.NECK, 1) - want);
                n++;
            }
        }
        return Math.toDegrees(sum / Math.max(1, n));
    }

    private TrackedClip renderAndTrack(FaceModel model, String schedule, int frames, FaceParams[] truth) throws Exception {
        DlibShapePredictor sp = DlibFaces.predictor();
        Path cascade = DlibFaces.cascade();
        Path video = dir.resolve(schedule + ".mp4");
        SyntheticFaceVideo.render(model, schedule(model, schedule), 640, 480, 30, frames, FOV, video, truth);
        return new VideoTracker(sp, cascade, model).fieldOfView(FOV).track(video, 0, 0, null);
    }

    /**
     * Closed-loop schedules: "talk" (the talking head with blinks), "turn" (the same with the head
     * turning 30 degrees and nodding 12), "mouth" (talk with the minor mouth channels moving too:
     * stretch, frown, lower lip down, funnel), "neutral" (a neutral face turning 32 degrees and nodding 12:
     * nothing but the head pose moves), "gaze" (eyes open, gaze sweeping), "lids" (wide,
     * squint, half and full blinks).
     */
    static SyntheticFaceVideo.Schedule schedule(FaceModel model, String name) {
        SyntheticFaceVideo.Schedule talk = SyntheticFaceVideo.talkingHead(model);
        int blinkL = model.expressionIndex("eyeBlinkLeft"), blinkR = model.expressionIndex("eyeBlinkRight");
        return switch (name) {
            case "talk" -> talk;
            case "turn" -> (i, t, p) -> {
                talk.apply(i, t, p);
                double yaw = Math.toRadians(30) * Math.sin(2 * Math.PI * t / 4.0);
                double pitch = Math.toRadians(12) * Math.sin(2 * Math.PI * t / 3.1);
                p.setJointRotation(FaceModel.NECK, (float) pitch, (float) yaw, 0);
            };
            case "neutral" -> (i, t, p) -> {
                p.resetExpressionAndPose();
                double yaw = Math.toRadians(32) * Math.sin(2 * Math.PI * t / 4.0);
                double pitch = Math.toRadians(12) * Math.sin(2 * Math.PI * t / 3.1);
                p.setJointRotation(FaceModel.NECK, (float) pitch, (float) yaw, 0);
            };
            case "mouth" -> {
                int[] stretch = {model.expressionIndex("mouthStretchLeft"), model.expressionIndex("mouthStretchRight")};
                int[] lower = {model.expressionIndex("mouthLowerDownLeft"), model.expressionIndex("mouthLowerDownRight")};
                int[] frown = {model.expressionIndex("mouthFrownLeft"), model.expressionIndex("mouthFrownRight")};
                int funnel = model.expressionIndex("mouthFunnel");
                yield (i, t, p) -> {
                    talk.apply(i, t, p);
                    double a = Math.sin(2 * Math.PI * t / 1.9);
                    for (int k = 0; k < 2; k++) {
                        p.setExpression(stretch[k], (float) (0.6 * Math.max(0, a)));
                        p.setExpression(frown[k], (float) (0.5 * Math.max(0, -a)));
                        p.setExpression(lower[k], (float) (0.6 * Math.max(0, Math.sin(2 * Math.PI * t / 2.7 + 1))));
                    }
                    p.setExpression(funnel, (float) (0.6 * Math.max(0, Math.sin(2 * Math.PI * t / 3.3 + 2))));
                };
            }
            case "gaze" -> (i, t, p) -> {
                talk.apply(i, t, p);
                p.setExpression(blinkL, 0);
                p.setExpression(blinkR, 0);
                double gy = Math.toRadians(25) * Math.sin(2 * Math.PI * t / 1.5);
                double gp = Math.toRadians(15) * Math.sin(2 * Math.PI * t / 2.3);
                p.setJointRotation(FaceModel.EYE_LEFT, (float) gp, (float) gy, 0);
                p.setJointRotation(FaceModel.EYE_RIGHT, (float) gp, (float) gy, 0);
            };
            case "lids" -> {
                int wideL = model.expressionIndex("eyeWideLeft"), wideR = model.expressionIndex("eyeWideRight");
                int squintL = model.expressionIndex("eyeSquintLeft"), squintR = model.expressionIndex("eyeSquintRight");
                yield (i, t, p) -> {
                    talk.apply(i, t, p);
                    double phase = t % 2.0;
                    float blink = phase < 0.25 ? 1f : phase >= 1.0 && phase < 1.25 ? 0.5f : 0f;
                    float wide = phase >= 0.5 && phase < 0.8 ? 1f : 0f;
                    float squint = phase >= 1.5 && phase < 1.8 ? 1f : 0f;
                    p.setExpression(blinkL, blink);
                    p.setExpression(blinkR, blink);
                    p.setExpression(wideL, wide);
                    p.setExpression(wideR, wide);
                    p.setExpression(squintL, squint);
                    p.setExpression(squintR, squint);
                };
            }
            default -> throw new IllegalArgumentException("schedule " + name);
        };
    }

    /**
     * Closed-loop figures: mean absolute errors (degrees for joints), blink channel MAE over both
     * eyes, blink events (runs of frames with the mean blink above 0.5) recalled and precise (a
     * tracked event counts when it overlaps a true one), the largest tracked blink where the truth is
     * 0, eyeWide and mouthPucker MAE.
     */
    record Figures(int usable, int frames, double residual, double jaw, double yaw, double pitch, double smile,
                   double blinkMae, int trueEvents, int recalled, int trackedEvents, int precise,
                   double falseBlinkMax, double wideMae, double pucker) {
        static Figures of(FaceModel model, TrackedClip tracked, FaceParams[] truth) {
            Clip clip = tracked.clip();
            int n = clip.frameCount();
            int smileL = model.expressionIndex("mouthSmileLeft"), puckerI = model.expressionIndex("mouthPucker");
            int bl = model.expressionIndex("eyeBlinkLeft"), br = model.expressionIndex("eyeBlinkRight");
            int wl = model.expressionIndex("eyeWideLeft"), wr = model.expressionIndex("eyeWideRight");
            double jaw = 0, yaw = 0, pitch = 0, smile = 0, pucker = 0, blink = 0, wide = 0, falseMax = 0, res = 0;
            boolean[] trueOn = new boolean[n], trackedOn = new boolean[n];
            for (int i = 0; i < n; i++) {
                FaceParams t = truth[i];
                jaw += Math.abs(clip.pose(i, FaceModel.JAW, 0) - t.pose()[FaceModel.JAW * 3]);
                pitch += Math.abs(clip.pose(i, FaceModel.NECK, 0) - t.pose()[FaceModel.NECK * 3]);
                yaw += Math.abs(clip.pose(i, FaceModel.NECK, 1) - t.pose()[FaceModel.NECK * 3 + 1]);
                smile += Math.abs(clip.expression(i, smileL) - t.expression(smileL));
                pucker += Math.abs(clip.expression(i, puckerI) - t.expression(puckerI));
                blink += (Math.abs(clip.expression(i, bl) - t.expression(bl)) + Math.abs(clip.expression(i, br) - t.expression(br))) / 2;
                wide += (Math.abs(clip.expression(i, wl) - t.expression(wl)) + Math.abs(clip.expression(i, wr) - t.expression(wr))) / 2;
                double got = (clip.expression(i, bl) + clip.expression(i, br)) / 2;
                double want = (t.expression(bl) + t.expression(br)) / 2;
                trueOn[i] = want > 0.5;
                trackedOn[i] = got > 0.5;
                if (want == 0) {
                    falseMax = Math.max(falseMax, Math.max(clip.expression(i, bl), clip.expression(i, br)));
                }
                res += tracked.usable()[i] ? tracked.residualPixels()[i] : 0;
            }
            List<int[]> te = events(trueOn), ke = events(trackedOn);
            int recalled = (int) te.stream().filter(e -> ke.stream().anyMatch(k -> overlap(e, k))).count();
            int precise = (int) ke.stream().filter(k -> te.stream().anyMatch(e -> overlap(e, k))).count();
            return new Figures(tracked.usableFrames(), n, res / Math.max(1, tracked.usableFrames()),
                    Math.toDegrees(jaw / n), Math.toDegrees(yaw / n), Math.toDegrees(pitch / n), smile / n, blink / n,
                    te.size(), recalled, ke.size(), precise, falseMax, wide / n, pucker / n);
        }

        @Override public String toString() {
            return String.format(java.util.Locale.ROOT, "usable %d/%d, residual %.2f px, jaw %.2f deg, yaw %.2f deg, pitch %.2f deg,"
                            + " smile %.3f, pucker %.3f, blink MAE %.3f, blink events recalled %d/%d, precise %d/%d, false blink max %.2f,"
                            + " eyeWide MAE %.3f", usable, frames, residual, jaw, yaw, pitch, smile, pucker, blinkMae,
                    recalled, trueEvents, precise, trackedEvents, falseBlinkMax, wideMae);
        }

        private static List<int[]> events(boolean[] on) {
            List<int[]> out = new ArrayList<>();
            for (int i = 0; i < on.length; i++) {
                if (on[i] && (i == 0 || !on[i - 1])) {
                    int j = i;
                    while (j + 1 < on.length && on[j + 1]) {
                        j++;
                    }
                    out.add(new int[] {i, j});
                }
            }
            return out;
        }

        private static boolean overlap(int[] a, int[] b) {
            return a[0] <= b[1] && b[0] <= a[1];
        }
    }
}
