package io.adamesh.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.model.ExpressionNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackerCalibrationTest {
    @TempDir Path dir;

    static Adapter.Reference reference(float jawScale, float smile) {
        int f = 90, c = ExpressionNetwork.CHANNELS;
        float[] ex = new float[f * c];
        float[] jaw = new float[f];
        boolean[] use = new boolean[f];
        for (int k = 0; k < f; k++) {
            jaw[k] = (float) (jawScale * Math.max(0, Math.sin(k / 4.0)));
            ex[k * c + 22] = smile;
            use[k] = true;
        }
        return new Adapter.Reference(null, null, f, ex, jaw, use, null, 70, 1.0, null, null, null, null, null, "", 3, 0, 0);
    }

    @Test void shippedCalibrationTrustsTheJawAndMapsTrackedStatisticsToAStyle() throws Exception {
        TrackerCalibration cal = TrackerCalibration.load(Path.of("models/default")).orElseThrow();
        assertTrue(cal.used()[ExpressionNetwork.CHANNELS], "jaw is a target");
        assertTrue(cal.reliability()[ExpressionNetwork.CHANNELS] > 0.5, "jaw R2 " + cal.reliability()[ExpressionNetwork.CHANNELS]);
        assertEquals(32, cal.styleDimension());
        float[] wide = cal.style(reference(0.25f, 0.1f));
        float[] narrow = cal.style(reference(0.05f, 0.1f));
        assertEquals(32, wide.length);
        assertFalse(Arrays.equals(wide, narrow), "the jaw's range changes the style");
        for (float v : wide) {
            assertTrue(Float.isFinite(v));
        }
        double[] a = new double[ExpressionNetwork.CHANNELS + 1];
        double[] b = new double[ExpressionNetwork.CHANNELS + 1];
        cal.targets(reference(0.25f, 0.1f), 6, a);     // sin(1.5) ~ 1: open
        cal.targets(reference(0.25f, 0.1f), 0, b);     // closed
        assertTrue(a[ExpressionNetwork.CHANNELS] > b[ExpressionNetwork.CHANNELS] + 0.5,
                "a wider tracked jaw gives a wider calibrated jaw: " + a[ExpressionNetwork.CHANNELS] + " vs "
                        + b[ExpressionNetwork.CHANNELS]);
    }

    @Test void missingCalibrationIsOptionalAndABrokenOneIsNamed() throws Exception {
        assertTrue(TrackerCalibration.load(dir).isEmpty());
        Files.writeString(dir.resolve(TrackerCalibration.FILE), "{\"format\": \"something-else\", \"version\": 1}");
        var e = assertThrows(IOException.class, () -> TrackerCalibration.load(dir));
        assertTrue(e.getMessage().contains(TrackerCalibration.FILE), e.getMessage());
        String ok = Files.readString(Path.of("models/default", TrackerCalibration.FILE));
        Files.writeString(dir.resolve(TrackerCalibration.FILE), ok.replace("\"used\": [", "\"used\": [99, "));
        var e2 = assertThrows(IOException.class, () -> TrackerCalibration.load(dir));
        assertNotEquals(-1, e2.getMessage().indexOf("channel 99"), e2.getMessage());
    }
}
