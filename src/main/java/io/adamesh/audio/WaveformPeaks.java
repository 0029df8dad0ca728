package io.adamesh.audio;

/**
 * Min/max envelope of a track, computed once at a fixed resolution ({@link #samplesPerBucket()}), from
 * which any zoomed view is drawn without touching the samples again (except when zoomed in closer than
 * one bucket per pixel, where the samples themselves are used).
 */
public final class WaveformPeaks {
    private final float[] samples;
    private final int perBucket;
    private final float[] min;
    private final float[] max;

    public WaveformPeaks(float[] samples, int samplesPerBucket) {
        this.samples = samples;
        this.perBucket = Math.max(1, samplesPerBucket);
        int buckets = (samples.length + perBucket - 1) / perBucket;
        this.min = new float[buckets];
        this.max = new float[buckets];
        for (int b = 0; b < buckets; b++) {
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            int end = Math.min(samples.length, (b + 1) * perBucket);
            for (int i = b * perBucket; i < end; i++) {
                lo = Math.min(lo, samples[i]);
                hi = Math.max(hi, samples[i]);
            }
            min[b] = lo;
            max[b] = hi;
        }
    }

    public int samplesPerBucket() {
        return perBucket;
    }

    public int length() {
        return samples.length;
    }

    /**
     * Fills {@code outMin/outMax[0, columns)} with the envelope of samples [from, to) split evenly into
     * {@code columns} columns; columns past the end of the track get min = max = 0.
     */
    public void columns(long from, long to, int columns, float[] outMin, float[] outMax) {
        double span = (double) (to - from) / columns;
        for (int c = 0; c < columns; c++) {
            long a = from + (long) Math.floor(c * span);
            long b = Math.max(a + 1, from + (long) Math.floor((c + 1) * span));
            a = Math.max(0, a);
            b = Math.min(samples.length, b);
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            if (a >= b) {
                lo = 0;
                hi = 0;
            } else if (b - a < 2L * perBucket) {
                for (long i = a; i < b; i++) {
                    lo = Math.min(lo, samples[(int) i]);
                    hi = Math.max(hi, samples[(int) i]);
                }
            } else {
                // whole buckets inside [a, b) from the table, the ragged edges from the samples
                long firstBucket = (a + perBucket - 1) / perBucket;
                long lastBucket = b / perBucket;           // exclusive
                for (long i = a; i < firstBucket * perBucket; i++) {
                    lo = Math.min(lo, samples[(int) i]);
                    hi = Math.max(hi, samples[(int) i]);
                }
                for (long k = firstBucket; k < lastBucket; k++) {
                    lo = Math.min(lo, min[(int) k]);
                    hi = Math.max(hi, max[(int) k]);
                }
                for (long i = lastBucket * perBucket; i < b; i++) {
                    lo = Math.min(lo, samples[(int) i]);
                    hi = Math.max(hi, samples[(int) i]);
                }
            }
            outMin[c] = lo;
            outMax[c] = hi;
        }
    }
}
