package io.adamesh.cli.bench;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rig evaluation on the embedded head, one thread: full FLAME forward pass (blend shapes, pose
 * correctives, skinning) with all expression channels and joints changing every frame, and the
 * normal recomputation the viewport does after it.
 */
public final class RigBench implements BenchSection {
    @Override
    public String name() { return "rig"; }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        Path head = context.root().resolve("assets/openhead.npz");
        FaceModel model = FaceModel.load(head);
        RigEvaluator rig = new RigEvaluator(model);
        FaceParams p = model.newParams();
        float[] verts = new float[model.vertexCount() * 3];
        float[] normals = new float[verts.length];
        int frames = context.quick() ? 2000 : 20000;
        double[] evalMs = new double[frames];
        double[] normalMs = new double[frames];
        int e = model.expressionNames().size();
        for (int i = -500; i < frames; i++) {
            double t = Math.max(i, 0) / 30.0;
            for (int k = 0; k < e; k++) p.setExpression(k, (float) (0.5 + 0.5 * Math.sin(t * 3 + k)));
            p.setJointRotation(FaceModel.JAW, (float) (0.2 + 0.15 * Math.sin(t * 7)), 0, 0);
            p.setJointRotation(FaceModel.NECK, (float) (0.1 * Math.sin(t)), (float) (0.3 * Math.sin(t * 0.7)), 0);
            p.setJointRotation(FaceModel.EYE_LEFT, 0, (float) (0.2 * Math.sin(t * 2)), 0);
            p.setJointRotation(FaceModel.EYE_RIGHT, 0, (float) (0.2 * Math.sin(t * 2)), 0);
            long a = System.nanoTime();
            rig.evaluate(p, verts);
            long b = System.nanoTime();
            rig.computeNormals(verts, normals);
            long c = System.nanoTime();
            if (i >= 0) {
                evalMs[i] = (b - a) / 1e6;
                normalMs[i] = (c - b) / 1e6;
            }
        }
        Arrays.sort(evalMs);
        Arrays.sort(normalMs);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("head", model.id());
        out.put("vertices", model.vertexCount());
        out.put("triangles", model.faceCount());
        out.put("expression_channels", e);
        out.put("frames", frames);
        out.put("all_channels_active", true);
        out.put("eval_ms_p50", round(evalMs[frames / 2]));
        out.put("eval_ms_p99", round(evalMs[(int) (frames * 0.99)]));
        out.put("normals_ms_p50", round(normalMs[frames / 2]));
        out.put("goal_eval_ms", 0.3);
        return out;
    }

    private static double round(double x) { return Math.round(x * 10000) / 10000.0; }
}
