package io.adamesh.adapt;

/** Progress of an adaptation run; called on the thread that runs it. */
public interface AdaptListener {
    /** Stage names: "Reading video", "Tracking", "Speech features", "Adapting", "Pose style", "Saving"; fraction 0..1 within the stage. */
    void stage(String stage, double fraction);

    /** After an adaptation step: its training loss, and the held-back loss (NaN where not evaluated). */
    void loss(int step, double trainLoss, double heldOutLoss);

    /** A note worth showing (e.g. the usable-face fraction). */
    default void message(String text) {
    }

    AdaptListener NONE = new AdaptListener() {
        @Override
        public void stage(String stage, double fraction) {
        }

        @Override
        public void loss(int step, double trainLoss, double heldOutLoss) {
        }
    };
}
