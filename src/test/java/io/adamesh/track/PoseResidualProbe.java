package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Developer probe for the head pose at large yaw. {@code dump SCHEDULE FRAMES CACHE} renders a
 * closed-loop schedule, tracks dlib's points and the pixel eye openness and stores them in CACHE (so
 * that fitter changes can be compared without re-rendering); {@code fit SCHEDULE CACHE} fits the
 * cached points with the current {@link ClipTracker} and prints the closed-loop figures and, per
 * frame, the true and fitted yaw and the residual of dlib's points against the model's true
 * landmarks (projected at the true parameters) per landmark group, in percent of the eye distance,
 * with its mean signed horizontal part (positive: dlib's points right of the truth in the image).
 */
public final class PoseResidualProbe {
    static final String[] GROUPS = {"contour", "brows", "nose", "eyes", "mouth"};
    static final int[][] RANGES = {{0, 17}, {17, 27}, {27, 36}, {36, 48}, {48, 68}};

    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        String schedule = args[1];
        if (args[0].equals("dump")) {
            int frames = Integer.parseInt(args[2]);
            Path video = ClosedLoopVideos.render(m, schedule, frames, null);
            List<float[]> lmks = new ArrayList<>();
            List<double[]> eyes = new ArrayList<>();
            ClosedLoopVideos.track(video, 5, (fr, p, det) -> {
                lmks.add(p);
                eyes.add(p == null ? null : EyeOpenness.measure(fr.rgb(), fr.width(), fr.height(), p));
            });
            ClosedLoopVideos.delete(video);
            write(Path.of(args[3]), lmks, eyes);
            return;
        }
        List<float[]> lmks = new ArrayList<>();
        List<double[]> eyes = new ArrayList<>();
        read(Path.of(args[2]), lmks, eyes);
        int frames = lmks.size();
        FaceParams[] truth = truth(m, schedule, frames);
        RigFitter fitter = new RigFitter(m, new PinholeCamera(ClosedLoopVideos.WIDTH, ClosedLoopVideos.HEIGHT, ClosedLoopTrackingTest.FOV));
        TrackedClip t = new ClipTracker(fitter).track(lmks.toArray(float[][]::new), eyes.toArray(double[][]::new), 30, null);
        System.out.println(schedule + ": " + ClosedLoopTrackingTest.Figures.of(m, t, truth));
        System.out.println("mouth " + ClosedLoopTrackingTest.MouthFigures.of(m, t, truth));
        System.out.printf(Locale.ROOT, "yaw MAE where |yaw| >= 25 deg: %.2f deg%n", ClosedLoopTrackingTest.yawErrorWhereTurned(t, truth, Math.toRadians(25)));
        if (System.getProperty("groups") != null) {
            poseByGroup(m, fitter, lmks, truth, System.getProperty("groups").split(";"));
        }
        if (!Boolean.getBoolean("perFrame")) {
            return;
        }
        RigEvaluator rig = new RigEvaluator(m);
        MeshRasterizer cam = new MeshRasterizer(ClosedLoopVideos.WIDTH, ClosedLoopVideos.HEIGHT)
                .lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, ClosedLoopTrackingTest.FOV);
        float[] verts = new float[m.vertexCount() * 3];
        float[] lm = new float[m.landmarkCount() * 3];
        int pk = m.expressionIndex("mouthPucker");
        for (int i = 0; i < frames; i++) {
            float[] q = lmks.get(i);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%3d %s yaw %6.1f/%6.1f pitch %5.1f/%5.1f pk %.2f/%.2f",
                    i, t.usable()[i] ? "u" : "-", Math.toDegrees(truth[i].pose()[FaceModel.NECK * 3 + 1]),
                    Math.toDegrees(t.clip().pose(i, FaceModel.NECK, 1)), Math.toDegrees(truth[i].pose()[FaceModel.NECK * 3]),
                    Math.toDegrees(t.clip().pose(i, FaceModel.NECK, 0)), truth[i].expression(pk), t.clip().expression(i, pk)));
            if (q != null) {
                rig.evaluate(truth[i], verts);
                rig.landmarks(verts, lm);
                double iod = RigFitter.interOcular(q);
                for (int g = 0; g < GROUPS.length; g++) {
                    double se = 0, dx = 0;
                    for (int k = RANGES[g][0]; k < RANGES[g][1]; k++) {
                        double[] pr = cam.project(lm[3 * k], lm[3 * k + 1], lm[3 * k + 2]);
                        double ex = q[2 * k] - pr[0], ey = q[2 * k + 1] - pr[1];
                        se += ex * ex + ey * ey;
                        dx += ex;
                    }
                    int cnt = RANGES[g][1] - RANGES[g][0];
                    sb.append(String.format(Locale.ROOT, " %s %4.1f(%+5.1f)", GROUPS[g], 100 * Math.sqrt(se / cnt) / iod, 100 * dx / cnt / iod));
                }
                if (System.getProperty("contour") != null) {
                    sb.append(" c:");
                    for (int k = 0; k < 17; k++) {
                        double[] pr = cam.project(lm[3 * k], lm[3 * k + 1], lm[3 * k + 2]);
                        sb.append(String.format(Locale.ROOT, " %+.0f", 100 * (q[2 * k] - pr[0]) / iod));
                    }
                }
            }
            System.out.println(sb);
        }
    }

    /** The fitter's frame vector for true parameters (camera at (0, CAMERA_Y, DISTANCE)). */
    static double[] truthVector(FaceModel m, RigFitter fitter, FaceParams t) {
        double[] x = new double[fitter.parameterCount()];
        for (int k = 0; k < 3; k++) x[k] = t.pose()[FaceModel.NECK * 3 + k];
        x[3] = t.translation()[0];
        x[4] = t.translation()[1] - SyntheticFaceVideo.CAMERA_Y;
        x[5] = t.translation()[2] - SyntheticFaceVideo.DISTANCE;
        x[6] = t.pose()[FaceModel.JAW * 3];
        int[] ch = fitter.channelIndices();
        for (int c = 0; c < ch.length; c++) x[RigFitter.POSE_PARAMS + c] = t.expression(ch[c]);
        return x;
    }

    /**
     * Head pose (rotation and translation only) fitted with the expression, jaw and identity held
     * at the truth, from each subset of landmarks ("0-16,27-35" style ranges separated by ';'):
     * mean signed yaw error (deg) by |true yaw| band. Tells which landmarks pull the yaw.
     */
    static void poseByGroup(FaceModel m, RigFitter fitter, List<float[]> lmks, FaceParams[] truth, String[] subsets) {
        fitter.setIdentity(new double[fitter.identity().length]);
        double[] proj = new double[136];
        for (String subset : subsets) {
            boolean[] use = new boolean[68];
            for (String r : subset.split(",")) {
                String[] ab = r.split("-");
                int a = Integer.parseInt(ab[0]), b = Integer.parseInt(ab[ab.length - 1]);
                for (int k = a; k <= b; k++) use[k] = true;
            }
            double[] sum = new double[4], cnt = new double[4], sumP = new double[4];
            for (int i = 0; i < lmks.size(); i++) {
                float[] q = lmks.get(i);
                if (q == null) continue;
                double[] x = truthVector(m, fitter, truth[i]);
                double[] x0 = x.clone();
                for (int it = 0; it < 30; it++) {
                    double[] r = res(fitter, x, q, use, proj);
                    double[][] jac = new double[6][];
                    for (int k = 0; k < 6; k++) {
                        double h = k >= 3 ? 1e-5 : 1e-4;
                        double keep = x[k];
                        x[k] = keep + h;
                        double[] r2 = res(fitter, x, q, use, proj);
                        x[k] = keep;
                        for (int j = 0; j < r2.length; j++) r2[j] = (r2[j] - r[j]) / h;
                        jac[k] = r2;
                    }
                    double[] step = LinearSolve.dampedNormalStep(jac, r, 1e-4);
                    for (int k = 0; k < 6; k++) x[k] -= step[k];
                }
                double ty = Math.toDegrees(Math.abs(x0[1]));
                int band = ty < 10 ? 0 : ty < 20 ? 1 : ty < 25 ? 2 : 3;
                sum[band] += Math.toDegrees(x[1] - x0[1]) * Math.signum(x0[1]);
                sumP[band] += Math.abs(Math.toDegrees(x[0] - x0[0]));
                cnt[band]++;
            }
            System.out.printf(Locale.ROOT, "pose from %-22s signed yaw err (toward more yaw +) |yaw|<10: %+5.1f 10-20: %+5.1f 20-25: %+5.1f >=25: %+5.1f; |pitch err| %4.1f %4.1f %4.1f %4.1f%n",
                    subset, sum[0] / cnt[0], sum[1] / cnt[1], sum[2] / cnt[2], sum[3] / cnt[3],
                    sumP[0] / cnt[0], sumP[1] / cnt[1], sumP[2] / cnt[2], sumP[3] / cnt[3]);
        }
    }

    private static double[] res(RigFitter fitter, double[] x, float[] q, boolean[] use, double[] proj) {
        fitter.project(x, fitter.identity(), proj);
        double[] r = new double[136];
        for (int k = 0; k < 68; k++) {
            if (!use[k]) continue;
            r[2 * k] = proj[2 * k] - q[2 * k];
            r[2 * k + 1] = proj[2 * k + 1] - q[2 * k + 1];
        }
        return r;
    }

    static FaceParams[] truth(FaceModel m, String schedule, int frames) {
        SyntheticFaceVideo.Schedule s = ClosedLoopTrackingTest.schedule(m, schedule);
        FaceParams[] truth = new FaceParams[frames];
        FaceParams p = m.newParams();
        for (int i = 0; i < frames; i++) {
            s.apply(i, i / (double) ClosedLoopVideos.FPS, p);
            truth[i] = m.newParams();
            truth[i].copyFrom(p);
        }
        return truth;
    }

    static void write(Path file, List<float[]> lmks, List<double[]> eyes) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(lmks.size());
            for (int i = 0; i < lmks.size(); i++) {
                float[] p = lmks.get(i);
                out.writeInt(p == null ? -1 : p.length);
                if (p != null) {
                    for (float v : p) out.writeFloat(v);
                }
                double[] e = eyes.get(i);
                out.writeInt(e == null ? -1 : e.length);
                if (e != null) {
                    for (double v : e) out.writeDouble(v);
                }
            }
        }
    }

    static void read(Path file, List<float[]> lmks, List<double[]> eyes) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                int l = in.readInt();
                float[] p = l < 0 ? null : new float[l];
                for (int k = 0; p != null && k < l; k++) p[k] = in.readFloat();
                lmks.add(p);
                int e = in.readInt();
                double[] d = e < 0 ? null : new double[e];
                for (int k = 0; d != null && k < e; k++) d[k] = in.readDouble();
                eyes.add(d);
            }
        }
    }
}
