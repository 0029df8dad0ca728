package io.adamesh.face;

/** Small rotation helpers on row-major 3x3 matrices stored in {@code float[9]} at an offset. */
public final class Rotations {
    private Rotations() {}

    /** Rodrigues' formula: axis-angle (x, y, z) in radians to a rotation matrix written at out[o..o+8]. */
    public static void axisAngleToMatrix(float x, float y, float z, float[] out, int o) {
        double theta = Math.sqrt((double) x * x + (double) y * y + (double) z * z);
        if (theta < 1e-12) {
            out[o] = 1; out[o + 1] = -z; out[o + 2] = y;
            out[o + 3] = z; out[o + 4] = 1; out[o + 5] = -x;
            out[o + 6] = -y; out[o + 7] = x; out[o + 8] = 1;
            return;
        }
        double kx = x / theta, ky = y / theta, kz = z / theta;
        double s = Math.sin(theta), c = Math.cos(theta), t = 1 - c;
        out[o] = (float) (c + t * kx * kx);
        out[o + 1] = (float) (t * kx * ky - s * kz);
        out[o + 2] = (float) (t * kx * kz + s * ky);
        out[o + 3] = (float) (t * ky * kx + s * kz);
        out[o + 4] = (float) (c + t * ky * ky);
        out[o + 5] = (float) (t * ky * kz - s * kx);
        out[o + 6] = (float) (t * kz * kx - s * ky);
        out[o + 7] = (float) (t * kz * ky + s * kx);
        out[o + 8] = (float) (c + t * kz * kz);
    }

    /** Axis-angle from Euler angles applied as yaw (about y), then pitch (about x), then roll (about z): R = Ry Rx Rz. */
    public static void yawPitchRollToAxisAngle(float yaw, float pitch, float roll, float[] out, int o) {
        float[] ry = new float[9], rx = new float[9], rz = new float[9], tmp = new float[9], r = new float[9];
        axisAngleToMatrix(0, yaw, 0, ry, 0);
        axisAngleToMatrix(pitch, 0, 0, rx, 0);
        axisAngleToMatrix(0, 0, roll, rz, 0);
        multiply(ry, 0, rx, 0, tmp, 0);
        multiply(tmp, 0, rz, 0, r, 0);
        matrixToAxisAngle(r, 0, out, o);
    }

    /** Inverse of Rodrigues' formula (angle in [0, pi]). */
    public static void matrixToAxisAngle(float[] m, int o, float[] out, int oo) {
        double trace = m[o] + m[o + 4] + m[o + 8];
        double cos = Math.max(-1, Math.min(1, (trace - 1) / 2));
        double angle = Math.acos(cos);
        double rx = m[o + 7] - m[o + 5], ry = m[o + 2] - m[o + 6], rz = m[o + 3] - m[o + 1];
        if (angle < 1e-6) {
            out[oo] = (float) (rx / 2); out[oo + 1] = (float) (ry / 2); out[oo + 2] = (float) (rz / 2);
            return;
        }
        if (Math.PI - angle < 1e-4) {
            // Near pi: axis from the diagonal.
            double xx = Math.sqrt(Math.max(0, (m[o] + 1) / 2));
            double yy = Math.sqrt(Math.max(0, (m[o + 4] + 1) / 2));
            double zz = Math.sqrt(Math.max(0, (m[o + 8] + 1) / 2));
            if (m[o + 1] < 0) yy = -yy;
            if (m[o + 2] < 0) zz = -zz;
            out[oo] = (float) (xx * angle); out[oo + 1] = (float) (yy * angle); out[oo + 2] = (float) (zz * angle);
            return;
        }
        double k = angle / (2 * Math.sin(angle));
        out[oo] = (float) (rx * k); out[oo + 1] = (float) (ry * k); out[oo + 2] = (float) (rz * k);
    }

    /** out = a * b (3x3, row-major). {@code out} must not alias the inputs. */
    public static void multiply(float[] a, int ao, float[] b, int bo, float[] out, int oo) {
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[oo + r * 3 + c] = a[ao + r * 3] * b[bo + c] + a[ao + r * 3 + 1] * b[bo + 3 + c] + a[ao + r * 3 + 2] * b[bo + 6 + c];
            }
        }
    }
}
