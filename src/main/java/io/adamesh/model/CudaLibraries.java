package io.adamesh.model;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says why the CUDA provider of {@code onnxruntime_gpu} did not load, in terms a user can act on:
 * ONNX Runtime only reports "Failed to load shared library". The Linux provider library (1.28) needs
 * the NVIDIA driver ({@code libcuda.so.1}) and the CUDA 12 runtime libraries it links against, and
 * opens cuDNN 9 and cuFFT when a session starts; this looks for each in the dynamic linker's cache
 * ({@code ldconfig -p}), {@code LD_LIBRARY_PATH} and {@code /usr/local/cuda/lib64}.
 */
final class CudaLibraries {
    static final String DRIVER = "libcuda.so.1";
    static final List<String> RUNTIME = List.of("libcudart.so.12", "libcublas.so.12", "libcublasLt.so.12",
            "libcurand.so.10", "libcufft.so.11", "libcudnn.so.9");
    private static final Pattern LDCONFIG = Pattern.compile("^\\s*(\\S+)\\s+\\(");

    private CudaLibraries() {}

    /** A sentence naming what is missing, given the library file names that can be found; empty when none is. */
    static String diagnose(Set<String> found) {
        List<String> parts = new ArrayList<>();
        if (!found.contains(DRIVER)) {
            parts.add("no NVIDIA driver (" + DRIVER + " not found; no NVIDIA GPU, or its driver is not installed)");
        }
        List<String> missing = RUNTIME.stream().filter(n -> !found.contains(n)).toList();
        if (!missing.isEmpty()) {
            parts.add("CUDA 12 / cuDNN 9 libraries not found: " + String.join(", ", missing)
                    + " (install CUDA 12 and cuDNN 9, or add their lib folders to LD_LIBRARY_PATH)");
        }
        return String.join("; ", parts);
    }

    /** The diagnosis for this machine (Linux only; empty elsewhere). */
    static String diagnoseHere() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return "";
        }
        return diagnose(findable());
    }

    /** Library file names the dynamic linker can find. */
    static Set<String> findable() {
        Set<String> out = new HashSet<>();
        for (String ldconfig : List.of("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig")) {
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    continue;
                }
                for (String line : text.split("\n")) {
                    Matcher m = LDCONFIG.matcher(line);
                    if (m.find()) out.add(m.group(1));
                }
                break;
            } catch (java.io.IOException e) {
                // try the next location
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> dirs = new ArrayList<>(List.of("/usr/local/cuda/lib64"));
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) dirs.addAll(List.of(ld.split(File.pathSeparator)));
        for (String d : dirs) {
            if (d.isBlank()) continue;
            for (String name : RUNTIME) {
                if (Files.exists(Path.of(d, name))) out.add(name);
            }
            if (Files.exists(Path.of(d, DRIVER))) out.add(DRIVER);
        }
        return out;
    }
}
