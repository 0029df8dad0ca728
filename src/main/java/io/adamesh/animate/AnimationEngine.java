package io.adamesh.animate;

import io.adamesh.face.FaceModel;
import io.adamesh.model.BundleLoader;
import io.adamesh.model.ExecutionProviders;
import io.adamesh.model.ExpressionNetwork;
import io.adamesh.model.ModelBundle;
import io.adamesh.model.ModelBundleException;
import io.adamesh.model.PoseModel;
import io.adamesh.model.PoseModelException;
import io.adamesh.model.SpeechEncoder;
import io.adamesh.model.SpeechEncoders;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What offline and live animation share: an open bundle, its pose model (optional), the face it was
 * trained for (checked by id and SHA-256 against the manifest), the expression network and the speaker
 * profiles. Owns and closes all of them.
 */
public final class AnimationEngine implements AutoCloseable {
    /** Longest live log-mel window (1.4 s) the network's buffers are sized for. */
    public static final int MAX_LIVE_MEL = 140;
    private final ModelBundle bundle;
    private final PoseModel pose;
    private final FaceModel face;
    private final ExpressionNetwork network;
    private final SpeechEncoder speechEncoder;
    private final SpeakerLibrary speakers;
    private final String faceWarning;
    private String provider = "CPUExecutionProvider";
    private String providerWhy = "bundle opened by the caller";

    /**
     * @param allowFaceMismatch accept a face whose checksum differs from the manifest's (same model id):
     *                          the mismatch is then kept as {@link #faceWarning()} instead of thrown
     */
    public AnimationEngine(ModelBundle bundle, PoseModel pose, FaceModel face, boolean allowFaceMismatch)
            throws AnimateException {
        String warning = "";
        try {
            checkFace(bundle, face);
        } catch (AnimateException e) {
            if (!allowFaceMismatch || !face.id().equals(bundle.manifest().path("face").path("model_id").asText())) {
                throw e;
            }
            warning = e.getMessage();
        }
        this.faceWarning = warning;
        this.bundle = bundle;
        this.pose = pose;
        this.face = face;
        try {
            this.network = new ExpressionNetwork(bundle, MAX_LIVE_MEL);
        } catch (ModelBundleException e) {
            throw new AnimateException(e.getMessage(), e);
        }
        try {
            this.speechEncoder = SpeechEncoders.open(bundle);
        } catch (ModelBundleException e) {
            network.close();
            throw new AnimateException(e.getMessage(), e);
        }
        if (pose != null && pose.usesWav2Vec2()) {
            String sha = bundle.manifest().path("features").path("sha256").asText("");
            int hidden = bundle.manifest().path("features").path("dimension").asInt(-1);
            if (SpeechEncoders.isLogMel(bundle) || !pose.featureSha256().equalsIgnoreCase(sha) || pose.featDim() != hidden + 3) {
                speechEncoder.close();
                network.close();
                throw new AnimateException(bundle.directory().resolve("pose.json") + ": the pose model was trained on the"
                        + " features of the wav2vec 2.0 / HuBERT export with SHA-256 " + pose.featureSha256() + " ("
                        + (pose.featDim() - 3) + " dimensions), but the bundle's speech encoder is "
                        + (SpeechEncoders.isLogMel(bundle) ? "its own log-mel encoder" : "an export with SHA-256 " + sha
                        + " (" + hidden + " dimensions)"));
            }
        }
        this.speakers = new SpeakerLibrary(bundle, pose);
    }

    /** Opens {@code bundleDir} (its {@code pose.json} if present) for {@code face}. */
    public static AnimationEngine open(Path bundleDir, FaceModel face, boolean allowFaceMismatch)
            throws AnimateException {
        ModelBundle bundle;
        String provider;
        String why;
        try {
            BundleLoader.Loaded loaded = BundleLoader.load(bundleDir, ExecutionProviders.Preference.AUTO);
            bundle = loaded.bundle();
            provider = loaded.provider();
            why = loaded.why();
        } catch (ModelBundleException e) {
            throw new AnimateException(e.getMessage(), e);
        }
        PoseModel pose = null;
        try {
            Path poseFile = bundleDir.resolve("pose.json");
            if (Files.isRegularFile(poseFile)) {
                pose = PoseModel.load(poseFile);
            }
            AnimationEngine engine = new AnimationEngine(bundle, pose, face, allowFaceMismatch);
            engine.provider = provider;
            engine.providerWhy = why;
            return engine;
        } catch (PoseModelException | AnimateException | RuntimeException e) {
            if (pose != null) pose.close();
            bundle.close();
            throw e instanceof AnimateException a ? a : new AnimateException(e.getMessage(), e);
        }
    }

    /** Refuses a face the bundle was not made for: the manifest names the model id and file checksum. */
    public static void checkFace(ModelBundle bundle, FaceModel face) throws AnimateException {
        var f = bundle.manifest().path("face");
        String id = f.path("model_id").asText();
        String sha = f.path("sha256").asText();
        Path manifest = bundle.directory().resolve("manifest.json");
        if (!id.equals(face.id())) {
            throw new AnimateException(manifest + " is for face model '" + id + "', but the loaded face is '"
                    + face.id() + "'");
        }
        if (!sha.isEmpty() && !sha.equalsIgnoreCase(face.checksum())) {
            throw new AnimateException(manifest + " expects face file " + f.path("file").asText() + " with SHA-256 "
                    + sha + ", but the loaded face '" + face.id() + "' has "
                    + (face.checksum().isEmpty() ? "no checksum (built in memory)" : face.checksum())
                    + ": the bundle was trained for a different version of the face");
        }
    }

    /** The ONNX Runtime execution provider of the bundle's sessions, e.g. CPUExecutionProvider. */
    public String provider() { return provider; }
    /** Why that provider (e.g. "running on CPU: no CUDA provider in this build"). */
    public String providerWhy() { return providerWhy; }
    /** Empty, or why the face does not match the bundle (accepted at open). */
    public String faceWarning() { return faceWarning; }
    public ModelBundle bundle() { return bundle; }
    public PoseModel pose() { return pose; }
    public FaceModel face() { return face; }
    public ExpressionNetwork network() { return network; }
    /** The speech encoder the manifest names (log-mel, or a wav2vec 2.0 / HuBERT export): whole utterances. */
    public SpeechEncoder speechEncoder() { return speechEncoder; }
    /** Whether the live path can use the bundle's own chunk-masked log-mel encoder. */
    public boolean logMelEncoder() { return SpeechEncoders.isLogMel(bundle); }
    public SpeakerLibrary speakers() { return speakers; }
    public double fps() { return bundle.manifest().path("fps").asDouble(30.0); }

    @Override
    public void close() {
        speechEncoder.close();
        network.close();
        if (pose != null) pose.close();
        bundle.close();
    }
}
