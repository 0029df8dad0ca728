package io.adamesh.cli.bench;

import io.adamesh.timeline.ChannelGroup;
import io.adamesh.timeline.Evaluator;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.SampleProjects;
import io.adamesh.timeline.TangentMode;
import io.adamesh.timeline.draw.DrawSurface;
import io.adamesh.timeline.draw.TimelineGeometry;
import io.adamesh.timeline.draw.TimelinePainter;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.timeline.edit.KeyEdits;
import io.adamesh.timeline.io.ProjectIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code bench} section "timeline" on a 10-minute sample project (30 fps, 24 expression channels, two
 * edit layers): the timeline painter's cost while scrolling at 100 px/s in a 1400x600 view (through the
 * JavaFX-free {@link DrawSurface} seam: on a no-op surface = layout + evaluation of the visible range,
 * and on a Java2D image = with software rasterisation; the JavaFX canvas figure comes from the
 * test-scope {@code TimelineScreenshotTest}), evaluation per frame, edit+undo, project save/open and
 * the document's memory.
 */
public final class TimelineBench implements BenchSection {
    @Override
    public String name() { return "timeline"; }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        double seconds = 600;
        context.progress().accept("timeline: building a 10-minute project");
        long heap0 = usedHeap();
        Project p = SampleProjects.speech(seconds, 30);
        long heap1 = usedHeap();
        out.put("project_seconds", seconds);
        out.put("project_memory_mib", round((heap1 - heap0) / 1048576.0));

