package io.adamesh.timeline;

/**
 * How an edit-layer key combines with what lies below it. {@link #ADD}: the key's value is added to
 * the motion below; {@link #OVERRIDE}: the key's value replaces it. Between an additive and an
 * override key the override weight ramps linearly, so switching mode never jumps.
 */
public enum Blend { ADD, OVERRIDE }
