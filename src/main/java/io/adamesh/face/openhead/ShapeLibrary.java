package io.adamesh.face.openhead;

import static io.adamesh.face.openhead.HeadMesh.*;
import static io.adamesh.face.openhead.Shaping.bump;
import static io.adamesh.face.openhead.Shaping.step;

/**
 * OpenHead's blend shapes as displacement fields over the rest mesh: the ARKit-named expression
 * basis (each shape at 1.0 does what its name says) and a small identity basis.
 */
final class ShapeLibrary {
    private static final double MY = HeadShape.MOUTH_Y;
    private final HeadMesh mesh;
    private final OpenHeadGenerator.Eye[] eyes;
    private final RigWeights rig;

    ShapeLibrary(HeadMesh mesh, OpenHeadGenerator.Eye[] eyes, RigWeights rig) {
        this.mesh = mesh;
        this.eyes = eyes;
        this.rig = rig;
    }

    private interface Field {
        /** Displacement of vertex {@code i}, or null for none. */
        Vec at(int i, Vertex v);
    }

    private float[] field(Field f) {
        float[] out = new float[mesh.size() * 3];
        for (int i = 0; i < mesh.size(); i++) {
            Vec d = f.at(i, mesh.get(i));
            if (d == null) continue;
            out[i * 3] = (float) d.x();
            out[i * 3 + 1] = (float) d.y();
            out[i * 3 + 2] = (float) d.z();
        }
        return out;
    }

    // ---- masks ---------------------------------------------------------------------------------

    private static boolean skin(Vertex v) { return v.part == SKIN; }

    /** Lid vertices that lie on the eyeball only follow skin motion as far as they blend into the skin. */
    private static double lidScale(Vertex v) { return v.lid == LID_NONE ? 1 : v.lidBlend; }

    private static double front(Vec p) { return step(0.035, 0.065, p.z()); }

    private static boolean upperSide(Vertex v) {
        return v.side == SIDE_UPPER || (v.side == SIDE_NONE && v.p.y() - MY > 0.0005);
    }

    private static boolean lowerSide(Vertex v) {
        return v.side == SIDE_LOWER || (v.side == SIDE_NONE && v.p.y() - MY < -0.0005);
    }

    private static boolean corner(Vertex v) {
        return v.side == SIDE_NONE && StrictMath.abs(v.p.y() - MY) <= 0.0005;
    }

    private static double lipX(Vec p) { return step(0.040, 0.022, StrictMath.abs(p.x())); }

    /** Upper lip, strongest at its edge; {@code reach} is how far above the mouth line it fades out. */
    private static double upperLip(Vertex v, double reach) {
        if (!skin(v) || !(upperSide(v) || corner(v))) return 0;
        double my = v.p.y() - MY;
        double w = step(reach, reach * 0.3, my) * lipX(v.p) * front(v.p);
        return corner(v) ? 0.5 * w : w;
    }

    private static double lowerLip(Vertex v, double reach) {
        if (!skin(v) || !(lowerSide(v) || corner(v))) return 0;
        double my = v.p.y() - MY;
        double w = step(-reach, -reach * 0.3, my) * lipX(v.p) * front(v.p);
        return corner(v) ? 0.5 * w : w;
    }

    /** Lip-edge weighting that falls to zero at the mouth corners (for vertical opening motions). */
    private static double centreOfLips(Vec p) { return StrictMath.max(0, 1 - StrictMath.pow(StrictMath.abs(p.x()) / 0.028, 2)); }

    private static double mouthCorner(Vertex v, int s, double sigma) {
        if (!skin(v)) return 0;
        Vec p = v.p;
        double dx = (p.x() - s * 0.026) / sigma, dy = (p.y() - MY) / sigma;
        return StrictMath.exp(-dx * dx - dy * dy) * front(p) * lidScale(v);
    }

    private static double side(Vec p, int s) { return step(-0.010, 0.010, s * p.x()); }

    private static Vec mirrorQ(Vec p) { return new Vec(StrictMath.abs(p.x()), p.y(), p.z()); }

    private static double region(Vertex v, int s, Vec centre, double sx, double sy, double sz) {
        if (!skin(v)) return 0;
        Vec p = v.p;
        Vec c = new Vec(s * centre.x(), centre.y(), centre.z());
        return bump(p, c, sx, sy, sz) * lidScale(v);
    }

    private static double both(Vertex v, Vec centre, double sx, double sy, double sz) {
        if (!skin(v)) return 0;
        return bump(mirrorQ(v.p), centre, sx, sy, sz) * lidScale(v);
    }

    // ---- expressions ---------------------------------------------------------------------------

