package io.adamesh.face;

import java.util.List;

/**
 * A four-vertex model small enough to evaluate by hand: v0 at the origin (root), v1 at (1,0,0)
 * (skinned to the neck, and the jaw joint's regressor), v2 at (0,1,0) (skinned to the jaw), v3 at
 * (0,0,1) (skinned to the left eye). Joints: root and neck at v0, jaw at v1, eyes at v2 and v3.
 * Identity direction 0 moves v1 by +x (so it moves the jaw joint); expression 0 moves v2 by +z.
 */
final class TinyModels {
    private TinyModels() {}

    static FaceModel tiny(float[][] poseDirs) {
        float[] template = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
        int[] faces = {0, 1, 2, 0, 2, 3};
        float[][] shape = {{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}};
        float[][] expr = {{0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}};
        float[][] reg = {{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        float[] w = new float[4 * 5];
        w[0 * 5 + FaceModel.ROOT] = 1;
        w[1 * 5 + FaceModel.NECK] = 1;
        w[2 * 5 + FaceModel.JAW] = 1;
        w[3 * 5 + FaceModel.EYE_LEFT] = 1;
        float[][] pd = poseDirs != null ? poseDirs : new float[36][12];
        return new FaceModel("tiny", template, faces, List.of("wide"), shape, List.of("lift"), expr, pd, reg, w,
                new int[] {-1, 0, 1, 1, 1}, FaceModel.JOINT_NAMES, new float[] {0, 0, 1, 0, 0, 1}, new int[] {0, 1, 2, 0, 2, 1},
                new float[12], new int[] {0, 0}, List.of("skin"), new int[] {0, 1}, new float[] {1, 0, 0, 0.2f, 0.3f, 0.5f});
    }
}
