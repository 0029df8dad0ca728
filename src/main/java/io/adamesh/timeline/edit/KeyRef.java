package io.adamesh.timeline.edit;

/** A key by layer, channel and stable key id: what a key selection holds. */
public record KeyRef(String layerId, String channel, long keyId) {}
