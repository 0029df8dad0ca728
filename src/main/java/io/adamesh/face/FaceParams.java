package io.adamesh.face;

import java.util.Arrays;

/**
 * The controls of a {@link FaceModel}: identity coefficients, expression coefficients, a rotation
 * per joint (axis-angle, radians, FLAME's convention) and a global translation (metres). Mutable and
 * reused across frames; {@link #identityVersion()} changes whenever identity coefficients change so
 * that evaluators can cache identity-dependent work.
 */
public final class FaceParams {
    private final float[] shape;
    private final float[] expression;
    private final float[] pose;
    private final float[] translation = new float[3];
    private int identityVersion;

    public FaceParams(int shapes, int expressions, int joints) {
        shape = new float[shapes];
        expression = new float[expressions];
        pose = new float[joints * 3];
    }

    public int shapeCount() { return shape.length; }
    public int expressionCount() { return expression.length; }
    public int jointCount() { return pose.length / 3; }

    public float shape(int i) { return shape[i]; }
    public void setShape(int i, float value) {
        if (shape[i] != value) {
            shape[i] = value;
            identityVersion++;
        }
    }

    public float expression(int i) { return expression[i]; }
    public void setExpression(int i, float value) { expression[i] = value; }

    /** Live view of expression coefficients, for bulk writes (e.g. a network's output row). */
    public float[] expressions() { return expression; }

    /** Live view of the axis-angle rotations, [J, 3]. */
    public float[] pose() { return pose; }

    public void setJointRotation(int joint, float x, float y, float z) {
        pose[joint * 3] = x;
        pose[joint * 3 + 1] = y;
        pose[joint * 3 + 2] = z;
    }

    public float[] translation() { return translation; }

    public int identityVersion() { return identityVersion; }

    /** Zeroes expressions, pose and translation; identity is kept. */
    public void resetExpressionAndPose() {
        Arrays.fill(expression, 0f);
        Arrays.fill(pose, 0f);
        Arrays.fill(translation, 0f);
    }

    public void resetIdentity() {
        Arrays.fill(shape, 0f);
        identityVersion++;
    }

    public void copyFrom(FaceParams o) {
        if (o.shape.length != shape.length || o.expression.length != expression.length || o.pose.length != pose.length) {
            throw new IllegalArgumentException("parameter sets of different models");
        }
        if (!Arrays.equals(shape, o.shape)) {
            System.arraycopy(o.shape, 0, shape, 0, shape.length);
            identityVersion++;
        }
        System.arraycopy(o.expression, 0, expression, 0, expression.length);
        System.arraycopy(o.pose, 0, pose, 0, pose.length);
        System.arraycopy(o.translation, 0, translation, 0, 3);
    }
}
