package io.adamesh.ui;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.Rotations;

/**
 * Turns the panel's jaw/eye/head angles (degrees) into the model's axis-angle joint rotations.
 * Reuses its scratch matrices, so it can run every frame without allocating.
 */
final class PoseComposer {
    private final float[] ry = new float[9], rx = new float[9], rz = new float[9], tmp = new float[9], r = new float[9];
    private final float[] aa = new float[3];

    /** Writes jaw, both eyes and neck rotations into {@code p} (joints the model lacks are skipped). */
    void apply(FaceParams p, double jawOpen, double jawSide, double eyeYaw, double eyePitch,
               double headYaw, double headPitch, double headRoll) {
        int joints = p.jointCount();
        if (joints > FaceModel.JAW) {
            // Positive rotation about x swings the chin down and back: the mouth opens.
            setYawPitchRoll(p, FaceModel.JAW, jawSide, jawOpen, 0);
        }
        // Eyes: positive pitch looks up, which is a negative rotation about x (y up, face toward +z).
        if (joints > FaceModel.EYE_LEFT) setYawPitchRoll(p, FaceModel.EYE_LEFT, eyeYaw, -eyePitch, 0);
        if (joints > FaceModel.EYE_RIGHT) setYawPitchRoll(p, FaceModel.EYE_RIGHT, eyeYaw, -eyePitch, 0);
        if (joints > FaceModel.NECK) setYawPitchRoll(p, FaceModel.NECK, headYaw, headPitch, headRoll);
    }

    private void setYawPitchRoll(FaceParams p, int joint, double yawDeg, double pitchDeg, double rollDeg) {
        float yaw = (float) Math.toRadians(yawDeg), pitch = (float) Math.toRadians(pitchDeg), roll = (float) Math.toRadians(rollDeg);
        Rotations.axisAngleToMatrix(0, yaw, 0, ry, 0);
        Rotations.axisAngleToMatrix(pitch, 0, 0, rx, 0);
        Rotations.axisAngleToMatrix(0, 0, roll, rz, 0);
        Rotations.multiply(ry, 0, rx, 0, tmp, 0);
        Rotations.multiply(tmp, 0, rz, 0, r, 0);
        Rotations.matrixToAxisAngle(r, 0, aa, 0);
        p.setJointRotation(joint, aa[0], aa[1], aa[2]);
    }
}
