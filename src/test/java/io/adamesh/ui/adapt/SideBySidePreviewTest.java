package io.adamesh.ui.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.SimulatedOutputLine;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The side-by-side preview's clock: clip frame for the head, video frame for the reference window. */
class SideBySidePreviewTest {
    /** mouthSmileLeft rises 0.01 per frame, so the applied value tells which frame was shown. */
    static Clip ramp(int frames) {
        float[] ex = new float[frames];
        for (int i = 0; i < frames; i++) ex[i] = i * 0.01f;
        return new Clip("openhead", 30, List.of("mouthSmileLeft"), List.of(), frames, ex, new float[0], new float[frames * 3], null);
    }

    @Test
    void wallClockPicksTheClipFrameAndTheVideoFrameOfTheSameMoment() throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        var p = m.newParams();
        int jaw = m.expressionIndex("mouthSmileLeft");
        List<Integer> seeks = new ArrayList<>();
        // the range starts at 5 s of a 25 fps video; the clip is 30 fps, 2 s
        SideBySidePreview pre = new SideBySidePreview("t", ramp(60), null, null, 5.0, 25, seeks::add);
        int[] overs = {0};
        pre.setOnOver(() -> overs[0]++);
        assertTrue(pre.advance(0, m, p));
        assertEquals(0f, p.expression(jaw), 1e-6);
        assertEquals(List.of(125), seeks);
        assertTrue(pre.advance(0.5, m, p));                // 0.5 s: clip frame 15, video frame 137
        assertEquals(0.15f, p.expression(jaw), 1e-6);
        assertEquals(137, seeks.get(seeks.size() - 1));
        assertFalse(pre.advance(0.001, m, p), "same clip frame: nothing to redraw");
        assertTrue(pre.advance(1.0, m, p));
        assertEquals(0.45f, p.expression(jaw), 1e-6);
        assertFalse(pre.isOver());
        assertFalse(pre.advance(1.0, m, p));                // past 2 s
        assertTrue(pre.isOver());
        pre.stop();
        assertEquals(1, overs[0], "told once");
    }

    @Test
    void withSoundTheAudioClockLeads() throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        var p = m.newParams();
        SimulatedOutputLine line = new SimulatedOutputLine(SimulatedOutputLine.Clock.system(), 1600, 0);
        List<Integer> seeks = new ArrayList<>();
        SideBySidePreview pre = new SideBySidePreview("t", ramp(60), new float[16_000 * 2], line, 0, 30, seeks::add);
        pre.start();
        pre.advance(5.0, m, p);                              // wall time is ignored while the audio clock runs
        assertTrue(pre.time() < 0.5, "audio clock, not the 5 s of wall time: " + pre.time());
        pre.stop();
        assertTrue(pre.isOver());
    }
}
