package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Developer probe: the closed loop with and without the pixel eye openness, and each fitted mouth
 * channel's MAE next to always answering 0. Args: frames schedule (talk | turn | mouth | gaze |
 * lids) detectEvery. {@code -DperFrame=true} prints each frame: truth/tracked jaw, yaw, smile and
 * pucker, and dlib's inner-lip gap, nose-to-chin and mouth width over the nose length next to the
 * model's at the true parameters (every third frame also the fitted mouth channels above 0.1).
 */
public final class ClosedLoopProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = Integer.parseInt(args[0]);
        int detectEvery = Integer.parseInt(args[2]);
        double fov = ClosedLoopTrackingTest.FOV;
        FaceParams[] truth = new FaceParams[frames];
        Path video = ClosedLoopVideos.render(m, args[1], frames, truth);
        List<float[]> lmks = new ArrayList<>();
        List<double[]> eyes = new ArrayList<>();
        ClosedLoopVideos.track(video, detectEvery, (fr, p, det) -> {
            lmks.add(p);
            eyes.add(p == null ? null : EyeOpenness.measure(fr.rgb(), fr.width(), fr.height(), p));
        });
        for (boolean useEyes : new boolean[] {false, true}) {
            RigFitter fitter = new RigFitter(m, new PinholeCamera(640, 480, fov));
            TrackedClip t = new ClipTracker(fitter).track(lmks.toArray(float[][]::new),
                    useEyes ? eyes.toArray(double[][]::new) : null, 30, null);
            System.out.println((useEyes ? "pixel eyes:    " : "landmarks only: ") + ClosedLoopTrackingTest.Figures.of(m, t, truth));
            if (useEyes) {
                System.out.println("mouth channels " + ClosedLoopTrackingTest.MouthFigures.of(m, t, truth));
            }
            if (useEyes && Boolean.getBoolean("perFrame")) {
                int sl = m.expressionIndex("mouthSmileLeft"), pk = m.expressionIndex("mouthPucker");
                io.adamesh.face.RigEvaluator rig = new io.adamesh.face.RigEvaluator(m);
                io.adamesh.face.render.MeshRasterizer cam = new io.adamesh.face.render.MeshRasterizer(640, 480)
                        .lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, fov);
                float[] verts = new float[m.vertexCount() * 3];
                float[] lm = new float[m.landmarkCount() * 3];
                for (int i = 0; i < frames; i++) {
                    float[] q = lmks.get(i);
                    String ratio = "";
                    rig.evaluate(truth[i], verts);
                    rig.landmarks(verts, lm);
                    float[] tq = new float[136];
                    for (int k = 0; k < 68; k++) {
                        double[] pr = cam.project(lm[3 * k], lm[3 * k + 1], lm[3 * k + 2]);
                        tq[2 * k] = (float) pr[0];
                        tq[2 * k + 1] = (float) pr[1];
                    }
                    if (q != null) {
                        double tn = Math.hypot(tq[54] - tq[66], tq[55] - tq[67]);
                        double on = Math.hypot(q[54] - q[66], q[55] - q[67]);
                        ratio = String.format(java.util.Locale.ROOT, " gap %.2f/%.2f chin %.2f/%.2f width %.2f/%.2f", Math.hypot(q[124] - q[132], q[125] - q[133]) / on,
                                Math.hypot(tq[124] - tq[132], tq[125] - tq[133]) / tn, Math.hypot(q[66] - q[16], q[67] - q[17]) / on,
                                Math.hypot(tq[66] - tq[16], tq[67] - tq[17]) / tn, Math.hypot(q[96] - q[108], q[97] - q[109]) / on,
                                Math.hypot(tq[96] - tq[108], tq[97] - tq[109]) / tn);
                    }
                    if (i % 3 == 0) {
                        StringBuilder ch = new StringBuilder();
                        for (String name : RigFitter.FITTED_CHANNELS) {
                            double v = t.clip().expression(i, m.expressionIndex(name));
                            if (name.startsWith("mouth") && v > 0.1) ch.append(String.format(java.util.Locale.ROOT, " %s=%.2f", name.substring(5), v));
                        }
                        ratio += ch;
                    }
                    System.out.printf(java.util.Locale.ROOT, "%3d %s res %5.2f jaw %5.1f/%5.1f yaw %5.1f/%5.1f smile %.2f/%.2f pucker %.2f/%.2f%s%n", i,
                            t.usable()[i] ? "u" : "-", t.residualPixels()[i],
                            Math.toDegrees(truth[i].pose()[FaceModel.JAW * 3]), Math.toDegrees(t.clip().pose(i, FaceModel.JAW, 0)),
                            Math.toDegrees(truth[i].pose()[FaceModel.NECK * 3 + 1]), Math.toDegrees(t.clip().pose(i, FaceModel.NECK, 1)),
                            truth[i].expression(sl), t.clip().expression(i, sl), truth[i].expression(pk), t.clip().expression(i, pk), ratio);
                }
            }
            if (useEyes && System.getProperty("series") != null) {
                for (String name : System.getProperty("series").split(",")) {
                    int e = m.expressionIndex(name);
                    StringBuilder sb = new StringBuilder(name + "\n truth ");
                    StringBuilder sg = new StringBuilder(" got   ");
                    for (int i = 0; i < frames; i += 4) {
                        sb.append(String.format("%4.1f", truth[i].expression(e)));
                        sg.append(String.format("%4.1f", t.clip().expression(i, e)));
                    }
                    System.out.println(sb + "\n" + sg);
                }
            }
        }
        ClosedLoopVideos.delete(video);
    }
}
