package io.adamesh.cli.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Studio start-up time and viewport frame rate, measured on a real studio in a child JVM.
 * The studio prints {@code STARTUP_MS=<n>} after its first frame with the head drawn when run with
 * {@code -Dadamesh.startupProbe=true}, and {@code VIEWPORT_FPS=<x>} after {@code -Dadamesh.fpsProbe=<s>}
 * seconds of drawing; both then exit. Needs a display; skipped without one.
 */
public final class StartupSection implements BenchSection {
    public static final String NAME = "startup";
    static final String STARTUP_KEY = "STARTUP_MS";
    static final String FPS_KEY = "VIEWPORT_FPS";
    static final int FPS_SECONDS = 5;

    private final UnaryOperator<String> environment;
    private final StudioProbe probe;

    public StartupSection() {
        this(System::getenv, "io.adamesh.Main", Duration.ofSeconds(60));
    }

    StartupSection(UnaryOperator<String> environment, String mainClass, Duration timeout) {
        this.environment = environment;
        this.probe = new StudioProbe(mainClass, timeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        String display = environment.apply("DISPLAY");
        if (display == null || display.isBlank()) {
            return Map.of("skipped", "no DISPLAY set (run under a desktop session or xvfb-run)");
        }
        context.progress().accept("startup: launching the studio until its first frame");
        StudioProbe.Outcome startup = probe.run(Map.of("adamesh.startupProbe", "true"), STARTUP_KEY);
        if (!startup.succeeded()) {
            return Map.of("skipped", "start-up probe failed: " + startup.failure());
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("startup_ms", Math.round(startup.value().getAsDouble()));
        figures.put("launch_to_first_frame_wall_ms", startup.wallMs());
        if (context.quick()) {
            figures.put("viewport_fps_skipped", "--quick");
            return figures;
        }
        context.progress().accept("startup: measuring viewport frame rate for " + FPS_SECONDS + " s");
        StudioProbe.Outcome fps = probe.run(Map.of("adamesh.fpsProbe", String.valueOf(FPS_SECONDS)), FPS_KEY);
        if (fps.succeeded()) {
            figures.put("viewport_fps", fps.value().getAsDouble());
        } else {
            figures.put("viewport_fps_skipped", fps.failure());
        }
        return figures;
    }
}
