package io.adamesh.ui.adapt;

/** One adaptation step's losses; {@code heldOut} is NaN on steps where the held-back part was not evaluated. */
public record LossPoint(int step, double train, double heldOut) {}
