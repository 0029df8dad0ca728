package io.adamesh.timeline;

import java.util.Map;

/**
 * Where an animation clip came from: {@code kind} ("generated", "tracked", "imported"), the voice
 * clip it was generated from (or null), the model/bundle and free-form settings, so that
 * re-generation can be repeated.
 */
public record ClipSource(String kind, String voiceClipId, String model, Map<String, String> settings) {
    public ClipSource {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public static ClipSource generated(String voiceClipId, String model) {
        return new ClipSource("generated", voiceClipId, model, Map.of());
    }
}
