package io.adamesh.timeline.edit;

/** One curve: a channel of a layer. */
public record CurveAddress(String layerId, String channel) {}
