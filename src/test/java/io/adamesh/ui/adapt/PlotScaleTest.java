package io.adamesh.ui.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlotScaleTest {
    @Test
    void ticksAreRoundNumbersInsideTheRange() {
        assertEquals(List.of(0.0, 50.0, 100.0, 150.0, 200.0), PlotScale.ticks(0, 200, 5, true));
        List<Double> y = PlotScale.ticks(0.0123, 0.0571, 5, false);
        assertEquals(0.02, y.get(0), 1e-12);
        assertEquals(0.01, y.get(1) - y.get(0), 1e-12);
        assertTrue(y.get(y.size() - 1) <= 0.0571);
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0), PlotScale.ticks(0, 3, 6, true), "integer steps never go below 1");
    }

    @Test
    void pointsMapIntoThePlotAreaWithTheLowestLossAtTheBottom() {
        var pts = List.of(new LossPoint(1, 0.05, Double.NaN), new LossPoint(50, 0.02, 0.03), new LossPoint(100, 0.01, Double.NaN));
        PlotScale s = PlotScale.of(pts, 50, 20, 400, 200);
        assertEquals(50 + 400, s.x(100), 1e-9);
        assertEquals(50, s.x(0), 1e-9);
        assertTrue(s.y(0.01) > s.y(0.05), "lower loss lower on screen");
        assertTrue(s.y(0.01) <= 220 && s.y(0.05) >= 20, "inside the area");
        assertEquals(0.0, PlotScale.of(List.of(), 0, 0, 10, 10).yMin(), 1e-12);
    }

    @Test
    void aLossThatFallsByOrdersOfMagnitudeGetsALogAxis() {
        var pts = List.of(new LossPoint(1, 4.0, Double.NaN), new LossPoint(30, 0.05, 0.04), new LossPoint(60, 0.02, 0.03));
        PlotScale s = PlotScale.of(pts, 0, 0, 100, 100);
        assertTrue(s.log());
        // equal ratios are equal distances
        assertEquals(s.y(0.02) - s.y(0.2), s.y(0.2) - s.y(2.0), 1e-9);
        assertTrue(s.yTicks().containsAll(List.of(0.05, 0.1, 0.2, 0.5, 1.0, 2.0)), s.yTicks().toString());
        assertTrue(!PlotScale.of(List.of(new LossPoint(1, 0.05, 0.04), new LossPoint(2, 0.03, 0.03)), 0, 0, 100, 100).log(),
                "a narrow range stays linear");
    }

    @Test
    void labelsKeepThreeSignificantDigits() {
        assertEquals("0.0312", PlotScale.label(0.031234));
        assertEquals("1.5", PlotScale.label(1.5));
        assertEquals("0", PlotScale.label(0));
        assertEquals("0.0005", PlotScale.label(5e-4), "small losses stay readable");
        assertEquals("150", PlotScale.label(150));
        assertEquals("2.00e-05", PlotScale.label(2e-5));
    }
}
