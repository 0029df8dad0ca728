package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Developer tool (not a test): measures {@link LandmarkOffsets} for the shipped head. Renders the
 * closed loop's "neutral" schedule (no expression, jaw closed, the head turning 32 degrees and
 * nodding 12; none of the schedules the closed-loop test judges), tracks dlib's points with the
 * studio's {@link LandmarkTracker}, and averages, per yaw on a 5-degree grid (tent weights), dlib's
 * points minus the true landmarks' projections in the observed eye frame. Writes the bundled table:
 * {@code java -cp "target/classes:target/test-classes:target/lib/*:<junit>" io.adamesh.track.LandmarkOffsetsTool
 * [FRAMES] [LANDMARKS] [OUT.json]} (defaults 240, "48-67", the resource in src/main/resources).
 */
public final class LandmarkOffsetsTool {
    static final double[] GRID = {-30, -25, -20, -15, -10, -5, 0, 5, 10, 15, 20, 25, 30};

    public static void main(String[] args) throws Exception {
        FaceModel m = LandmarkRigTest.openHead();
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 240;
        int[] landmarks = ranges(args.length > 1 ? args[1] : "48-67");
        Path out = Path.of(args.length > 2 ? args[2] : "src/main/resources/io/adamesh/track/" + LandmarkOffsets.RESOURCE);
        FaceParams[] truth = new FaceParams[frames];
        Path video = ClosedLoopVideos.render(m, "neutral", frames, truth);
        List<float[]> lmks = new ArrayList<>();
        ClosedLoopVideos.track(video, 5, (fr, p, det) -> lmks.add(p));
        ClosedLoopVideos.delete(video);
        LandmarkOffsets table = measure(m, truth, lmks, landmarks);
        table.write(out, "dlib's points on OpenHead renders minus the embedded landmarks' projections, per yaw; "
                + "measured by LandmarkOffsetsTool on the neutral head (" + frames + " frames), ADR 0022");
        System.out.println("wrote " + out);
    }

    /** "48-67" or "27-35,48-67": the landmarks named. */
    static int[] ranges(String spec) {
        List<Integer> out = new ArrayList<>();
        for (String r : spec.split(",")) {
            String[] ab = r.split("-");
            for (int k = Integer.parseInt(ab[0]); k <= Integer.parseInt(ab[ab.length - 1]); k++) {
                out.add(k);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static LandmarkOffsets measure(FaceModel m, FaceParams[] truth, List<float[]> lmks, int[] landmarks) {
        RigEvaluator rig = new RigEvaluator(m);
        MeshRasterizer cam = new MeshRasterizer(ClosedLoopVideos.WIDTH, ClosedLoopVideos.HEIGHT)
                .lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, ClosedLoopTrackingTest.FOV);
        int n = landmarks.length;
        double[][][] sum = new double[GRID.length][n][2];
        double[] weight = new double[GRID.length];
        float[] verts = new float[m.vertexCount() * 3];
        float[] lm = new float[m.landmarkCount() * 3];
        for (int i = 0; i < lmks.size(); i++) {
            float[] q = lmks.get(i);
            if (q == null) {
                continue;
            }
            rig.evaluate(truth[i], verts);
            rig.landmarks(verts, lm);
            double yaw = Math.toDegrees(truth[i].pose()[FaceModel.NECK * 3 + 1]);
            for (int g = 0; g < GRID.length; g++) {
                double w = Math.max(0, 1 - Math.abs(yaw - GRID[g]) / 5.0);
                if (w == 0) {
                    continue;
                }
                weight[g] += w;
                for (int s = 0; s < n; s++) {
                    int k = landmarks[s];
                    double[] pr = cam.project(lm[3 * k], lm[3 * k + 1], lm[3 * k + 2]);
                    double[] uv = LandmarkOffsets.toEyeFrame(q, q[2 * k] - pr[0], q[2 * k + 1] - pr[1]);
                    sum[g][s][0] += w * uv[0];
                    sum[g][s][1] += w * uv[1];
                }
            }
        }
        for (int g = 0; g < GRID.length; g++) {
            if (weight[g] == 0) {
                throw new IllegalStateException("no tracked frame near yaw " + GRID[g]);
            }
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "yaw %+3.0f (weight %4.1f):", GRID[g], weight[g]));
            for (int s = 0; s < n; s++) {
                sum[g][s][0] /= weight[g];
                sum[g][s][1] /= weight[g];
                if (landmarks[s] == 48 || landmarks[s] == 54) {
                    sb.append(String.format(Locale.ROOT, " %d (%+.3f, %+.3f)", landmarks[s], sum[g][s][0], sum[g][s][1]));
                }
            }
            System.out.println(sb);
        }
        return new LandmarkOffsets(LandmarkOffsets.fingerprint(m), GRID.clone(), landmarks.clone(), sum);
    }
}
