package io.adamesh.model;

/**
 * Picks a bundle's speech encoder from its manifest's {@code features.type}: {@code log-mel-80} (our own
 * {@code encoder.onnx} on log-mel, {@link BundleSpeechEncoder}) or {@code wav2vec2} (a user's wav2vec 2.0 /
 * HuBERT export plus the bundle's projection, {@link Wav2Vec2BundleEncoder}).
 */
public final class SpeechEncoders {
    public static final String LOG_MEL = "log-mel-80";

    private SpeechEncoders() {}

    /** The manifest's feature type. */
    public static String featureType(ModelBundle bundle) {
        return bundle.manifest().path("features").path("type").asText(LOG_MEL);
    }

    /** Whether the bundle runs its own log-mel encoder (the only kind with the live chunk-mask path). */
    public static boolean isLogMel(ModelBundle bundle) {
        return LOG_MEL.equals(featureType(bundle));
    }

    /** Opens the encoder the manifest names; close it before the bundle. */
    public static SpeechEncoder open(ModelBundle bundle) throws ModelBundleException {
        String type = featureType(bundle);
        return switch (type) {
            case LOG_MEL -> new BundleSpeechEncoder(bundle);
            case Wav2Vec2BundleEncoder.TYPE -> Wav2Vec2BundleEncoder.open(bundle);
            default -> throw new ModelBundleException(bundle.directory().resolve("manifest.json")
                    + ": features.type '" + type + "' is not supported (this studio reads '" + LOG_MEL + "' and '"
                    + Wav2Vec2BundleEncoder.TYPE + "')");
        };
    }
}
