package io.adamesh.timeline.edit;

import io.adamesh.timeline.Curve;
import io.adamesh.timeline.Key;
import io.adamesh.timeline.Layer;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TimedClip;
import io.adamesh.timeline.TrackKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copy/paste of keys (per channel, times relative to the earliest copied key) and of clips (offsets
 * relative to the earliest copied clip). Pasting creates new ids, so pasted items are independent.
 */
public final class TimelineClipboard {
    private record CopiedKey(String channel, Key key) {}

    private List<CopiedKey> keys = List.of();
    private TrackKind clipKind;
    private List<TimedClip> clips = List.of();

    public boolean hasKeys() { return !keys.isEmpty(); }
    public boolean hasClips() { return !clips.isEmpty(); }

    public void copyKeys(Project p, List<KeyRef> sel) {
        List<CopiedKey> out = new ArrayList<>();
        double t0 = Double.POSITIVE_INFINITY;
        for (KeyRef r : sel) {
            Layer l = p.layer(r.layerId());
            Curve c = l == null ? null : l.curve(r.channel());
            int i = c == null ? -1 : c.indexOfId(r.keyId());
            if (i < 0) continue;
            out.add(new CopiedKey(r.channel(), c.key(i)));
            t0 = Math.min(t0, c.key(i).time());
        }
        double base = t0;
        keys = out.stream().map(k -> new CopiedKey(k.channel(), k.key().withTime(k.key().time() - base))).toList();
    }

    /** Pastes the copied keys into {@code layerId} starting at {@code time}; keys on the same frame are replaced. */
    public Job pasteKeys(Project p, String layerId, double time) {
        Set<CurveAddress> addrs = new LinkedHashSet<>();
        for (CopiedKey k : keys) addrs.add(new CurveAddress(layerId, k.channel()));
        List<CopiedKey> copied = keys;
        double fps = p.fps();
        return KeyEdits.curves(p, "Paste keys", addrs, m -> {
            Map<CurveAddress, List<Key>> out = new java.util.LinkedHashMap<>();
            m.forEach((a, old) -> {
                List<Key> nk = new ArrayList<>(old);
                for (CopiedKey k : copied) {
                    if (!k.channel().equals(a.channel())) continue;
                    double t = Math.round((time + k.key().time()) * fps) / fps;
                    nk.removeIf(x -> Math.abs(x.time() - t) < 1e-9);
                    nk.add(k.key().withTime(t).withId(p.newId()));
                }
                out.put(a, nk);
            });
            return out;
        });
    }

    public void copyClips(Project p, TrackKind kind, List<String> ids) {
        clipKind = kind;
        clips = p.track(kind).clips().stream().filter(c -> ids.contains(c.id())).map(c -> (TimedClip) c).toList();
    }

    /** Pastes the copied clips on their track with the earliest at {@code time}. */
    @SuppressWarnings("unchecked")
    public Job pasteClips(Project p, double time) {
        if (clips.isEmpty()) return new CompositeJob("Paste clips", List.of());
        double t0 = clips.stream().mapToDouble(TimedClip::offset).min().orElse(0);
        List<TimedClip> copied = clips;
        io.adamesh.timeline.Track<TimedClip> track = (io.adamesh.timeline.Track<TimedClip>) p.track(clipKind);
        return new SnapshotJob<List<TimedClip>>("Paste clips", () -> List.copyOf(track.clips()), track::setAll, l -> {
            List<TimedClip> out = new ArrayList<>(l);
            for (TimedClip c : copied) out.add(withId(c, p.newStringId("c")).placed(time + c.offset() - t0, c.in(), c.out()));
            return out;
        });
    }

    private static TimedClip withId(TimedClip c, String id) {
        if (c instanceof io.adamesh.timeline.MediaClip m) {
            return new io.adamesh.timeline.MediaClip(id, m.path(), m.sourceDuration(), m.offset(), m.in(), m.out(), m.offline());
        }
        io.adamesh.timeline.AnimationClip a = (io.adamesh.timeline.AnimationClip) c;
        return new io.adamesh.timeline.AnimationClip(id, a.clip(), a.source(), a.offset(), a.in(), a.out());
    }
}
