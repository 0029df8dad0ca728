package io.adamesh.timeline.draw;

import io.adamesh.timeline.AnimationClip;
import io.adamesh.timeline.ChannelGroup;
import io.adamesh.timeline.Curve;
import io.adamesh.timeline.Evaluator;
import io.adamesh.timeline.Key;
import io.adamesh.timeline.Layer;
import io.adamesh.timeline.Marker;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TimedClip;
import io.adamesh.timeline.edit.KeyRef;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws the timeline in code onto a {@link DrawSurface}: only the visible time range is evaluated
 * (cost grows with the width in pixels, not with the project's length), and the per-column buffers
 * are reused between redraws.
 */
public final class TimelinePainter {
    static final int BG = 0xff1b1e23, HEADER_BG = 0xff23272e, ROW_LINE = 0xff30353d, TEXT = 0xffc9d1d9, DIM = 0xff7d8590;
    static final int RULER_BG = 0xff262a31, PLAYHEAD = 0xffff8a3d, WAVE = 0xff5fb3e8, VOICE_CLIP = 0xff203447;
    static final int ANIM_CLIP = 0xff2b2f45, REF_CLIP = 0xff2f3a2b, THUMB = 0xff4a5a44, OFFLINE = 0xff6b2b2b;
    static final int KEY = 0xffffd866, KEY_SELECTED = 0xffffffff, KEY_OTHER = 0xff8a8f98, MARKER = 0xffe5534b;
    static final int[] GROUP_COLORS = {0xffe07b9a, 0xfff0a35e, 0xff8bd17c, 0xff6cc4e8, 0xffb392f0};

    /** What to draw besides the document. */
    public static final class State {
        public double playhead;
        public String activeLayerId;
        public Set<KeyRef> selection = Set.of();
        public Set<String> selectedClips = Set.of();
        public Map<String, PeakSource> peaks = Map.of();
        public Map<String, ThumbnailSource> thumbnails = Map.of();
        /** Offset applied to the selected keys while they are dragged (not yet an edit). */
        public double dragDt, dragDv;
        /** A clip being dragged and by how much (drawn moved; not yet an edit). */
        public String clipDragId;
        public double clipDragDt;
    }

    private static TimedClip shifted(TimedClip c, State st) {
        return c.id().equals(st.clipDragId) ? c.placed(c.offset() + st.clipDragDt, c.in(), c.out()) : c;
    }

    private double[] xs = new double[0], ys = new double[0];
    private float[] colMin = new float[0], colMax = new float[0];

    private void ensure(int n) {
        if (xs.length < n) {
            xs = new double[n];
            ys = new double[n];
            colMin = new float[n];
            colMax = new float[n];
        }
    }

    public void paint(DrawSurface s, Project p, Evaluator ev, TimelineGeometry g, State st) {
        double w = g.width(), h = g.height();
        ensure((int) Math.ceil(w) + 2);
        s.fillRect(0, 0, w, h, BG);
        for (TimelineGeometry.Row r : g.rows()) {
            if (r.y() > h) break;
            if (r.y() + r.height() < TimelineGeometry.RULER) continue;
            s.pushClip(TimelineGeometry.HEADER, r.y(), g.laneWidth(), r.height());
            switch (r.kind()) {
                case MARKERS -> markers(s, p, g, r);
                case VOICE -> voice(s, p, g, r, st);
                case GROUP -> group(s, p, ev, g, r, st);
                case CHANNEL -> channel(s, p, ev, g, r, st);
                case REFERENCE -> reference(s, p, g, r, st);
            }
            s.popClip();
            s.strokeLine(0, r.y() + r.height() - 0.5, w, r.y() + r.height() - 0.5, ROW_LINE, 1);
            header(s, g, r);
        }
        ruler(s, p, g);
        double px = g.x(st.playhead);
        if (px >= TimelineGeometry.HEADER && px <= w) {
            s.strokeLine(Math.floor(px) + 0.5, TimelineGeometry.RULER - 8, Math.floor(px) + 0.5, h, PLAYHEAD, 1.5);
            s.fillRect(Math.floor(px) - 5, TimelineGeometry.RULER - 10, 11, 6, PLAYHEAD);
        }
    }

    private void header(DrawSurface s, TimelineGeometry g, TimelineGeometry.Row r) {
        s.fillRect(0, r.y(), TimelineGeometry.HEADER - 1, r.height() - 1, HEADER_BG);
        String label = switch (r.kind()) {
            case MARKERS -> "Markers";
            case VOICE -> "Voice";
            case REFERENCE -> "Reference video";
            case GROUP -> (isExpanded(g, r) ? "− " : "+ ") + r.group().label();
            case CHANNEL -> r.channel();
        };
        double x = r.kind() == TimelineGeometry.RowKind.CHANNEL ? 22 : 8;
        if (r.kind() == TimelineGeometry.RowKind.GROUP || r.kind() == TimelineGeometry.RowKind.CHANNEL) {
            s.fillRect(0, r.y(), 4, r.height() - 1, GROUP_COLORS[r.group().ordinal()]);
        }
        s.text(label, x, r.y() + Math.min(r.height() / 2 + 4, 17), r.kind() == TimelineGeometry.RowKind.CHANNEL ? DIM : TEXT, 11);
    }

    private static boolean isExpanded(TimelineGeometry g, TimelineGeometry.Row r) {
        int i = g.rows().indexOf(r);
        return i + 1 < g.rows().size() && g.rows().get(i + 1).kind() == TimelineGeometry.RowKind.CHANNEL;
    }

    /** Picks a tick step (in frames) so that labels are at least ~90 px apart. */
    static long tickFrames(double fps, double pxPerSec) {
        double pxPerFrame = pxPerSec / fps;
        long[] steps = {1, 2, 5, 10};
        long fpsI = Math.max(1, Math.round(fps));
        long[] seconds = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600};
        for (long st : steps) if (st < fpsI && st * pxPerFrame >= 90) return st;
        for (long sec : seconds) if (sec * fpsI * pxPerFrame >= 90) return sec * fpsI;
        return 3600 * fpsI;
    }

    private void ruler(DrawSurface s, Project p, TimelineGeometry g) {
        double w = g.width();
        s.fillRect(0, 0, w, TimelineGeometry.RULER, RULER_BG);
        s.fillRect(0, 0, TimelineGeometry.HEADER - 1, TimelineGeometry.RULER, HEADER_BG);
        s.text(String.format("%.3g fps", p.fps()), 8, 19, DIM, 11);
        double fps = p.fps();
        long step = tickFrames(fps, g.pixelsPerSecond());
        long minor = Math.max(1, step / (step % 5 == 0 ? 5 : step % 2 == 0 ? 2 : 1));
        long f0 = (long) Math.floor(g.viewStart() * fps / minor) * minor;
        long f1 = (long) Math.ceil(g.viewEnd() * fps);
        s.pushClip(TimelineGeometry.HEADER, 0, g.laneWidth(), TimelineGeometry.RULER);
        for (long f = Math.max(0, f0); f <= f1; f += minor) {
            double x = Math.floor(g.x(f / fps)) + 0.5;
            boolean major = f % step == 0;
            s.strokeLine(x, major ? 14 : 23, x, TimelineGeometry.RULER, major ? DIM : ROW_LINE, 1);
            if (major) {
                s.text(Timecode.of(f / fps, fps), x + 3, 11, TEXT, 10);
                s.text(f + "f", x + 3, 23, DIM, 9);
            }
        }
        s.popClip();
        s.strokeLine(0, TimelineGeometry.RULER - 0.5, w, TimelineGeometry.RULER - 0.5, ROW_LINE, 1);
    }

    private void markers(DrawSurface s, Project p, TimelineGeometry g, TimelineGeometry.Row r) {
        for (Marker m : p.markers()) {
            double x = g.x(m.time());
            if (x < TimelineGeometry.HEADER - 200 || x > g.width()) continue;
            s.fillRect(Math.floor(x), r.y() + 3, 2, r.height() - 6, MARKER);
            s.fillRect(Math.floor(x) + 2, r.y() + 3, 8, 7, MARKER);
            s.text(m.label(), x + 12, r.y() + 13, TEXT, 10);
        }
    }

    private boolean visible(TimedClip c, TimelineGeometry g) {
        return c.end() >= g.viewStart() && c.start() <= g.viewEnd();
    }

    private void clipBox(DrawSurface s, TimelineGeometry g, TimelineGeometry.Row r, TimedClip c, int fill, boolean selected,
                         boolean offline, String label) {
        double x0 = Math.max(TimelineGeometry.HEADER - 2, g.x(c.start())), x1 = Math.min(g.width() + 2, g.x(c.end()));
        s.fillRect(x0, r.y() + 2, x1 - x0, r.height() - 5, offline ? OFFLINE : fill);
        int edge = selected ? KEY_SELECTED : ROW_LINE;
        s.strokeLine(x0, r.y() + 2.5, x1, r.y() + 2.5, edge, 1);
        s.strokeLine(x0 + 0.5, r.y() + 2, x0 + 0.5, r.y() + r.height() - 3, edge, 1);
        s.strokeLine(x1 - 0.5, r.y() + 2, x1 - 0.5, r.y() + r.height() - 3, edge, 1);
        s.text(offline ? label + " (offline)" : label, Math.max(x0, TimelineGeometry.HEADER) + 4, r.y() + 13, TEXT, 10);
    }

    private static String fileName(String path) {
        int i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return path.substring(i + 1);
    }

    private void voice(DrawSurface s, Project p, TimelineGeometry g, TimelineGeometry.Row r, State st) {
        for (MediaClip c0 : p.voice().clips()) {
            MediaClip c = (MediaClip) shifted(c0, st);
            if (!visible(c, g)) continue;
            clipBox(s, g, r, c, VOICE_CLIP, st.selectedClips.contains(c.id()), c.offline(), fileName(c.path()));
            PeakSource peaks = st.peaks.get(c.id());
            if (peaks == null || c.offline()) continue;
            double x0 = Math.max(TimelineGeometry.HEADER, g.x(c.start())), x1 = Math.min(g.width(), g.x(c.end()));
            int cols = (int) Math.floor(x1 - x0);
            if (cols <= 0) continue;
            double t0 = g.time(x0) - c.offset() + c.in(), t1 = g.time(x0 + cols) - c.offset() + c.in();
            peaks.columns(t0, t1, cols, colMin, colMax);
            double mid = r.y() + r.height() / 2 + 4, amp = r.height() / 2 - 8;
            for (int i = 0; i < cols; i++) {
                double top = mid - Math.max(-1, Math.min(1, colMax[i])) * amp;
                double bottom = mid - Math.max(-1, Math.min(1, colMin[i])) * amp;
                s.fillRect(x0 + i, top, 1, Math.max(1, bottom - top), WAVE);
            }
        }
    }

    private void reference(DrawSurface s, Project p, TimelineGeometry g, TimelineGeometry.Row r, State st) {
        for (MediaClip c0 : p.reference().clips()) {
            MediaClip c = (MediaClip) shifted(c0, st);
            if (!visible(c, g)) continue;
            clipBox(s, g, r, c, REF_CLIP, st.selectedClips.contains(c.id()), c.offline(), fileName(c.path()));
            if (c.offline()) continue;
            // a thumbnail every ~72 px, aligned to clip time so they scroll with it; a placeholder with
            // the frame number until the picture is decoded
            ThumbnailSource thumbs = st.thumbnails.get(c0.id());
            double thumbSec = Math.max(1 / p.fps(), 72 / g.pixelsPerSecond());
            double first = Math.max(c.start(), c.start() + Math.floor((g.viewStart() - c.start()) / thumbSec) * thumbSec);
            for (double t = first; t < Math.min(c.end(), g.viewEnd()); t += thumbSec) {
                double x = g.x(t);
                double tw = Math.min(64, g.x(c.end()) - x - 2);
                if (tw < 8) break;
                double media = t - c.offset() + c.in();
                int[] px = thumbs == null ? null : thumbs.thumbnail(media);
                if (px != null) {
                    s.image(px, thumbs.width(), thumbs.height(), x + 2, r.y() + 17, tw, r.height() - 22);
                } else {
                    s.fillRect(x + 2, r.y() + 17, tw, r.height() - 22, THUMB);
                    s.text(Long.toString(Math.round(media * p.fps())), x + 5, r.y() + r.height() - 8, DIM, 9);
                }
            }
        }
    }

    private void group(DrawSurface s, Project p, Evaluator ev, TimelineGeometry g, TimelineGeometry.Row r, State st) {
        for (AnimationClip c0 : p.animation().clips()) {
            TimedClip c = shifted(c0, st);
            if (!visible(c, g)) continue;
            double x0 = Math.max(TimelineGeometry.HEADER, g.x(c.start())), x1 = Math.min(g.width(), g.x(c.end()));
            s.fillRect(x0, r.y() + 2, x1 - x0, r.height() - 5, st.selectedClips.contains(c.id()) ? 0xff3b4160 : ANIM_CLIP);
        }
        // activity: the largest value of the group's channels per 2-px column
        List<String> channels = r.group().select(p.channels());
        int color = GROUP_COLORS[r.group().ordinal()];
        int n = 0;
        double bottom = r.y() + r.height() - 4, span = r.height() - 8;
        for (double x = TimelineGeometry.HEADER; x <= g.width(); x += 2) {
            double t = g.time(x), m = 0;
            for (String ch : channels) {
                double[] range = TimelineGeometry.valueRange(ch);
                m = Math.max(m, Math.abs(ev.value(ch, t)) / Math.max(Math.abs(range[0]), Math.abs(range[1])));
            }
            xs[n] = x;
            ys[n++] = bottom - Math.min(1, m) * span;
        }
        s.polyline(xs, ys, n, color, 1);
        // keys of every layer in this group as ticks
        for (Layer l : p.layers()) {
            for (String ch : channels) {
                Curve c = l.curve(ch);
                if (c == null) continue;
                forVisibleKeys(c, g, k -> s.fillRect(Math.floor(g.x(k.time())) - 1, r.y() + 4, 3, 5, l.muted() ? KEY_OTHER : KEY));
            }
        }
    }

    /** Where a key shows on its channel's curve: what lies below it plus (or replaced by) its value. */
    public static double shownValue(Evaluator ev, String channel, int layerIndex, Key k, double t, double dv) {
        double v = k.value() + dv;
        return k.blend() == io.adamesh.timeline.Blend.OVERRIDE ? v : ev.valueThrough(channel, t, layerIndex) + v;
    }

    /** The key of the active layer under (x, y) in a channel row (within 6 px), or null. */
    public static KeyRef keyAt(Project p, Evaluator ev, TimelineGeometry g, String activeLayerId, double x, double y) {
        TimelineGeometry.Row r = g.rowAt(y);
        Layer l = activeLayerId == null ? null : p.layer(activeLayerId);
        if (r == null || r.kind() != TimelineGeometry.RowKind.CHANNEL || l == null) return null;
        Curve c = l.curve(r.channel());
        if (c == null) return null;
        int li = p.layerIndex(l.id());
        KeyRef best = null;
        double bestD = 36;
        int i = Math.max(0, c.segmentAt(g.time(x - 6)));
        for (; i < c.size() && c.key(i).time() <= g.time(x + 6); i++) {
            Key k = c.key(i);
            double dx = g.x(k.time()) - x, dy = g.valueY(r, shownValue(ev, r.channel(), li, k, k.time(), 0)) - y;
            double d = dx * dx + dy * dy;
            if (d <= bestD) {
                bestD = d;
                best = new KeyRef(l.id(), r.channel(), k.id());
            }
        }
        return best;
    }

    private static void forVisibleKeys(Curve c, TimelineGeometry g, java.util.function.Consumer<Key> f) {
        int i = Math.max(0, c.segmentAt(g.viewStart() - 8 / g.pixelsPerSecond()));
        double end = g.viewEnd() + 8 / g.pixelsPerSecond();
        for (; i < c.size() && c.key(i).time() <= end; i++) f.accept(c.key(i));
    }

    private void channel(DrawSurface s, Project p, Evaluator ev, TimelineGeometry g, TimelineGeometry.Row r, State st) {
        String ch = r.channel();
        double zero = g.valueY(r, 0);
        s.strokeLine(TimelineGeometry.HEADER, Math.floor(zero) + 0.5, g.width(), Math.floor(zero) + 0.5, ROW_LINE, 1);
        int n = 0;
        for (double x = TimelineGeometry.HEADER; x <= g.width() + 1; x += 1) {
            xs[n] = x;
            ys[n++] = g.valueY(r, ev.base(ch, g.time(x)));
        }
        s.polyline(xs, ys, n, KEY_OTHER, 1);
        n = 0;
        for (double x = TimelineGeometry.HEADER; x <= g.width() + 1; x += 1) {
            xs[n] = x;
            ys[n++] = g.valueY(r, ev.value(ch, g.time(x)));
        }
        s.polyline(xs, ys, n, GROUP_COLORS[r.group().ordinal()], 1.5);
        for (Layer l : p.layers()) {
            Curve c = l.curve(ch);
            if (c == null) continue;
            boolean active = l.id().equals(st.activeLayerId);
            int layerIndex = p.layerIndex(l.id());
            forVisibleKeys(c, g, k -> {
                boolean sel = active && st.selection.contains(new KeyRef(l.id(), ch, k.id()));
                double t = k.time() + (sel ? st.dragDt : 0);
                // draw the key where it shows on the curve: what lies below plus (or replaced by) its value
                double x = g.x(t), y = g.valueY(r, shownValue(ev, ch, layerIndex, k, t, sel ? st.dragDv : 0));
                double size = active ? 4.5 : 3;
                int color = sel ? KEY_SELECTED : active ? KEY : KEY_OTHER;
                for (int d = 0; d <= (int) size; d++) s.fillRect(x - size + d, y - d, 2 * (size - d) + 1, 2 * d + 1, color);
            });
        }
    }

}
