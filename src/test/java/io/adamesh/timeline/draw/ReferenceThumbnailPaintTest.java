package io.adamesh.timeline.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.timeline.Evaluator;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.SampleProjects;
import io.adamesh.timeline.TrackKind;
import io.adamesh.timeline.edit.ClipEdits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferenceThumbnailPaintTest {
    /** Records what the painter draws. */
    static final class Recording implements DrawSurface {
        final List<int[]> images = new ArrayList<>();
        @Override public void fillRect(double x, double y, double w, double h, int argb) {}
        @Override public void strokeLine(double x1, double y1, double x2, double y2, int argb, double width) {}
        @Override public void polyline(double[] xs, double[] ys, int n, int argb, double width) {}
        @Override public void text(String s, double x, double baselineY, int argb, double size) {}
        @Override public void pushClip(double x, double y, double w, double h) {}
        @Override public void popClip() {}
        @Override public void image(int[] argb, int w, int h, double x, double y, double dw, double dh) { images.add(argb); }
    }

    @Test
    void referenceClipsShowTheirVideoPicturesOnceDecodedAndPlaceholdersBefore() {
        Project p = SampleProjects.speech(20, 30);
        MediaClip clip = MediaClip.whole(p.newStringId("reference"), "/videos/person.mp4", 12, 2);
        ClipEdits.addMediaClip(p, TrackKind.REFERENCE, clip).execute();
        int[] early = new int[16], late = new int[16];
        ThumbnailSource source = new ThumbnailSource() {
            @Override public int width() { return 4; }
            @Override public int height() { return 4; }
            @Override public int[] thumbnail(double t) { return t < 6 ? early : late; }
        };
        TimelineGeometry g = new TimelineGeometry();
        g.layout(p, Set.of(), 1400, 600);
        TimelinePainter.State st = new TimelinePainter.State();
        st.activeLayerId = p.layers().get(0).id();

        Recording without = new Recording();
        new TimelinePainter().paint(without, p, new Evaluator(p), g, st);
        assertEquals(0, without.images.size(), "no pictures before the video is decoded");

        st.thumbnails = Map.of(clip.id(), source);
        Recording with = new Recording();
        new TimelinePainter().paint(with, p, new Evaluator(p), g, st);
        assertTrue(with.images.size() > 3, "a picture every few seconds along the clip: " + with.images.size());
        assertSame(early, with.images.get(0), "the first picture is from the start of the video");
        assertSame(late, with.images.get(with.images.size() - 1), "the last one from its end");
    }
}
