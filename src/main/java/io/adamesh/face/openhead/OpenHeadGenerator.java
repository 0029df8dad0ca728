package io.adamesh.face.openhead;

import static io.adamesh.face.openhead.HeadMesh.*;
import static io.adamesh.face.openhead.Shaping.bump;
import static io.adamesh.face.openhead.Shaping.step;

import io.adamesh.face.FaceModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generates OpenHead, AdaMesh's own FLAME-structured head, deterministically from code: a skin
 * grid ray-cast onto {@link HeadShape}, lips split along the mouth line with inner lip surfaces,
 * eyelids wrapped onto eyeballs that sit on the eye joints, a mouth cavity, teeth and a tongue;
 * ARKit-named expression shapes, an identity basis, jaw pose correctives, skinning weights, a joint
 * regressor and the 68-point landmark embedding. {@code main} writes {@code assets/openhead.npz}.
 */
public final class OpenHeadGenerator {
    public static final String MODEL_ID = "openhead-1";
    static final int COLUMNS = 80;
    static final int ROWS = 60;

    /** ARKit's 52 names minus jawOpen (the jaw joint) and the eight eyeLook* (the eye joints). */
    public static final List<String> EXPRESSIONS = List.of(
            "browDownLeft", "browDownRight", "browInnerUp", "browOuterUpLeft", "browOuterUpRight",
            "cheekPuff", "cheekSquintLeft", "cheekSquintRight",
            "eyeBlinkLeft", "eyeBlinkRight", "eyeSquintLeft", "eyeSquintRight", "eyeWideLeft", "eyeWideRight",
            "jawForward", "jawLeft", "jawRight",
            "mouthClose", "mouthFunnel", "mouthPucker", "mouthLeft", "mouthRight",
            "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight",
            "mouthDimpleLeft", "mouthDimpleRight", "mouthStretchLeft", "mouthStretchRight",
            "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "mouthShrugUpper",
            "mouthPressLeft", "mouthPressRight", "mouthLowerDownLeft", "mouthLowerDownRight",
            "mouthUpperUpLeft", "mouthUpperUpRight",
            "noseSneerLeft", "noseSneerRight", "tongueOut");

    public static final List<String> IDENTITY = List.of(
            "headWidth", "headHeight", "headDepth", "jawWidth", "chinLength",
            "noseLength", "noseWidth", "eyeSpacing", "cheekFullness", "lipFullness", "browRidge");

    private final HeadMesh mesh = new HeadMesh();
    private final Eye[] eyes = new Eye[2];
    private int[][] grid;          // [row][col] vertex index (upper copy on the mouth row)
    private int[] lowerSlit;       // per column: lower-lip copy on the mouth row, or -1
    private int mouthRow;
    private int cornerCol;          // column offset of the mouth corners from the front column
    private int frontCol;
    private int crown;
    private final List<Integer> slitUpper = new ArrayList<>();
    private final List<Integer> slitLower = new ArrayList<>();

    private OpenHeadGenerator() {}

