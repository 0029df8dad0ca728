package io.adamesh.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which ONNX Runtime execution providers work on this machine, and session options that use the
 * best of them. CUDA is tried for real: ONNX Runtime lists it as available whenever the library was
 * built with it, even when the CUDA libraries or the GPU are missing.
 */
public final class ExecutionProviders {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutionProviders.class);

    /** What the caller wants; {@link #AUTO} means CUDA when usable, else CPU. */
    public enum Preference { AUTO, CPU, CUDA }

    /**
     * Result of probing.
     *
     * @param loaded whether the ONNX Runtime native library loaded at all
     * @param version ONNX Runtime version, or {@code "unavailable"}
     * @param compiledIn providers the library says it was built with (CUDA may be listed but unusable)
     * @param usable providers that actually initialise here
     * @param cudaUsable whether the CUDA provider initialised
     * @param cudaReason why CUDA is not usable ({@code null} when it is)
     */
    public record Probe(boolean loaded, String version, List<String> compiledIn, List<String> usable,
                        boolean cudaUsable, String cudaReason) {
    }

    /**
     * Session options plus which provider they select and, after a fallback, why.
     * Close it (it owns native memory) once the sessions made with it are created.
     */
    public record Selection(OrtSession.SessionOptions options, String provider, String note)
            implements AutoCloseable {
        @Override
        public void close() {
            options.close();
        }
    }

    private static volatile Probe cached;

    private ExecutionProviders() {}

    /** Probes once per process; later calls return the same answer. */
    public static Probe probe() {
        Probe result = cached;
        if (result == null) {
            synchronized (ExecutionProviders.class) {
                result = cached;
                if (result == null) {
                    result = probeNow();
                    cached = result;
                }
            }
        }
        return result;
    }

    private static Probe probeNow() {
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (LinkageError | RuntimeException e) {
            String reason = "ONNX Runtime failed to load: " + message(e);
            return new Probe(false, "unavailable", List.of(), List.of(), false, reason);
        }
        List<String> compiledIn = new ArrayList<>();
        for (OrtProvider provider : OrtEnvironment.getAvailableProviders()) {
            compiledIn.add(provider.getName());
        }
        List<String> usable = new ArrayList<>();
        usable.add(OrtProvider.CPU.getName());
        String cudaReason = null;
        // Tried even when the build does not list CUDA, so the reason is ONNX Runtime's own words.
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.addCUDA(0);
            usable.addFirst(OrtProvider.CUDA.getName());
        } catch (OrtException | RuntimeException | LinkageError e) {
            cudaReason = "addCUDA(0) failed: " + message(e);
            if (!compiledIn.contains(OrtProvider.CUDA.getName())) {
                cudaReason += " (this is the CPU-only ONNX Runtime; build with -Pcuda for onnxruntime_gpu)";
            } else {
                String why = CudaLibraries.diagnoseHere();
                if (!why.isEmpty()) cudaReason += " -- " + why;
            }
        }
        return new Probe(true, env.getVersion(), List.copyOf(compiledIn), List.copyOf(usable),
                cudaReason == null, cudaReason);
    }

    /**
     * Session options for {@code preference}. Asking for CUDA where it does not work falls back to
     * CPU and says why in {@link Selection#note()} (and in the log).
     */
    public static Selection sessionOptions(Preference preference) throws OrtException {
        Probe probe = probe();
        if (!probe.loaded()) {
            throw new IllegalStateException(probe.cudaReason());
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        if (preference == Preference.CPU) {
            return new Selection(options, OrtProvider.CPU.getName(), "CPU requested");
        }
        if (probe.cudaUsable()) {
            try {
                options.addCUDA(0);
                return new Selection(options, OrtProvider.CUDA.getName(), "CUDA device 0");
            } catch (OrtException e) {
                options.close();
                options = new OrtSession.SessionOptions();
                return fallback(options, preference, "CUDA provider did not initialise: " + message(e));
            }
        }
        return fallback(options, preference, probe.cudaReason());
    }

    private static Selection fallback(OrtSession.SessionOptions options, Preference preference, String reason) {
        String note = "running on CPU: " + reason;
        if (preference == Preference.CUDA) {
            LOG.warn("CUDA was requested; {}", note);
        } else {
            LOG.info("{}", note);
        }
        return new Selection(options, OrtProvider.CPU.getName(), note);
    }

    private static String message(Throwable e) {
        String text = e.getMessage();
        if (text == null || text.isBlank()) {
            return e.getClass().getSimpleName();
        }
        return text.strip().replaceAll("\\s+", " ");
    }
}