    float[] expression(String name) {
        int s = name.endsWith("Left") ? 1 : name.endsWith("Right") ? -1 : 0;
        OpenHeadGenerator.Eye eye = s > 0 ? eyes[0] : eyes[1];
        String base = s == 0 ? name : name.substring(0, name.length() - (s > 0 ? 4 : 5));
        return switch (base) {
            case "browDown" -> field((i, v) -> {
                double m = region(v, s, new Vec(0.032, 0.023, 0.075), 0.021, 0.013, 0.03);
                return new Vec(-s * 0.0016, -0.0046, 0.0010).times(m);
            });
            case "browInnerUp" -> field((i, v) -> {
                double m = both(v, new Vec(0.017, 0.025, 0.08), 0.014, 0.016, 0.03);
                double f = both(v, new Vec(0.0, 0.048, 0.08), 0.03, 0.02, 0.04);
                return new Vec(0, 0.0090 * m + 0.0025 * f, 0.0008 * m);
            });
            case "browOuterUp" -> field((i, v) -> new Vec(0, 0.0085, 0.0005).times(region(v, s, new Vec(0.051, 0.019, 0.055), 0.016, 0.016, 0.03)));
            case "cheekPuff" -> field((i, v) -> {
                double m = both(v, new Vec(0.040, -0.052, 0.065), 0.019, 0.020, 0.035);
                double lips = upperLip(v, 0.016) + lowerLip(v, 0.018);
                return new Vec(StrictMath.signum(v.p.x()) * 0.0060 * m, -0.0008 * m, 0.0040 * m + 0.0015 * lips);
            });
            case "cheekSquint" -> {
                float[] out = field((i, v) -> new Vec(0, 0.0035, 0.0010).times(region(v, s, new Vec(0.036, -0.021, 0.07), 0.016, 0.011, 0.03)));
                eye.lidShape(out, a -> 0, a -> 0.10 * eye.height(a));
                yield out;
            }
            case "eyeBlink" -> {
                float[] out = new float[mesh.size() * 3];
                eye.lidShape(out, a -> eye.closure(a) - eye.upperMargin(a), a -> eye.closure(a) - eye.lowerMargin(a));
                yield out;
            }
            case "eyeSquint" -> {
                float[] out = field((i, v) -> new Vec(0, 0.0012, 0).times(region(v, s, new Vec(0.034, -0.020, 0.07), 0.015, 0.010, 0.03)));
                eye.lidShape(out, a -> -0.15 * eye.height(a), a -> 0.32 * eye.height(a));
                yield out;
            }
            case "eyeWide" -> {
                float[] out = new float[mesh.size() * 3];
                eye.lidShape(out, a -> 0.30 * eye.height(a), a -> -0.06 * eye.height(a));
                yield out;
            }
            case "jawForward" -> field((i, v) -> new Vec(0, 0, 0.0065 * rig.jaw(i)));
            case "jaw" -> field((i, v) -> new Vec(s * 0.0065 * rig.jaw(i), 0, 0));
            case "mouthClose" -> field((i, v) -> {
                double c = centreOfLips(v.p);
                return new Vec(0, -0.0050 * upperLip(v, 0.012) * c + 0.0145 * lowerLip(v, 0.016) * c, 0.0012 * lowerLip(v, 0.016));
            });
            case "mouthFunnel" -> field((i, v) -> {
                double up = upperLip(v, 0.016), lo = lowerLip(v, 0.018), c = centreOfLips(v.p);
                double lips = up + lo;
                return new Vec(-v.p.x() * 0.22 * lips, 0.0030 * up * c - 0.0034 * lo * c, 0.0060 * lips);
            });
            case "mouthPucker" -> field((i, v) -> {
                double lips = upperLip(v, 0.018) + lowerLip(v, 0.020);
                double wide = both(v, new Vec(0.0, MY, 0.09), 0.030, 0.018, 0.05);
                double c = centreOfLips(v.p);
                return new Vec(-v.p.x() * 0.36 * StrictMath.max(lips, wide), 0, 0.0040 * wide + 0.0055 * lips * (0.6 + 0.4 * c));
            });
            case "mouth" -> field((i, v) -> new Vec(s * 0.0075 * both(v, new Vec(0, MY, 0.09), 0.032, 0.020, 0.04), 0, 0));
            case "mouthSmile" -> field((i, v) -> {
                double c = mouthCorner(v, s, 0.015);
                double ch = region(v, s, new Vec(0.040, -0.042, 0.07), 0.017, 0.018, 0.03);
                return new Vec(s * (0.0055 * c + 0.0010 * ch), 0.0062 * c + 0.0030 * ch, -0.0030 * c + 0.0022 * ch);
            });
            case "mouthFrown" -> field((i, v) -> new Vec(s * 0.0010, -0.0058, -0.0005).times(mouthCorner(v, s, 0.014)));
            case "mouthDimple" -> field((i, v) -> new Vec(s * 0.0025, 0.0006, -0.0045).times(mouthCorner(v, s, 0.012)));
            case "mouthStretch" -> field((i, v) -> {
                double c = mouthCorner(v, s, 0.015);
                return new Vec(s * 0.0065 * c, -0.0030 * c - 0.0016 * lowerLip(v, 0.018) * side(v.p, s), -0.0015 * c);
            });
            case "mouthRollUpper" -> field((i, v) -> new Vec(0, -0.0013, -0.0038).times(upperLip(v, 0.011) * centreOfLips(v.p)));
            case "mouthRollLower" -> field((i, v) -> new Vec(0, 0.0013, -0.0038).times(lowerLip(v, 0.013) * centreOfLips(v.p)));
            case "mouthShrugUpper" -> field((i, v) -> new Vec(0, 0.0028, 0.0018).times(upperLip(v, 0.016)));
            case "mouthShrugLower" -> field((i, v) -> {
                double chin = both(v, new Vec(0, -0.100, 0.08), 0.020, 0.016, 0.04);
                return new Vec(0, 0.0032 * lowerLip(v, 0.018) + 0.0030 * chin, 0.0020 * lowerLip(v, 0.018) + 0.0015 * chin);
            });
            case "mouthPress" -> field((i, v) -> {
                double sd = side(v.p, s);
                double up = upperLip(v, 0.012) * step(0.0, 0.004, v.p.y() - MY);
                double lo = lowerLip(v, 0.014) * step(0.0, -0.004, v.p.y() - MY);
                return new Vec(0, (-0.0022 * up + 0.0022 * lo) * sd, -0.0010 * (up + lo) * sd);
            });
            case "mouthLowerDown" -> field((i, v) -> new Vec(0, -0.0060, 0.0012).times(lowerLip(v, 0.026) * side(v.p, s) * step(0.034, 0.012, StrictMath.abs(v.p.x()))));
            case "mouthUpperUp" -> field((i, v) -> new Vec(0, 0.0052, 0.0010).times(upperLip(v, 0.020) * side(v.p, s) * step(0.034, 0.012, StrictMath.abs(v.p.x()))));
            case "noseSneer" -> field((i, v) -> {
                double ala = region(v, s, new Vec(0.015, -0.036, 0.09), 0.009, 0.009, 0.03);
                double flank = region(v, s, new Vec(0.013, -0.015, 0.085), 0.007, 0.011, 0.03);
                double lip = upperLip(v, 0.016) * side(v.p, s);
                return new Vec(0, 0.0030 * ala + 0.0020 * flank + 0.0010 * lip, -0.0005 * ala);
            });
            case "tongueOut" -> field((i, v) -> {
                if (v.part != TONGUE) return null;
                double wf = step(0.004, 0.064, v.p.z());
                return new Vec(0, -0.002, 0.030 * (0.35 + 0.65 * wf));
            });
            default -> throw new IllegalArgumentException("no definition for expression " + name);
        };
    }

