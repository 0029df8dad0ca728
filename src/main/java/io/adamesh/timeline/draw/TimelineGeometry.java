package io.adamesh.timeline.draw;

import io.adamesh.timeline.ChannelGroup;
import io.adamesh.timeline.Project;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where everything is on the timeline: the rows from top to bottom (ruler, markers, voice, one
 * lane per channel group with its channels below when expanded, reference video), the header
 * column, and the mapping between time and x. Pure arithmetic, shared by the painter, hit-testing
 * in the view and the bench.
 */
public final class TimelineGeometry {
    public static final double HEADER = 132;
    public static final double RULER = 30;

    public enum RowKind { MARKERS, VOICE, GROUP, CHANNEL, REFERENCE }

    /** One horizontal band. {@code channel} is set for CHANNEL rows, {@code group} for GROUP and CHANNEL rows. */
    public record Row(RowKind kind, ChannelGroup group, String channel, double y, double height) {
        public boolean contains(double py) { return py >= y && py < y + height; }
    }

    private final List<Row> rows = new ArrayList<>();
    private double viewStart;
    private double pixelsPerSecond = 100;
    private double width;
    private double height;

    /** Lays out the rows for the document's channels and the expanded groups. */
    public void layout(Project p, Set<ChannelGroup> expanded, double width, double height) {
        layout(p, expanded, width, height, 0);
    }

    /** As {@link #layout(Project, Set, double, double)} with the rows scrolled up by {@code scrollY} pixels. */
    public void layout(Project p, Set<ChannelGroup> expanded, double width, double height, double scrollY) {
        this.width = width;
        this.height = height;
        rows.clear();
        double y = RULER - scrollY;
        rows.add(new Row(RowKind.MARKERS, null, null, y, 20));
        y += 20;
        rows.add(new Row(RowKind.VOICE, null, null, y, 60));
        y += 60;
        List<String> channels = p.channels();
        for (ChannelGroup g : ChannelGroup.values()) {
            rows.add(new Row(RowKind.GROUP, g, null, y, 26));
            y += 26;
            if (expanded.contains(g)) {
                for (String ch : g.select(channels)) {
                    rows.add(new Row(RowKind.CHANNEL, g, ch, y, 44));
                    y += 44;
                }
            }
        }
        rows.add(new Row(RowKind.REFERENCE, null, null, y, 50));
    }

    public List<Row> rows() { return rows; }

    public Row rowAt(double y) {
        if (y < RULER) return null;
        for (Row r : rows) if (r.contains(y)) return r;
        return null;
    }

    public Row channelRow(String channel) {
        for (Row r : rows) if (r.kind() == RowKind.CHANNEL && r.channel().equals(channel)) return r;
        return null;
    }

    /** Total height of all rows (for a vertical scroll bar). */
    public double contentHeight() {
        Row last = rows.get(rows.size() - 1);
        return last.y() + last.height() - rows.get(0).y() + RULER;
    }

    public void setView(double start, double pixelsPerSecond) {
        this.viewStart = start;
        this.pixelsPerSecond = pixelsPerSecond;
    }

    public double viewStart() { return viewStart; }
    public double pixelsPerSecond() { return pixelsPerSecond; }
    public double width() { return width; }
    public double height() { return height; }
    public double laneWidth() { return Math.max(0, width - HEADER); }
    public double viewEnd() { return viewStart + laneWidth() / pixelsPerSecond; }

    public double x(double t) { return HEADER + (t - viewStart) * pixelsPerSecond; }
    public double time(double x) { return viewStart + (x - HEADER) / pixelsPerSecond; }

    /** The value range a channel row shows: [0, 1] for expressions, radians for rotations, metres for translation. */
    public static double[] valueRange(String channel) {
        if (channel.startsWith("translation.")) return new double[] {-0.03, 0.03};
        if (channel.endsWith(".rx") || channel.endsWith(".ry") || channel.endsWith(".rz")) return new double[] {-0.4, 0.4};
        return new double[] {-0.1, 1.1};
    }

    public double valueY(Row r, double v) {
        double[] range = valueRange(r.channel());
        double u = (v - range[0]) / (range[1] - range[0]);
        return r.y() + r.height() - 3 - u * (r.height() - 6);
    }

    public double valueAt(Row r, double y) {
        double[] range = valueRange(r.channel());
        double u = (r.y() + r.height() - 3 - y) / (r.height() - 6);
        return range[0] + u * (range[1] - range[0]);
    }
}