        context.progress().accept("timeline: redraw while scrolling");
        Evaluator ev = new Evaluator(p);
        TimelinePainter painter = new TimelinePainter();
        TimelineGeometry g = new TimelineGeometry();
        g.layout(p, Set.of(ChannelGroup.JAW, ChannelGroup.BROWS), 1400, 600);
        TimelinePainter.State st = new TimelinePainter.State();
        st.activeLayerId = p.layers().get(0).id();
        int frames = context.quick() ? 120 : 600;
        out.put("redraw_noop_surface_ms", scroll(painter, new NoopSurface(), p, ev, g, st, frames));
        BufferedImage img = new BufferedImage(1400, 600, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g2 = img.createGraphics();
        out.put("redraw_java2d_ms", scroll(painter, new Java2dSurface(g2), p, ev, g, st, frames / 2));
        g2.dispose();
        out.put("redraw_view", "1400x600 px, 100 px/s, jaw+brows expanded (10 channel curves), frame-by-frame scroll");

        context.progress().accept("timeline: evaluation and edits");
        List<String> channels = p.channels();
        double[] values = new double[channels.size()];
        int evalFrames = context.quick() ? 2000 : 18000;
        long a = System.nanoTime();
        for (int f = 0; f < evalFrames; f++) ev.evaluate(f / 30.0, channels, values);
        out.put("evaluate_frame_us", round((System.nanoTime() - a) / 1e3 / evalFrames));
        out.put("channels", channels.size());
        JobManager jobs = new JobManager();
        String layer = p.layers().get(0).id();
        a = System.nanoTime();
        for (int i = 0; i < 1000; i++) jobs.push(KeyEdits.addKey(p, layer, "mouthFunnel", i * 0.5, 0.1, TangentMode.SMOOTH));
        while (jobs.canUndo()) jobs.undo();
        out.put("add_key_and_undo_us", round((System.nanoTime() - a) / 1e3 / 1000));

        context.progress().accept("timeline: save and open");
        Path dir = Files.createTempDirectory("adamesh-timeline-bench");
        try {
            Path file = dir.resolve("bench.adamesh");
            int runs = context.quick() ? 3 : 7;
            double[] save = new double[runs], open = new double[runs];
            for (int i = 0; i < runs; i++) {
                long s0 = System.nanoTime();
                ProjectIO.write(p, file);
                save[i] = (System.nanoTime() - s0) / 1e6;
                s0 = System.nanoTime();
                ProjectIO.read(file);
                open[i] = (System.nanoTime() - s0) / 1e6;
            }
            out.put("save_ms_p50", round(median(save)));
            out.put("open_ms_p50", round(median(open)));
            out.put("json_kib", round(Files.size(file) / 1024.0));
            out.put("sidecar_kib", round(Files.size(ProjectIO.sidecars(file).get(0)) / 1024.0));
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
            }
        }
        return out;
    }

    private static Map<String, Object> scroll(TimelinePainter painter, DrawSurface s, Project p, Evaluator ev, TimelineGeometry g,
                                              TimelinePainter.State st, int frames) {
        for (int i = 0; i < 20; i++) {
            g.setView(100 + i * 0.08, 100);
            painter.paint(s, p, ev, g, st);
        }
        double[] ms = new double[frames];
        for (int i = 0; i < frames; i++) {
            g.setView(200 + i * 0.08, 100);
            st.playhead = 201 + i * 0.08;
            long a = System.nanoTime();
            painter.paint(s, p, ev, g, st);
            ms[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(ms);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", round(ms[frames / 2]));
        m.put("p95", round(ms[frames * 95 / 100]));
        m.put("max", round(ms[frames - 1]));
        return m;
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double round(double x) { return Math.round(x * 100) / 100.0; }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return r.totalMemory() - r.freeMemory();
    }

    /** Discards drawing: measures layout and evaluation of the visible range only. */
    static final class NoopSurface implements DrawSurface {
        long calls;
        @Override public void fillRect(double x, double y, double w, double h, int argb) { calls++; }
        @Override public void strokeLine(double x1, double y1, double x2, double y2, int argb, double width) { calls++; }
        @Override public void polyline(double[] xs, double[] ys, int n, int argb, double width) { calls += n; }
        @Override public void text(String s, double x, double baselineY, int argb, double size) { calls++; }
        @Override public void pushClip(double x, double y, double w, double h) { }
        @Override public void popClip() { }
    }

    /** Software rasterisation with Java2D (no display needed). */
    static final class Java2dSurface implements DrawSurface {
        private final Graphics2D g;
        private final ArrayDeque<java.awt.Shape> clips = new ArrayDeque<>();
        private final Map<Integer, Color> colors = new java.util.HashMap<>();
        private final Path2D.Double path = new Path2D.Double();

        Java2dSurface(Graphics2D g) { this.g = g; }

        private void color(int argb) { g.setColor(colors.computeIfAbsent(argb, c -> new Color(c, true))); }

        @Override public void fillRect(double x, double y, double w, double h, int argb) {
            color(argb);
            g.fillRect((int) x, (int) y, (int) Math.ceil(w), (int) Math.ceil(h));
        }
        @Override public void strokeLine(double x1, double y1, double x2, double y2, int argb, double width) {
            color(argb);
            g.setStroke(new BasicStroke((float) width));
            g.drawLine((int) x1, (int) y1, (int) x2, (int) y2);
        }
        @Override public void polyline(double[] xs, double[] ys, int n, int argb, double width) {
            if (n < 2) return;
            color(argb);
            g.setStroke(new BasicStroke((float) width));
            path.reset();
            path.moveTo(xs[0], ys[0]);
            for (int i = 1; i < n; i++) path.lineTo(xs[i], ys[i]);
            g.draw(path);
        }
        @Override public void text(String s, double x, double baselineY, int argb, double size) {
            color(argb);
            g.setFont(g.getFont().deriveFont(Font.PLAIN, (float) size));
            g.drawString(s, (float) x, (float) baselineY);
        }
        @Override public void pushClip(double x, double y, double w, double h) {
            clips.push(g.getClip() == null ? new java.awt.Rectangle(0, 0, 100000, 100000) : g.getClip());
            g.clipRect((int) x, (int) y, (int) Math.ceil(w), (int) Math.ceil(h));
        }
        @Override public void popClip() { g.setClip(clips.pop()); }
    }
}
