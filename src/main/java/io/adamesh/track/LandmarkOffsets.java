package io.adamesh.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.face.FaceModel;
import io.adamesh.files.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Where dlib's predictor puts some of its points on one particular head, relative to that head's
 * landmark embedding, as a function of the head's yaw: per landmark an offset (u along the
 * observed outer-eye-corner line, v across it, both in eye distances) at yaws on a grid, linearly
 * interpolated and held beyond its ends. The fitter expects dlib's point at the embedded point's
 * projection plus this offset.
 *
 * <p>The table is measured, never fitted on what it is judged by: {@code LandmarkOffsetsTool} (test
 * scope) renders the neutral head (no expression, jaw closed) turning and nodding, tracks it with the
 * studio's landmark tracker and averages dlib's points minus the true landmarks' projections. It is
 * tied to the head it was measured on by a fingerprint of that head's landmark geometry; any other
 * head (a {@code --head} file, a changed OpenHead) gets no offsets. It corrects a stylised render,
 * not a real face: on a real face dlib's points sit where its training put them, and this table
 * (measured on OpenHead renders) would be a guess; the embedding itself was calibrated on OpenHead
 * renders the same way ({@code LandmarkCalibrationTool}). ADR 0022.
 */
public final class LandmarkOffsets {
    /** The bundled table, measured on the shipped OpenHead asset. */
    static final String RESOURCE = "openhead-landmark-offsets.json";
    private static final LandmarkOffsets NONE = new LandmarkOffsets("", new double[] {0}, new int[0], new double[1][0][2]);

    private final String head;
    private final double[] yawDegrees;
    private final int[] landmarks;
    private final double[][][] uv;   // [yaw][landmark][u, v]

    LandmarkOffsets(String head, double[] yawDegrees, int[] landmarks, double[][][] uv) {
        this.head = head;
        this.yawDegrees = yawDegrees;
        this.landmarks = landmarks;
        this.uv = uv;
    }

    /** No offsets: dlib's points are expected on the embedded points. */
    public static LandmarkOffsets none() {
        return NONE;
    }

