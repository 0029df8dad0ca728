package io.adamesh.export;

/** Quaternion helpers on {@code double[4]} = (x, y, z, w), unit length. */
final class Quat {
    private Quat() {}

    static void fromAxisAngle(double x, double y, double z, double[] q) {
        double a = Math.sqrt(x * x + y * y + z * z);
        if (a < 1e-12) { q[0] = x / 2; q[1] = y / 2; q[2] = z / 2; q[3] = 1; normalize(q); return; }
        double s = Math.sin(a / 2) / a;
        q[0] = x * s; q[1] = y * s; q[2] = z * s; q[3] = Math.cos(a / 2);
    }

    static void toAxisAngle(double[] q, double[] out) {
        double x = q[0], y = q[1], z = q[2], w = q[3];
        if (w < 0) { x = -x; y = -y; z = -z; w = -w; }
        double s = Math.sqrt(x * x + y * y + z * z);
        if (s < 1e-12) { out[0] = 2 * x; out[1] = 2 * y; out[2] = 2 * z; return; }
        double angle = 2 * Math.atan2(s, w);
        out[0] = x / s * angle; out[1] = y / s * angle; out[2] = z / s * angle;
    }

    static void normalize(double[] q) {
        double n = Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
        for (int i = 0; i < 4; i++) q[i] /= n;
    }

    /** Shortest-path spherical interpolation from a to b by t into out (out may alias neither). */
    static void slerp(double[] a, double[] b, double t, double[] out) {
        double dot = a[0] * b[0] + a[1] * b[1] + a[2] * b[2] + a[3] * b[3];
        double sign = 1;
        if (dot < 0) { dot = -dot; sign = -1; }
        double wa, wb;
        if (dot > 0.9995) {
            wa = 1 - t; wb = t;
        } else {
            double th = Math.acos(dot), s = Math.sin(th);
            wa = Math.sin((1 - t) * th) / s; wb = Math.sin(t * th) / s;
        }
        for (int i = 0; i < 4; i++) out[i] = wa * a[i] + sign * wb * b[i];
        normalize(out);
    }

    /** Row-major 3x3 rotation matrix of q. */
    static void toMatrix(double[] q, double[] m) {
        double x = q[0], y = q[1], z = q[2], w = q[3];
        m[0] = 1 - 2 * (y * y + z * z); m[1] = 2 * (x * y - z * w); m[2] = 2 * (x * z + y * w);
        m[3] = 2 * (x * y + z * w); m[4] = 1 - 2 * (x * x + z * z); m[5] = 2 * (y * z - x * w);
        m[6] = 2 * (x * z - y * w); m[7] = 2 * (y * z + x * w); m[8] = 1 - 2 * (x * x + y * y);
    }

    /**
     * FBX Euler angles (degrees) for rotation order XYZ, i.e. R = Rz * Ry * Rx, from a row-major
     * matrix; {@code prev} (may be null) picks the representation closest to the previous key.
     */
    static void toEulerXyzDegrees(double[] m, double[] prev, double[] out) {
        double sy = -m[6];
        sy = Math.max(-1, Math.min(1, sy));
        double b = Math.asin(sy), a, c;
        if (Math.abs(sy) < 0.999999) {
            a = Math.atan2(m[7], m[8]);
            c = Math.atan2(m[3], m[0]);
        } else {
            a = Math.atan2(-m[5], m[4]);
            c = 0;
        }
        out[0] = Math.toDegrees(a); out[1] = Math.toDegrees(b); out[2] = Math.toDegrees(c);
        if (prev != null) {
            for (int i = 0; i < 3; i++) {
                while (out[i] - prev[i] > 180) out[i] -= 360;
                while (out[i] - prev[i] < -180) out[i] += 360;
            }
        }
    }
}
