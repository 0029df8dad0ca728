package io.adamesh.timeline.edit;

import io.adamesh.timeline.Blend;
import io.adamesh.timeline.Curve;
import io.adamesh.timeline.Evaluator;
import io.adamesh.timeline.Key;
import io.adamesh.timeline.Layer;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TangentMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Key and curve edits as jobs: add/move/delete keys, tangent mode, blend, and the curve operations
 * on a selection (scale intensity, offset, smooth, simplify to keys, time-stretch). Every job
 * snapshots the key lists of the curves it touches.
 */
public final class KeyEdits {
    private KeyEdits() {}

    /** A job that rewrites the key lists of {@code curves}. */
    public static Job curves(Project p, String description, Collection<CurveAddress> curves,
                             UnaryOperator<Map<CurveAddress, List<Key>>> change) {
        List<CurveAddress> addrs = List.copyOf(new java.util.LinkedHashSet<>(curves));
        SnapshotJob<Map<CurveAddress, List<Key>>> job = new SnapshotJob<>(description, () -> {
            Map<CurveAddress, List<Key>> m = new LinkedHashMap<>();
            for (CurveAddress a : addrs) {
                Curve c = layer(p, a.layerId()).curve(a.channel());
                m.put(a, c == null ? List.of() : List.copyOf(c.keys()));
            }
            return m;
        }, m -> m.forEach((a, keys) -> layer(p, a.layerId()).curveOrCreate(a.channel()).setKeys(keys)), change);
        return addrs.isEmpty() ? new CompositeJob(description, List.of()) : job;
    }

    private static Layer layer(Project p, String id) {
        Layer l = p.layer(id);
        if (l == null) throw new IllegalArgumentException("no layer " + id);
        return l;
    }

    /** Adds a key (or sets the value of the key already on that frame). */
    public static Job addKey(Project p, String layerId, String channel, double time, double value, TangentMode mode) {
        long id = p.newId();
        Blend blend = layer(p, layerId).defaultBlend();
        double t = Math.max(0, Math.round(time * p.fps()) / p.fps());
        CurveAddress a = new CurveAddress(layerId, channel);
        return curves(p, "Add key", List.of(a), m -> {
            List<Key> keys = new ArrayList<>(m.get(a));
            int same = -1;
            for (int i = 0; i < keys.size(); i++) if (Math.abs(keys.get(i).time() - t) < 1e-9) same = i;
            if (same >= 0) keys.set(same, keys.get(same).withValue(value));
            else keys.add(new Key(id, t, value, mode, 0, 0, blend));
            return Map.of(a, keys);
        });
    }

    private static Set<CurveAddress> curvesOf(Collection<KeyRef> sel) {
        Set<CurveAddress> s = new java.util.LinkedHashSet<>();
        for (KeyRef r : sel) s.add(new CurveAddress(r.layerId(), r.channel()));
        return s;
    }

    private static Set<Long> idsIn(Collection<KeyRef> sel, CurveAddress a) {
        Set<Long> ids = new HashSet<>();
        for (KeyRef r : sel) if (r.layerId().equals(a.layerId()) && r.channel().equals(a.channel())) ids.add(r.keyId());
        return ids;
    }

    /** Maps each selected key with {@code f}; other keys stay. */
    public static Job mapSelected(Project p, String description, Collection<KeyRef> sel,
                                  java.util.function.BiFunction<Key, List<Key>, Key> f) {
        List<KeyRef> s = List.copyOf(sel);
        return curves(p, description, curvesOf(s), m -> {
            Map<CurveAddress, List<Key>> out = new LinkedHashMap<>();
            m.forEach((a, keys) -> {
                Set<Long> ids = idsIn(s, a);
                List<Key> nk = new ArrayList<>(keys.size());
                for (Key k : keys) nk.add(ids.contains(k.id()) ? f.apply(k, keys) : k);
                out.put(a, nk);
            });
            return out;
        });
    }

    /** Moves selected keys by {@code dt} seconds (snapped to frames, not before 0) and {@code dv}. */
    public static Job moveKeys(Project p, Collection<KeyRef> sel, double dt, double dv) {
        double fps = p.fps();
        return mapSelected(p, "Move keys", sel, (k, all) ->
                k.withTime(Math.max(0, Math.round((k.time() + dt) * fps) / fps)).withValue(k.value() + dv));
    }

    public static Job deleteKeys(Project p, Collection<KeyRef> sel) {
        List<KeyRef> s = List.copyOf(sel);
        return curves(p, s.size() == 1 ? "Delete key" : "Delete keys", curvesOf(s), m -> {
            Map<CurveAddress, List<Key>> out = new LinkedHashMap<>();
            m.forEach((a, keys) -> {
                Set<Long> ids = idsIn(s, a);
                out.put(a, keys.stream().filter(k -> !ids.contains(k.id())).toList());
            });
            return out;
        });
    }

