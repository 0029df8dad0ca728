package io.adamesh.adapt;

import io.adamesh.audio.AudioDecodeException;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.audio.DecodedAudio;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.model.AdaptStepRunner;
import io.adamesh.model.AdaptationGraphs;
import io.adamesh.model.SpeechEncoder;
import io.adamesh.model.SpeechEncoders;
import io.adamesh.model.ExpressionNetwork;
import io.adamesh.model.FloatTensor;
import io.adamesh.model.ModelBundle;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseFeatures;
import io.adamesh.model.PoseModel;
import io.adamesh.model.PoseModelException;
import io.adamesh.model.PoseStyle;
import io.adamesh.model.SpeakerAdapter;
import io.adamesh.model.SpeechEncoderException;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.RigFitter;
import io.adamesh.track.TrackedClip;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.track.TrackingException;
import io.adamesh.track.VideoException;
import io.adamesh.track.VideoReader;
import io.adamesh.track.VideoTracker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Learns a speaker from a range of a reference video:
 * <ol>
 * <li>the video's sound in the range (refused without audio or with too little speech);</li>
 * <li>face tracking of the range (refused with too little usable face), resampled to 30 fps, untracked
 *     frames masked out;</li>
 * <li>speech features of the range (quality mode); with the bundle's {@link TrackerCalibration}, the style
 *     embedding estimated from the tracked statistics and calibrated targets on the channels the calibration
 *     trusts: by default the start's own output moved to the calibrated channel's mean and spread over
 *     the range, half-way ({@link #DEFAULT_TUNING}) (without it: the built-in speaker that best explains the mouth landmarks, and the tracked jaw
 *     and lower lip as targets);</li>
 * <li>MoLoRA adaptation: {@code adapt_cache.onnx} once, then {@code adapt_step.onnx} in a loop on the first
 *     part of the range, scoring the held-back last part every few steps and keeping the best step's
 *     weights (early stopping); {@code maxSteps} 0 keeps the start;</li>
 * <li>the before/after comparison on the held-back part (the bundle's default speaker against the
 *     adapted one; lip vertex error against the tracked face);</li>
 * <li>pose style by retrieval from the tracked head rotations (no fine-tuning) and a thumbnail.</li>
 * </ol>
 * Channels that are not targets get the start model's own output as their target, so adaptation leaves
 * them where the network puts them instead of teaching the tracker's ambiguity. Nothing is written: the
 * caller saves the result (see ADR 0011).
 */
public final class Adapter {
    /** Shortest range accepted (seconds). */
    public static final double MIN_RANGE_SECONDS = 3.0;
    /** Least speech in the range (seconds), and at least this fraction of it. */
    public static final double MIN_SPEECH_SECONDS = 1.5;
    public static final double MIN_SPEECH_FRACTION = 0.25;
    /** Least share of the range's frames with a usable tracked face. */
    public static final double MIN_USABLE_FACE = 0.6;
    /** Steps between two scorings of the held-back part, and scorings without gain before stopping. */
    public static final int EVAL_EVERY = 5;
    public static final int PATIENCE = 8;
    static final double FPS = 30.0;
    /**
     * Expression channels whose tracked values become targets (with the jaw); the others keep the starting
     * model's output. In the closed loop on rendered held-out speakers only the jaw and the lower lip's
     * pull-down followed the true animation (correlation 0.5-0.7); smile, pucker, funnel and the upper lip
     * did not (below 0.15), so they would teach the tracker's ambiguity. Since the tracker fits only the
     * major mouth channels (ADR 0019) it no longer reads the lower lip's pull-down, and a trusted channel
     * the tracker does not fit is not a target: without a calibration file only the jaw is (to be
     * re-evaluated with the new tracker).
     */
    /**
     * The default {@link Tuning}: moment targets at half strength, the calibration file's channels, no
     * extra decay, all ranks. Chosen on the held-out studio-path evaluation (the first five held-out
     * speakers chose it, the other five confirmed it; ADR 0011): frame-by-frame calibrated targets made
     * the MoLoRA steps learn each video's own tracking error.
     */
    public static final Tuning DEFAULT_TUNING = new Tuning(0.5, Double.NaN, 0f, Set.of(), true);
    public static final List<String> TRUSTED_CHANNELS = List.of("mouthLowerDownLeft", "mouthLowerDownRight");

    private final ModelBundle bundle;
    private final PoseModel pose;
    private final FaceModel face;
    private VideoTracker tracker;
    private double fovY = PinholeCamera.DEFAULT_FOV_Y;
    private BundleIdentity identity;
    private long seed = 0;
    private Set<String> trustedChannels = Set.copyOf(TRUSTED_CHANNELS);
    private Optional<TrackerCalibration> calibration;
    private boolean useCalibration = true;
    private Tuning tuning = DEFAULT_TUNING;

    /**
     * How the MoLoRA steps are held back from learning the video's own tracking error (ADR 0011):
     * {@code targetStrength} scales how far a calibrated target moves from the start's own output (1 = by
     * the channel's calibration R^2); channels with an R^2 under {@code minReliability} are not targets
     * (NaN: the calibration file's own choice); {@code decay} pulls the LoRA B matrices towards zero after
     * every step (multiplied by 1 - lr x decay); {@code ranks} are the MoLoRA branches allowed to learn
     * (empty: all); with {@code moments} a channel's target is the start's own output with its mean and
     * standard deviation over the range moved to those of the calibrated tracking (the video teaches how
     * much and where around a channel moves, the network keeps the timing), instead of the calibrated
     * value frame by frame.
     */
    public record Tuning(double targetStrength, double minReliability, float decay, Set<Integer> ranks, boolean moments) {
        public Tuning {
            ranks = ranks == null ? Set.of() : Set.copyOf(ranks);
        }
    }

    /** The adaptation's tuning (see {@link Tuning}). */
    public Adapter withTuning(Tuning t) {
        this.tuning = t == null ? DEFAULT_TUNING : t;
        return this;
    }

    /**
     * From what the studio already has open ({@code engine.bundle(), engine.pose(), engine.face()});
     * {@code pose} may be null (no pose style then). Tracking data are found as {@code track} finds them.
     */
    public Adapter(ModelBundle bundle, PoseModel pose, FaceModel face) {
        this.bundle = bundle;
        this.pose = pose;
        this.face = face;
    }

    /** Uses this tracker (set to field of view {@code fovYRadians}) instead of the one made from the installed data. */
    public Adapter withTracker(VideoTracker t, double fovYRadians) {
        this.tracker = t;
        this.fovY = fovYRadians;
        return this;
    }

    /** Expression channels whose tracked values are targets (see {@link #TRUSTED_CHANNELS}). */
    public Adapter withTrustedChannels(java.util.Collection<String> names) {
        this.trustedChannels = Set.copyOf(names);
        return this;
    }

    /** Whether to use the bundle's tracker calibration when it has one (default true; false for comparisons). */
    public Adapter withCalibration(boolean use) {
        this.useCalibration = use;
        return this;
    }

    /** Seed of the adapter's random initialisation (A matrices). */
    public Adapter withSeed(long s) {
        this.seed = s;
        return this;
    }

    /** A stage's time, for reports and bench. */
    public record Timing(double readSeconds, double trackSeconds, double featureSeconds, double adaptSeconds,
                         double poseSeconds, double totalSeconds) {
    }

    private Timing lastTiming;

    public Timing lastTiming() {
        return lastTiming;
    }

    /** What the pipeline learned besides the profile (for evaluation tools). */
    public record Details(Reference reference, AdaptStepRunner.EarlyStopped run, float[] style, String start,
                          Map<String, Double> candidateScores) {
    }

    /** The range prepared for adaptation, 30 fps, frame k at startSeconds + k / 30. */
    public record Reference(float[] audio, float[][] features, int frames, float[] targetExpression, float[] targetJaw,
                            boolean[] usable, float[][] neck, int split, double usableFaceFraction,
                            TrackedClip tracked, float[][] landmarks, float[][] translation, float[] identity,
                            PinholeCamera camera, String videoSha256, double endSeconds, double readSeconds,
                            double trackSeconds) {
    }

    private Details lastDetails;

    public Details lastDetails() {
        return lastDetails;
    }

    public AdaptResult run(AdaptRequest r, AdaptListener l, CancelToken c)
            throws AdaptException, AdaptationCancelledException {
        AdaptListener listener = l == null ? AdaptListener.NONE : l;
        CancelToken cancel = c == null ? CancelToken.NEVER : c;
        long t0 = System.nanoTime();
        Reference ref = reference(r, listener, cancel);
        return run(r, ref, t0, listener, cancel);
    }

    /**
     * Adapts from a reference already made by {@link #reference} for the same request (evaluation tools that
     * compare settings on one tracked video); the video must still exist (thumbnail).
     */
    public AdaptResult run(AdaptRequest r, Reference ref, AdaptListener l, CancelToken c)
            throws AdaptException, AdaptationCancelledException {
        return run(r, ref, System.nanoTime() - (long) ((ref.readSeconds() + ref.trackSeconds()) * 1e9),
                l == null ? AdaptListener.NONE : l, c == null ? CancelToken.NEVER : c);
    }

    private AdaptResult run(AdaptRequest r, Reference ref, long t0, AdaptListener listener, CancelToken cancel)
            throws AdaptException, AdaptationCancelledException {
        Path video = r.video();
        double end = ref.endSeconds();
        long t1 = t0 + (long) (ref.readSeconds() * 1e9);
        long t2 = t1 + (long) (ref.trackSeconds() * 1e9);
        ExpressionNetwork net;
        try {
            net = new ExpressionNetwork(bundle, 1);
        } catch (ModelBundleException e) {
            throw new AdaptException(e.getMessage(), e);
        }
        try {
            listener.stage("Speech features", 0.5);
            checkCancel(cancel);
            LandmarkError mouth = new LandmarkError(face, bundle.channels().subList(0, ExpressionNetwork.CHANNELS),
                    ref.camera());
            Prepared prep = targets(net, ref, mouth, listener);
            listener.stage("Speech features", 1);
            checkCancel(cancel);
            long t3 = System.nanoTime();

            // 4. adaptation with early stopping
            listener.stage("Adapting", 0);
            AdaptStepRunner.EarlyStopped run = adapt(net, mouth, prep, ref, r, listener, cancel);
            if (run.stopped()) {
                throw new AdaptationCancelledException();
            }
            listener.message(prep.calibrated
                    ? String.format(Locale.ROOT, "Held-back loss %.5f -> %.5f (best step %d of %d)",
                            run.heldOutBefore(), run.heldOutBest(), run.bestStep(), run.stepsRun())
                    : String.format(Locale.ROOT,
                            "Held-back mouth landmark error %.2f %% -> %.2f %% of eye distance (best step %d of %d)",
                            run.scoreBefore(), run.scoreBest(), run.bestStep(), run.stepsRun()));
            String id = newId(r.name());
            SpeakerAdapter after = new SpeakerAdapter(id, new FloatTensor(prep.style, new long[] {prep.style.length}),
                    run.best());
            float[][] yAfter = decode(net, ref.features(), after);
            LipVertexError lve = new LipVertexError(face, bundle.channels().subList(0, ExpressionNetwork.CHANNELS));
            double lveBefore = lve.mean(prep.before[0], prep.before[1], ref.targetExpression(), ref.targetJaw(),
                    ref.split(), ref.frames(), ref.usable());
            double lveAfter = lve.mean(yAfter[0], yAfter[1], ref.targetExpression(), ref.targetJaw(),
                    ref.split(), ref.frames(), ref.usable());
            listener.stage("Adapting", 1);
            checkCancel(cancel);
            long t4 = System.nanoTime();

            // 5. pose style and thumbnail
            listener.stage("Pose style", 0);
            PoseStyle style = poseStyle(ref);
            byte[] png = thumbnail(video, ref.tracked(), r.startSeconds());
            listener.stage("Pose style", 1);
            checkCancel(cancel);
            long t5 = System.nanoTime();

            double seconds = (t5 - t0) / 1e9;
            var metrics = new SpeakerProfile.AdaptMetrics(run.heldOutBefore(), run.heldOutBest(), lveBefore, lveAfter,
                    run.stepsRun(), run.bestStep(), seconds, ref.usableFaceFraction());
            SpeakerProfile profile = new SpeakerProfile(id, r.name().strip(), Instant.now(),
                    new SpeakerProfile.ProfileSource(video.getFileName().toString(), r.startSeconds(), end,
                            ref.videoSha256()),
                    after, style == null ? null : style.softStyle(), style == null ? -1 : style.nearest(), metrics);
            double hs = r.startSeconds() + ref.split() / FPS;
            double he = r.startSeconds() + ref.frames() / FPS;
            var comparison = new AdaptResult.Comparison(hs, he,
                    clip(ref.targetExpression(), ref.targetJaw(), ref.neck(), ref.split(), ref.frames()),
                    clip(prep.before[0], prep.before[1], ref.neck(), ref.split(), ref.frames()),
                    clip(yAfter[0], yAfter[1], ref.neck(), ref.split(), ref.frames()), lveBefore, lveAfter);
            lastTiming = new Timing((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9, (t5 - t4) / 1e9,
                    seconds);
            lastDetails = new Details(ref, run, prep.style, prep.startId, prep.scores);
            return new AdaptResult(profile, png, comparison);
        } finally {
            net.close();
        }
    }

    /**
     * Steps 1-3 alone: reads the range's sound (refusing no audio or too little speech), tracks it (refusing
     * too little usable face) and lines the tracked face up with the speech features. Writes nothing.
     */
    public Reference reference(AdaptRequest r, AdaptListener l, CancelToken c)
            throws AdaptException, AdaptationCancelledException {
        AdaptListener listener = l == null ? AdaptListener.NONE : l;
        CancelToken cancel = c == null ? CancelToken.NEVER : c;
        long t0 = System.nanoTime();
        check(r);
        Path video = r.video();
        // 1. sound, range and speech
        listener.stage("Reading video", 0);
        double duration;
        float[] audio;
        String sha;
        PinholeCamera camera;
        try (VideoReader reader = new VideoReader(video)) {
            duration = reader.durationSeconds();
            camera = new PinholeCamera(reader.width(), reader.height(), fovY);
            if (r.startSeconds() >= duration) {
                throw new AdaptException(String.format(Locale.ROOT,
                        "%s is %.1f s long; the range starts at %.1f s", video.getFileName(), duration, r.startSeconds()));
            }
            Optional<DecodedAudio> sound = reader.audio();
            if (sound.isEmpty()) {
                throw new AdaptException(video.getFileName() + " has no audio track: adaptation learns how the person "
                        + "moves while speaking, so it needs the video's sound");
            }
            audio = cut(sound.get().samples(), r.startSeconds(), Math.min(r.endSeconds(), duration));
        } catch (VideoException e) {
            throw new AdaptException(e.getMessage(), e);
        }
        double end = Math.min(r.endSeconds(), duration);
        if (end - r.startSeconds() < MIN_RANGE_SECONDS) {
            throw new AdaptException(String.format(Locale.ROOT,
                    "The range %s is only %.1f s of %s; choose at least %.0f s (10 s is best)",
                    range(r.startSeconds(), end), end - r.startSeconds(), video.getFileName(), MIN_RANGE_SECONDS));
        }
        boolean[] speech = SpeechActivity.frames(audio, AudioFileDecoder.TARGET_RATE, FPS);
        double speechSeconds = SpeechActivity.seconds(speech, FPS);
        double needSpeech = Math.max(MIN_SPEECH_SECONDS, MIN_SPEECH_FRACTION * (end - r.startSeconds()));
        if (speechSeconds < needSpeech) {
            throw new AdaptException(String.format(Locale.ROOT,
                    "Too little speech in %s of %s: %.1f s of %.1f s (at least %.1f s needed). "
                            + "Choose a range where the person talks most of the time.",
                    range(r.startSeconds(), end), video.getFileName(), speechSeconds, end - r.startSeconds(), needSpeech));
        }
        try {
            sha = BundleIdentity.sha256(video);
            if (identity == null) {
                identity = BundleIdentity.of(bundle);
            }
        } catch (IOException | io.adamesh.speaker.SpeakerProfileException e) {
            throw new AdaptException("Cannot read " + video + ": " + e.getMessage(), e);
        }
        listener.stage("Reading video", 1);
        checkCancel(cancel);
        long t1 = System.nanoTime();

        // 2. tracking
        listener.stage("Tracking", 0);
        TrackedClip tracked = track(video, r.startSeconds(), end, listener, cancel);
        long t2 = System.nanoTime();

        // 3. speech features and the tracked face on the network's frames
        listener.stage("Speech features", 0);
        Reference ref = prepare(audio, tracked, r.startSeconds(), r.heldOutFraction(), camera, sha, end,
                (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        {
            listener.message(String.format(Locale.ROOT, "Usable face in %.0f %% of the range, speech %.1f s",
                    100 * ref.usableFaceFraction(), speechSeconds));
            if (ref.usableFaceFraction() < MIN_USABLE_FACE) {
                throw new AdaptException(String.format(Locale.ROOT,
                        "Too little usable face in %s of %s: the face was tracked well in %.0f %% of the frames "
                                + "(at least %.0f %% needed). Choose a range where the face is frontal, lit and unoccluded.",
                        range(r.startSeconds(), end), video.getFileName(), 100 * ref.usableFaceFraction(),
                        100 * MIN_USABLE_FACE));
            }
            int heldUsable = count(ref.usable(), ref.split(), ref.frames());
            if (heldUsable < 15 || count(ref.usable(), 0, ref.split()) < 30) {
                throw new AdaptException("Too little usable face in the held-back or the training part of the range; "
                        + "choose a longer range or one where the face is visible throughout");
            }
            return ref;
        }
    }

    // ---- stages --------------------------------------------------------------------------------

    private static void check(AdaptRequest r) throws AdaptException {
        if (r.video() == null || !Files.isRegularFile(r.video())) {
            throw new AdaptException("Reference video " + r.video() + " not found");
        }
        if (r.name() == null || r.name().isBlank()) {
            throw new AdaptException("Give the new speaker a name");
        }
        if (!(r.startSeconds() >= 0) || !(r.endSeconds() > r.startSeconds())) {
            throw new AdaptException(String.format(Locale.ROOT, "The range %.2f-%.2f s is empty or negative",
                    r.startSeconds(), r.endSeconds()));
        }
        if (!(r.heldOutFraction() >= 0.1 && r.heldOutFraction() <= 0.5)) {
            throw new AdaptException("The held-back part must be between 10 % and 50 % of the range, not "
                    + r.heldOutFraction());
        }
        if (r.maxSteps() < 0 || r.maxSteps() > 5000) {
            throw new AdaptException("Steps must be between 0 (style and pose only) and 5000, not " + r.maxSteps());
        }
        if (!(r.learningRate() > 0 && r.learningRate() < 1)) {
            throw new AdaptException("The learning rate must be between 0 and 1, not " + r.learningRate());
        }
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private TrackedClip track(Path video, double start, double end, AdaptListener listener, CancelToken cancel)
            throws AdaptException, AdaptationCancelledException {
        try {
            if (tracker == null) {
                tracker = VideoTracker.fromInstalledData(TrackingDataFiles.fromEnvironment(), face);
            }
            TrackedClip t = tracker.track(video, start, end, p -> {
                if (cancel.cancelled()) {
                    throw new Cancelled();
                }
                listener.stage("Tracking", p);
            });
            listener.stage("Tracking", 1);
            return t;
        } catch (Cancelled e) {
            throw new AdaptationCancelledException();
        } catch (TrackingException e) {
            throw new AdaptException("Tracking " + range(start, end) + " of " + video.getFileName() + " failed: "
                    + e.getMessage(), e);
        } catch (VideoException | IOException e) {
            throw new AdaptException(e.getMessage(), e);
        }
    }

    /** Speech features of the audio and the tracked face resampled to the network's 30 fps frames. */
    Reference prepare(float[] audio, TrackedClip tracked, double start, double heldOut, PinholeCamera camera,
                      String sha, double end, double readSeconds, double trackSeconds) throws AdaptException {
        float[][] features;
        // the bundle's own encoder: log-mel, or the user's wav2vec 2.0 / HuBERT export
        try (SpeechEncoder encoder = SpeechEncoders.open(bundle)) {
            features = encoder.encode(audio);
        } catch (SpeechEncoderException | ModelBundleException e) {
            throw new AdaptException(e.getMessage(), e);
        }
        int frames = ExpressionNetwork.animationFrames(features.length);
        Clip clip = tracked.clip();
        double fps = clip.fps();
        // frame j of the tracked clip is the first video frame at or after start, then every 1/fps
        double first = Math.ceil(start * fps - 1e-6) / fps;
        List<String> channels = bundle.channels().subList(0, ExpressionNetwork.CHANNELS);
        int c = channels.size();
        int[] src = new int[c];
        Set<String> fitted = new HashSet<>(RigFitter.FITTED_CHANNELS);
        for (int k = 0; k < c; k++) {
            src[k] = fitted.contains(channels.get(k)) ? clip.channels().indexOf(channels.get(k)) : -1;
        }
        int jaw = clip.joints().indexOf("jaw");
        int neck = clip.joints().indexOf("neck");
        float[] ex = new float[frames * c];
        float[] jx = new float[frames];
        float[][] nk = new float[frames][3];
        float[][] lmk = new float[frames][];
        float[][] tr = new float[frames][3];
        boolean[] usable = new boolean[frames];
        int n = clip.frameCount();
        for (int k = 0; k < frames; k++) {
            double pos = (start + k / FPS - first) * fps;
            int a = (int) Math.floor(pos);
            double w = pos - a;
            int i0 = Math.max(0, Math.min(n - 1, a));
            int i1 = Math.max(0, Math.min(n - 1, a + 1));
            int near = w < 0.5 ? i0 : i1;
            usable[k] = pos > -0.5 && pos < n - 0.5 && tracked.usable()[near];
            if (usable[k] && Math.abs(pos - near) < 0.25) {
                lmk[k] = tracked.landmarks()[near];     // only where a video frame falls on the network frame
            }
            for (int d = 0; d < 3; d++) {
                tr[k][d] = (float) ((1 - w) * clip.translation()[i0 * 3 + d] + w * clip.translation()[i1 * 3 + d]);
            }
            for (int ch = 0; ch < c; ch++) {
                if (src[ch] >= 0) {
                    ex[k * c + ch] = (float) ((1 - w) * clip.expression(i0, src[ch]) + w * clip.expression(i1, src[ch]));
                }
            }
            jx[k] = (float) ((1 - w) * clip.pose(i0, jaw, 0) + w * clip.pose(i1, jaw, 0));
            for (int d = 0; d < 3; d++) {
                nk[k][d] = (float) ((1 - w) * clip.pose(i0, neck, d) + w * clip.pose(i1, neck, d));
            }
        }
        int split = (int) Math.round(frames * (1 - heldOut));
        return new Reference(audio, features, frames, ex, jx, usable, nk, split,
                count(usable, 0, frames) / (double) Math.max(1, frames), tracked, lmk, tr, clip.identity().clone(), camera,
                sha, end, readSeconds, trackSeconds);
    }

    /** Base predictions, the filled targets and the style embedding. */
    private static final class Prepared {
        float[] style;
        float[][] before;
        float[][] start;
        String startId;
        Map<String, Double> scores;
        boolean calibrated;
        Map<String, FloatTensor> init;
        AdaptStepRunner.Reference train;
        AdaptStepRunner.Reference held;
    }

    private Optional<TrackerCalibration> calibration() throws AdaptException {
        if (calibration == null) {
            try {
                calibration = TrackerCalibration.load(bundle.directory());
            } catch (IOException | RuntimeException e) {
                throw new AdaptException("The bundle's tracker calibration " + bundle.directory().resolve(TrackerCalibration.FILE)
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        return calibration;
    }

    /**
     * With the bundle's tracker calibration: the style embedding from the tracked statistics, the
     * un-adapted network with that style as the start, calibrated targets on the channels the calibration
     * trusts and the start's own output elsewhere.
     */
    private Prepared calibratedTargets(TrackerCalibration cal, ExpressionNetwork net, Reference ref, AdaptListener listener)
            throws AdaptException {
        AdaptationGraphs graphs = new AdaptationGraphs(bundle);
        Prepared p = new Prepared();
        try {
            List<SpeakerAdapter> builtIns = bundle.speakers();
            p.style = cal.style(ref);
            if (p.style.length != builtIns.get(0).style().data().length) {
                throw new AdaptException(cal.file() + " makes a style of " + p.style.length + " values; the bundle's has "
                        + builtIns.get(0).style().data().length);
            }
            p.init = graphs.initialParameters(seed);
            p.startId = "style-from-tracking";
            p.scores = Map.of();
            p.start = decode(net, ref.features(), adapter(p.style, p.init));
            p.before = decode(net, ref.features(), builtIns.get(0));
            boolean[] used = cal.used();
            double[] trust = cal.reliability();
            if (!Double.isNaN(tuning.minReliability())) {
                for (int ch = 0; ch < used.length; ch++) {
                    used[ch] = trust[ch] >= tuning.minReliability();
                }
            }
            for (int ch = 0; ch < trust.length; ch++) {
                trust[ch] = Math.max(0, Math.min(1, trust[ch] * tuning.targetStrength()));
            }
            int c = ExpressionNetwork.CHANNELS;
            int f0 = Math.min(ref.frames(), p.start[1].length);
            float[] targetEx = p.start[0].clone();
            float[] targetJaw = new float[f0];
            double[] frame = new double[c + 1];
            // shrink each calibrated channel towards the start's own output by its reliability (R^2): a noisy
            // measurement should move the estimate only as far as it is trusted
            double[][] calibrated = new double[f0][c + 1];
            for (int k = 0; k < f0; k++) {
                cal.targets(ref, k, frame);
                for (int ch = 0; ch <= c; ch++) {
                    calibrated[k][ch] = ch < c ? Math.max(0, Math.min(1, frame[ch])) : Math.max(0, frame[ch]);
                }
            }
            if (tuning.moments()) {
                momentTargets(calibrated, p.start, ref.usable(), f0);
            }
            for (int k = 0; k < f0; k++) {
                for (int ch = 0; ch < c; ch++) {
                    if (used[ch]) {
                        double s0 = p.start[0][k * c + ch];
                        targetEx[k * c + ch] = (float) (s0 + trust[ch] * (calibrated[k][ch] - s0));
                    }
                }
                double j0 = p.start[1][k] * AdaptationGraphs.JAW_SCALE;
                targetJaw[k] = used[c] ? (float) (j0 + trust[c] * (calibrated[k][c] - j0)) : (float) j0;
            }
            listener.message("Style from the tracked reference; calibrated targets on " + count(used, 0, used.length)
                    + " of 44 channels");
            return finish(graphs, p, ref, targetEx, targetJaw, f0);
        } catch (ModelBundleException e) {
            throw new AdaptException(e.getMessage(), e);
        }
    }

    /**
     * Replaces each channel's calibrated values by the start's own output moved to their mean and standard
     * deviation over the usable frames (the deviation ratio bounded to 0.25..4).
     */
    static void momentTargets(double[][] calibrated, float[][] start, boolean[] usable, int frames) {
        int c = ExpressionNetwork.CHANNELS;
        for (int ch = 0; ch <= c; ch++) {
            double sv = 0, svv = 0, ss = 0, sss = 0;
            int n = 0;
            for (int k = 0; k < frames; k++) {
                if (!usable[k]) {
                    continue;
                }
                double v = calibrated[k][ch];
                double s0 = ch < c ? start[0][k * c + ch] : start[1][k] * AdaptationGraphs.JAW_SCALE;
                sv += v;
                svv += v * v;
                ss += s0;
                sss += s0 * s0;
                n++;
            }
            if (n < 2) {
                continue;
            }
            double mv = sv / n, ms = ss / n;
            double dv = Math.sqrt(Math.max(0, svv / n - mv * mv)), ds = Math.sqrt(Math.max(0, sss / n - ms * ms));
            double ratio = ds > 1e-6 ? Math.max(0.25, Math.min(4, dv / ds)) : 1;
            for (int k = 0; k < frames; k++) {
                double s0 = ch < c ? start[0][k * c + ch] : start[1][k] * AdaptationGraphs.JAW_SCALE;
                double t = mv + (s0 - ms) * ratio;
                calibrated[k][ch] = ch < c ? Math.max(0, Math.min(1, t)) : Math.max(0, t);
            }
        }
    }

    /** Cache and the train / held-back references from 30 fps targets (jaw already x JAW_SCALE). */
    private Prepared finish(AdaptationGraphs graphs, Prepared p, Reference ref, float[] targetEx, float[] targetJawScaled,
                            int frames) throws ModelBundleException {
        int c = ExpressionNetwork.CHANNELS;
        FloatTensor[] cache = graphs.cache(ref.features(), p.style);
        int f = Math.min(cache[0].dim(1), frames);
        FloatTensor x = cache[0];
        if (cache[0].dim(1) != f) {
            int d = cache[0].dim(2);
            x = new FloatTensor(java.util.Arrays.copyOf(cache[0].data(), f * d), new long[] {1, f, d});
        }
        float[] target = new float[f * (c + 1)];
        float[] trainMask = new float[f];
        float[] heldMask = new float[f];
        for (int k = 0; k < f; k++) {
            System.arraycopy(targetEx, k * c, target, k * (c + 1), c);
            target[k * (c + 1) + c] = targetJawScaled[k];
            if (ref.usable()[k]) {
                (k < ref.split() ? trainMask : heldMask)[k] = 1f;
            }
        }
        FloatTensor t = new FloatTensor(target, new long[] {1, f, c + 1});
        p.train = new AdaptStepRunner.Reference(x, cache[1], t, new FloatTensor(trainMask, new long[] {1, f}));
        p.held = new AdaptStepRunner.Reference(x, cache[1], t, new FloatTensor(heldMask, new long[] {1, f}));
        p.calibrated = true;
        return p;
    }

    private Prepared targets(ExpressionNetwork net, Reference ref, LandmarkError mouth, AdaptListener listener)
            throws AdaptException {
        Optional<TrackerCalibration> cal = calibration();
        if (cal.isPresent() && useCalibration) {
            return calibratedTargets(cal.get(), net, ref, listener);
        }
        AdaptationGraphs graphs = new AdaptationGraphs(bundle);
        List<String> channels = bundle.channels().subList(0, ExpressionNetwork.CHANNELS);
        boolean[] trusted = new boolean[channels.size()];
        for (int k = 0; k < trusted.length; k++) {
            // a channel the tracker does not fit reads 0 in the reference: never a target
            trusted[k] = trustedChannels.contains(channels.get(k)) && RigFitter.FITTED_CHANNELS.contains(channels.get(k));
        }
        Prepared p = new Prepared();
        try {
            // expression-style retrieval: the built-in speaker whose animation of this audio best explains
            // the mouth landmarks of the training part is where adaptation starts
            List<SpeakerAdapter> builtIns = bundle.speakers();
            p.scores = new LinkedHashMap<>();
            SpeakerAdapter best = null;
            double bestScore = Double.POSITIVE_INFINITY;
            for (SpeakerAdapter a : builtIns) {
                float[][] y = decode(net, ref.features(), a);
                double e = mouth.mean(y[0], y[1], ref, 0, ref.split());
                p.scores.put(a.id(), e);
                if (e < bestScore) {
                    bestScore = e;
                    best = a;
                    p.start = y;
                }
            }
            p.startId = best.id();
            listener.message(String.format(Locale.ROOT, "Closest built-in speaker %s (mouth landmark error %.2f %% of eye distance)",
                    best.id(), bestScore));
            p.style = best.style().data().clone();
            p.init = new LinkedHashMap<>();
            best.lora().forEach((k, v) -> p.init.put(k, v.copy()));
            p.before = decode(net, ref.features(), builtIns.get(0));
            // targets: what the video shows where tracking is reliable (jaw, and the trusted channels), the
            // starting model's own output elsewhere (kept, not pulled to zero)
            float[] targetEx = p.start[0].clone();
            int c = ExpressionNetwork.CHANNELS;
            int frames = Math.min(ref.frames(), p.start[1].length);
            for (int k = 0; k < frames; k++) {
                for (int ch = 0; ch < c; ch++) {
                    if (trusted[ch]) {
                        targetEx[k * c + ch] = ref.targetExpression()[k * c + ch];
                    }
                }
            }
            float[] jawScaled = new float[frames];
            for (int k = 0; k < frames; k++) {
                jawScaled[k] = ref.targetJaw()[k] * AdaptationGraphs.JAW_SCALE;
            }
            finish(graphs, p, ref, targetEx, jawScaled, frames);
            p.calibrated = false;
            return p;
        } catch (ModelBundleException e) {
            throw new AdaptException(e.getMessage(), e);
        }
    }

    private AdaptStepRunner.EarlyStopped adapt(ExpressionNetwork net, LandmarkError mouth, Prepared p, Reference ref,
                                               AdaptRequest r, AdaptListener listener, CancelToken cancel)
            throws AdaptException {
        int max = r.maxSteps();
        AdaptStepRunner.Schedule schedule = AdaptStepRunner.Schedule.warmupCosine(r.learningRate(),
                Math.min(10, Math.max(1, max / 10)), Math.max(1, max), 0.1f);
        try {
            AdaptStepRunner.Scorer scorer = params -> {
                float[][] y;
                try {
                    y = decode(net, ref.features(), new SpeakerAdapter("scoring",
                            new FloatTensor(p.style, new long[] {p.style.length}), params));
                } catch (AdaptException e) {
                    throw new ModelBundleException(e.getMessage(), e);
                }
                return mouth.mean(y[0], y[1], ref, ref.split(), ref.frames());
            };
            return new AdaptStepRunner(bundle).runEarlyStopping(p.train, p.held, p.init, max, schedule, EVAL_EVERY,
                    PATIENCE, p.calibrated ? null : scorer,
                    tuning.decay() > 0 || !tuning.ranks().isEmpty()
                            ? AdaptStepRunner.Constraint.decayAndRanks(tuning.decay(), tuning.ranks()) : null,
                    (step, train, held) -> {
                        listener.loss(step, train, held);
                        listener.stage("Adapting", step / (double) max);
                        return !cancel.cancelled();
                    });
        } catch (ModelBundleException e) {
            throw new AdaptException(e.getMessage(), e);
        }
    }

    private PoseStyle poseStyle(Reference ref) throws AdaptException {
        if (pose == null) {
            return null;
        }
        int frames = ref.frames();
        float[][] feats = PoseFeatures.compute(ref.audio(), frames);
        float[][] rot = new float[frames][];
        for (int k = 0; k < frames; k++) {
            rot[k] = ref.neck()[k].clone();
        }
        try {
            return pose.retrieveStyle(feats, rot);
        } catch (PoseModelException e) {
            throw new AdaptException("Pose-style retrieval failed: " + e.getMessage(), e);
        }
    }

    private byte[] thumbnail(Path video, TrackedClip tracked, double start) throws AdaptException {
        int n = tracked.usable().length;
        int pick = -1;
        for (int d = 0; d < n && pick < 0; d++) {
            for (int i : new int[] {n / 2 - d, n / 2 + d}) {
                if (i >= 0 && i < n && tracked.usable()[i] && tracked.landmarks()[i] != null) {
                    pick = i;
                    break;
                }
            }
        }
        int frame = Math.max(0, pick);
        try (VideoReader reader = new VideoReader(video)) {
            int wanted = (int) Math.ceil(start * reader.fps() - 1e-6) + frame;
            reader.seek(Math.max(0, (wanted - 2) / reader.fps()));
            Optional<VideoReader.VideoFrame> f;
            VideoReader.VideoFrame best = null;
            while ((f = reader.next()).isPresent()) {
                best = f.get();
                if (best.index() >= wanted) {
                    break;
                }
            }
            if (best == null) {
                throw new AdaptException("Cannot read a frame of " + video.getFileName() + " for the thumbnail");
            }
            return Thumbnail.png(best.toImage(), pick >= 0 ? tracked.landmarks()[pick] : null);
        } catch (VideoException e) {
            throw new AdaptException(e.getMessage(), e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private float[][] decode(ExpressionNetwork net, float[][] features, SpeakerAdapter a) throws AdaptException {
        try (ExpressionNetwork.Speaker s = net.prepare(a)) {
            return net.decode(features, s);
        } catch (ModelBundleException | SpeechEncoderException e) {
            throw new AdaptException(e.getMessage(), e);
        }
    }

    private static SpeakerAdapter adapter(float[] style, Map<String, FloatTensor> init) {
        return new SpeakerAdapter("base", new FloatTensor(style, new long[] {style.length}), zeroLora(init));
    }

    /** Same shapes with B = 0: the un-adapted network (A does not matter then). */
    private static Map<String, FloatTensor> zeroLora(Map<String, FloatTensor> init) {
        Map<String, FloatTensor> z = new LinkedHashMap<>();
        init.forEach((k, v) -> z.put(k, k.matches(".*\\.B\\d+") ? FloatTensor.zeros(v.shape()) : v.copy()));
        return z;
    }

    /** Clip of frames [from, to) at 30 fps: expression, jaw and the tracked neck rotation. */
    private Clip clip(float[] ex, float[] jaw, float[][] neck, int from, int to) {
        List<String> channels = bundle.channels().subList(0, ExpressionNetwork.CHANNELS);
        int c = channels.size();
        int[] idx = new int[c];
        for (int k = 0; k < c; k++) {
            idx[k] = face.expressionIndex(channels.get(k));
        }
        Clip.Builder b = new Clip.Builder(face, FPS);
        FaceParams p = face.newParams();
        for (int i = from; i < to; i++) {
            p.resetExpressionAndPose();
            for (int k = 0; k < c; k++) {
                if (idx[k] >= 0 && i * c + k < ex.length) {
                    p.setExpression(idx[k], ex[i * c + k]);
                }
            }
            p.setJointRotation(FaceModel.JAW, i < jaw.length ? jaw[i] : 0f, 0, 0);
            p.setJointRotation(FaceModel.NECK, neck[i][0], neck[i][1], neck[i][2]);
            b.add(p);
        }
        return b.build();
    }

    static float[] cut(float[] samples, double start, double end) {
        int rate = AudioFileDecoder.TARGET_RATE;
        int a = (int) Math.max(0, Math.min(samples.length, Math.round(start * rate)));
        int b = (int) Math.max(a, Math.min(samples.length, Math.round(end * rate)));
        return java.util.Arrays.copyOfRange(samples, a, b);
    }

    static int count(boolean[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to && i < b.length; i++) {
            if (b[i]) {
                n++;
            }
        }
        return n;
    }

    private static void checkCancel(CancelToken c) throws AdaptationCancelledException {
        if (c.cancelled()) {
            throw new AdaptationCancelledException();
        }
    }

    /** An id for a new profile: the name's letters and digits and 4 random hex digits. */
    static String newId(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        return (slug.isEmpty() ? "speaker" : slug) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(1 << 16));
    }

    static String range(double a, double b) {
        return String.format(Locale.ROOT, "%s-%s", clock(a), clock(b));
    }

    static String clock(double s) {
        int m = (int) (s / 60);
        double r = s - 60 * m;
        return String.format(Locale.ROOT, "%02d:%04.1f", m, r);
    }
}
