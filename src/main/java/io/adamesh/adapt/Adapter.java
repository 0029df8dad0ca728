package io.adamesh.adapt;

import io.adamesh.face.FaceModel;
import io.adamesh.model.ModelBundle;
import io.adamesh.model.PoseModel;

/**
 * Learns a speaker from a range of a reference video: tracking, speech features, MoLoRA adaptation
 * through {@code adapt_step.onnx} with early stopping on the held-back part, pose-style retrieval and a
 * thumbnail. Writes nothing; the caller saves the result.
 */
public final class Adapter {
    private final ModelBundle bundle;
    private final PoseModel pose;
    private final FaceModel face;

    /**
     * From what the studio already has open ({@code engine.bundle(), engine.pose(), engine.face()});
     * {@code pose} may be null (no pose style then).
     */
    public Adapter(ModelBundle bundle, PoseModel pose, FaceModel face) {
        this.bundle = bundle;
        this.pose = pose;
        this.face = face;
    }

    public AdaptResult run(AdaptRequest r, AdaptListener l, CancelToken c)
            throws AdaptException, AdaptationCancelledException {
        throw new UnsupportedOperationException("not yet");
    }
}
