package io.adamesh.speaker;

import io.adamesh.model.SpeakerAdapter;
import java.time.Instant;

/**
 * A speaker learned from reference video: the MoLoRA adapter (id, style embedding, LoRA tensors), the
 * pose style found by retrieval, where it came from and how well adaptation went.
 *
 * @param id          stable identifier, also the profile's directory name in the library
 * @param name        the name the user gave (free text)
 * @param created     when adaptation finished
 * @param source      the reference video and range
 * @param adapter     style embedding and MoLoRA tensors fed to the expression network
 * @param poseStyle   pose-style embedding (soft blend of the training styles), null if none
 * @param poseNearest index of the nearest training pose style, -1 if none
 * @param metrics     adaptation figures (NaN where unknown)
 */
public record SpeakerProfile(String id, String name, Instant created, ProfileSource source, SpeakerAdapter adapter,
                             float[] poseStyle, int poseNearest, AdaptMetrics metrics) {

    /** The reference video (file name as given), the range in seconds and the video file's SHA-256. */
    public record ProfileSource(String video, double startSeconds, double endSeconds, String videoSha256) {
    }

    /**
     * Adaptation figures: the loss on the held-back part of the range before and after, the lip vertex
     * error there (mm), steps run, the step whose weights were kept, wall time and the usable-face fraction.
     */
    public record AdaptMetrics(double heldOutLossBefore, double heldOutLossAfter, double lveBeforeMm,
                               double lveAfterMm, int steps, int bestStep, double seconds, double usableFaceFraction) {
        public static AdaptMetrics unknown() {
            return new AdaptMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0, -1, Double.NaN, Double.NaN);
        }
    }

    /** The same profile under another id (the adapter's id follows). */
    public SpeakerProfile withId(String newId) {
        return new SpeakerProfile(newId, name, created, source, new SpeakerAdapter(newId, adapter.style(), adapter.lora()),
                poseStyle, poseNearest, metrics);
    }

    /** The same profile under another name. */
    public SpeakerProfile withName(String newName) {
        return new SpeakerProfile(id, newName, created, source, adapter, poseStyle, poseNearest, metrics);
    }
}
