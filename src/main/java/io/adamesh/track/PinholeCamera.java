package io.adamesh.track;

/**
 * The tracker's camera model: an ideal pinhole at the world origin looking down -z with +y up (the
 * face model's axes), principal point at the image centre, square pixels, no lens distortion, and a
 * focal length from an assumed vertical field of view: {@code f = (height / 2) / tan(fovY / 2)}.
 * A wrong field of view mostly trades head depth against face size; rotations stay close.
 */
public record PinholeCamera(int width, int height, double fovY) {
    /** A typical webcam / phone camera in landscape: about 40 degrees vertical. */
    public static final double DEFAULT_FOV_Y = Math.toRadians(40);

    public double focal() {
        return (height / 2.0) / Math.tan(fovY / 2);
    }

    /** Projects camera-space {@code p} (3 per point) into pixels {@code out} (2 per point). */
    public void project(double[] p, double[] out, int points) {
        double f = focal(), cx = width / 2.0, cy = height / 2.0;
        for (int i = 0; i < points; i++) {
            double z = -p[3 * i + 2];
            if (z < 1e-6) {
                z = 1e-6;
            }
            out[2 * i] = cx + f * p[3 * i] / z;
            out[2 * i + 1] = cy - f * p[3 * i + 1] / z;
        }
    }
}
