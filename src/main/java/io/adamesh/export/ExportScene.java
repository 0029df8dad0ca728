package io.adamesh.export;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;

/**
 * The format-independent content of an export: the clip resampled to the target frame rate and
 * range (linear for coefficients and translation, quaternion slerp for joint rotations), the rest
 * head with the clip's identity, and the axis/unit conversion every writer applies.
 *
 * <p>Per-frame data are kept in the model's frame (y up, metres, channel order of the model);
 * {@link #toExportPoint} and {@link #toExportVector} convert to the requested axes and unit.
 */
public final class ExportScene {
    private final FaceModel model;
    private final ExportOptions options;
    private final int frames;
    private final double fps;
    private final int channels;
    private final int joints;
    private final float[] weights;      // [n * E], model channel order
    private final float[] pose;         // [n * J * 3] axis-angle, model frame
    private final float[] translation;  // [n * 3] metres, model frame
    private final float[] identity;
    private final float[] restVertices; // model frame
    private final float[] restJoints;   // model frame
    private final float[] restNormals;  // model frame

    private ExportScene(FaceModel model, ExportOptions options, int frames, double fps, float[] weights, float[] pose,
                        float[] translation, float[] identity) {
        this.model = model;
        this.options = options;
        this.frames = frames;
        this.fps = fps;
        this.channels = model.expressionNames().size();
        this.joints = model.jointCount();
        this.weights = weights;
        this.pose = pose;
        this.translation = translation;
        this.identity = identity;
        RigEvaluator rig = new RigEvaluator(model);
        FaceParams p = restParams();
        restVertices = new float[model.vertexCount() * 3];
        rig.evaluate(p, restVertices);
        restJoints = rig.restJoints().clone();
        restNormals = new float[restVertices.length];
        rig.computeNormals(restVertices, restNormals);
    }

    /**
     * Resamples {@code clip} for {@code model}; fails with a user-facing message when the clip is
     * empty, was made for another head, or the range lies outside the clip.
     */
    public static ExportScene of(FaceModel model, Clip clip, ExportOptions options) throws ExportException {
        if (clip.frameCount() == 0) throw new ExportException("the clip is empty (0 frames): nothing to export");
        if (!clip.faceModelId().equals(model.id())) {
            throw new ExportException("the clip was made for face model '" + clip.faceModelId() + "' but the loaded head is '"
                    + model.id() + "'; load the matching head (--head)");
        }
        for (String ch : clip.channels()) {
            if (model.expressionIndex(ch) < 0) throw new ExportException("the clip's channel '" + ch + "' is not an expression of head '" + model.id() + "'");
        }
        for (String j : clip.joints()) {
            if (model.jointIndex(j) < 0) throw new ExportException("the clip's joint '" + j + "' is not a joint of head '" + model.id() + "'");
        }
        int start = options.startFrame();
        int end = options.endFrame() < 0 ? clip.frameCount() : options.endFrame();
        if (start >= clip.frameCount() || end > clip.frameCount()) {
            throw new ExportException("frame range " + start + ":" + end + " lies outside the clip's " + clip.frameCount() + " frames");
        }
        double srcFps = clip.fps();
        double dstFps = options.fps() == 0 ? srcFps : options.fps();
        double lastTime = (end - 1 - start) / srcFps;
        int n = (int) Math.floor(lastTime * dstFps + 1e-6) + 1;
        int e = model.expressionNames().size();
        int jc = model.jointCount();
        float[] w = new float[n * e];
        float[] po = new float[n * jc * 3];
        float[] tr = new float[n * 3];
        int[] chMap = new int[clip.channels().size()];
        for (int c = 0; c < chMap.length; c++) chMap[c] = model.expressionIndex(clip.channels().get(c));
        int[] jMap = new int[clip.joints().size()];
        for (int j = 0; j < jMap.length; j++) jMap[j] = model.jointIndex(clip.joints().get(j));
        double[] qa = new double[4], qb = new double[4], qo = new double[4], aa = new double[3];
        for (int i = 0; i < n; i++) {
            double src = start + i * srcFps / dstFps;
            int f0 = Math.min((int) Math.floor(src + 1e-9), end - 1);
            int f1 = Math.min(f0 + 1, end - 1);
            double t = Math.max(0, Math.min(1, src - f0));
            if (f0 == f1) t = 0;
            for (int c = 0; c < chMap.length; c++) {
                w[i * e + chMap[c]] = (float) ((1 - t) * clip.expression(f0, c) + t * clip.expression(f1, c));
            }
            for (int j = 0; j < jMap.length; j++) {
                Quat.fromAxisAngle(clip.pose(f0, j, 0), clip.pose(f0, j, 1), clip.pose(f0, j, 2), qa);
                Quat.fromAxisAngle(clip.pose(f1, j, 0), clip.pose(f1, j, 1), clip.pose(f1, j, 2), qb);
                Quat.slerp(qa, qb, t, qo);
                Quat.toAxisAngle(qo, aa);
                for (int k = 0; k < 3; k++) po[(i * jc + jMap[j]) * 3 + k] = (float) aa[k];
            }
            for (int k = 0; k < 3; k++) {
                tr[i * 3 + k] = (float) ((1 - t) * clip.translation()[f0 * 3 + k] + t * clip.translation()[f1 * 3 + k]);
            }
        }
        return new ExportScene(model, options, n, dstFps, w, po, tr, clip.identity());
    }

