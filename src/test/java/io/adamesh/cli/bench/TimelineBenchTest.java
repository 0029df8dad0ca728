package io.adamesh.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineBenchTest {
    @Test
    @SuppressWarnings("unchecked")
    void quickRunReportsRedrawSaveOpenAndMemory() throws Exception {
        Map<String, Object> r = new TimelineBench().run(new BenchContext(Path.of("."), true, s -> { }));
        System.out.println("timeline bench (quick): " + r);
        assertEquals("timeline", new TimelineBench().name());
        assertTrue(BenchRegistry.sections().stream().anyMatch(s -> s instanceof TimelineBench));
        Map<String, Object> redraw = (Map<String, Object>) r.get("redraw_noop_surface_ms");
        assertTrue((double) redraw.get("p50") > 0 && (double) redraw.get("p50") < 100, redraw.toString());
        assertTrue((double) r.get("save_ms_p50") > 0);
        assertTrue((double) r.get("open_ms_p50") > 0);
        assertTrue((double) r.get("sidecar_kib") > 1000, "a 10-minute clip's frames live in the sidecar");
    }
}
