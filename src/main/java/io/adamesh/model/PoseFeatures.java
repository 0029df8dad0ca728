package io.adamesh.model;

import io.adamesh.audio.LogMel;

/**
 * The pose bundle's speech condition ({@code features.type = adamesh-pose-speech-v1}, 83 values per
 * 30-fps frame), the Java twin of {@code training/adamesh_training/pose/data.py}:
 * 0-79 log-mel averaged over the 3 mel frames nearest the pose frame's time; 80 loudness (RMS over
 * 40 ms, dB relative to the utterance's peak, mapped 0..1 over 40 dB); 81 log(f0 / 150 Hz) from an
 * autocorrelation pitch track (70-400 Hz, voiced when the normalised peak exceeds 0.45; 0 unvoiced);
 * 82 voiced flag. Loudness is relative to the whole input's peak, so this is for files (offline);
 * {@link PoseFeatureStream} is the causal twin for a live stream, with the peak replaced by a rolling
 * reference ({@link RollingLoudness}).
 */
public final class PoseFeatures {
    public static final int DIM = 83;
    public static final String TYPE = "adamesh-pose-speech-v1";
    /** A user's wav2vec 2.0 / HuBERT hidden states at the pose frames, then loudness, log f0, voiced. */
    public static final String WAV2VEC2_TYPE = "adamesh-pose-wav2vec2-v1";
    public static final double FPS = 30.0;
    private static final int SR = LogMel.SAMPLE_RATE;

    private PoseFeatures() {
    }

    /** Number of 30-fps frames for {@code samples} of 16-kHz audio: ceil(duration * 30), as the teacher. */
    public static int frameCount(int samples) {
        return (int) Math.ceil(samples / (double) SR * FPS - 1e-9);
    }

    /**
     * Features [nFrames][D + 3] ({@link #WAV2VEC2_TYPE}): the 50-Hz hidden states [T][D] of a wav2vec 2.0 /
     * HuBERT export (frame j centred at 0.02 j + 0.0125 s) linearly interpolated at f / 30 s (held at the
     * ends), then this class's loudness, log(f0 / 150) and voiced flag. The twin of pose/data.py
     * {@code speech_features_w2v}.
     */
    public static float[][] withHidden(float[][] hidden, float[] audio, int nFrames) {
        int d = hidden.length == 0 ? 0 : hidden[0].length;
        float[][] own = compute(audio, nFrames);
        float[][] out = new float[nFrames][d + 3];
        for (int f = 0; f < nFrames; f++) {
            if (hidden.length > 0) {
                double pos = Math.min(Math.max((f / FPS - 0.0125) / 0.02, 0.0), hidden.length - 1);
                int lo = (int) Math.floor(pos);
                int hi = Math.min(lo + 1, hidden.length - 1);
                float w = (float) (pos - lo);
                for (int c = 0; c < d; c++) {
                    out[f][c] = hidden[lo][c] * (1 - w) + hidden[hi][c] * w;
                }
            }
            System.arraycopy(own[f], DIM - 3, out[f], d, 3);
        }
        return out;
    }

    /** Features [nFrames][83] of mono 16-kHz {@code audio}. */
    public static float[][] compute(float[] audio, int nFrames) {
        float[][] mel = LogMel.compute(audio);
        float[][] out = new float[nFrames][DIM];
        double[] loud = loudness(audio, nFrames);
        for (int f = 0; f < nFrames; f++) {
            if (mel.length > 0) {
                long centre = melCentre(f);
                for (int d = -1; d <= 1; d++) {
                    float[] row = mel[(int) Math.min(Math.max(centre + d, 0), mel.length - 1)];
                    for (int c = 0; c < LogMel.N_MELS; c++) {
                        out[f][c] += row[c] / 3.0f;
                    }
                }
            }
            out[f][80] = (float) loud[f];
            double f0 = pitch(audio, f);
            out[f][81] = f0 > 0 ? (float) Math.log(Math.max(f0, 1.0) / 150.0) : 0f;
            out[f][82] = f0 > 0 ? 1f : 0f;
        }
        return out;
    }

    /** Index of the log-mel frame nearest pose frame {@code f} (its neighbours on either side are averaged too). */
    static long melCentre(long f) {
        return Math.round(f * (SR / FPS / LogMel.HOP_LENGTH) - (LogMel.WIN_LENGTH / 2.0) / LogMel.HOP_LENGTH);
    }

    static int centreSample(long f) {
        return (int) Math.rint(f / FPS * SR);
    }

    static double[] loudness(float[] audio, int nFrames) {
        int half = (int) (0.02 * SR);
        double[] db = new double[nFrames];
        double peak = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < nFrames; f++) {
            int c = centreSample(f);
            db[f] = rmsDb(audio, Math.max(0, c - half), Math.min(audio.length, c + half));
            peak = Math.max(peak, db[f]);
        }
        for (int f = 0; f < nFrames; f++) {
            db[f] = normalise(db[f], peak);
        }
        return db;
    }

    /** Loudness 0..1 of a level {@code db} against a reference peak: 0 at 40 dB below it, 1 at it. */
    static double normalise(double db, double peakDb) {
        return Math.min(1.0, Math.max(0.0, (db - (peakDb - 40.0)) / 40.0));
    }

    /** RMS level of {@code audio[a, b)} in dB (floor -120 dB; an empty range counts as silence). */
    static double rmsDb(float[] audio, int a, int b) {
        double rms = 0;
        if (b > a) {
            double s = 0;
            for (int i = a; i < b; i++) {
                s += (double) audio[i] * audio[i];
            }
            rms = Math.sqrt(s / (b - a));
        }
        return 20 * Math.log10(Math.max(rms, 1e-6));
    }

    static double pitch(float[] audio, int f) {
        int win = (int) (0.04 * SR);
        int c = centreSample(f);
        return pitch(audio, Math.max(0, c - win / 2), Math.min(audio.length, c + win / 2));
    }

    /** Autocorrelation f0 (Hz) of {@code audio[a, b)}, 0 when unvoiced or too short. */
    static double pitch(float[] audio, int a, int b) {
        int lo = (int) (SR / 400.0);
        int hi = (int) (SR / 70.0);
        int n = b - a;
        if (n < hi + 2) {
            return 0;
        }
        double mean = 0;
        for (int i = a; i < b; i++) {
            mean += audio[i];
        }
        mean /= n;
        double energy = 0;
        for (int i = a; i < b; i++) {
            double v = audio[i] - mean;
            energy += v * v;
        }
        if (energy < 1e-6) {
            return 0;
        }
        int best = lo;
        double bestAc = Double.NEGATIVE_INFINITY;
        for (int lag = lo; lag < hi; lag++) {
            double ac = 0;
            for (int i = a; i + lag < b; i++) {
                ac += (audio[i] - mean) * (audio[i + lag] - mean);
            }
            if (ac > bestAc) {
                bestAc = ac;
                best = lag;
            }
        }
        return bestAc / energy > 0.45 ? (double) SR / best : 0;
    }
}