    public FaceModel model() { return model; }
    public ExportOptions options() { return options; }
    public int frameCount() { return frames; }
    public double fps() { return fps; }
    public int channelCount() { return channels; }
    public int jointCount() { return joints; }

    public float weight(int frame, int channel) { return weights[frame * channels + channel]; }
    public float pose(int frame, int joint, int axis) { return pose[(frame * joints + joint) * 3 + axis]; }
    public float translation(int frame, int axis) { return translation[frame * 3 + axis]; }

    /** Rest vertices (identity applied, no expression, no pose), model frame. */
    public float[] restVertices() { return restVertices; }
    public float[] restNormals() { return restNormals; }
    public float[] restJoints() { return restJoints; }

    /** Parameters with the identity only. */
    public FaceParams restParams() {
        FaceParams p = model.newParams();
        for (int i = 0; i < Math.min(identity.length, p.shapeCount()); i++) p.setShape(i, identity[i]);
        return p;
    }

    /** Writes frame {@code frame}'s parameters into {@code p}. */
    public void applyFrame(int frame, FaceParams p) {
        p.resetExpressionAndPose();
        for (int c = 0; c < channels; c++) p.setExpression(c, weight(frame, c));
        for (int j = 0; j < joints; j++) p.setJointRotation(j, pose(frame, j, 0), pose(frame, j, 1), pose(frame, j, 2));
        for (int k = 0; k < 3; k++) p.translation()[k] = translation(frame, k);
    }

    /** Length scale from metres to the export unit. */
    public double scale() { return options.unit().perMetre; }

    /** Converts a point (model frame, metres) to export axes and unit. */
    public void toExportPoint(double x, double y, double z, double[] out) {
        double s = scale();
        toExportVector(x * s, y * s, z * s, out);
    }

    /** Converts a direction or axis-angle vector (no scaling) to export axes. */
    public void toExportVector(double x, double y, double z, double[] out) {
        if (options.up() == ExportOptions.UpAxis.Z) {
            out[0] = x; out[1] = -z; out[2] = y;
        } else {
            out[0] = x; out[1] = y; out[2] = z;
        }
    }

    /** Converts a whole [V,3] array of points (scaled) or vectors (unscaled) to export axes into a new array. */
    public float[] toExport(float[] v, boolean points) {
        float[] out = new float[v.length];
        double[] t = new double[3];
        for (int i = 0; i < v.length; i += 3) {
            if (points) toExportPoint(v[i], v[i + 1], v[i + 2], t); else toExportVector(v[i], v[i + 1], v[i + 2], t);
            out[i] = (float) t[0]; out[i + 1] = (float) t[1]; out[i + 2] = (float) t[2];
        }
        return out;
    }

    /** Local rotation of joint {@code j} at {@code frame} as a quaternion in export axes. */
    public void jointQuat(int frame, int j, double[] q) {
        double[] v = new double[3];
        toExportVector(pose(frame, j, 0), pose(frame, j, 1), pose(frame, j, 2), v);
        Quat.fromAxisAngle(v[0], v[1], v[2], q);
    }

    /** Rest offset of joint {@code j} from its parent (or from the origin for the root), export axes and unit. */
    public void jointRestOffset(int j, double[] out) {
        int p = model.parent(j);
        double x = restJoints[j * 3], y = restJoints[j * 3 + 1], z = restJoints[j * 3 + 2];
        if (p >= 0) { x -= restJoints[p * 3]; y -= restJoints[p * 3 + 1]; z -= restJoints[p * 3 + 2]; }
        toExportPoint(x, y, z, out);
    }

    /** Rest world position of joint j in export axes and unit. */
    public void jointRestPosition(int j, double[] out) {
        toExportPoint(restJoints[j * 3], restJoints[j * 3 + 1], restJoints[j * 3 + 2], out);
    }

    /** Seconds of the frame. */
    public double time(int frame) { return frame / fps; }
}
