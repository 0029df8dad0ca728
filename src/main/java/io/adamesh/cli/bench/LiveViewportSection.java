package io.adamesh.cli.bench;

import io.adamesh.audio.AudioFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The viewport while live mode runs: a real studio in a child JVM whose live input is a simulated
 * microphone looping a speech-like signal in real time ({@code -Dadamesh.liveFpsProbe}); the whole
 * path runs (capture thread, inference thread with expression and streamed head pose, the FX
 * thread's rig evaluation and mesh upload). Reports pulses drawn per second, new live frames shown
 * per second, live frames the viewport never showed, the animator's own drops, latency and compute.
 * Needs a display with working 3D: under Xvfb the probe passes {@code -Dprism.forceGPU=true}; without
 * a DISPLAY the section says so and is skipped.
 */
public final class LiveViewportSection implements BenchSection {
    static final String DONE_KEY = "LIVE_DONE";
    static final int SECONDS = 10;

    private final UnaryOperator<String> environment;
    private final StudioProbe probe;

    public LiveViewportSection() {
        this(System::getenv, "io.adamesh.Main", Duration.ofSeconds(180));
    }

    LiveViewportSection(UnaryOperator<String> environment, String mainClass, Duration timeout) {
        this.environment = environment;
        this.probe = new StudioProbe(mainClass, timeout);
    }

    @Override
    public String name() {
        return "live-viewport";
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        String display = environment.apply("DISPLAY");
        if (display == null || display.isBlank()) {
            return Map.of("skipped", "no DISPLAY set: the viewport needs a display with 3D; run the bench under "
                    + "xvfb-run -a -s \"-screen 0 1920x1080x24\" (the probe adds -Dprism.forceGPU=true)");
        }
        int seconds = context.quick() ? 4 : SECONDS;
        Path wav = Files.createTempFile("adamesh-live-probe-", ".wav");
        try {
            AudioFileWriter.writeWav(wav, AnimateBench.speechLike(20), 16_000, 1, AudioFileWriter.WavEncoding.PCM_S16);
            context.progress().accept("live-viewport: studio in live mode on a simulated microphone for " + seconds + " s");
            StudioProbe.Outcome o = probe.run(Map.of("adamesh.liveFpsProbe", String.valueOf(seconds),
                    "adamesh.liveFpsProbe.input", wav.toString()), DONE_KEY);
            if (!o.succeeded()) {
                return Map.of("skipped", "live viewport probe failed: " + o.failure());
            }
            Map<String, Object> out = new LinkedHashMap<>();
            o.figures().forEach((k, v) -> {
                if (k.startsWith("LIVE_") && !k.equals(DONE_KEY)) {
                    String key = k.substring("LIVE_".length()).toLowerCase(Locale.ROOT);
                    out.put(key, v == Math.rint(v) && !key.contains("fps") && !key.contains("ms") && !key.contains("per_s")
                            ? (Object) Math.round(v) : (Object) v);
                }
            });
            out.put("note", "viewport_fps = pulses drawn per second; frames_shown_per_s = new live frames on screen "
                    + "(30 at most); frames_not_shown = live frame numbers skipped between frames shown");
            return out;
        } finally {
            Files.deleteIfExists(wav);
        }
    }
}
