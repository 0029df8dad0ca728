package io.adamesh.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * An animation curve of one channel: keys sorted by time (ties keep insertion order). Outside its
 * keys the curve holds the first/last value. Keys are immutable; edits replace the key list, which
 * is what makes undo exact.
 */
public final class Curve {
    private static final Comparator<Key> BY_TIME = Comparator.comparingDouble(Key::time);
    private final String channel;
    private final ArrayList<Key> keys = new ArrayList<>();

    public Curve(String channel) {
        this.channel = channel;
    }

    public String channel() { return channel; }
    public List<Key> keys() { return Collections.unmodifiableList(keys); }
    public int size() { return keys.size(); }
    public boolean isEmpty() { return keys.isEmpty(); }
    public Key key(int i) { return keys.get(i); }

    /** Replaces all keys (sorted by time here). */
    public void setKeys(List<Key> newKeys) {
        keys.clear();
        keys.addAll(newKeys);
        keys.sort(BY_TIME);
    }

    public int indexOfId(long id) {
        for (int i = 0; i < keys.size(); i++) if (keys.get(i).id() == id) return i;
        return -1;
    }

    /** Index of the last key at or before {@code t}, or -1. */
    public int segmentAt(double t) {
        int lo = 0, hi = keys.size() - 1, ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys.get(mid).time() <= t) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }

    public double value(double t) {
        int n = keys.size();
        if (n == 0) return 0;
        int i = segmentAt(t);
        if (i < 0) return keys.get(0).value();
        if (i >= n - 1) return keys.get(n - 1).value();
        Key a = keys.get(i), b = keys.get(i + 1);
        double dt = b.time() - a.time();
        if (dt <= 0 || a.mode() == TangentMode.STEP) return a.value();
        double u = (t - a.time()) / dt;
        if (a.mode() == TangentMode.LINEAR && b.mode() == TangentMode.LINEAR) return a.value() + (b.value() - a.value()) * u;
        double m0 = outSlope(i) * dt, m1 = inSlope(i + 1) * dt;
        double u2 = u * u, u3 = u2 * u;
        return (2 * u3 - 3 * u2 + 1) * a.value() + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * b.value() + (u3 - u2) * m1;
    }

    /** Override weight at {@code t}: 1 where keys override, 0 where they add, linear in between. */
    public double overrideWeight(double t) {
        int n = keys.size();
        if (n == 0) return 0;
        int i = segmentAt(t);
        if (i < 0) return w(keys.get(0));
        if (i >= n - 1) return w(keys.get(n - 1));
        Key a = keys.get(i), b = keys.get(i + 1);
        double dt = b.time() - a.time();
        if (dt <= 0 || a.mode() == TangentMode.STEP) return w(a);
        double u = (t - a.time()) / dt;
        return w(a) + (w(b) - w(a)) * u;
    }

    /**
     * Whether the curve contributes at {@code t}: additive keys hold their value beyond the first and
     * last key, override keys apply only over the span they cover.
     */
    public boolean appliesAt(double t) {
        if (keys.isEmpty()) return false;
        if (t < keys.get(0).time()) return keys.get(0).blend() == Blend.ADD;
        if (t > keys.get(keys.size() - 1).time()) return keys.get(keys.size() - 1).blend() == Blend.ADD;
        return true;
    }

    private static double w(Key k) { return k.blend() == Blend.OVERRIDE ? 1 : 0; }

    /** Slope (units/s) leaving key {@code i}. */
    public double outSlope(int i) {
        Key k = keys.get(i);
        return switch (k.mode()) {
            case FREE -> k.outSlope();
            case STEP -> 0;
            case LINEAR -> i + 1 < keys.size() ? chord(i, i + 1) : 0;
            case SMOOTH -> smooth(i);
        };
    }

    /** Slope (units/s) entering key {@code i}. */
    public double inSlope(int i) {
        Key k = keys.get(i);
        return switch (k.mode()) {
            case FREE -> k.inSlope();
            case STEP -> 0;
            case LINEAR -> i > 0 ? chord(i - 1, i) : 0;
            case SMOOTH -> smooth(i);
        };
    }

    private double chord(int a, int b) {
        double dt = keys.get(b).time() - keys.get(a).time();
        return dt <= 0 ? 0 : (keys.get(b).value() - keys.get(a).value()) / dt;
    }

    private double smooth(int i) {
        if (i == 0 || i == keys.size() - 1) return 0;
        return chord(i - 1, i + 1);
    }

    public Curve copy() {
        Curve c = new Curve(channel);
        c.keys.addAll(keys);
        return c;
    }
}
