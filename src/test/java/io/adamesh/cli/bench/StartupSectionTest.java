package io.adamesh.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StartupSectionTest {
    private final List<String> progress = new ArrayList<>();

    private BenchContext context(boolean quick) {
        return new BenchContext(Path.of("."), quick, progress::add);
    }

    private static StartupSection section(Class<?> studio, String display, Duration timeout) {
        return new StartupSection(name -> name.equals("DISPLAY") ? display : null, studio.getName(), timeout);
    }

    @Test void skipsWithoutADisplay() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Answering.class, null, Duration.ofSeconds(5)).run(context(false));
        assertEquals(Map.of("skipped", "no DISPLAY set (run under a desktop session or xvfb-run)"), figures);
    }

    @Test void readsStartupAndFrameRateFromTheStudio() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Answering.class, ":99", Duration.ofSeconds(30))
                .run(context(false));
        assertEquals(1234L, figures.get("startup_ms"), figures.toString());
        assertEquals(47.5, figures.get("viewport_fps"), figures.toString());
        assertTrue(((Long) figures.get("launch_to_first_frame_wall_ms")) > 0, figures.toString());
        assertTrue(progress.stream().anyMatch(p -> p.contains("frame rate")), progress.toString());
    }

    @Test void quickSkipsTheFrameRateRun() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Answering.class, ":99", Duration.ofSeconds(30))
                .run(context(true));
        assertEquals(1234L, figures.get("startup_ms"));
        assertEquals("--quick", figures.get("viewport_fps_skipped"));
    }

    @Test void aStudioThatDiesIsSkippedWithItsLastError() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Crashing.class, ":99", Duration.ofSeconds(30))
                .run(context(false));
        String reason = (String) figures.get("skipped");
        assertTrue(reason.contains("status 3"), reason);
        assertTrue(reason.contains("no studio here"), reason);
    }

    @Test void aStudioThatNeverAnswersIsSkippedAfterTheTimeout() throws Exception {
        long start = System.nanoTime();
        Map<String, Object> figures = section(FakeStudios.Hanging.class, ":99", Duration.ofSeconds(2))
                .run(context(false));
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(((String) figures.get("skipped")).contains("no STARTUP_MS within 2 s"), figures.toString());
        assertTrue(seconds < 15, "took " + seconds + " s");
    }

    @Test void findsTheFigureOnlyOnACompleteLine() {
        assertEquals(OptionalDouble.of(812), StudioProbe.find("log\nSTARTUP_MS=812\n", "STARTUP_MS"));
        assertEquals(OptionalDouble.empty(), StudioProbe.find("STARTUP_MS=81", "STARTUP_MS"));
        assertEquals(OptionalDouble.empty(), StudioProbe.find("X_STARTUP_MS=1\n", "STARTUP_MS"));
        assertEquals(OptionalDouble.of(2), StudioProbe.find("STARTUP_MS=abc\nSTARTUP_MS=2\n", "STARTUP_MS"));
    }
}
