package io.adamesh.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveViewportSectionTest {
    private final List<String> progress = new ArrayList<>();

    private static LiveViewportSection section(Class<?> studio, String display) {
        return new LiveViewportSection(name -> name.equals("DISPLAY") ? display : null, studio.getName(), Duration.ofSeconds(30));
    }

    @Test void saysWhyItIsSkippedWithoutADisplay() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Answering.class, " ").run(new BenchContext(Path.of("."), false, progress::add));
        String why = (String) figures.get("skipped");
        assertTrue(why.contains("no DISPLAY") && why.contains("xvfb-run"), why);
    }

    @Test void readsTheLiveFiguresAndGivesTheStudioASimulatedMicrophoneInput() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Answering.class, ":99").run(new BenchContext(Path.of("."), true, progress::add));
        assertEquals(41.5, figures.get("viewport_fps"), figures.toString());
        assertEquals(29.5, figures.get("frames_shown_per_s"), figures.toString());
        assertEquals(3L, figures.get("frames_not_shown"), figures.toString());
        assertTrue(progress.stream().anyMatch(p -> p.contains("simulated microphone")), progress.toString());
    }

    @Test void aStudioThatDiesIsReportedAsSkippedWithItsError() throws Exception {
        Map<String, Object> figures = section(FakeStudios.Crashing.class, ":99").run(new BenchContext(Path.of("."), true, progress::add));
        assertTrue(((String) figures.get("skipped")).contains("no studio here"), figures.toString());
    }
}
