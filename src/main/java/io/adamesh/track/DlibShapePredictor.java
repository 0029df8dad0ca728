package io.adamesh.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A re-implementation of dlib's {@code shape_predictor} (Kazemi and Sullivan's ensemble of regression
 * trees) that reads dlib's serialised model, e.g. {@code shape_predictor_68_face_landmarks.dat} from
 * Debian's {@code libdlib-data}, and predicts the same points dlib does on the same face box.
 *
 * <p>Per cascade level: a similarity transform maps the mean shape onto the current shape; each
 * feature pixel (anchor landmark + delta in mean-shape space) is carried through it and through the
 * box transform into the image, sampled at the nearest pixel (0 outside the image); every tree
 * compares pixel differences with its thresholds and adds its leaf's shape delta. Shapes live in the
 * box's normalised coordinates ([0,1] x [0,1]) until the end.
 *
 * <p>Immutable after loading and safe to share between threads ({@link #predict} allocates its own
 * scratch). The 68-point model was trained on iBUG 300-W, whose licence excludes commercial use.
 */
public final class DlibShapePredictor {
    private final float[] initialShape;     // 2 * parts, interleaved x, y
    private final int levels;
    private final int treesPerLevel;
    private final int splitsPerTree;        // all trees have the same depth in dlib's models
    private final int[][] splitIdx1, splitIdx2;   // [level][tree * splits + s]
    private final float[][] splitThresh;
    private final float[][] leaves;               // [level][(tree * leavesPerTree + leaf) * dim]
    private final int[][] anchorIdx;              // [level][feature]
    private final float[][] deltas;               // [level][2 * feature]

    private DlibShapePredictor(float[] initialShape, int levels, int treesPerLevel, int splitsPerTree,
                               int[][] splitIdx1, int[][] splitIdx2, float[][] splitThresh, float[][] leaves,
                               int[][] anchorIdx, float[][] deltas) {
        this.initialShape = initialShape;
        this.levels = levels;
        this.treesPerLevel = treesPerLevel;
        this.splitsPerTree = splitsPerTree;
        this.splitIdx1 = splitIdx1;
        this.splitIdx2 = splitIdx2;
        this.splitThresh = splitThresh;
        this.leaves = leaves;
        this.anchorIdx = anchorIdx;
        this.deltas = deltas;
    }

    public int partCount() { return initialShape.length / 2; }
    public int cascadeLevels() { return levels; }
    public int treesPerLevel() { return treesPerLevel; }
    public int featurePoolSize() { return anchorIdx.length == 0 ? 0 : anchorIdx[0].length; }

    /** Reads a model written by dlib's {@code serialize(shape_predictor, ostream)}. */
    public static DlibShapePredictor load(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parse(new DlibDeserializer(bytes));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": not a dlib shape predictor (" + e.getMessage() + ")", e);
        }
    }

    static DlibShapePredictor parse(DlibDeserializer in) throws IOException {
        long version = in.readInt();
        if (version != 1) {
            throw new IOException("unsupported shape_predictor version " + version);
        }
        float[] initial = in.readColumnVector();
        int dim = initial.length;
        int levels = in.readSize();
        int[][] i1 = new int[levels][], i2 = new int[levels][];
        float[][] th = new float[levels][], lv = new float[levels][];
        int trees = -1, splits = -1;
        for (int l = 0; l < levels; l++) {
            int n = in.readSize();
            if (trees < 0) {
                trees = n;
            } else if (n != trees) {
                throw new IOException("levels have different tree counts");
            }
            for (int t = 0; t < n; t++) {
                int ns = in.readSize();
                if (splits < 0) {
                    splits = ns;
                } else if (ns != splits) {
                    throw new IOException("trees of different depth are not supported");
                }
                if (i1[l] == null) {
                    i1[l] = new int[trees * splits];
                    i2[l] = new int[trees * splits];
                    th[l] = new float[trees * splits];
                    lv[l] = new float[trees * (splits + 1) * dim];
                }
                for (int s = 0; s < ns; s++) {
                    i1[l][t * splits + s] = (int) in.readInt();
                    i2[l][t * splits + s] = (int) in.readInt();
                    th[l][t * splits + s] = in.readFloat();
                }
                int nl = in.readSize();
                if (nl != splits + 1) {
                    throw new IOException("tree has " + nl + " leaves for " + ns + " splits");
                }
                for (int leaf = 0; leaf < nl; leaf++) {
                    int base = (t * nl + leaf) * dim;
                    in.readColumnVectorInto(lv[l], base, dim);
                }
            }
        }
        int na = in.readSize();
        if (na != levels) {
            throw new IOException("anchor levels " + na + " != " + levels);
        }
        int[][] anchors = new int[levels][];
        for (int l = 0; l < levels; l++) {
            int n = in.readSize();
            anchors[l] = new int[n];
            for (int k = 0; k < n; k++) {
                anchors[l][k] = (int) in.readInt();
            }
        }
        int nd = in.readSize();
        if (nd != levels) {
            throw new IOException("delta levels " + nd + " != " + levels);
        }
        float[][] deltas = new float[levels][];
        for (int l = 0; l < levels; l++) {
            int n = in.readSize();
            if (n != anchors[l].length) {
                throw new IOException("deltas/anchors size mismatch");
            }
            deltas[l] = new float[2 * n];
            for (int k = 0; k < n; k++) {
                deltas[l][2 * k] = in.readFloat();
                deltas[l][2 * k + 1] = in.readFloat();
            }
        }
        return new DlibShapePredictor(initial, levels, trees, splits, i1, i2, th, lv, anchors, deltas);
    }

    /**
     * The face box in which this model's mean shape best matches {@code points} (least squares over
     * scale and translation, inner points 17..67 only: the jaw contour slides as the head turns).
     * Feeding it back to {@link #predict} follows a face between detections without drifting: a box
     * taken from the points' extent sits lower and larger than the detector's boxes the model was
     * trained on, and the error grows frame by frame.
     */
    public FaceBox boxFor(float[] points) {
        return boxFor(points, partCount() == 68 ? 17 : 0, partCount());
    }

    /** As {@link #boxFor(float[])}, fitted on points {@code first} (inclusive) to {@code end} (exclusive) only. */
    public FaceBox boxFor(float[] points, int first, int end) {
        int n = end - first;
        double mu = 0, mv = 0, mx = 0, my = 0;
        for (int i = first; i < end; i++) {
            mu += initialShape[2 * i]; mv += initialShape[2 * i + 1];
            mx += points[2 * i]; my += points[2 * i + 1];
        }
        mu /= n; mv /= n; mx /= n; my /= n;
        double num = 0, den = 0;
        for (int i = first; i < end; i++) {
            double du = initialShape[2 * i] - mu, dv = initialShape[2 * i + 1] - mv;
            num += du * (points[2 * i] - mx) + dv * (points[2 * i + 1] - my);
            den += du * du + dv * dv;
        }
        double s = num / Math.max(den, 1e-12);
        double left = mx - s * mu, top = my - s * mv;
        return new FaceBox(left, top, left + s, top + s);
    }

    /**
     * Predicts the parts inside a face box, given dlib-style inclusive corners
     * ({@code right = left + width - 1}).
     *
     * @param grey  8-bit intensities, row-major, {@code width * height}
     * @return {@code 2 * partCount()} pixel coordinates, interleaved x, y
     */
    public float[] predict(byte[] grey, int width, int height, FaceBox box) {
        int dim = initialShape.length;
        float[] shape = initialShape.clone();
        float[] features = new float[featurePoolSize()];
        // unnormalizing transform: (u, v) -> (left + u (right-left), top + v (bottom-top))
        double bx = box.left(), by = box.top();
        double sx = box.right() - box.left(), sy = box.bottom() - box.top();
        for (int l = 0; l < levels; l++) {
            // similarity transform from the mean shape to the current shape (linear part only)
            float[] m = similarityLinear(initialShape, shape);
            float a = m[0], b = m[1], c = m[2], d = m[3];
            int[] anchors = anchorIdx[l];
            float[] del = deltas[l];
            for (int k = 0; k < features.length; k++) {
                float dx = del[2 * k], dy = del[2 * k + 1];
                int an = anchors[k];
                float px = a * dx + b * dy + shape[2 * an];
                float py = c * dx + d * dy + shape[2 * an + 1];
                long ix = (long) Math.floor(bx + sx * px + 0.5);
                long iy = (long) Math.floor(by + sy * py + 0.5);
                if (ix >= 0 && iy >= 0 && ix < width && iy < height) {
                    features[k] = grey[(int) iy * width + (int) ix] & 0xff;
                } else {
                    features[k] = 0;
                }
            }
            int[] s1 = splitIdx1[l], s2 = splitIdx2[l];
            float[] th = splitThresh[l];
            float[] lv = leaves[l];
            int ns = splitsPerTree;
            for (int t = 0; t < treesPerLevel; t++) {
                int base = t * ns;
                int i = 0;
                while (i < ns) {
                    if (features[s1[base + i]] - features[s2[base + i]] > th[base + i]) {
                        i = 2 * i + 1;
                    } else {
                        i = 2 * i + 2;
                    }
                }
                int off = (t * (ns + 1) + (i - ns)) * dim;
                for (int j = 0; j < dim; j++) {
                    shape[j] += lv[off + j];
                }
            }
        }
        float[] out = new float[dim];
        for (int j = 0; j < dim; j += 2) {
            out[j] = (float) (bx + sx * shape[j]);
            out[j + 1] = (float) (by + sy * shape[j + 1]);
        }
        return out;
    }

    /**
     * Umeyama's least-squares similarity transform from {@code from} to {@code to}, linear part
     * {@code [a b; c d]} (row-major), as dlib's {@code find_similarity_transform} computes it (SVD of
     * the 2x2 cross-covariance; reflections are excluded by the sign fix).
     */
    static float[] similarityLinear(float[] from, float[] to) {
        int n = from.length / 2;
        double mfx = 0, mfy = 0, mtx = 0, mty = 0;
        for (int i = 0; i < n; i++) {
            mfx += from[2 * i];
            mfy += from[2 * i + 1];
            mtx += to[2 * i];
            mty += to[2 * i + 1];
        }
        mfx /= n; mfy /= n; mtx /= n; mty /= n;
        double sigmaFrom = 0, c00 = 0, c01 = 0, c10 = 0, c11 = 0;
        for (int i = 0; i < n; i++) {
            double fx = from[2 * i] - mfx, fy = from[2 * i + 1] - mfy;
            double tx = to[2 * i] - mtx, ty = to[2 * i + 1] - mty;
            sigmaFrom += fx * fx + fy * fy;
            c00 += tx * fx; c01 += tx * fy;
            c10 += ty * fx; c11 += ty * fy;
        }
        sigmaFrom /= n;
        c00 /= n; c01 /= n; c10 /= n; c11 /= n;
        // For 2x2, the rotation maximising trace(R^T C) with det R = +1 is given by the angle
        // atan2(c10 - c01, c00 + c11); trace(D S) = (c00 + c11) cos + (c10 - c01) sin = hypot(...).
        // This equals dlib's SVD result whenever det(C) >= 0 (always, for face shapes); when
        // det(C) < 0 dlib's sign fix also yields the best proper rotation, which is this one.
        double p = c00 + c11, q = c10 - c01;
        double h = Math.hypot(p, q);
        double cos = h == 0 ? 1 : p / h, sin = h == 0 ? 0 : q / h;
        double scale = sigmaFrom != 0 ? h / sigmaFrom : 1;
        return new float[] {(float) (scale * cos), (float) (-scale * sin), (float) (scale * sin), (float) (scale * cos)};
    }
}
