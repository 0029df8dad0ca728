package io.adamesh.timeline;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-edit layer: curves per channel evaluated on top of the generated base and of the layers
 * before it. Layers never reference the generated clip, so re-generation leaves them intact.
 */
public final class Layer {
    private final String id;
    private String name;
    private boolean muted;
    private Blend defaultBlend;
    private final LinkedHashMap<String, Curve> curves = new LinkedHashMap<>();

    public Layer(String id, String name, Blend defaultBlend) {
        this.id = id;
        this.name = name;
        this.defaultBlend = defaultBlend;
    }

    public String id() { return id; }
    public String name() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean muted() { return muted; }
    public void setMuted(boolean muted) { this.muted = muted; }
    /** Blend of keys added to this layer unless the edit says otherwise. */
    public Blend defaultBlend() { return defaultBlend; }
    public void setDefaultBlend(Blend b) { this.defaultBlend = b; }

    public Curve curve(String channel) { return curves.get(channel); }

    public Curve curveOrCreate(String channel) { return curves.computeIfAbsent(channel, Curve::new); }

    public Collection<Curve> curves() { return Collections.unmodifiableCollection(curves.values()); }

    public Map<String, Curve> curveMap() { return Collections.unmodifiableMap(curves); }

    /** Drops curves without keys (after an undo of the first key, say). */
    public void removeEmptyCurves() { curves.values().removeIf(Curve::isEmpty); }
}
