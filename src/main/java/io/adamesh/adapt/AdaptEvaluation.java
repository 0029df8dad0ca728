package io.adamesh.adapt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.audio.AudioDecodeException;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.face.FaceModel;
import io.adamesh.face.Npz;
import io.adamesh.face.NpyArray;
import io.adamesh.model.AdaptationGraphs;
import io.adamesh.model.SpeechEncoder;
import io.adamesh.model.SpeechEncoders;
import io.adamesh.model.ExpressionNetwork;
import io.adamesh.model.FloatTensor;
import io.adamesh.model.ModelBundle;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseModel;
import io.adamesh.model.SpeakerAdapter;
import io.adamesh.model.SpeechEncoderException;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.SyntheticFaceVideo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The studio-path adaptation evaluation (issue 10, point 5): for each held-out synthetic speaker
 * exported by {@code training/}'s {@code export_adapt_eval}, renders the reference utterances as a
 * talking-head video with their sound (OpenHead driven by the teacher animation), adapts from its
 * first 10 s through the full {@link Adapter} path (video, tracking, adaptation), and scores the
 * speaker's OTHER utterances against the teacher: lip vertex error (mm) and style error, for
 * <ul>
 * <li>{@code builtin}: the bundle's default built-in speaker (what a user has without adapting);</li>
 * <li>{@code start}: where the studio path's adaptation starts, before any step: with the bundle's tracker
 *     calibration the network with the style embedding estimated from the tracked reference; without
 *     it the built-in speaker whose animation best explains the reference's mouth landmarks;</li>
 * <li>{@code adapted}: the profile the studio path produced;</li>
 * <li>{@code base_teacher_style}: the style embedding of the true reference animation, no adapter
 *     (training/'s "base" baseline, which needs ground truth a user does not have).</li>
 * </ul>
 * Style error as in training/'s evaluation: mean |difference| of the per-channel mean and standard
 * deviation over the speaker's test frames (44 channels in network units, jaw x 10).
 */
public final class AdaptEvaluation {
    public static final List<String> SYSTEMS = List.of("builtin", "start", "adapted", "base_teacher_style");

    /** Options: video size, the reference range, steps and learning rate of the adapter. */
    public record Options(int width, int height, double rangeSeconds, int maxSteps, float learningRate, Path keepVideos,
                          List<String> trustedChannels, Adapter.Tuning tuning) {
        public Options(int width, int height, double rangeSeconds, int maxSteps, float learningRate, Path keepVideos,
                       List<String> trustedChannels) {
            this(width, height, rangeSeconds, maxSteps, learningRate, keepVideos, trustedChannels, Adapter.DEFAULT_TUNING);
        }

        public static Options defaults() {
            return new Options(1280, 720, AdaptRequest.DEFAULT_SECONDS, AdaptRequest.DEFAULT_MAX_STEPS,
                    AdaptRequest.DEFAULT_LEARNING_RATE, null, Adapter.TRUSTED_CHANNELS);
        }

        public Options with(int steps, float lr, Adapter.Tuning t) {
            return new Options(width, height, rangeSeconds, steps, lr, keepVideos, trustedChannels, t);
        }
    }

    /** A tracked reference kept for the next run of the same evaluation (several settings, one tracking). */
    private record Tracked(Path video, Adapter.Reference reference) {
    }

    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Map<Path, float[][]> testFeatures = new LinkedHashMap<>();
    private Path reuseDir;

    /**
     * Keeps each speaker's rendered video (under {@code dir}) and tracked reference in memory so that later
     * {@link #run} calls on this object with other adaptation settings skip rendering and tracking.
     */
    public AdaptEvaluation reuseTracking(Path dir) {
        this.reuseDir = dir;
        return this;
    }

    private final ModelBundle bundle;
    private final PoseModel pose;
    private final FaceModel face;
    private final SpeakerAdapter builtin;

    public AdaptEvaluation(ModelBundle bundle, PoseModel pose, FaceModel face) throws ModelBundleException {
        this.bundle = bundle;
        this.pose = pose;
        this.face = face;
        this.builtin = bundle.speakers().get(0);
    }

    /** Evaluates every speaker directory under {@code data} (or those named); prints a table, returns the report. */
    public ObjectNode run(Path data, List<String> only, Options o, PrintStream log)
            throws IOException, AdaptException, AdaptationCancelledException, ModelBundleException,
            SpeechEncoderException, AudioDecodeException {
        try (SpeechEncoder encoder = SpeechEncoders.open(bundle)) {   // once: a wav2vec 2.0 export is costly to open
            return run(data, only, o, log, encoder);
        }
    }

    private ObjectNode run(Path data, List<String> only, Options o, PrintStream log, SpeechEncoder encoder)
            throws IOException, AdaptException, AdaptationCancelledException, ModelBundleException,
            SpeechEncoderException, AudioDecodeException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(data)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("ref.npz")))
                    .filter(p -> only == null || only.isEmpty() || only.contains(p.getFileName().toString()))
                    .sorted().toList();
        }
        if (dirs.isEmpty()) {
            throw new IOException(data + " holds no exported speakers (run training/'s export_adapt_eval first)");
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("data", data.toString());
        report.put("video", o.width() + "x" + o.height() + " 30 fps, OpenHead driven by the teacher animation, AAC sound");
        report.put("range_seconds", o.rangeSeconds());
        report.put("max_steps", o.maxSteps());
        report.put("learning_rate", o.learningRate());
        report.put("tuning", String.valueOf(o.tuning()));
        ArrayNode rows = report.putArray("speakers");
        Map<String, double[]> lveSum = new LinkedHashMap<>();
        Map<String, Double> styleSum = new LinkedHashMap<>();
        for (String s : SYSTEMS) {
            lveSum.put(s, new double[2]);
            styleSum.put(s, 0.0);
        }
        double adaptSeconds = 0;
        LipVertexError lve = new LipVertexError(face, bundle.channels().subList(0, ExpressionNetwork.CHANNELS));
        log.printf(Locale.ROOT, "%-6s %6s %-6s %5s %5s %7s %7s | %-30s | %-30s%n", "spk", "secs", "start", "steps", "best",
                "held", "->", "test LVE mm: builtin start adapted", "style err: builtin start adapted");
        for (Path dir : dirs) {
            String sid = dir.getFileName().toString();
            ObjectNode row = rows.addObject();
            row.put("speaker", sid);
            Map<String, NpyArray> ref = Npz.read(dir.resolve("ref.npz"));
            float[] refAudio = new AudioFileDecoder().decodeAll(dir.resolve("ref.wav")).samples();
            Tracked known = reuseDir == null ? null : tracked.get(dir.toAbsolutePath().toString());
            Path videoDir = known != null ? reuseDir : reuseDir != null ? reuseDir
                    : o.keepVideos() != null ? o.keepVideos() : Files.createTempDirectory("adamesh-adapt-eval");
            Files.createDirectories(videoDir);
            Path video = known != null ? known.video() : videoDir.resolve(sid + ".mp4");
            if (known == null) {
                long r0 = System.nanoTime();
                render(ref, refAudio, o, video);
                row.put("render_seconds", (System.nanoTime() - r0) / 1e9);
            }
            Adapter adapter = new Adapter(bundle, pose, face).withTrustedChannels(o.trustedChannels())
                    .withTuning(o.tuning());
            AdaptResult result;
            try {
                var request = new AdaptRequest(video, 0, o.rangeSeconds(), sid, AdaptRequest.DEFAULT_HELD_OUT,
                        o.maxSteps(), o.learningRate());
                if (reuseDir != null) {
                    Adapter.Reference r = known != null ? known.reference()
                            : adapter.reference(request, AdaptListener.NONE, CancelToken.NEVER);
                    tracked.put(dir.toAbsolutePath().toString(), new Tracked(video, r));
                    result = adapter.run(request, r, AdaptListener.NONE, CancelToken.NEVER);
                } else {
                    result = adapter.run(request, AdaptListener.NONE, CancelToken.NEVER);
                }
            } finally {
                if (o.keepVideos() == null && reuseDir == null) {
                    Files.deleteIfExists(video);
                    Files.deleteIfExists(videoDir);
                }
            }
            if (o.keepVideos() != null) {
                var d = adapter.lastDetails().reference();
                float[] use = new float[d.frames()];
                float[] neck = new float[d.frames() * 3];
                for (int k = 0; k < d.frames(); k++) {
                    use[k] = d.usable()[k] ? 1 : 0;
                    System.arraycopy(d.neck()[k], 0, neck, 3 * k, 3);
                }
                Npz.write(videoDir.resolve(sid + "-tracked.npz"), Map.of(
                        "expression", NpyArray.ofFloats(d.targetExpression(), d.frames(), ExpressionNetwork.CHANNELS),
                        "jaw", NpyArray.ofFloats(d.targetJaw(), d.frames()), "usable", NpyArray.ofFloats(use, d.frames()),
                        "neck", NpyArray.ofFloats(neck, d.frames(), 3)));
            }
            var m = result.profile().metrics();
            adaptSeconds += m.seconds();
            row.put("adapt_seconds", m.seconds());
            row.put("usable_face_fraction", m.usableFaceFraction());
            row.put("steps", m.steps());
            row.put("best_step", m.bestStep());
            row.put("held_out_loss_before", m.heldOutLossBefore());
            row.put("held_out_loss_after", m.heldOutLossAfter());
            row.put("held_out_lve_vs_tracked_before_mm", m.lveBeforeMm());
            row.put("held_out_lve_vs_tracked_after_mm", m.lveAfterMm());
            // the four systems on the other utterances
            float[] teacherStyle = teacherStyle(ref, o.rangeSeconds());
            SpeakerAdapter adapted = result.profile().adapter();
            SpeakerAdapter zero = zeroed(adapted);
            String start = adapter.lastDetails().start();
            row.put("start", start);
            row.put("held_out_early_stopping_score_before", adapter.lastDetails().run().scoreBefore());
            row.put("held_out_early_stopping_score_best", adapter.lastDetails().run().scoreBest());
            Map<String, SpeakerAdapter> systems = new LinkedHashMap<>();
            systems.put("builtin", builtin);
            float[] startStyle = adapter.lastDetails().style();
            systems.put("start", bundle.speakers().stream().filter(a -> a.id().equals(start)).findFirst()
                    .orElse(new SpeakerAdapter("start", new FloatTensor(startStyle, new long[] {startStyle.length}),
                            zero.lora())));
            systems.put("adapted", adapted);
            systems.put("base_teacher_style", new SpeakerAdapter("teacher", new FloatTensor(teacherStyle,
                    new long[] {teacherStyle.length}), zero.lora()));
            Map<String, double[]> spLve = new LinkedHashMap<>();
            Map<String, List<float[]>> preds = new LinkedHashMap<>();
            List<float[]> truth = new ArrayList<>();
            for (String s : SYSTEMS) {
                spLve.put(s, new double[2]);
                preds.put(s, new ArrayList<>());
            }
            try (Stream<Path> tests = Files.list(dir)) {
                for (Path t : tests.filter(p -> p.getFileName().toString().matches("test-\\d+\\.npz")).sorted().toList()) {
                    Map<String, NpyArray> gt = Npz.read(t);
                    String wav = t.getFileName().toString().replace(".npz", ".wav");
                    float[][] features = testFeatures.get(t.toAbsolutePath());
                    if (features == null) {
                        features = encoder.encode(new AudioFileDecoder().decodeAll(t.resolveSibling(wav)).samples());
                        if (reuseDir != null) {
                            testFeatures.put(t.toAbsolutePath(), features);
                        }
                    }
                    float[] gex = gt.get("expression").floats();
                    float[] gpose = gt.get("pose").floats();
                    int gf = gt.get("expression").dim(0);
                    float[] gjaw = new float[gf];
                    for (int k = 0; k < gf; k++) {
                        gjaw[k] = gpose[k * 15 + 2 * 3];
                    }
                    try (ExpressionNetwork net = new ExpressionNetwork(bundle, 1)) {
                        int f = -1;
                        for (String s : SYSTEMS) {
                            float[][] y;
                            try (ExpressionNetwork.Speaker sp = net.prepare(systems.get(s))) {
                                y = net.decode(features, sp);
                            }
                            int n = Math.min(gf, y[1].length);
                            f = n;
                            double[] sum = lve.sum(y[0], y[1], gex, gjaw, 0, n, null);
                            spLve.get(s)[0] += sum[0];
                            spLve.get(s)[1] += sum[1];
                            preds.get(s).add(channels44(y[0], y[1], n));
                        }
                        truth.add(channels44(gex, gjaw, f));
                    }
                }
            }
            ObjectNode sys = row.putObject("systems");
            StringBuilder lveCols = new StringBuilder();
            StringBuilder styleCols = new StringBuilder();
            for (String s : SYSTEMS) {
                double l = spLve.get(s)[0] / spLve.get(s)[1];
                double st = styleError(preds.get(s), truth);
                ObjectNode n = sys.putObject(s);
                n.put("lve_mm", l);
                n.put("style_error", st);
                n.put("frames", (int) spLve.get(s)[1]);
                lveSum.get(s)[0] += spLve.get(s)[0];
                lveSum.get(s)[1] += spLve.get(s)[1];
                styleSum.put(s, styleSum.get(s) + st);
                if (!s.equals("base_teacher_style")) {
                    lveCols.append(String.format(Locale.ROOT, " %7.3f", l));
                    styleCols.append(String.format(Locale.ROOT, " %7.4f", st));
                }
            }
            log.printf(Locale.ROOT, "%-6s %6.1f %-6s %5d %5d %7.2f %7.2f | %-30s | %-30s%n", sid, m.seconds(), start, m.steps(),
                    m.bestStep(), 1000 * m.heldOutLossBefore(), 1000 * m.heldOutLossAfter(),
                    lveCols, styleCols);
        }
        ObjectNode summary = report.putObject("summary");
        log.println();
        log.printf(Locale.ROOT, "%-20s %12s %12s%n", "system", "LVE mm", "style err");
        for (String s : SYSTEMS) {
            double l = lveSum.get(s)[0] / lveSum.get(s)[1];
            double st = styleSum.get(s) / dirs.size();
            ObjectNode n = summary.putObject(s);
            n.put("lve_mm", round(l, 4));
            n.put("style_error", round(st, 5));
            n.put("frames", (int) lveSum.get(s)[1]);
            log.printf(Locale.ROOT, "%-20s %12.3f %12.4f%n", s, l, st);
        }
        double b = summary.path("builtin").path("lve_mm").asDouble();
        double a = summary.path("adapted").path("lve_mm").asDouble();
        double bs = summary.path("builtin").path("style_error").asDouble();
        double as = summary.path("adapted").path("style_error").asDouble();
        double rt = summary.path("start").path("lve_mm").asDouble();
        summary.put("lve_change_vs_unadapted_percent", round(100 * (a - b) / b, 2));
        summary.put("style_change_vs_unadapted_percent", round(100 * (as - bs) / bs, 2));
        summary.put("lve_change_vs_start_percent", round(100 * (a - rt) / rt, 2));
        summary.put("mean_adapt_seconds", round(adaptSeconds / dirs.size(), 2));
        log.printf(Locale.ROOT, "adapted vs un-adapted (default built-in %s): LVE %+.1f %%, style error %+.1f %% "
                + "(vs the start: LVE %+.1f %%); mean time from Adapt to profile %.1f s%n", builtin.id(),
                100 * (a - b) / b, 100 * (as - bs) / bs, 100 * (a - rt) / rt, adaptSeconds / dirs.size());
        return report;
    }

    /**
     * Tracker calibration data: for each (training) speaker under {@code data}, renders its reference,
     * tracks the first {@code rangeSeconds} through {@link Adapter#reference} and writes
     * {@code OUT/<speaker>.npz} with the tracked and the true animation on the same 30 fps frames and the
     * true style embedding ({@code training/}'s {@code fit_adapt_calibration} fits the tables from them).
     */
    public void calibrate(Path data, Path out, Options o, PrintStream log) throws IOException, AdaptException,
            AdaptationCancelledException, ModelBundleException, AudioDecodeException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(data)) {
            dirs = s.filter(p -> Files.isRegularFile(p.resolve("ref.npz"))).sorted().toList();
        }
        Files.createDirectories(out);
        int c = ExpressionNetwork.CHANNELS;
        for (Path dir : dirs) {
            String sid = dir.getFileName().toString();
            Path target = out.resolve(sid + ".npz");
            if (Files.exists(target)) {
                continue;   // resumable
            }
            long t0 = System.nanoTime();
            Map<String, NpyArray> ref = Npz.read(dir.resolve("ref.npz"));
            float[] refAudio = new AudioFileDecoder().decodeAll(dir.resolve("ref.wav")).samples();
            Path video = Files.createTempFile("adamesh-calib-" + sid, ".mp4");
            Adapter.Reference r;
            try {
                render(ref, refAudio, o, video);
                r = new Adapter(bundle, pose, face).reference(new AdaptRequest(video, 0, o.rangeSeconds(), sid,
                        AdaptRequest.DEFAULT_HELD_OUT, 1, 1e-3f), AdaptListener.NONE, CancelToken.NEVER);
            } finally {
                Files.deleteIfExists(video);
            }
            int f = Math.min(r.frames(), ref.get("expression").dim(0));
            float[] tex = java.util.Arrays.copyOf(ref.get("expression").floats(), f * c);
            float[] pz = ref.get("pose").floats();
            float[] tj = new float[f];
            float[] use = new float[f];
            for (int k = 0; k < f; k++) {
                tj[k] = pz[k * 15 + 6];
                use[k] = r.usable()[k] ? 1 : 0;
            }
            float[] style = teacherStyle(ref, o.rangeSeconds());
            Npz.write(target, Map.of(
                    "tracked_expression", NpyArray.ofFloats(java.util.Arrays.copyOf(r.targetExpression(), f * c), f, c),
                    "tracked_jaw", NpyArray.ofFloats(java.util.Arrays.copyOf(r.targetJaw(), f), f),
                    "usable", NpyArray.ofFloats(use, f),
                    "true_expression", NpyArray.ofFloats(tex, f, c),
                    "true_jaw", NpyArray.ofFloats(tj, f),
                    "true_style", NpyArray.ofFloats(style, style.length)));
            log.printf(Locale.ROOT, "calibration %s: %d frames, usable %.0f %%, %.1f s%n", sid, f,
                    100 * r.usableFaceFraction(), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Renders the reference: expression channels by name, neck, jaw and eyes from the teacher pose, with its sound. */
    void render(Map<String, NpyArray> ref, float[] audio, Options o, Path out) throws IOException {
        float[] ex = ref.get("expression").floats();
        float[] pz = ref.get("pose").floats();
        int frames = ref.get("expression").dim(0);
        List<String> channels = bundle.channels().subList(0, ExpressionNetwork.CHANNELS);
        int c = channels.size();
        int[] idx = new int[c];
        for (int k = 0; k < c; k++) {
            idx[k] = face.expressionIndex(channels.get(k));
        }
        int rangeFrames = (int) Math.min(frames, Math.ceil((o.rangeSeconds() + 0.5) * 30));
        SyntheticFaceVideo.render(face, (i, t, p) -> {
            p.resetExpressionAndPose();
            for (int k = 0; k < c; k++) {
                if (idx[k] >= 0) {
                    p.setExpression(idx[k], ex[i * c + k]);
                }
            }
            for (int j = 1; j < 5 && j < face.jointCount(); j++) {
                p.setJointRotation(j, pz[i * 15 + j * 3], pz[i * 15 + j * 3 + 1], pz[i * 15 + j * 3 + 2]);
            }
        }, o.width(), o.height(), 30, rangeFrames, PinholeCamera.DEFAULT_FOV_Y, out, null,
                java.util.Arrays.copyOf(audio, Math.min(audio.length, (int) Math.round(rangeFrames * 16000 / 30.0))));
    }

    private float[] teacherStyle(Map<String, NpyArray> ref, double seconds) throws ModelBundleException {
        int c = ExpressionNetwork.CHANNELS;
        int f = (int) Math.min(ref.get("expression").dim(0), Math.round(seconds * 30));
        float[] ex = java.util.Arrays.copyOf(ref.get("expression").floats(), f * c);
        float[] pz = ref.get("pose").floats();
        float[] jaw = new float[f];
        for (int k = 0; k < f; k++) {
            jaw[k] = pz[k * 15 + 6];
        }
        return new AdaptationGraphs(bundle).style(ex, jaw);
    }

    private static SpeakerAdapter zeroed(SpeakerAdapter a) {
        Map<String, FloatTensor> z = new LinkedHashMap<>();
        a.lora().forEach((k, v) -> z.put(k, k.matches(".*\\.B\\d+") ? FloatTensor.zeros(v.shape()) : v.copy()));
        return new SpeakerAdapter("base", a.style(), z);
    }

    private static float[] channels44(float[] ex, float[] jaw, int frames) {
        int c = ExpressionNetwork.CHANNELS;
        float[] out = new float[frames * (c + 1)];
        for (int k = 0; k < frames; k++) {
            System.arraycopy(ex, k * c, out, k * (c + 1), c);
            out[k * (c + 1) + c] = jaw[k] * AdaptationGraphs.JAW_SCALE;
        }
        return out;
    }

    /** Mean |mean difference| + mean |std difference| over the 44 channels of all frames. */
    static double styleError(List<float[]> preds, List<float[]> truth) {
        int c = ExpressionNetwork.CHANNELS + 1;
        double[] mp = new double[c], mg = new double[c], sp = new double[c], sg = new double[c];
        long n = 0;
        for (int u = 0; u < preds.size(); u++) {
            float[] p = preds.get(u), g = truth.get(u);
            int f = Math.min(p.length, g.length) / c;
            for (int k = 0; k < f; k++) {
                for (int ch = 0; ch < c; ch++) {
                    double a = p[k * c + ch], b = g[k * c + ch];
                    mp[ch] += a;
                    mg[ch] += b;
                    sp[ch] += a * a;
                    sg[ch] += b * b;
                }
            }
            n += f;
        }
        double e = 0;
        for (int ch = 0; ch < c; ch++) {
            double ap = mp[ch] / n, ag = mg[ch] / n;
            double dp = Math.sqrt(Math.max(0, sp[ch] / n - ap * ap)), dg = Math.sqrt(Math.max(0, sg[ch] / n - ag * ag));
            e += Math.abs(ap - ag) + Math.abs(dp - dg);
        }
        return e / c;
    }

    private static double round(double v, int digits) {
        double s = Math.pow(10, digits);
        return Math.round(v * s) / s;
    }
}
