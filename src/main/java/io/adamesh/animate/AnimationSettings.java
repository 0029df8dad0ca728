package io.adamesh.animate;

/**
 * The user's controls for generated animation, shared between the UI (writer) and the inference
 * thread (reader): plain volatile fields, read once per frame. Intensities scale away from the rest
 * pose (1 = as the network predicts, 0 = rest).
 */
public final class AnimationSettings {
    private volatile float expressionIntensity = 1f;
    private volatile float poseIntensity = 1f;
    private volatile boolean blinks = true;
    private volatile boolean gaze = true;
    private volatile boolean idle = true;

    public float expressionIntensity() { return expressionIntensity; }
    public AnimationSettings expressionIntensity(double v) { expressionIntensity = clamp(v); return this; }
    public float poseIntensity() { return poseIntensity; }
    public AnimationSettings poseIntensity(double v) { poseIntensity = clamp(v); return this; }
    public boolean blinks() { return blinks; }
    public AnimationSettings blinks(boolean on) { blinks = on; return this; }
    public boolean gaze() { return gaze; }
    public AnimationSettings gaze(boolean on) { gaze = on; return this; }
    public boolean idle() { return idle; }
    public AnimationSettings idle(boolean on) { idle = on; return this; }

    private static float clamp(double v) {
        if (!Double.isFinite(v) || v < 0 || v > 3) {
            throw new IllegalArgumentException("intensity must be within 0..3, is " + v);
        }
        return (float) v;
    }
}
