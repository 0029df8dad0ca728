package io.adamesh.audio;

import java.nio.file.Path;

/**
 * What a decode found: the source format and the 16 kHz mono result's length and level.
 *
 * @param samples number of 16 kHz mono samples delivered
 * @param peak absolute peak of the delivered samples (1.0 = full scale)
 * @param silent true when the peak is below -60 dBFS
 */
public record DecodedAudioInfo(Path file, String container, String codec, int sourceRate, int sourceChannels,
        long samples, float peak, boolean silent) {

    public double durationSeconds() {
        return samples / (double) AudioFileDecoder.TARGET_RATE;
    }

    public double peakDbfs() {
        return peak <= 0 ? Double.NEGATIVE_INFINITY : 20 * Math.log10(peak);
    }
}
