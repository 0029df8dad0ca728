package io.adamesh.audio;

/** A whole decoded track: 16 kHz mono float samples and what the decode found. */
public record DecodedAudio(float[] samples, DecodedAudioInfo info) {
    public int sampleRate() {
        return AudioFileDecoder.TARGET_RATE;
    }
}
