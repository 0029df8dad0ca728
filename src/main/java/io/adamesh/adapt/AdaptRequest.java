package io.adamesh.adapt;

import java.nio.file.Path;

/**
 * What to learn a speaker from: a video, the reference range in seconds, the profile name, the last
 * fraction of the range held back for early stopping and the before/after comparison, the most steps
 * and the learning rate.
 */
public record AdaptRequest(Path video, double startSeconds, double endSeconds, String name, double heldOutFraction,
                           int maxSteps, float learningRate) {
    public static final double DEFAULT_SECONDS = 10.0;
    public static final double DEFAULT_HELD_OUT = 0.2;
    public static final int DEFAULT_MAX_STEPS = 200;
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;

    public static AdaptRequest defaults(Path video, double start, double end, String name) {
        return new AdaptRequest(video, start, end, name, DEFAULT_HELD_OUT, DEFAULT_MAX_STEPS, DEFAULT_LEARNING_RATE);
    }
}
