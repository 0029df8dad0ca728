package io.adamesh.animate;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.List;

/**
 * Turns one frame of network output (expression weights in the bundle's channel order, jaw x, neck
 * rotation) plus the procedural layers into {@link FaceParams} of a face model. Allocation-free; one
 * instance per thread (the layers keep time state and want non-decreasing times).
 */
public final class FrameComposer {
    private final int[] channelToModel;
    private final int blinkLeft;
    private final int blinkRight;
    private final BlinkLayer blink;
    private final GazeLayer gaze;
    private final IdleMotionLayer idle;
    private final float[] eyes = new float[2];
    private final float[] sway = new float[3];

    public FrameComposer(FaceModel model, List<String> channels, long seed) {
        channelToModel = new int[channels.size()];
        for (int c = 0; c < channels.size(); c++) {
            channelToModel[c] = model.expressionIndex(channels.get(c));
        }
        blinkLeft = model.expressionIndex("eyeBlinkLeft");
        blinkRight = model.expressionIndex("eyeBlinkRight");
        blink = new BlinkLayer(seed);
        gaze = new GazeLayer(seed + 1);
        idle = new IdleMotionLayer(seed + 2);
    }

    /**
     * @param expression weights, {@code channels} values from {@code offset}
     * @param neck neck axis-angle (3 values from {@code neckOffset}) or null
     * @param speaking whether the voice is active (idle sway fades out while speaking)
     */
    public void compose(float[] expression, int offset, float jawX, float[] neck, int neckOffset, double t,
                        boolean speaking, AnimationSettings s, FaceParams out) {
        out.resetExpressionAndPose();
        float k = s.expressionIntensity();
        for (int c = 0; c < channelToModel.length; c++) {
            int idx = channelToModel[c];
            if (idx >= 0) {
                out.setExpression(idx, Math.max(0f, Math.min(1f, k * expression[offset + c])));
            }
        }
        out.setJointRotation(FaceModel.JAW, Math.max(0f, k * jawX), 0f, 0f);
        blink.setEnabled(s.blinks());
        float b = blink.weight(t);
        if (b > 0 && blinkLeft >= 0) {
            out.setExpression(blinkLeft, Math.max(out.expression(blinkLeft), b));
            out.setExpression(blinkRight, Math.max(out.expression(blinkRight), b));
        }
        gaze.setEnabled(s.gaze());
        gaze.gaze(t, eyes);
        out.setJointRotation(FaceModel.EYE_LEFT, eyes[1], eyes[0], 0f);
        out.setJointRotation(FaceModel.EYE_RIGHT, eyes[1], eyes[0], 0f);
        idle.setEnabled(s.idle());
        idle.sway(t, speaking, sway);
        float p = s.poseIntensity();
        float nx = sway[0], ny = sway[1], nz = sway[2];
        if (neck != null) {
            nx += p * neck[neckOffset];
            ny += p * neck[neckOffset + 1];
            nz += p * neck[neckOffset + 2];
        }
        out.setJointRotation(FaceModel.NECK, nx, ny, nz);
    }
}
