package io.adamesh.adapt;

/**
 * Which 30 fps frames of a reference carry speech: frame RMS above -50 dBFS and within 35 dB of the
 * range's loud frames (95th percentile). Crude, but enough to refuse a range of silence or music-free
 * room tone before spending a minute on it.
 */
public final class SpeechActivity {
    private SpeechActivity() {}

    public static boolean[] frames(float[] audio, int sampleRate, double fps) {
        int hop = (int) Math.round(sampleRate / fps);
        int n = audio.length / Math.max(1, hop);
        double[] db = new double[n];
        for (int f = 0; f < n; f++) {
            double s = 0;
            int from = f * hop;
            for (int i = from; i < from + hop; i++) {
                s += audio[i] * (double) audio[i];
            }
            db[f] = 10 * Math.log10(s / hop + 1e-12);
        }
        double[] sorted = db.clone();
        java.util.Arrays.sort(sorted);
        double loud = n == 0 ? -120 : sorted[Math.min(n - 1, (int) (0.95 * n))];
        boolean[] speech = new boolean[n];
        for (int f = 0; f < n; f++) {
            speech[f] = db[f] > -50 && db[f] > loud - 35;
        }
        return speech;
    }

    public static double seconds(boolean[] frames, double fps) {
        int c = 0;
        for (boolean b : frames) {
            if (b) {
                c++;
            }
        }
        return c / fps;
    }
}
