package io.adamesh.adapt;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.track.PinholeCamera;
import java.util.List;

/**
 * How well an animation explains what the camera saw: the face model posed with the tracked identity,
 * head rotation and position and the animation's expression and jaw, its 20 mouth landmarks (48-67)
 * projected through the tracker's camera, compared with the detected landmarks. RMS over the points in
 * percent of the detected outer-eye-corner distance, mean over frames.
 *
 * <p>This is the adaptation's yardstick on the held-back part: landmarks are what the video shows,
 * while tracked expression weights are an ill-posed inversion of them (several channel mixes draw the
 * same lips), so comparing weights rewards copying the tracker's ambiguity.
 */
public final class LandmarkError {
    static final int FIRST = 48;
    static final int LAST = 68;
    private final FaceModel face;
    private final int[] channelIndex;
    private final PinholeCamera camera;
    private final RigEvaluator rig;
    private final float[] verts;
    private final float[] lm3;
    private final double[] cam;
    private final double[] px;
    private final FaceParams p;

    public LandmarkError(FaceModel face, List<String> channels, PinholeCamera camera) {
        this.face = face;
        this.camera = camera;
        this.channelIndex = new int[channels.size()];
        for (int c = 0; c < channelIndex.length; c++) {
            channelIndex[c] = face.expressionIndex(channels.get(c));
        }
        this.rig = new RigEvaluator(face);
        this.verts = new float[face.vertexCount() * 3];
        this.lm3 = new float[face.landmarkCount() * 3];
        this.cam = new double[lm3.length];
        this.px = new double[face.landmarkCount() * 2];
        this.p = face.newParams();
    }

    /**
     * Sum over frames [from, to) with landmarks of the per-frame mouth error (% of eye distance), and the
     * count: {sum, frames}.
     */
    public double[] sum(float[] ex, float[] jaw, Adapter.Reference ref, int from, int to) {
        int c = channelIndex.length;
        double total = 0;
        int n = 0;
        float[] id = ref.identity();
        for (int k = from; k < to && k < ref.frames(); k++) {
            float[] obs = ref.landmarks()[k];
            if (obs == null || !ref.usable()[k] || k >= jaw.length) {
                continue;
            }
            p.resetExpressionAndPose();
            for (int s = 0; s < id.length && s < p.shapeCount(); s++) {
                p.setShape(s, id[s]);
            }
            for (int ch = 0; ch < c; ch++) {
                if (channelIndex[ch] >= 0) {
                    p.setExpression(channelIndex[ch], ex[k * c + ch]);
                }
            }
            p.setJointRotation(FaceModel.JAW, jaw[k], 0, 0);
            float[] nk = ref.neck()[k];
            p.setJointRotation(FaceModel.NECK, nk[0], nk[1], nk[2]);
            float[] t = ref.translation()[k];
            p.translation()[0] = t[0];
            p.translation()[1] = t[1];
            p.translation()[2] = t[2];
            rig.evaluate(p, verts);
            rig.landmarks(verts, lm3);
            for (int i = 0; i < lm3.length; i++) {
                cam[i] = lm3[i];
            }
            camera.project(cam, px, face.landmarkCount());
            double iod = Math.hypot(obs[72] - obs[90], obs[73] - obs[91]);
            double sq = 0;
            for (int l = FIRST; l < LAST; l++) {
                double dx = px[2 * l] - obs[2 * l], dy = px[2 * l + 1] - obs[2 * l + 1];
                sq += dx * dx + dy * dy;
            }
            total += 100 * Math.sqrt(sq / (LAST - FIRST)) / Math.max(iod, 1e-3);
            n++;
        }
        return new double[] {total, n};
    }

    public double mean(float[] ex, float[] jaw, Adapter.Reference ref, int from, int to) {
        double[] s = sum(ex, jaw, ref, from, to);
        return s[1] == 0 ? Double.NaN : s[0] / s[1];
    }
}
