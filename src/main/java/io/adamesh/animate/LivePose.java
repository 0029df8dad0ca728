package io.adamesh.animate;

import io.adamesh.model.PoseFeatureStream;
import io.adamesh.model.PoseFeatures;
import io.adamesh.model.PoseModel;
import io.adamesh.model.PoseModelException;
import java.util.Random;

/**
 * Head pose in live mode: the bundle's PoseGPT streamed on the inference thread.
 *
 * <ol>
 *   <li>New audio goes through {@link PoseFeatureStream} (causal features, rolling loudness reference).</li>
 *   <li>Each time {@code down} (4) more feature frames are complete, one pose code is sampled from
 *       PoseGPT with the speaker's pose style, over the same bounded context as offline (the last
 *       {@code window} codes and their features), at the bundle's temperature and top-k. One code
 *       per 133 ms: most hops run no pose network at all; at most {@link #MAX_CODES_PER_STEP} codes
 *       run in one step, and a larger backlog (the thread was stalled) restarts the token context at
 *       the newest audio instead of catching up.</li>
 *   <li>The VQ decoder turns the last {@link #DECODE_CODES} codes into rotations. Its convolutions
 *       look about three codes ahead, so the newest frames are provisional: each decode rewrites the
 *       frames of the last {@link #REVISED_CODES} codes, and a frame keeps improving until it is shown
 *       (on the pose fixture, a frame decoded with two codes of right context is within 0.05 degrees
 *       of the whole-sequence decode on average, with one code 0.15, with none 0.25).</li>
 *   <li>Frame {@code F} of the animation shows the pose of frame {@code F - DELAY_FRAMES}: a fixed
 *       delay, so pose frames (made four at a time) play out one per frame without stutter, and most
 *       have one or two codes of right context when shown. A frame not yet available holds the last
 *       pose.</li>
 *   <li>Silence: a gate follows speech activity (loudness within 18 dB of the reference, or voiced),
 *       opening in 0.15 s and closing over 1 s. The network pose is blended towards the speaker's
 *       resting posture (a slow average of the network's own pose while speaking) as the gate closes,
 *       so a long pause settles the head where this speaker holds it, and the idle layer's sway takes
 *       over; speech brings the network pose back without a jump.</li>
 *   <li>Start: the head starts neutral and eases into the network's posture over {@link #FADE_IN_S}
 *       once the first pose frames exist (the first codes can carry a tilt of several degrees).</li>
 * </ol>
 *
 * Single-threaded (the inference thread); allocation is limited to ONNX Runtime's per-run tensors.
 */
final class LivePose {
    static final int MAX_CODES_PER_STEP = 3;
    static final int DECODE_CODES = 8;
    static final int REVISED_CODES = 3;
    static final int DELAY_FRAMES = 8;
    private static final int RING = 512;                  // frames of features / poses kept
    private static final double GATE_OPEN_S = 0.15;
    private static final double GATE_CLOSE_S = 1.0;
    private static final double REST_TAU_S = 3.0;
    static final double FADE_IN_S = 0.6;

    private final PoseModel model;
    private final int down;
    private final int window;
    private final int dim;
    private final double temperature;
    private final int topK;
    private final Random rng;
    private final PoseFeatureStream features = new PoseFeatureStream();
    private final PoseFeatureStream.Sink sink = this::featureFrame;
    private float[] style;

    private final float[][] featRing = new float[RING][PoseFeatures.DIM];
    private final float[] activity = new float[RING];
    private long featNext;                      // one past the newest feature frame
    private final float[][] poseRing;
    private final long[] poseStamp = new long[RING];
    private final long[] codeRing;              // codes by local index k (mod window + DECODE_CODES)
    private long chunk0;                        // absolute chunk index of local code 0
    private long codesMade;                     // local codes generated since the last restart
    private final long[] prevScratch;
    private final float[][][] featViews;        // per context length, views into featRing (rebuilt per code)
    private final long[] decodeScratch = new long[DECODE_CODES];

    private final float[] held;
    private final float[] rest;
    private boolean restSet;
    private double gate;
    private double fadeIn;
    private long lastShown = Long.MIN_VALUE;

    private long codes;
    private long restarts;
    private long missing;

    LivePose(PoseModel model, float[] style, long seed) {
        this.model = model;
        this.down = model.down();
        this.window = model.window();
        this.dim = model.poseDim();
        this.temperature = 0.9;       // pose.json sampling: temperature 0.9, top-k 10 (as OfflineAnimator)
        this.topK = 10;
        this.rng = new Random(seed);
        this.style = style;
        this.poseRing = new float[RING][dim];
        this.codeRing = new long[window + DECODE_CODES];
        this.prevScratch = new long[window];
        this.featViews = new float[window + 1][][];
        for (int n = 1; n <= window; n++) featViews[n] = new float[n * down][];
        this.held = new float[Math.max(3, dim)];
        this.rest = new float[Math.max(3, dim)];
        java.util.Arrays.fill(poseStamp, Long.MIN_VALUE);
        restart(0);
    }

    /** Swaps the pose style (the speaker changed); the next code uses it. */
    void style(float[] style) {
        this.style = style;
    }