    // ---- identity ------------------------------------------------------------------------------

    /** A displacement field applied rigidly to eyeballs (their centre moves) and directly elsewhere. */
    private float[] identityField(java.util.function.Function<Vec, Vec> f) {
        Vec dl = f.apply(eyes[0].center), dr = f.apply(eyes[1].center);
        return field((i, v) -> v.part == EYE_LEFT ? dl : v.part == EYE_RIGHT ? dr : f.apply(v.p));
    }

    private static double smax(double a, double b, double k) {
        return 0.5 * (a + b + StrictMath.sqrt((a - b) * (a - b) + k * k));
    }

    float[] identity(String name) {
        return switch (name) {
            case "headWidth" -> identityField(p -> new Vec(0.030 * p.x(), 0, 0));
            case "headHeight" -> identityField(p -> new Vec(0, 0.030 * (smax(p.y(), -0.125, 0.02) + 0.01), 0));
            case "headDepth" -> identityField(p -> new Vec(0, 0, 0.035 * -smax(-p.z(), 0.0, 0.02)));
            case "jawWidth" -> identityField(p -> new Vec(0.05 * p.x() * step(-0.020, -0.070, p.y()) * step(-0.150, -0.120, p.y()), 0, 0));
            case "chinLength" -> identityField(p -> new Vec(0, -0.0040 * step(-0.070, -0.105, p.y()) * step(0.015, 0.050, p.z()), 0));
            case "noseLength" -> identityField(p -> new Vec(0, -0.0010, 0.0035).times(bump(p, new Vec(0, -0.020, 0.10), 0.013, 0.028, 0.03) * front(p)));
            case "noseWidth" -> identityField(p -> new Vec(0.20 * p.x() * bump(p, new Vec(0, -0.030, 0.10), 0.018, 0.016, 0.03), 0, 0));
            case "eyeSpacing" -> identityField(p -> new Vec(StrictMath.signum(p.x()) * 0.0025 * bump(mirrorQ(p), new Vec(0.032, 0.0, 0.06), 0.018, 0.017, 0.05), 0, 0));
            case "cheekFullness" -> identityField(p -> {
                double m = bump(mirrorQ(p), new Vec(0.045, -0.040, 0.05), 0.020, 0.025, 0.04);
                return new Vec(StrictMath.signum(p.x()) * 0.0040 * m, 0, 0.0020 * m);
            });
            case "lipFullness" -> field((i, v) -> new Vec(0, 0.0012 * upperLip(v, 0.014) - 0.0012 * lowerLip(v, 0.016), 0.0018 * upperLip(v, 0.014) + 0.0020 * lowerLip(v, 0.016)));
            case "browRidge" -> field((i, v) -> new Vec(0, 0, 0.0020 * both(v, new Vec(0.024, 0.024, 0.08), 0.030, 0.008, 0.05)));
            default -> throw new IllegalArgumentException("no definition for identity shape " + name);
        };
    }
}
