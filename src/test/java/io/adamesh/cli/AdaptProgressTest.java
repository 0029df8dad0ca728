package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The adapt command's progress: one redraw per visible change, losses readable at any scale. */
class AdaptProgressTest {
    @Test
    void redrawsOnlyWhatChangedAndKeepsSmallLossesReadable() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(err, true, StandardCharsets.UTF_8);
        AdaptCommand.Progress p = new AdaptCommand.Progress(new CliIo(ps, ps, Path.of(".")));
        for (int frame = 0; frame < 300; frame++) {
            p.stage("Tracking", frame / 299.0);       // 300 callbacks, 101 distinct percentages
        }
        p.loss(1, 3.8e-4, Double.NaN);
        p.stage("Adapting", 0.01);
        p.loss(5, 2.5e-5, 2.82e-5);
        p.stage("Adapting", 0.03);
        String text = err.toString(StandardCharsets.UTF_8);
        long tracking = text.split("\r", -1).length - 1;
        assertEquals(101 + 2, tracking, text);       // 101 tracking redraws + 2 adapting ones
        assertTrue(text.contains("step 1  loss 0.000380  held-back -"), text);
        assertTrue(text.contains("step 5  loss 2.50e-05  held-back 2.82e-05"), text);
    }
}
