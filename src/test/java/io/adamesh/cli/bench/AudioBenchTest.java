package io.adamesh.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AudioBenchTest {
    @Test
    @SuppressWarnings("unchecked")
    void quickRunReportsEveryFigure() throws Exception {
        StringBuilder progress = new StringBuilder();
        Map<String, Object> r = new AudioBench().run(new BenchContext(Path.of("."), true, progress::append));
        System.out.println("audio bench (quick): " + r);
        assertEquals("audio", new AudioBench().name());
        assertTrue((double) r.get("logmel_x_realtime") > 1);
        assertTrue((double) r.get("resample_44k1_to_16k_x_realtime") > 1);
        Map<String, Object> mp3 = (Map<String, Object>) r.get("mp3_decode");
        assertEquals(60.0, (double) mp3.get("output_seconds"), 0.2);
        Map<String, Object> clock = (Map<String, Object>) r.get("playback_clock");
        assertTrue(Math.abs((double) clock.get("drift_end_ms")) < 1.0, clock.toString());
        Map<String, Object> cap = (Map<String, Object>) r.get("capture_16k");
        assertTrue((double) cap.get("handoff_to_ring_ms_p50") < 50, cap.toString());
    }
}