    /**
     * Feeds the newest audio: {@code window[off, off + len)} are the samples ending at absolute sample
     * {@code end}. Samples already seen are skipped; a jump past the stream's position restarts it.
     * Then generates the codes the new features complete.
     */
    void feed(float[] audio, int off, int len, long end) throws PoseModelException {
        long from = end - len;
        long pos = features.position();
        if (from > pos) {
            restart(from);                  // audio between pos and from was never seen: a gap
            pos = features.position();
        }
        if (end > pos) {
            int skip = (int) (pos - from);
            features.accept(audio, off + skip, len - skip, sink);
        }
        long complete = featNext / down;            // absolute chunks whose frames are all here
        long pending = complete - (chunk0 + codesMade);
        if (pending > 2L * MAX_CODES_PER_STEP) {
            // stalled: do not catch up code by code, start a fresh context at the newest complete chunk
            restartTokens(complete - 1);
            pending = 1;
            restarts++;
        }
        for (int i = 0; i < pending && i < MAX_CODES_PER_STEP; i++) {
            generate();
        }
    }

    private void restart(long sample) {
        features.restart(sample);
        featNext = features.nextFrame();
        restartTokens((featNext + down - 1) / down);
    }

    private void restartTokens(long chunk) {
        chunk0 = chunk;
        codesMade = 0;
    }

    private void featureFrame(long frame, float[] row) {
        int slot = (int) (frame % RING);
        System.arraycopy(row, 0, featRing[slot], 0, row.length);
        activity[slot] = row[80] > 0.55f || row[82] > 0 ? 1f : 0f;
        featNext = frame + 1;
    }

    private void generate() throws PoseModelException {
        long k = codesMade;
        long s = Math.max(0, k - window + 1);
        int n = (int) (k - s + 1);
        long[] prev = n == window ? prevScratch : new long[n];
        prev[0] = s == 0 ? model.bos() : codeRing[(int) ((s - 1) % codeRing.length)];
        for (long i = s; i < k; i++) prev[(int) (i - s + 1)] = codeRing[(int) (i % codeRing.length)];
        float[][] view = featViews[n];
        long firstFrame = (chunk0 + s) * down;
        for (int i = 0; i < view.length; i++) view[i] = featRing[(int) ((firstFrame + i) % RING)];
        int code = PoseModel.sample(model.stepLogits(prev, view, 0, style), temperature, topK, rng);
        codeRing[(int) (k % codeRing.length)] = code;
        codesMade++;
        codes++;
        long d0 = Math.max(0, k - DECODE_CODES + 1);
        int m = (int) (k - d0 + 1);
        long[] dec = m == DECODE_CODES ? decodeScratch : new long[m];
        for (long i = d0; i < d0 + m; i++) dec[(int) (i - d0)] = codeRing[(int) (i % codeRing.length)];
        float[][] rot = model.decode(dec);
        for (long keep = Math.max(d0, k - REVISED_CODES + 1); keep <= k; keep++) {
            for (int i = 0; i < down; i++) {
                int r = (int) ((keep - d0) * down + i);
                long frame = (chunk0 + keep) * down + i;
                int slot = (int) (frame % RING);
                System.arraycopy(rot[r], 0, poseRing[slot], 0, dim);
                poseStamp[slot] = frame;
            }
        }
    }

    /**
     * The neck rotation (pitch, yaw, roll; radians, before pose intensity) to show with animation frame
     * {@code frame} into {@code out[0..2]}: the network pose of frame {@code frame - DELAY_FRAMES},
     * blended towards the resting posture in silence.
     */
    void poseAt(long frame, float[] out) {
        long src = frame - DELAY_FRAMES;
        int slot = (int) Math.floorMod(src, (long) RING);
        long steps = lastShown == Long.MIN_VALUE ? 1 : Math.max(1, Math.min(30, frame - lastShown));
        lastShown = frame;
        if (src >= 0 && poseStamp[slot] == src) {
            System.arraycopy(poseRing[slot], 0, held, 0, dim);
            if (!restSet) {
                System.arraycopy(held, 0, rest, 0, dim);
                restSet = true;
            }
        } else {
            missing++;
        }
        boolean speaking = src >= 0 && activity[slot] > 0 && src < featNext && src >= featNext - RING;
        double dt = steps / PoseFeatures.FPS;
        double target = speaking ? 1 : 0;
        double rate = Math.min(1, dt / (speaking ? GATE_OPEN_S : GATE_CLOSE_S));
        gate += (target - gate) * rate;
        if (speaking && restSet) {
            double a = Math.min(1, dt / REST_TAU_S);
            for (int c = 0; c < dim; c++) rest[c] += (float) ((held[c] - rest[c]) * a);
        }
        if (restSet) fadeIn = Math.min(1, fadeIn + dt / FADE_IN_S);
        double ease = fadeIn * fadeIn * (3 - 2 * fadeIn);
        for (int c = 0; c < 3; c++) {
            out[c] = c < dim && restSet ? (float) (ease * (rest[c] + gate * (held[c] - rest[c]))) : 0f;
        }
    }

    /** Codes generated so far. */
    long codes() { return codes; }
    /** Times the token context restarted after a stall. */
    long restarts() { return restarts; }
    /** Frames shown before their pose was ready (the last pose held). */
    long missing() { return missing; }
    /** Current speech gate 0..1. */
    double gate() { return gate; }
    /** The loudness normaliser's reference peak, dB. */
    double loudnessReference() { return features.loudnessReference(); }
}
