package io.adamesh.timeline;

public enum TrackKind { VOICE, ANIMATION, REFERENCE }