    /** The bundled table when it was measured on {@code model}'s landmark geometry, else {@link #none()}. */
    public static LandmarkOffsets forModel(FaceModel model) {
        try (InputStream in = LandmarkOffsets.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return NONE;
            }
            LandmarkOffsets t = read(new ObjectMapper().readTree(in));
            return t.head.equals(fingerprint(model)) ? t : NONE;
        } catch (IOException e) {
            throw new UncheckedIOException("bundled " + RESOURCE + " is unreadable", e);
        }
    }

    /** Whether this table has any offsets. */
    public boolean isEmpty() {
        return landmarks.length == 0;
    }

    /** The landmarks this table moves. */
    public int[] landmarks() {
        return landmarks.clone();
    }

    /**
     * Identifies a head's landmark geometry: the embedding (faces and barycentric coordinates) and
     * the rest positions of the vertices it uses.
     */
    public static String fingerprint(FaceModel model) {
        CRC32 crc = new CRC32();
        int[] lf = model.landmarkFaces();
        int[] f = model.faces();
        float[] bary = model.landmarkBary();
        float[] t = model.template();
        for (int l = 0; l < lf.length; l++) {
            update(crc, lf[l]);
            for (int c = 0; c < 3; c++) {
                update(crc, Float.floatToIntBits(bary[l * 3 + c]));
                int v = f[lf[l] * 3 + c];
                for (int d = 0; d < 3; d++) {
                    update(crc, Float.floatToIntBits(t[v * 3 + d]));
                }
            }
        }
        return Long.toHexString(crc.getValue()) + "-" + lf.length;
    }

    private static void update(CRC32 crc, int v) {
        crc.update(v >>> 24);
        crc.update(v >>> 16);
        crc.update(v >>> 8);
        crc.update(v);
    }

    /** The offset of landmark index {@code slot} (into {@link #landmarks()}) at {@code yawRadians}: {u, v} in eye distances. */
    double[] offset(int slot, double yawRadians) {
        double[] out = new double[2];
        int i = bracket(yawRadians);
        double t = weight(i, yawRadians);
        interpolate(slot, i, t, out);
        return out;
    }

    /** The grid row at or below the yaw (the last row beyond the grid's end). */
    private int bracket(double yawRadians) {
        double y = Math.toDegrees(yawRadians);
        int i = 0;
        while (i + 1 < yawDegrees.length && y > yawDegrees[i + 1]) {
            i++;
        }
        return i;
    }

    /** How far the yaw lies from row {@code i} towards row {@code i + 1}, 0..1 (held beyond the grid's ends). */
    private double weight(int i, double yawRadians) {
        if (i + 1 >= yawDegrees.length) {
            return 0;
        }
        double t = (Math.toDegrees(yawRadians) - yawDegrees[i]) / (yawDegrees[i + 1] - yawDegrees[i]);
        return Math.max(0, Math.min(1, t));
    }

    private void interpolate(int slot, int i, double t, double[] out) {
        double[] a = uv[i][slot];
        double[] b = uv[Math.min(i + 1, uv.length - 1)][slot];
        out[0] = a[0] + t * (b[0] - a[0]);
        out[1] = a[1] + t * (b[1] - a[1]);
    }

    /**
     * Pixel offsets of every landmark (0 for those the table does not move) for a head at
     * {@code yawRadians} whose observed points are {@code obs} (their outer eye corners, 36 and 45,
     * give the frame and scale) into {@code out} ([2 * 68]).
     */
    void pixelOffsets(double yawRadians, float[] obs, double[] out) {
        java.util.Arrays.fill(out, 0);
        if (isEmpty()) {
            return;
        }
        double ex = obs[90] - obs[72], ey = obs[91] - obs[73];
        double iod = Math.hypot(ex, ey);
        if (iod < 1e-6) {
            return;
        }
        double ux = ex / iod, uy = ey / iod, vx = -uy, vy = ux;
        int i = bracket(yawRadians);           // one grid lookup and no allocation per frame
        double t = weight(i, yawRadians);
        double[] o = new double[2];
        for (int s = 0; s < landmarks.length; s++) {
            interpolate(s, i, t, o);
            int k = landmarks[s];
            out[2 * k] = iod * (o[0] * ux + o[1] * vx);
            out[2 * k + 1] = iod * (o[0] * uy + o[1] * vy);
        }
    }

    /**
     * The {u, v} of pixel offset {@code (dx, dy)} for observed points {@code obs}, in eye
     * distances (the inverse of {@link #pixelOffsets} for one point).
     */
    static double[] toEyeFrame(float[] obs, double dx, double dy) {
        double ex = obs[90] - obs[72], ey = obs[91] - obs[73];
        double iod = Math.hypot(ex, ey);
        double ux = ex / iod, uy = ey / iod;
        return new double[] {(dx * ux + dy * uy) / iod, (-dx * uy + dy * ux) / iod};
    }

    static LandmarkOffsets read(JsonNode root) {
        String head = root.path("head").asText("");
        JsonNode ys = root.path("yaw_degrees");
        JsonNode ls = root.path("landmarks");
        JsonNode os = root.path("offsets");
        double[] yaw = new double[ys.size()];
        int[] lm = new int[ls.size()];
        if (yaw.length == 0 || lm.length == 0 || os.size() != yaw.length) {
            throw new IllegalArgumentException(RESOURCE + ": needs yaw_degrees, landmarks and one offsets row per yaw");
        }
        double[][][] uv = new double[yaw.length][lm.length][2];
        for (int i = 0; i < yaw.length; i++) {
            yaw[i] = ys.get(i).asDouble();
            if (i > 0 && yaw[i] <= yaw[i - 1]) {
                throw new IllegalArgumentException(RESOURCE + ": yaw_degrees must increase");
            }
            JsonNode row = os.get(i);
            if (row.size() != lm.length) {
                throw new IllegalArgumentException(RESOURCE + ": offsets row " + i + " has " + row.size() + " points, not " + lm.length);
            }
            for (int s = 0; s < lm.length; s++) {
                uv[i][s][0] = row.get(s).get(0).asDouble();
                uv[i][s][1] = row.get(s).get(1).asDouble();
            }
        }
        for (int s = 0; s < lm.length; s++) {
            lm[s] = ls.get(s).asInt();
            if (lm[s] < 0 || lm[s] >= FaceModel.LANDMARKS) {
                throw new IllegalArgumentException(RESOURCE + ": landmark " + lm[s] + " is not one of dlib's 68");
            }
        }
        return new LandmarkOffsets(head, yaw, lm, uv);
    }

    /** Writes this table (as {@link #read} reads it), atomically. */
    void write(Path file, String note) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("note", note);
        root.put("head", head);
        ArrayNode ys = root.putArray("yaw_degrees");
        for (double y : yawDegrees) {
            ys.add(y);
        }
        ArrayNode ls = root.putArray("landmarks");
        for (int l : landmarks) {
            ls.add(l);
        }
        ArrayNode os = root.putArray("offsets");
        for (double[][] row : uv) {
            ArrayNode r = os.addArray();
            for (double[] o : row) {
                r.addArray().add(Math.round(o[0] * 1e4) / 1e4).add(Math.round(o[1] * 1e4) / 1e4);
            }
        }
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
