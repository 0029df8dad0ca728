package io.adamesh.adapt;

import io.adamesh.clip.Clip;
import io.adamesh.speaker.SpeakerProfile;

/** A finished adaptation, not yet saved (the caller saves it through a SpeakerProfileStore). */
public record AdaptResult(SpeakerProfile profile, byte[] thumbnailPng, Comparison heldOut) {

    /**
     * The held-back part of the range: the tracked face, the un-adapted and the adapted model driven by
     * the same audio, and their lip vertex errors against the tracked face (mm).
     */
    public record Comparison(double startSeconds, double endSeconds, Clip tracked, Clip before, Clip after,
                             double lveBeforeMm, double lveAfterMm) {
    }
}
