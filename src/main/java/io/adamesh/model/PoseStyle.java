package io.adamesh.model;

/**
 * The result of pose-style retrieval from a reference: the nearest training style, the soft weights
 * over all training styles, and the two style embeddings PoseGPT can be conditioned on.
 *
 * @param nearest      index of the nearest training style (into {@link PoseModel#styleNames()})
 * @param distances    distance of the reference's style matrix to each stored one
 * @param weights      soft similarity weights (sum 1)
 * @param nearestStyle embedding of the nearest style
 * @param softStyle    weight-blended embedding
 */
public record PoseStyle(int nearest, double[] distances, float[] weights, float[] nearestStyle, float[] softStyle) {
}
