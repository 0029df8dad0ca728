package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aThousandFramesOfProgressDrawAtMostOneLinePerPercent() {
        ProgressLine line = new ProgressLine(err, "track");
        for (int i = 0; i <= 1000; i++) {
            line.bar(i / 1000.0, "");
        }
        line.done();
        String out = written();
        assertEquals(101, out.chars().filter(c -> c == '\r').count(), out);
        assertTrue(out.endsWith("track [" + "#".repeat(ProgressLine.WIDTH) + "] 100%\n"), out);
        assertTrue(out.startsWith("\rtrack [" + " ".repeat(ProgressLine.WIDTH) + "]   0%\r"), out);
    }

    @Test
    void aNewStageRedrawsAtTheSamePercentAndOutOfRangeFractionsAreClamped() {
        ProgressLine line = new ProgressLine(err, "animate");
        line.bar(0.5, "encoding");
        line.bar(0.5, "encoding");
        line.bar(0.5, "decoding");
        line.bar(Double.NaN, "x");
        line.bar(7, "x");
        String[] draws = written().split("\r", -1);
        assertEquals(5, draws.length, written());
        assertTrue(draws[1].endsWith(" 50% encoding"), draws[1]);
        assertTrue(draws[2].endsWith(" 50% decoding"), draws[2]);
        assertTrue(draws[3].endsWith("   0% x"), draws[3]);
        assertTrue(draws[4].endsWith(" 100% x"), draws[4]);
    }

    @Test
    void doneEndsTheLineOnlyWhenSomethingWasDrawn() {
        new ProgressLine(err, "render:").done();
        assertEquals("", written());
        ProgressLine line = new ProgressLine(err, "render:");
        line.text("3/90");
        line.text("3/90");
        line.done();
        assertEquals("\rrender: 3/90\n", written());
    }
}
