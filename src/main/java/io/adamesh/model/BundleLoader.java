package io.adamesh.model;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;

/**
 * Opens a bundle on the execution provider {@link ExecutionProviders} picks (CUDA when
 * onnxruntime_gpu and a device work, else CPU) with one intra-op thread, and says which and why.
 */
public final class BundleLoader {
    /** The bundle, the provider its sessions use, and why (e.g. the CUDA fallback reason). */
    public record Loaded(ModelBundle bundle, String provider, String why) {
    }

    private BundleLoader() {
    }

    public static Loaded load(Path dir, ExecutionProviders.Preference preference) throws ModelBundleException {
        try (ExecutionProviders.Selection s = ExecutionProviders.sessionOptions(preference)) {
            s.options().setIntraOpNumThreads(1);
            return new Loaded(ModelBundle.load(dir, s.options()), s.provider(), s.note());
        } catch (OrtException | IllegalStateException e) {
            throw new ModelBundleException("Model bundle " + dir + ": no ONNX Runtime session options: " + e.getMessage(), e);
        }
    }
}