    /** Sets the tangent mode; switching to FREE keeps the current slopes so the shape does not jump. */
    public static Job setTangentMode(Project p, Collection<KeyRef> sel, TangentMode mode) {
        List<KeyRef> s = List.copyOf(sel);
        return curves(p, "Set tangent " + mode.name().toLowerCase(java.util.Locale.ROOT), curvesOf(s), m -> {
            Map<CurveAddress, List<Key>> out = new LinkedHashMap<>();
            m.forEach((a, keys) -> {
                Set<Long> ids = idsIn(s, a);
                Curve c = new Curve(a.channel());
                c.setKeys(keys);
                List<Key> nk = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    Key k = c.key(i);
                    if (!ids.contains(k.id())) nk.add(k);
                    else if (mode == TangentMode.FREE) nk.add(k.withSlopes(c.inSlope(i), c.outSlope(i)).withMode(mode));
                    else nk.add(k.withMode(mode));
                }
                out.put(a, nk);
            });
            return out;
        });
    }

    public static Job setBlend(Project p, Collection<KeyRef> sel, Blend blend) {
        return mapSelected(p, blend == Blend.ADD ? "Make keys additive" : "Make keys override", sel, (k, all) -> k.withBlend(blend));
    }

    /** Scales values (and slopes) of the selection about {@code pivot} (0 for additive edits). */
    public static Job scaleIntensity(Project p, Collection<KeyRef> sel, double factor, double pivot) {
        return mapSelected(p, "Scale intensity", sel, (k, all) -> k.withValue(pivot + (k.value() - pivot) * factor)
                .withSlopes(k.inSlope() * factor, k.outSlope() * factor));
    }

    public static Job offsetValues(Project p, Collection<KeyRef> sel, double dv) {
        return mapSelected(p, "Offset values", sel, (k, all) -> k.withValue(k.value() + dv));
    }

    /** Pulls each selected key toward the mean of its neighbours ({@code strength} 0..1); mode becomes smooth. */
    public static Job smooth(Project p, Collection<KeyRef> sel, double strength) {
        return mapSelected(p, "Smooth keys", sel, (k, all) -> {
            int i = all.indexOf(k);
            if (i <= 0 || i >= all.size() - 1) return k.withMode(TangentMode.SMOOTH);
            double mean = (all.get(i - 1).value() + all.get(i + 1).value()) / 2;
            return k.withValue(k.value() + (mean - k.value()) * strength).withMode(TangentMode.SMOOTH);
        });
    }

    /**
     * Stretches the selected keys' times about {@code pivot} by {@code factor}; keys of the same curves
     * after the selection move with its end so nothing is overtaken.
     */
    public static Job timeStretch(Project p, Collection<KeyRef> sel, double pivot, double factor) {
        if (!(factor > 0)) throw new IllegalArgumentException("stretch factor must be positive");
        List<KeyRef> s = List.copyOf(sel);
        double fps = p.fps();
        return curves(p, "Time-stretch", curvesOf(s), m -> {
            Map<CurveAddress, List<Key>> out = new LinkedHashMap<>();
            m.forEach((a, keys) -> {
                Set<Long> ids = idsIn(s, a);
                double lastSel = Double.NEGATIVE_INFINITY;
                for (Key k : keys) if (ids.contains(k.id())) lastSel = Math.max(lastSel, k.time());
                double shift = (pivot + (lastSel - pivot) * factor) - lastSel;
                List<Key> nk = new ArrayList<>();
                for (Key k : keys) {
                    double t = ids.contains(k.id()) ? pivot + (k.time() - pivot) * factor
                            : k.time() > lastSel ? k.time() + shift : k.time();
                    nk.add(k.withTime(Math.max(0, Math.round(t * fps) / fps))
                            .withSlopes(k.inSlope() / factor, k.outSlope() / factor));
                }
                out.put(a, nk);
            });
            return out;
        });
    }

    /**
     * Replaces the keys of a curve in [t0, t1] by the fewest linear keys that follow the current
     * motion of that channel (as evaluated through this layer) within {@code tolerance} at every
     * frame (Ramer-Douglas-Peucker). On a layer with override blend this turns generated motion into
     * editable keys; on an additive layer it simplifies the layer's own keys.
     */
    public static Job simplifyToKeys(Project p, String layerId, String channel, double t0, double t1, double tolerance) {
        CurveAddress a = new CurveAddress(layerId, channel);
        int layerIndex = p.layerIndex(layerId);
        Layer layer = layer(p, layerId);
        Blend blend = layer.defaultBlend();
        return curves(p, "Simplify to keys", List.of(a), m -> {
            int f0 = (int) Math.ceil(t0 * p.fps() - 1e-9), f1 = (int) Math.floor(t1 * p.fps() + 1e-9);
            if (f1 <= f0) return m;
            Curve own = new Curve(channel);
            own.setKeys(m.get(a));
            Evaluator ev = new Evaluator(p);
            double[] ts = new double[f1 - f0 + 1], vs = new double[ts.length];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = (f0 + i) / p.fps();
                double below = ev.valueThrough(channel, ts[i], layerIndex);
                double v = below;
                if (own.appliesAt(ts[i])) v = (1 - own.overrideWeight(ts[i])) * below + own.value(ts[i]);
                // what this layer must hold so that the result is v
                vs[i] = blend == Blend.OVERRIDE ? v : v - below;
            }
            boolean[] keep = new boolean[ts.length];
            keep[0] = keep[ts.length - 1] = true;
            rdp(ts, vs, 0, ts.length - 1, tolerance, keep);
            List<Key> nk = new ArrayList<>();
            for (Key k : m.get(a)) if (k.time() < ts[0] - 1e-9 || k.time() > ts[ts.length - 1] + 1e-9) nk.add(k);
            for (int i = 0; i < ts.length; i++) {
                if (keep[i]) nk.add(new Key(p.newId(), ts[i], vs[i], TangentMode.LINEAR, 0, 0, blend));
            }
            return Map.of(a, nk);
        });
    }

    static void rdp(double[] t, double[] v, int a, int b, double tol, boolean[] keep) {
        if (b - a < 2) return;
        double worst = -1;
        int at = -1;
        for (int i = a + 1; i < b; i++) {
            double u = (t[i] - t[a]) / (t[b] - t[a]);
            double d = Math.abs(v[i] - (v[a] + (v[b] - v[a]) * u));
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        if (worst > tol) {
            keep[at] = true;
            rdp(t, v, a, at, tol, keep);
            rdp(t, v, at, b, tol, keep);
        }
    }
}