    public static FaceModel generate() {
        return new OpenHeadGenerator().build();
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "assets/openhead.npz");
        FaceModel m = generate();
        m.save(out);
        System.out.printf("wrote %s: %d vertices, %d triangles, %d expressions, %d identity shapes, sha256 %s%n",
                out, m.vertexCount(), m.faceCount(), m.expressionNames().size(), m.shapeNames().size(), m.checksum());
    }

    // ------------------------------------------------------------------------------------------

    private FaceModel build() {
        double[] thetas = columnAngles();
        double[] phis = rowAngles();
        eyes[0] = new Eye(+1);
        eyes[1] = new Eye(-1);
        buildSkin(thetas, phis);
        buildInnerLips();
        for (Eye e : eyes) e.wrapLids();
        buildEyeball(eyes[0], EYE_LEFT);
        buildEyeball(eyes[1], EYE_RIGHT);
        buildTeeth(false);
        buildTeeth(true);
        buildCavity();
        buildTongue();
        paint();
        return assemble();
    }

    /** Column angles, denser over the face; symmetric: theta[k] = -theta[COLUMNS - k]. */
    private static double[] columnAngles() {
        int n = 4000;
        double[] cdf = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            double t = -StrictMath.PI + 2 * StrictMath.PI * (i - 0.5) / n;
            cdf[i] = cdf[i - 1] + 1 + 2.3 * StrictMath.exp(-(t / 0.85) * (t / 0.85));
        }
        double[] out = new double[COLUMNS];
        for (int k = 0; k < COLUMNS; k++) {
            double target = cdf[n] * k / COLUMNS;
            int i = 0;
            while (i < n && cdf[i + 1] < target) i++;
            double frac = (target - cdf[i]) / (cdf[i + 1] - cdf[i]);
            out[k] = -StrictMath.PI + 2 * StrictMath.PI * (i + frac) / n;
        }
        for (int k = 1; k < COLUMNS / 2; k++) out[COLUMNS - k] = -out[k]; // exact symmetry
        out[0] = -StrictMath.PI;
        out[COLUMNS / 2] = 0;
        return out;
    }

    /** Row latitudes from the neck cut to just below the crown, denser over the face; one row on the mouth line. */
    private double[] rowAngles() {
        double lo = -1.22, hi = 1.43;
        int n = 4000;
        double[] cdf = new double[n + 1];
        for (int i = 1; i <= n; i++) {
            double t = lo + (hi - lo) * (i - 0.5) / n;
            double dz = (t + 0.28) / 0.45;
            double de = (t - 0.0) / 0.09;
            cdf[i] = cdf[i - 1] + 1 + 2.4 * StrictMath.exp(-dz * dz) + 1.6 * StrictMath.exp(-de * de);
        }
        double[] out = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double target = cdf[n] * r / (ROWS - 1);
            int i = 0;
            while (i < n && cdf[i + 1] < target) i++;
            double frac = cdf[i + 1] == cdf[i] ? 0 : (target - cdf[i]) / (cdf[i + 1] - cdf[i]);
            out[r] = lo + (hi - lo) * StrictMath.min(1, (i + frac) / n);
        }
        // Snap the nearest row onto the mouth line.
        double a = -0.9, b = 0.0;
        for (int it = 0; it < 60; it++) {
            double m = (a + b) / 2;
            if (HeadShape.skinPoint(0, m).y() < HeadShape.MOUTH_Y) a = m; else b = m;
        }
        double phiMouth = (a + b) / 2;
        int best = 0;
        for (int r = 0; r < ROWS; r++) if (StrictMath.abs(out[r] - phiMouth) < StrictMath.abs(out[best] - phiMouth)) best = r;
        out[best] = phiMouth;
        mouthRow = best;
        return out;
    }

    private void buildSkin(double[] thetas, double[] phis) {
        grid = new int[ROWS][COLUMNS];
        lowerSlit = new int[COLUMNS];
        Arrays.fill(lowerSlit, -1);
        frontCol = COLUMNS / 2;
        // Mouth corners: the column nearest 0.265 rad either side of the front.
        int best = 1;
        for (int k = 1; k < COLUMNS / 4; k++) {
            if (StrictMath.abs(thetas[frontCol + k] - 0.265) < StrictMath.abs(thetas[frontCol + best] - 0.265)) best = k;
        }
        cornerCol = best;
        for (int r = 0; r < ROWS; r++) {
            for (int k = 0; k < COLUMNS; k++) {
                Vertex v = new Vertex(HeadShape.skinPoint(thetas[k], phis[r]), SKIN);
                v.skin = v.p;
                v.u = (thetas[k] + StrictMath.PI) / (2 * StrictMath.PI);
                v.v = 0.02 + 0.72 * (phis[r] - phis[0]) / (StrictMath.PI / 2 - phis[0]);
                v.row = r;
                v.col = k;
                int off = k - frontCol;
                if (r > mouthRow && StrictMath.abs(off) <= cornerCol + 3) v.side = SIDE_UPPER;
                if (r < mouthRow && StrictMath.abs(off) <= cornerCol + 3) v.side = SIDE_LOWER;
                grid[r][k] = mesh.add(v);
                if (r == mouthRow && StrictMath.abs(off) < cornerCol) {
                    v.side = SIDE_UPPER;
                    Vertex lo = new Vertex(v.p, SKIN);
                    lo.skin = v.p;
                    lo.u = v.u;
                    lo.v = v.v - 0.004;
                    lo.row = r;
                    lo.col = k;
                    lo.side = SIDE_LOWER;
                    lowerSlit[k] = mesh.add(lo);
                }
            }
        }
        // Close the neck cut with a cap so the open tube never shows from below.
        double cx = 0, cy = 0, cz = 0;
        for (int k = 0; k < COLUMNS; k++) {
            Vec q = mesh.get(grid[0][k]).p;
            cx += q.x(); cy += q.y(); cz += q.z();
        }
        Vertex cap = new Vertex(new Vec(cx / COLUMNS, cy / COLUMNS - 0.004, cz / COLUMNS), SKIN);
        cap.skin = cap.p;
        cap.u = 0.5;
        cap.v = 0.005;
        int capIndex = mesh.add(cap);
        Vertex top = new Vertex(HeadShape.skinPoint(0, StrictMath.PI / 2), SKIN);
        top.skin = top.p;
        top.u = 0.5;
        top.v = 0.745;
        crown = mesh.add(top);

        for (int r = 0; r < ROWS - 1; r++) {
            for (int k = 0; k < COLUMNS; k++) {
                int k1 = (k + 1) % COLUMNS;
                int a = grid[r][k], b = grid[r][k1];
                // Faces just below the mouth row use the lower-lip copies.
                if (r + 1 == mouthRow) {
                    // no change: row r is below, row r+1 is the mouth row
                }
                int c = grid[r + 1][k1], d = grid[r + 1][k];
                if (r + 1 == mouthRow) {
                    if (lowerSlit[k1] >= 0) c = lowerSlit[k1];
                    if (lowerSlit[k] >= 0) d = lowerSlit[k];
                }
                if (k1 == 0) {
                    // Seam at the back of the head: the wrapping column gets u = 1.
                    int ub = mesh.addUv(1.0, mesh.uvs.get(mesh.uvOf(b))[1]);
                    int uc = mesh.addUv(1.0, mesh.uvs.get(mesh.uvOf(c))[1]);
                    mesh.tri(SKIN, a, b, c, mesh.uvOf(a), ub, uc);
                    mesh.tri(SKIN, a, c, d, mesh.uvOf(a), uc, mesh.uvOf(d));
                } else {
                    mesh.tri(SKIN, a, b, c);
                    mesh.tri(SKIN, a, c, d);
                }
            }
        }
        for (int k = 0; k < COLUMNS; k++) {
            int k1 = (k + 1) % COLUMNS;
            mesh.tri(SKIN, capIndex, grid[0][k1], grid[0][k]);
        }
        for (int k = 0; k < COLUMNS; k++) {
            int k1 = (k + 1) % COLUMNS;
            int a = grid[ROWS - 1][k], b = grid[ROWS - 1][k1];
            if (k1 == 0) {
                int ub = mesh.addUv(1.0, mesh.uvs.get(mesh.uvOf(b))[1]);
                mesh.tri(SKIN, a, b, crown, mesh.uvOf(a), ub, mesh.uvOf(crown));
            } else {
                mesh.tri(SKIN, a, b, crown);
            }
        }
    }

    /** Inner lip surfaces: two rows curling back from each lip edge into the mouth. */
    private void buildInnerLips() {
        int n = 2 * cornerCol + 1;
        int[] upper0 = new int[n], upper1 = new int[n], upper2 = new int[n];
        int[] lower0 = new int[n], lower1 = new int[n], lower2 = new int[n];
        for (int i = 0; i < n; i++) {
            int k = frontCol - cornerCol + i;
            boolean corner = i == 0 || i == n - 1;
            upper0[i] = grid[mouthRow][k];
            lower0[i] = corner ? upper0[i] : lowerSlit[k];
            Vertex edge = mesh.get(upper0[i]);
            double taper = corner ? 0.75 : 1 - 0.25 * StrictMath.pow(StrictMath.abs(i - cornerCol) / (double) cornerCol, 2);
            Vec p = edge.p;
            upper1[i] = innerLipVertex(p.plus(new Vec(0, 0.0010 * taper, -0.0032 * taper)), SIDE_UPPER, edge, 0.006);
            upper2[i] = innerLipVertex(p.plus(new Vec(0, 0.0032 * taper, -0.0120 * taper)), SIDE_UPPER, edge, 0.012);
            if (corner) {
                lower1[i] = upper1[i];
                lower2[i] = upper2[i];
                mesh.get(upper1[i]).side = SIDE_NONE;
                mesh.get(upper2[i]).side = SIDE_NONE;
            } else {
                lower1[i] = innerLipVertex(p.plus(new Vec(0, -0.0010 * taper, -0.0032 * taper)), SIDE_LOWER, edge, 0.006);
                lower2[i] = innerLipVertex(p.plus(new Vec(0, -0.0034 * taper, -0.0120 * taper)), SIDE_LOWER, edge, 0.012);
            }
            if (!corner) {
                slitUpper.add(upper0[i]);
                slitLower.add(lower0[i]);
            }
        }
        for (int i = 0; i < n - 1; i++) {
            strip(upper0, upper1, i, true);
            strip(upper1, upper2, i, true);
            strip(lower0, lower1, i, false);
            strip(lower1, lower2, i, false);
        }
    }

    private int innerLipVertex(Vec p, int side, Vertex edge, double dv) {
        Vertex v = new Vertex(p, SKIN);
        v.skin = p;
        v.side = side;
        v.u = edge.u;
        v.v = edge.v + (side == SIDE_UPPER ? dv * 0.2 : -dv * 0.2);
        v.row = -2;
        return mesh.add(v);
    }

    private void strip(int[] outer, int[] inner, int i, boolean upper) {
        int a = outer[i], b = outer[i + 1], c = inner[i + 1], d = inner[i];
        if (upper) {
            if (a != d) mesh.tri(SKIN, a, d, c);
            if (b != c) mesh.tri(SKIN, a, c, b);
        } else {
            if (b != c) mesh.tri(SKIN, a, b, c);
            if (a != d) mesh.tri(SKIN, a, c, d);
        }
    }

    // ---- eyes --------------------------------------------------------------------------------

    /** One eye: its joint centre, frame and the almond opening, and the wrapping of its lids. */
    final class Eye {
        static final double A_IN = -0.95, A_OUT = 1.0, Z_UP = 0.55, Z_LOW = 0.45, A_ZONE = 0.25;
        final int sign;
        final Vec center;
        final Vec forward, lateral, up;
        final List<Integer> region = new ArrayList<>();

        Eye(int sign) {
            this.sign = sign;
            Vec toward = new Vec(sign * HeadShape.EYE_X, HeadShape.EYE_Y, 0.07).minus(HeadShape.CENTER).unit();
            double theta = StrictMath.atan2(toward.x(), toward.z());
            double phi = StrictMath.asin(toward.y());
            Vec skin = HeadShape.skinPoint(theta, phi);
            this.center = new Vec(sign * HeadShape.EYE_X, HeadShape.EYE_Y, skin.z() + 0.0052 - HeadShape.EYE_RADIUS);
            this.forward = new Vec(sign * 0.10, 0, 1).unit();
            Vec worldUp = new Vec(0, 1, 0);
            this.lateral = worldUp.cross(forward).unit().times(sign);
            this.up = sign > 0 ? forward.cross(lateral).unit() : lateral.cross(forward).unit();
        }

        double t(double a) { return (2 * a - (A_IN + A_OUT)) / (A_OUT - A_IN); }

        double upperMargin(double a) {
            double t = t(a);
            if (StrictMath.abs(t) >= 1) return 0;
            return 0.40 * StrictMath.pow(1 - t * t, 0.75) * (1 - 0.12 * t);
        }

        double lowerMargin(double a) {
            double t = t(a);
            if (StrictMath.abs(t) >= 1) return 0;
            return -0.27 * StrictMath.pow(1 - t * t, 0.85) * (1 + 0.10 * t);
        }

        Vec shell(double a, double b, double radius) {
            Vec d = forward.times(StrictMath.cos(b) * StrictMath.cos(a)).plus(lateral.times(StrictMath.cos(b) * StrictMath.sin(a))).plus(up.times(StrictMath.sin(b)));
            return center.plus(d.times(radius));
        }

        /**
         * Lid coordinates of a skin point: its lateral and vertical offsets from the eye centre mapped
         * onto the eyeball by a frontal projection (the socket skin sits only millimetres in front of
         * the eye centre, so radial angles would be badly non-uniform).
         */
        double[] angles(Vec p) {
            Vec d = p.minus(center);
            double r = HeadShape.EYE_RADIUS + 0.0015;
            return new double[] {StrictMath.asin(StrictMath.max(-1, StrictMath.min(1, d.dot(lateral) / r))), StrictMath.asin(StrictMath.max(-1, StrictMath.min(1, d.dot(up) / r)))};
        }

        /** Classifies the skin vertices around the eye, snaps the lid margins and wraps the lids onto the eyeball. */
        void wrapLids() {
            int eyeIndex = sign > 0 ? 0 : 1;
            for (int k = 0; k < COLUMNS; k++) {
                List<Integer> col = new ArrayList<>();
                for (int r = 0; r < ROWS; r++) {
                    Vertex v = mesh.get(grid[r][k]);
                    if (StrictMath.signum(v.p.x()) != sign) continue;
                    double[] ab = angles(v.p);
                    double a = ab[0], b = ab[1];
                    if (a < A_IN - A_ZONE || a > A_OUT + A_ZONE) continue;
                    if (b > upperMargin(a) + Z_UP || b < lowerMargin(a) - Z_LOW) continue;
                    if (v.p.minus(center).dot(forward) < 0) continue;
                    v.lidA = a;
                    v.lidB = b;
                    col.add(grid[r][k]);
                }
                if (col.isEmpty()) continue;
                int iu = 0, il = 0;
                for (int i = 0; i < col.size(); i++) {
                    Vertex v = mesh.get(col.get(i));
                    if (StrictMath.abs(v.lidB - upperMargin(v.lidA)) < StrictMath.abs(mesh.get(col.get(iu)).lidB - upperMargin(mesh.get(col.get(iu)).lidA))) iu = i;
                    if (StrictMath.abs(v.lidB - lowerMargin(v.lidA)) < StrictMath.abs(mesh.get(col.get(il)).lidB - lowerMargin(mesh.get(col.get(il)).lidA))) il = i;
                }
                for (int i = 0; i < col.size(); i++) {
                    Vertex v = mesh.get(col.get(i));
                    v.eye = eyeIndex;
                    double a = v.lidA;
                    if (iu == il && i == iu) {
                        v.lid = LID_UPPER_MARGIN;
                        v.lidB = 0.5 * (upperMargin(a) + lowerMargin(a));
                    } else if (i == iu) {
                        v.lid = LID_UPPER_MARGIN;
                        v.lidB = upperMargin(a);
                    } else if (i == il) {
                        v.lid = LID_LOWER_MARGIN;
                        v.lidB = lowerMargin(a);
                    } else if (i > iu) {
                        v.lid = LID_UPPER_ZONE;
                    } else if (i < il) {
                        v.lid = LID_LOWER_ZONE;
                    } else {
                        v.lid = LID_INTERIOR;
                    }
                    region.add(col.get(i));
                }
            }
            for (int idx : region) {
                Vertex v = mesh.get(idx);
                double blend;
                double radius;
                switch (v.lid) {
                    case LID_UPPER_ZONE -> {
                        double frac = Shaping.clamp01((v.lidB - upperMargin(v.lidA)) / Z_UP);
                        blend = step(0.15, 1, frac);
                        radius = HeadShape.EYE_RADIUS + 0.0016 + 0.0022 * frac;
                    }
                    case LID_LOWER_ZONE -> {
                        double frac = Shaping.clamp01((lowerMargin(v.lidA) - v.lidB) / Z_LOW);
                        blend = step(0.15, 1, frac);
                        radius = HeadShape.EYE_RADIUS + 0.0016 + 0.0018 * frac;
                    }
                    case LID_INTERIOR -> {
                        blend = 0;
                        radius = HeadShape.EYE_RADIUS - 0.0018;
                    }
                    default -> {
                        blend = 0;
                        radius = HeadShape.EYE_RADIUS + 0.0014;
                    }
                }
                double aOut = v.lidA > A_OUT ? (v.lidA - A_OUT) / A_ZONE : v.lidA < A_IN ? (A_IN - v.lidA) / A_ZONE : 0;
                v.lidBlend = StrictMath.max(blend, step(0, 1, aOut));
                v.lidRadius = radius;
                v.p = lidPosition(v, v.lidB);
            }
        }

        /** Where a lid vertex sits for lid angle {@code b}: on the eyeball shell, blended into its skin position. */
        Vec lidPosition(Vertex v, double b) {
            Vec onShell = shell(v.lidA, b, v.lidRadius);
            Vec p = onShell.lerp(v.skin, v.lidBlend);
            if (v.lid != LID_INTERIOR) {
                Vec d = p.minus(center);
                double min = HeadShape.EYE_RADIUS + 0.0008;
                if (d.length() < min) p = center.plus(d.unit().times(min));
            }
            return p;
        }

        /**
         * Displacements that move the upper and lower lid margins by {@code du(a)} and {@code dl(a)}
         * radians (positive is up), stretching the lid zones and the hidden interior accordingly.
         */
        void lidShape(float[] out, java.util.function.DoubleUnaryOperator du, java.util.function.DoubleUnaryOperator dl) {
            for (int idx : region) {
                Vertex v = mesh.get(idx);
                double a = v.lidA, b = v.lidB;
                double bu = upperMargin(a), bl = lowerMargin(a);
                double nu = bu + du.applyAsDouble(a), nl = bl + dl.applyAsDouble(a);
                double nb = switch (v.lid) {
                    case LID_UPPER_ZONE -> nu + (b - bu) * (bu + Z_UP - nu) / Z_UP;
                    case LID_UPPER_MARGIN -> bu == bl ? 0.5 * (nu + nl) : nu;
                    case LID_INTERIOR -> bu - bl < 1e-9 ? nl : nl + (b - bl) / (bu - bl) * (nu - nl);
                    case LID_LOWER_MARGIN -> nl;
                    case LID_LOWER_ZONE -> nl - (bl - b) * (nl - (bl - Z_LOW)) / Z_LOW;
                    default -> b;
                };
                Vec target;
                if (v.lid == LID_INTERIOR) {
                    // Hidden behind the eyeball while the eye is open; as the lids close, the interior
                    // rises to the lid surface so no triangle dips into the eye between columns.
                    double closed = bu - bl < 1e-9 ? 1 : Shaping.clamp01(1 - (nu - nl) / (bu - bl));
                    double radius = v.lidRadius + closed * (HeadShape.EYE_RADIUS + 0.0014 - v.lidRadius);
                    target = shell(v.lidA, nb, radius);
                } else {
                    target = lidPosition(v, nb);
                }
                Vec d = target.minus(v.p);
                out[idx * 3] += d.x();
                out[idx * 3 + 1] += d.y();
                out[idx * 3 + 2] += d.z();
            }
        }

        double closure(double a) { return lowerMargin(a) + 0.22 * (upperMargin(a) - lowerMargin(a)); }

        double height(double a) { return upperMargin(a) - lowerMargin(a); }
    }

    private void buildEyeball(Eye eye, int part) {
        double[] polar = {0, 4, 8, 11, 14, 18, 22, 26, 28.5, 31, 35, 42, 55, 75, 100, 130, 160, 180};
        int seg = 20;
        int[][] ring = new int[polar.length][];
        for (int i = 0; i < polar.length; i++) {
            double pa = StrictMath.toRadians(polar[i]);
            int count = (i == 0 || i == polar.length - 1) ? 1 : seg;
            ring[i] = new int[count];
            for (int s = 0; s < count; s++) {
                double az = 2 * StrictMath.PI * s / seg;
                Vec d = eye.forward.times(StrictMath.cos(pa))
                        .plus(eye.lateral.times(StrictMath.sin(pa) * StrictMath.cos(az)))
                        .plus(eye.up.times(StrictMath.sin(pa) * StrictMath.sin(az)));
                double r = HeadShape.EYE_RADIUS * (polar[i] < 28 ? 1 + 0.025 * StrictMath.cos(pa * 3.1) : 1);
                Vertex v = new Vertex(eye.center.plus(d.times(r)), part);
                v.skin = v.p;
                double deg = polar[i];
                v.color = eyeColor(deg, az);
                double uu = 0.5 + 0.5 * (pa / StrictMath.PI) * StrictMath.cos(az);
                double vv = 0.5 + 0.5 * (pa / StrictMath.PI) * StrictMath.sin(az);
                v.u = (part == EYE_LEFT ? 0.0 : 0.125) + 0.125 * uu;
                v.v = 0.76 + 0.12 * vv;
                ring[i][s] = mesh.add(v);
            }
        }
        for (int i = 0; i < polar.length - 1; i++) {
            for (int s = 0; s < seg; s++) {
                int s1 = (s + 1) % seg;
                int a = ring[i][StrictMath.min(s, ring[i].length - 1)], b = ring[i][StrictMath.min(s1, ring[i].length - 1)];
                int c = ring[i + 1][StrictMath.min(s1, ring[i + 1].length - 1)], d = ring[i + 1][StrictMath.min(s, ring[i + 1].length - 1)];
                // Outward winding; the frame's handedness flips between the eyes.
                boolean flip = eye.sign < 0;
                if (a != b) tri(part, flip, a, c, b);
                if (c != d) tri(part, flip, a, d, c);
            }
        }
    }

    private void tri(int part, boolean flip, int a, int b, int c) {
        if (flip) mesh.tri(part, a, c, b); else mesh.tri(part, a, b, c);
    }

    // ---- mouth interior ------------------------------------------------------------------------

    private void buildTeeth(boolean lower) {
        int seg = 16;
        double y0 = HeadShape.MOUTH_Y;
        double top = lower ? y0 - 0.0010 : y0 + 0.0105;
        double bottom = lower ? y0 - 0.0120 : y0 - 0.0032;
        double front = 0.0792, halfWidth = 0.0225, depth = 0.021, thick = 0.0062;
        int[][] sec = new int[seg + 1][4];
        for (int i = 0; i <= seg; i++) {
            double s = -1.25 + 2.5 * i / seg;
            double scale = lower ? 0.93 : 1.0;
            Vec outer = new Vec(halfWidth * scale * StrictMath.sin(s), 0, front - (lower ? 0.0068 : 0) - depth * (1 - StrictMath.cos(s)));
            Vec tangent = new Vec(halfWidth * scale * StrictMath.cos(s), 0, -depth * StrictMath.sin(s)).unit();
            Vec inward = new Vec(-tangent.z(), 0, tangent.x()).times(-1);
            if (inward.z() > 0) inward = inward.times(-1);
            Vec inner = outer.plus(inward.times(thick));
            double[][] pts = {{outer.x(), top, outer.z()}, {outer.x(), bottom, outer.z()}, {inner.x(), bottom, inner.z()}, {inner.x(), top, inner.z()}};
            for (int c = 0; c < 4; c++) {
                Vertex v = new Vertex(new Vec(pts[c][0], pts[c][1], pts[c][2]), TEETH);
                v.skin = v.p;
                v.lowerTeeth = lower;
                boolean gum = lower ? c == 0 || c == 3 : c == 0 || c == 3;
                double ridge = 0.5 + 0.5 * StrictMath.cos(i * StrictMath.PI); // alternating shade marks separate teeth
                v.color = gum ? new Vec(0.78, 0.47, 0.47) : new Vec(0.93, 0.90, 0.82).times(0.94 + 0.06 * ridge);
                v.u = 0.25 + 0.25 * i / seg;
                v.v = (lower ? 0.88 : 0.76) + 0.03 * c;
                sec[i][c] = mesh.add(v);
            }
        }
        for (int i = 0; i < seg; i++) {
            for (int c = 0; c < 4; c++) {
                int c1 = (c + 1) % 4;
                int a = sec[i][c], b = sec[i + 1][c], cc = sec[i + 1][c1], d = sec[i][c1];
                // Loop order outer-top -> outer-bottom -> inner-bottom -> inner-top runs downward on the
                // outer face; the arch runs toward +x at the front, so (a, d, cc) faces outward.
                mesh.tri(TEETH, a, d, cc);
                mesh.tri(TEETH, a, cc, b);
            }
        }
    }

    private void buildCavity() {
        Vec c = new Vec(0, HeadShape.MOUTH_Y - 0.005, 0.034);
        Vec r = new Vec(0.029, 0.020, 0.040);
        int rings = 9, seg = 14;
        List<int[]> rows = new ArrayList<>();
        for (int i = 0; i <= rings; i++) {
            double pa = StrictMath.PI * i / rings; // from top to bottom
            int count = (i == 0 || i == rings) ? 1 : seg;
            int[] row = new int[count];
            for (int s = 0; s < count; s++) {
                double az = 2 * StrictMath.PI * s / seg;
                double sa = StrictMath.sin(az), ca = StrictMath.cos(az);
                double bx = StrictMath.signum(sa) * StrictMath.pow(StrictMath.abs(sa), 0.6), bz = StrictMath.signum(ca) * StrictMath.pow(StrictMath.abs(ca), 0.6);
                double sp = StrictMath.pow(StrictMath.sin(pa), 0.8);
                Vec p = new Vec(c.x() + r.x() * sp * bx, c.y() + r.y() * StrictMath.cos(pa), c.z() + r.z() * sp * bz);
                Vertex v = new Vertex(p, MOUTH);
                v.skin = p;
                v.color = new Vec(0.22, 0.07, 0.07).lerp(new Vec(0.36, 0.13, 0.13), step(0.0, 0.04, p.z() - c.z()));
                v.u = 0.50 + 0.25 * s / seg;
                v.v = 0.76 + 0.2 * i / rings;
                row[s] = mesh.add(v);
            }
            rows.add(row);
        }
        for (int i = 0; i < rings; i++) {
            int[] a = rows.get(i), b = rows.get(i + 1);
            for (int s = 0; s < seg; s++) {
                int s1 = (s + 1) % seg;
                int p0 = a[StrictMath.min(s, a.length - 1)], p1 = a[StrictMath.min(s1, a.length - 1)];
                int q0 = b[StrictMath.min(s, b.length - 1)], q1 = b[StrictMath.min(s1, b.length - 1)];
                // Inward-facing: seen from inside the mouth.
                if (p0 != p1) mesh.tri(MOUTH, p0, p1, q1);
                if (q0 != q1) mesh.tri(MOUTH, p0, q1, q0);
            }
        }
    }

    private void buildTongue() {
        Vec c = new Vec(0, HeadShape.MOUTH_Y - 0.0175, 0.034);
        Vec r = new Vec(0.0185, 0.0085, 0.030);
        int nu = 9, nv = 7;
        int[][] g = new int[nv + 1][nu + 1];
        for (int j = 0; j <= nv; j++) {
            for (int i = 0; i <= nu; i++) {
                double a = -StrictMath.PI / 2 + StrictMath.PI * i / nu;   // across
                double b = -StrictMath.PI / 2 + StrictMath.PI * j / nv;   // back to front
                double ca = StrictMath.cos(a);
                Vec p = new Vec(c.x() + r.x() * StrictMath.sin(a), c.y() + r.y() * ca * StrictMath.cos(b) * 0.9, c.z() + r.z() * StrictMath.sin(b));
                Vertex v = new Vertex(p, TONGUE);
                v.skin = p;
                v.color = new Vec(0.74, 0.38, 0.38).lerp(new Vec(0.62, 0.30, 0.30), StrictMath.abs(StrictMath.sin(a)));
                v.u = 0.75 + 0.25 * i / nu;
                v.v = 0.76 + 0.2 * j / nv;
                g[j][i] = mesh.add(v);
            }
        }
        for (int j = 0; j < nv; j++) {
            for (int i = 0; i < nu; i++) {
                int a = g[j][i], b = g[j][i + 1], cc = g[j + 1][i + 1], d = g[j + 1][i];
                mesh.tri(TONGUE, a, d, cc);
                mesh.tri(TONGUE, a, cc, b);
            }
        }
    }

    // ---- colour ------------------------------------------------------------------------------

    private void paint() {
        for (Vertex v : mesh.vertices) {
            if (v.part != SKIN) continue;
            boolean upper = v.side == SIDE_UPPER || (v.side == SIDE_NONE && v.skin.y() >= HeadShape.MOUTH_Y);
            v.color = skinColor(v.skin, upper, v.row == -2 ? 1 : 0, v.lid == LID_UPPER_MARGIN ? 1 : 0,
                    v.lid == LID_LOWER_MARGIN ? 1 : 0, v.lid == LID_INTERIOR ? 1 : 0);
        }
    }

    /**
     * Skin colour (sRGB 0..1) at a rest-pose skin point: tone variation, cropped hair, brows,
     * nostrils, lips with a Cupid's bow; the other arguments weigh lip-side and eyelid features.
     */
    static Vec skinColor(Vec p, boolean upperSide, double innerLip, double upperMargin, double lowerMargin, double lidInterior) {
        Vec skinTone = new Vec(0.86, 0.66, 0.55);
        Vec lip = new Vec(0.74, 0.44, 0.42);
        Vec hair = new Vec(0.17, 0.12, 0.09);
        Vec brow = new Vec(0.22, 0.15, 0.10);
        double ax = StrictMath.abs(p.x());
        Vec q = new Vec(ax, p.y(), p.z());
        Vec col = skinTone;
        // Warmer cheeks, nose and ears; slightly cooler under the jaw.
        col = col.lerp(new Vec(0.86, 0.56, 0.50), 0.45 * bump(q, new Vec(0.042, -0.03, 0.07), 0.018, 0.016, 0.04));
        col = col.lerp(new Vec(0.86, 0.58, 0.52), 0.35 * bump(q, new Vec(0.0, -0.028, 0.11), 0.012, 0.012, 0.03));
        col = col.lerp(new Vec(0.84, 0.56, 0.50), 0.5 * bump(q, new Vec(0.075, -0.008, -0.018), 0.02, 0.03, 0.02));
        col = col.lerp(new Vec(0.78, 0.60, 0.52), step(-0.10, -0.14, p.y()) * 0.6);
        // Scalp hair: a close crop above a hairline that drops toward the nape, with a fine grain.
        double theta = StrictMath.atan2(p.x(), p.z());
        double back = StrictMath.abs(theta) / StrictMath.PI;
        double hairline = 0.078 - 0.0025 * StrictMath.cos(theta * 7) * step(0.2, 0.0, back)
                - 0.062 * step(0.12, 0.42, back) - 0.075 * step(0.55, 0.95, back);
        double earGap = bump(q, new Vec(0.07, -0.005, -0.015), 0.03, 0.032, 0.024);
        double h = step(hairline - 0.004, hairline + 0.006, p.y()) * (1 - earGap);
        double grain = 0.5 + 0.5 * StrictMath.sin(p.x() * 2100 + StrictMath.sin(p.y() * 900) * 3) * StrictMath.sin(p.z() * 1700 + p.y() * 800);
        col = col.lerp(hair.times(0.85 + 0.3 * grain), 0.93 * h);
        // Brows: arches above the eyes, thicker toward the nose, made of slanted strokes.
        if (p.z() > 0.03) {
            double bx = (ax - 0.012) / 0.045;
            if (bx > -0.15 && bx < 1.15) {
                double cx = StrictMath.max(0, StrictMath.min(1, bx));
                double yc = 0.0205 + 0.0065 * StrictMath.sin(StrictMath.PI * StrictMath.min(1, cx * 1.25)) - 0.003 * cx;
                double half = 0.0034 - 0.0018 * cx;
                double d = StrictMath.abs(p.y() - yc);
                double inside = step(half + 0.0010, half - 0.0004, d) * step(-0.12, 0.05, bx) * step(1.12, 0.92, bx);
                double strokes = 0.86 + 0.08 * StrictMath.sin((ax * 0.9 + (p.y() - yc) * 0.6) * 5200) + 0.06 * StrictMath.sin(ax * 3100 + p.y() * 1900);
                col = col.lerp(brow, 0.9 * inside * strokes);
            }
        }
        // Nostrils.
        double nostril = bump(q, new Vec(0.0068, -0.0415, 0.10), 0.0028, 0.0016, 0.01);
        col = col.lerp(new Vec(0.25, 0.12, 0.10), 0.9 * nostril);
        // Lips: vermilion with a Cupid's bow on the upper lip.
        double my = p.y() - HeadShape.MOUTH_Y;
        double xr = ax / 0.0265;
        if (xr < 1.15 && p.z() > 0.05) {
            double width = StrictMath.sqrt(StrictMath.max(0, 1 - xr * xr));
            double upperEdge = (0.0088 + 0.0014 * StrictMath.cos(StrictMath.min(StrictMath.PI, ax / 0.0062 * StrictMath.PI)) * step(0.012, 0.004, ax)) * width;
            double lowerEdge = -0.0108 * StrictMath.pow(width, 0.8);
            double inLip = upperSide
                    ? step(upperEdge + 0.0006, upperEdge - 0.0004, my)
                    : step(lowerEdge - 0.0006, lowerEdge + 0.0004, my);
            col = col.lerp(lip, inLip * step(1.12, 0.9, xr));
        }
        col = col.lerp(new Vec(0.62, 0.30, 0.30), innerLip);
        col = col.lerp(new Vec(0.28, 0.18, 0.15), 0.85 * upperMargin + 0.45 * lowerMargin);
        col = col.lerp(new Vec(0.45, 0.25, 0.22), lidInterior);
        return col;
    }

    /** Eyeball colour by angle from the gaze axis: pupil, iris with radial fibres, limbal ring, sclera. */
    static Vec eyeColor(double polarDeg, double azimuth) {
        if (polarDeg < 9.5) return new Vec(0.03, 0.03, 0.035);
        if (polarDeg < 26.5) {
            double t = (polarDeg - 9.5) / 17;
            double fibre = 0.88 + 0.12 * StrictMath.sin(azimuth * 41) * StrictMath.sin(azimuth * 17 + t * 5);
            Vec base = new Vec(0.28, 0.40, 0.48).lerp(new Vec(0.45, 0.57, 0.62), t);
            return base.lerp(new Vec(0.55, 0.45, 0.25), 0.35 * step(0.3, 0.0, t)).times(fibre);
        }
        if (polarDeg < 30) return new Vec(0.16, 0.20, 0.24);
        return new Vec(0.93, 0.91, 0.88).lerp(new Vec(0.90, 0.78, 0.76), step(60, 170, polarDeg));
    }

    // ---- rig data ------------------------------------------------------------------------------

    private FaceModel assemble() {
        int n = mesh.size();
        float[] template = new float[n * 3];
        float[] colors = new float[n * 3];
        for (int i = 0; i < n; i++) {
            Vertex v = mesh.get(i);
            template[i * 3] = (float) v.p.x();
            template[i * 3 + 1] = (float) v.p.y();
            template[i * 3 + 2] = (float) v.p.z();
            colors[i * 3] = (float) v.color.x();
            colors[i * 3 + 1] = (float) v.color.y();
            colors[i * 3 + 2] = (float) v.color.z();
        }
        int[] faces = new int[mesh.faces.size() * 3];
        int[] uvFaces = new int[faces.length];
        int[] parts = new int[mesh.faces.size()];
        for (int f = 0; f < parts.length; f++) {
            System.arraycopy(mesh.faces.get(f), 0, faces, f * 3, 3);
            System.arraycopy(mesh.uvFaces.get(f), 0, uvFaces, f * 3, 3);
            parts[f] = mesh.faceParts.get(f);
        }
        float[] uvs = new float[mesh.uvs.size() * 2];
        for (int i = 0; i < mesh.uvs.size(); i++) {
            uvs[i * 2] = (float) mesh.uvs.get(i)[0];
            uvs[i * 2 + 1] = (float) mesh.uvs.get(i)[1];
        }
        RigWeights rig = new RigWeights(mesh, eyes);
        float[] weights = rig.skinningWeights();
        float[][] regressor = rig.jointRegressor();
        float[][] poseDirs = rig.poseCorrectives();
        ShapeLibrary shapes = new ShapeLibrary(mesh, eyes, rig);
        float[][] expr = new float[EXPRESSIONS.size()][];
        for (int i = 0; i < expr.length; i++) expr[i] = shapes.expression(EXPRESSIONS.get(i));
        float[][] ident = new float[IDENTITY.size()][];
        for (int i = 0; i < ident.length; i++) ident[i] = shapes.identity(IDENTITY.get(i));
        FaceModel provisional = new FaceModel(MODEL_ID, template, faces, IDENTITY, ident, EXPRESSIONS, expr,
                poseDirs, regressor, weights, new int[] {-1, 0, 1, 1, 1}, FaceModel.JOINT_NAMES, uvs, uvFaces, colors,
                parts, PART_NAMES, new int[0], new float[0]);
        TexturePainter painter = new TexturePainter(mesh, eyes, 2048);
        LandmarkEmbedding lmk = new LandmarkEmbedding(provisional, mesh, eyes, slitUpper, slitLower,
                grid[mouthRow][frontCol - cornerCol], grid[mouthRow][frontCol + cornerCol]);
        return new FaceModel(MODEL_ID, template, faces, IDENTITY, ident, EXPRESSIONS, expr,
                poseDirs, regressor, weights, new int[] {-1, 0, 1, 1, 1}, FaceModel.JOINT_NAMES, uvs, uvFaces, colors,
                parts, PART_NAMES, lmk.faces(), lmk.barycentric()).withTexture(painter.paint(), painter.size(), painter.size());
    }
}
