package io.adamesh.face.openhead;

/** Tiny immutable 3-vector for the generator (not used on hot paths). */
record Vec(double x, double y, double z) {
    static final Vec ZERO = new Vec(0, 0, 0);

    Vec plus(Vec o) { return new Vec(x + o.x, y + o.y, z + o.z); }
    Vec minus(Vec o) { return new Vec(x - o.x, y - o.y, z - o.z); }
    Vec times(double s) { return new Vec(x * s, y * s, z * s); }
    double dot(Vec o) { return x * o.x + y * o.y + z * o.z; }
    Vec cross(Vec o) { return new Vec(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x); }
    double length() { return StrictMath.sqrt(dot(this)); }
    Vec unit() { double l = length(); return l == 0 ? this : times(1 / l); }
    Vec lerp(Vec o, double t) { return new Vec(x + (o.x - x) * t, y + (o.y - y) * t, z + (o.z - z) * t); }
    Vec mirrorX() { return new Vec(-x, y, z); }
}
