package io.adamesh.timeline;

/**
 * How a curve leaves and enters a key. {@link #LINEAR}: straight to the neighbour; {@link #SMOOTH}:
 * Catmull-Rom slope from the neighbours (flat at the ends); {@link #STEP}: hold the value until the
 * next key; {@link #FREE}: the key's own in/out slopes (units per second).
 */
public enum TangentMode { LINEAR, SMOOTH, STEP, FREE }
