package io.adamesh.timeline.edit;

import io.adamesh.timeline.Blend;
import io.adamesh.timeline.Layer;
import io.adamesh.timeline.Marker;
import io.adamesh.timeline.Project;
import java.util.ArrayList;
import java.util.List;

/** Marker and layer edits as jobs. */
public final class DocumentEdits {
    private DocumentEdits() {}

    private static Job markers(Project p, String description, java.util.function.UnaryOperator<List<Marker>> change) {
        return new SnapshotJob<List<Marker>>(description, () -> List.copyOf(p.markers()), p::setMarkers, change);
    }

    public static Job addMarker(Project p, double time, String label) {
        Marker m = new Marker(p.newStringId("m"), Math.max(0, Math.round(time * p.fps()) / p.fps()), label);
        return markers(p, "Add marker", l -> {
            List<Marker> out = new ArrayList<>(l);
            out.add(m);
            return out;
        });
    }

    public static Job removeMarker(Project p, String id) {
        return markers(p, "Remove marker", l -> l.stream().filter(m -> !m.id().equals(id)).toList());
    }

    public static Job moveMarker(Project p, String id, double time) {
        double t = Math.max(0, Math.round(time * p.fps()) / p.fps());
        return markers(p, "Move marker", l -> l.stream().map(m -> m.id().equals(id) ? m.withTime(t) : m).toList());
    }

    private static Job layers(Project p, String description, java.util.function.UnaryOperator<List<Layer>> change) {
        return new SnapshotJob<List<Layer>>(description, () -> List.copyOf(p.layers()), p::setLayers, change);
    }

    /** Adds an empty edit layer on top; returns the job (the layer's id is {@link Layer#id()} of the new last layer). */
    public static Job addLayer(Project p, String name, Blend blend) {
        Layer layer = new Layer(p.newStringId("layer"), name, blend);
        return layers(p, "Add layer", l -> {
            List<Layer> out = new ArrayList<>(l);
            out.add(layer);
            return out;
        });
    }

    public static Job removeLayer(Project p, String id) {
        return layers(p, "Remove layer", l -> l.stream().filter(x -> !x.id().equals(id)).toList());
    }

    public static Job setMuted(Project p, String id, boolean muted) {
        Layer layer = p.layer(id);
        if (layer == null) throw new IllegalArgumentException("no layer " + id);
        return new SnapshotJob<Boolean>(muted ? "Mute layer" : "Unmute layer", layer::muted, layer::setMuted, b -> muted);
    }
}
