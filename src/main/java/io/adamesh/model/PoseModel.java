package io.adamesh.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.face.NpyArray;
import io.adamesh.face.Npz;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Head-pose generation of a bundle (the {@code pose} section of {@code pose.json}/{@code manifest.json}):
 * VQ pose encoder/decoder, the PoseGPT step graph, and pose-style retrieval from the semantic-aware pose
 * style matrix (nearest style and soft similarity-weighted blend). Features are the bundle's per-frame
 * 30-fps speech features ({@code features.type}, {@code feat_dim} wide); poses are neck axis-angle
 * rotations in radians, {@code pose_dim} wide.
 *
 * <p>Generation recomputes the last {@code window} tokens each step (bounded context), so the same
 * code serves a live stream (call {@link #nextCode} as each chunk of {@code down} frames arrives) and a
 * file ({@link #generate}).
 */
public final class PoseModel implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final OrtSession step;
    private final int down;
    private final int window;
    private final int codebook;
    private final int bos;
    private final int featDim;
    private final String featureType;
    private final String featureSha256;
    private final int poseDim;
    private final int codeDim;
    private final int styleDim;
    private final double tau;
    private final float[] centroids;      // [K, F]
    private final int units;
    private final float[] matrices;       // [S, K, d]
    private final float[] featMean;
    private final float[] featStd;
    private final float[] styleEmbeddings; // [S + 1, styleDim], last = no style
    private final List<String> styleNames;

    private PoseModel(Path dir, JsonNode pose, OrtEnvironment env) throws PoseModelException {
        this.env = env;
        down = pose.path("down").asInt();
        window = pose.path("window").asInt();
        codebook = pose.path("codebook").asInt();
        bos = pose.path("bos").asInt();
        featDim = pose.path("feat_dim").asInt();
        featureType = pose.path("features").path("type").asText(PoseFeatures.TYPE);
        featureSha256 = pose.path("features").path("sha256").asText("");
        if (!featureType.equals(PoseFeatures.TYPE) && !featureType.equals(PoseFeatures.WAV2VEC2_TYPE)) {
            throw new PoseModelException(dir.resolve("pose.json") + ": features.type '" + featureType
                    + "' is not supported (this studio reads " + PoseFeatures.TYPE + " and " + PoseFeatures.WAV2VEC2_TYPE + ")");
        }
        poseDim = pose.path("pose_dim").asInt();
        codeDim = pose.path("code_dim").asInt();
        styleDim = pose.path("style_dim").asInt();
        tau = pose.path("retrieval").path("tau").asDouble();
        styleNames = new ArrayList<>();
        pose.path("styles").forEach(n -> styleNames.add(n.asText()));
        Path tablesFile = dir.resolve(pose.path("tables").path("file").asText());
        verify(tablesFile, pose.path("tables"));
        Map<String, NpyArray> t;
        try {
            t = Npz.read(tablesFile);
        } catch (IOException e) {
            throw new PoseModelException(tablesFile + ": cannot read pose tables: " + e.getMessage(), e);
        }
        centroids = table(t, tablesFile, "centroids", -1, featDim).floats();
        units = centroids.length / featDim;
        matrices = table(t, tablesFile, "matrices", styleNames.size(), units, codeDim).floats();
        featMean = table(t, tablesFile, "feat_mean", featDim).floats();
        featStd = table(t, tablesFile, "feat_std", featDim).floats();
        styleEmbeddings = table(t, tablesFile, "style_embeddings", styleNames.size() + 1, styleDim).floats();
        JsonNode graphs = pose.path("graphs");
        OrtSession enc = null;
        OrtSession dec = null;
        OrtSession stp = null;
        try {
            enc = open(dir, graphs.path("vq_encoder"));
            dec = open(dir, graphs.path("vq_decoder"));
            stp = open(dir, graphs.path("gpt_step"));
        } catch (PoseModelException | RuntimeException e) {
            closeQuietly(enc);
            closeQuietly(dec);
            closeQuietly(stp);
            throw e;
        }
        encoder = enc;
        decoder = dec;
        step = stp;
    }

    /** Loads the {@code pose} section of {@code manifest} (pose.json or manifest.json) and its files. */
    public static PoseModel load(Path manifest) throws PoseModelException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(manifest));
        } catch (IOException e) {
            throw new PoseModelException(manifest + ": cannot read: " + e.getMessage(), e);
        }
        JsonNode pose = root.path("pose");
        if (pose.isMissingNode() || pose.path("schema").asInt() != 1) {
            throw new PoseModelException(manifest + ": no 'pose' section of schema 1");
        }
        return new PoseModel(manifest.toAbsolutePath().getParent(), pose, OrtEnvironment.getEnvironment());
    }

    private static NpyArray table(Map<String, NpyArray> t, Path file, String name, int... shape)
            throws PoseModelException {
        NpyArray a = t.get(name);
        if (a == null) {
            throw new PoseModelException(file + ": missing table '" + name + "'");
        }
        if (a.rank() != shape.length) {
            throw new PoseModelException(file + ": table '" + name + "' has rank " + a.rank() + ", expected " + shape.length);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && a.dim(i) != shape[i]) {
                throw new PoseModelException(file + ": table '" + name + "' dimension " + i + " is " + a.dim(i)
                        + ", expected " + shape[i]);
            }
        }
        return a;
    }

    /** The file exists and has the SHA-256 its declaration names (when it names one). */
    private static void verify(Path file, JsonNode declaration) throws PoseModelException {
        if (!Files.isRegularFile(file)) {
            throw new PoseModelException(file + ": does not exist (declared in the pose manifest)");
        }
        try {
            String mismatch = FileChecksum.mismatch(file, declaration.path("sha256").asText(""));
            if (mismatch != null) {
                throw new PoseModelException(mismatch);
            }
        } catch (IOException e) {
            throw new PoseModelException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private OrtSession open(Path dir, JsonNode g) throws PoseModelException {
        Path file = dir.resolve(g.path("file").asText());
        verify(file, g);
        OrtSession s = null;
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
            so.setIntraOpNumThreads(1);
            s = env.createSession(file.toString(), so);
            check(file, "input", g.path("inputs"), s.getInputInfo());
            check(file, "output", g.path("outputs"), s.getOutputInfo());
            return s;
        } catch (OrtException e) {
            closeQuietly(s);
            throw new PoseModelException(file + ": cannot open: " + e.getMessage(), e);
        } catch (PoseModelException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Every declared name must exist with the declared element type and rank (and fixed dims). */
    private static void check(Path file, String kind, JsonNode declared, Map<String, NodeInfo> actual)
            throws PoseModelException {
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            NodeInfo info = actual.get(e.getKey());
            if (info == null) {
                throw new PoseModelException(file + ": no " + kind + " '" + e.getKey() + "' (has " + actual.keySet() + ")");
            }
            TensorInfo ti = (TensorInfo) info.getInfo();
            String type = e.getValue().get(0).asText();
            String actualType = switch (ti.type) {
                case FLOAT -> "float";
                case INT64 -> "int64";
                default -> ti.type.toString();
            };
            JsonNode shape = e.getValue().get(1);
            long[] dims = ti.getShape();
            if (!type.equals(actualType) || dims.length != shape.size()) {
                throw new PoseModelException(file + ": " + kind + " '" + e.getKey() + "' is " + actualType + " rank "
                        + dims.length + ", expected " + type + " rank " + shape.size());
            }
            for (int i = 0; i < dims.length; i++) {
                if (shape.get(i).isInt() && dims[i] >= 0 && dims[i] != shape.get(i).asLong()) {
                    throw new PoseModelException(file + ": " + kind + " '" + e.getKey() + "' dimension " + i + " is "
                            + dims[i] + ", expected " + shape.get(i).asLong());
                }
            }
        }
    }

    public int down() { return down; }
    /** The start token that opens a context of fewer than {@link #window()} codes. */
    public int bos() { return bos; }
    public int window() { return window; }
    public int codebook() { return codebook; }
    public int featDim() { return featDim; }
    /** {@link PoseFeatures#TYPE} (own speech features) or {@link PoseFeatures#WAV2VEC2_TYPE}. */
    public String featureType() { return featureType; }
    /** Whether the condition is the bundle's wav2vec 2.0 / HuBERT features (+ 3 prosody values). */
    public boolean usesWav2Vec2() { return PoseFeatures.WAV2VEC2_TYPE.equals(featureType); }
    /** SHA-256 of the wav2vec 2.0 / HuBERT export it was trained on; empty for its own features. */
    public String featureSha256() { return featureSha256; }
    public int poseDim() { return poseDim; }
    public int codeDim() { return codeDim; }
    public int styleDim() { return styleDim; }
    public int units() { return units; }
    public List<String> styleNames() { return List.copyOf(styleNames); }

    /** The learned "no style" embedding. */
    public float[] noStyle() {
        return style(styleNames.size());
    }

    /** The stored embedding of training style {@code index}. */
    public float[] style(int index) {
        float[] s = new float[styleDim];
        System.arraycopy(styleEmbeddings, index * styleDim, s, 0, styleDim);
        return s;
    }

    /** VQ encoding of a pose sequence [T][poseDim] (T a multiple of down): latents [N][codeDim] and codes. */
    public record Encoded(float[][] latents, long[] codes) { }

    public Encoded encode(float[][] pose) throws PoseModelException {
        int T = pose.length;
        if (T % down != 0 || T == 0) {
            throw new PoseModelException("pose length " + T + " is not a positive multiple of " + down);
        }
        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(flatten(pose, poseDim)),
                new long[] {1, T, poseDim});
                OrtSession.Result r = encoder.run(Map.of("pose", in))) {
            float[] lat = ((OnnxTensor) r.get("latent").get()).getFloatBuffer().array();
            long[] codes = toArray(((OnnxTensor) r.get("code").get()).getLongBuffer());
            return new Encoded(unflatten(lat, codeDim), codes);
        } catch (OrtException e) {
            throw new PoseModelException("pose VQ encoder failed: " + e.getMessage(), e);
        }
    }

    /** Pose [codes.length * down][poseDim] (radians) decoded from codes. */
    public float[][] decode(long[] codes) throws PoseModelException {
        try (OnnxTensor in = OnnxTensor.createTensor(env, LongBuffer.wrap(codes), new long[] {1, codes.length});
                OrtSession.Result r = decoder.run(Map.of("code", in))) {
            return unflatten(((OnnxTensor) r.get("pose").get()).getFloatBuffer().array(), poseDim);
        } catch (OrtException e) {
            throw new PoseModelException("pose VQ decoder failed: " + e.getMessage(), e);
        }
    }

    /** Logits of the newest position; prev.length <= window, feats covers prev.length * down frames from row {@code from}. */
    public float[] stepLogits(long[] prev, float[][] feats, int from, float[] style) throws PoseModelException {
        int n = prev.length;
        float[] f = new float[n * down * featDim];
        for (int i = 0; i < n * down; i++) {
            System.arraycopy(feats[from + i], 0, f, i * featDim, featDim);
        }
        try (OnnxTensor c = OnnxTensor.createTensor(env, LongBuffer.wrap(prev), new long[] {1, n});
                OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(f), new long[] {1, (long) n * down, featDim});
                OnnxTensor s = OnnxTensor.createTensor(env, FloatBuffer.wrap(style), new long[] {1, styleDim});
                OrtSession.Result r = step.run(Map.of("prev_codes", c, "feats", x, "style", s))) {
            return ((OnnxTensor) r.get("logits").get()).getFloatBuffer().array();
        } catch (OrtException e) {
            throw new PoseModelException("PoseGPT step failed: " + e.getMessage(), e);
        }
    }

    /**
     * The code for chunk {@code j} given the codes already generated (codes[0..j-1]) and features up to
     * frame (j + 1) * down: the streaming step (bounded window, recomputed).
     */
    public long nextCode(long[] codes, int j, float[][] feats, float[] style, double temperature, int topK, Random rng)
            throws PoseModelException {
        int s = Math.max(0, j - window + 1);
        long[] prev = new long[j - s + 1];
        prev[0] = s == 0 ? bos : codes[s - 1];
        System.arraycopy(codes, s, prev, 1, j - s);
        return sample(stepLogits(prev, feats, s * down, style), temperature, topK, rng);
    }

    /** Codes for a whole feature sequence [T][featDim] (padded at the end to a multiple of down). */
    public long[] generateCodes(float[][] feats, float[] style, double temperature, int topK, long seed)
            throws PoseModelException {
        float[][] f = padToMultiple(feats);
        int n = f.length / down;
        long[] codes = new long[n];
        Random rng = new Random(seed);
        for (int j = 0; j < n; j++) {
            codes[j] = nextCode(codes, j, f, style, temperature, topK, rng);
        }
        return codes;
    }

    /** Head pose [T][poseDim] for features [T][featDim]. */
    public float[][] generate(float[][] feats, float[] style, double temperature, int topK, long seed)
            throws PoseModelException {
        float[][] pose = decode(generateCodes(feats, style, temperature, topK, seed));
        float[][] out = new float[feats.length][];
        System.arraycopy(pose, 0, out, 0, feats.length);
        return out;
    }

    /** Top-k sampling at a temperature; topK <= 1 or temperature <= 0 is greedy. */
    public static int sample(float[] logits, double temperature, int topK, Random rng) {
        if (topK <= 1 || temperature <= 0) {
            int best = 0;
            for (int i = 1; i < logits.length; i++) {
                if (logits[i] > logits[best]) {
                    best = i;
                }
            }
            return best;
        }
        int k = Math.min(topK, logits.length);
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
        double[] p = new double[k];
        double max = logits[order[0]] / temperature;
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(logits[order[i]] / temperature - max);
            sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < k; i++) {
            u -= p[i];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[k - 1];
    }

    /**
     * Pose-style retrieval from a reference: features [T][featDim] and its head pose [T][poseDim] (T >= down).
     * Builds the reference's K x d style matrix (mean VQ latent per speech unit) and compares it with the
     * stored ones.
     */
    public PoseStyle retrieveStyle(float[][] refFeats, float[][] refPose) throws PoseModelException {
        int n = Math.min(refFeats.length, refPose.length) / down;
        if (n == 0) {
            throw new PoseModelException("reference shorter than " + down + " frames");
        }
        float[][] pose = new float[n * down][];
        System.arraycopy(refPose, 0, pose, 0, n * down);
        float[][] lat = encode(pose).latents();
        int[] unit = new int[n];
        double[] v = new double[featDim];
        for (int j = 0; j < n; j++) {
            java.util.Arrays.fill(v, 0);
            for (int i = 0; i < down; i++) {
                float[] row = refFeats[j * down + i];
                for (int c = 0; c < featDim; c++) {
                    v[c] += (row[c] - featMean[c]) / featStd[c];
                }
            }
            double best = Double.MAX_VALUE;
            for (int k = 0; k < units; k++) {
                double d = 0;
                for (int c = 0; c < featDim; c++) {
                    double e = v[c] / down - centroids[k * featDim + c];
                    d += e * e;
                }
                if (d < best) {
                    best = d;
                    unit[j] = k;
                }
            }
        }
        double[] m = new double[units * codeDim];
        double[] count = new double[units];
        double[] mean = new double[codeDim];
        for (int j = 0; j < n; j++) {
            count[unit[j]]++;
            for (int c = 0; c < codeDim; c++) {
                m[unit[j] * codeDim + c] += lat[j][c];
                mean[c] += lat[j][c] / n;
            }
        }
        for (int k = 0; k < units; k++) {
            for (int c = 0; c < codeDim; c++) {
                m[k * codeDim + c] = count[k] > 0 ? m[k * codeDim + c] / count[k] : mean[c];
            }
        }
        int styles = styleNames.size();
        double[] dist = new double[styles];
        int nearest = 0;
        for (int s = 0; s < styles; s++) {
            double d = 0;
            for (int k = 0; k < units; k++) {
                if (count[k] == 0) {
                    continue;
                }
                double row = 0;
                for (int c = 0; c < codeDim; c++) {
                    double e = matrices[(s * units + k) * codeDim + c] - m[k * codeDim + c];
                    row += e * e;
                }
                d += row * count[k] / n;
            }
            dist[s] = d;
            if (d < dist[nearest]) {
                nearest = s;
            }
        }
        double dmin = dist[nearest];
        double[] w = new double[styles];
        double sum = 0;
        for (int s = 0; s < styles; s++) {
            w[s] = Math.exp(-(dist[s] - dmin) / (tau * Math.max(dmin, 1e-12)));
            sum += w[s];
        }
        float[] weights = new float[styles];
        float[] soft = new float[styleDim];
        for (int s = 0; s < styles; s++) {
            weights[s] = (float) (w[s] / sum);
            for (int c = 0; c < styleDim; c++) {
                soft[c] += (float) (w[s] / sum * styleEmbeddings[s * styleDim + c]);
            }
        }
        return new PoseStyle(nearest, dist, weights, style(nearest), soft);
    }

    private float[][] padToMultiple(float[][] x) {
        int n = (x.length + down - 1) / down * down;
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = x[Math.min(i, x.length - 1)];
        }
        return out;
    }

    private static float[] flatten(float[][] x, int width) {
        float[] out = new float[x.length * width];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, out, i * width, width);
        }
        return out;
    }

    private static float[][] unflatten(float[] x, int width) {
        float[][] out = new float[x.length / width][width];
        for (int i = 0; i < out.length; i++) {
            System.arraycopy(x, i * width, out[i], 0, width);
        }
        return out;
    }

    private static long[] toArray(LongBuffer b) {
        long[] out = new long[b.remaining()];
        b.get(out);
        return out;
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException ignored) {
                // closing a session that failed to load
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(encoder);
        closeQuietly(decoder);
        closeQuietly(step);
    }
}
