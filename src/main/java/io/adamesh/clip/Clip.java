package io.adamesh.clip;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.List;
import java.util.Objects;

/**
 * A per-frame animation of a {@link FaceModel}: what generation, tracking, editing and export
 * exchange. Frame {@code i} is at time {@code i / fps} seconds. Per frame it holds the expression
 * coefficients (one per channel name, the model's expression names), an axis-angle rotation per joint
 * (root, neck, jaw, eye_left, eye_right; radians) and a root translation (metres). Identity is not
 * animated: a clip may carry identity coefficients that apply to all frames.
 *
 * <p>Arrays are frame-major: {@code expressions[f * channels + c]}, {@code pose[f * joints * 3 + j * 3 + k]},
 * {@code translation[f * 3 + k]}. Instances are immutable by convention; use {@link Builder}.
 */
public final class Clip {
    public static final int FORMAT_VERSION = 1;

    private final String faceModelId;
    private final double fps;
    private final List<String> channels;
    private final List<String> joints;
    private final int frames;
    private final float[] expressions;
    private final float[] pose;
    private final float[] translation;
    private final float[] identity;

    public Clip(String faceModelId, double fps, List<String> channels, List<String> joints, int frames,
                float[] expressions, float[] pose, float[] translation, float[] identity) {
        if (!(fps > 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("fps must be positive, is " + fps);
        if (frames < 0) throw new IllegalArgumentException("negative frame count");
        this.faceModelId = Objects.requireNonNull(faceModelId);
        this.fps = fps;
        this.channels = List.copyOf(channels);
        this.joints = List.copyOf(joints);
        this.frames = frames;
        this.expressions = expressions;
        this.pose = pose;
        this.translation = translation;
        this.identity = identity == null ? new float[0] : identity;
        if (expressions.length != frames * this.channels.size()) {
            throw new IllegalArgumentException("expressions hold " + expressions.length + " values, expected frames x channels = " + frames * this.channels.size());
        }
        if (pose.length != frames * this.joints.size() * 3) {
            throw new IllegalArgumentException("pose holds " + pose.length + " values, expected frames x joints x 3 = " + frames * this.joints.size() * 3);
        }
        if (translation.length != frames * 3) {
            throw new IllegalArgumentException("translation holds " + translation.length + " values, expected frames x 3 = " + frames * 3);
        }
        for (float[] arr : new float[][] {expressions, pose, translation, this.identity}) {
            for (float x : arr) if (!Float.isFinite(x)) throw new IllegalArgumentException("clip holds a non-finite value");
        }
    }

    public String faceModelId() { return faceModelId; }
    public double fps() { return fps; }
    public List<String> channels() { return channels; }
    public List<String> joints() { return joints; }
    public int frameCount() { return frames; }
    public double durationSeconds() { return frames / fps; }
    public float[] expressions() { return expressions; }
    public float[] pose() { return pose; }
    public float[] translation() { return translation; }
    public float[] identity() { return identity; }

    public float expression(int frame, int channel) { return expressions[frame * channels.size() + channel]; }

    public float pose(int frame, int joint, int axis) { return pose[(frame * joints.size() + joint) * 3 + axis]; }

    /**
     * Writes frame {@code frame} into {@code p} (channels and joints matched by name to the model the
     * parameters belong to; names the clip lacks are left at zero).
     */
    public void applyFrame(int frame, FaceModel model, FaceParams p) {
        p.resetExpressionAndPose();
        for (int c = 0; c < channels.size(); c++) {
            int idx = model.expressionIndex(channels.get(c));
            if (idx >= 0) p.setExpression(idx, expression(frame, c));
        }
        for (int j = 0; j < joints.size(); j++) {
            int idx = model.jointIndex(joints.get(j));
            if (idx >= 0) p.setJointRotation(idx, pose(frame, j, 0), pose(frame, j, 1), pose(frame, j, 2));
        }
        System.arraycopy(translation, frame * 3, p.translation(), 0, 3);
        for (int i = 0; i < Math.min(identity.length, p.shapeCount()); i++) p.setShape(i, identity[i]);
    }

    /** Builds a clip frame by frame from {@link FaceParams} of a model. */
    public static final class Builder {
        private final FaceModel model;
        private final double fps;
        private float[] ex = new float[0];
        private float[] po = new float[0];
        private float[] tr = new float[0];
        private float[] identity;
        private int frames;

        public Builder(FaceModel model, double fps) {
            this.model = model;
            this.fps = fps;
        }

        public Builder add(FaceParams p) {
            int e = p.expressionCount();
            int j = p.jointCount() * 3;
            ex = grow(ex, (frames + 1) * e);
            po = grow(po, (frames + 1) * j);
            tr = grow(tr, (frames + 1) * 3);
            System.arraycopy(p.expressions(), 0, ex, frames * e, e);
            System.arraycopy(p.pose(), 0, po, frames * j, j);
            System.arraycopy(p.translation(), 0, tr, frames * 3, 3);
            if (identity == null) {
                identity = new float[p.shapeCount()];
                for (int i = 0; i < identity.length; i++) identity[i] = p.shape(i);
            }
            frames++;
            return this;
        }

        private static float[] grow(float[] a, int need) {
            if (a.length >= need) return a;
            return java.util.Arrays.copyOf(a, Math.max(need, a.length * 2));
        }

        public Clip build() {
            int e = model.expressionNames().size();
            int j = model.jointCount() * 3;
            return new Clip(model.id(), fps, model.expressionNames(), model.jointNames(), frames,
                    java.util.Arrays.copyOf(ex, frames * e), java.util.Arrays.copyOf(po, frames * j),
                    java.util.Arrays.copyOf(tr, frames * 3), identity);
        }
    }
}
