package io.adamesh.export;

import io.adamesh.face.FaceModel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * ARKit blend-shape CSV in Live Link Face's column layout: Timecode, BlendShapeCount, the 52 ARKit
 * shapes in Live Link Face order, then HeadYaw/Pitch/Roll and Left/RightEye Yaw/Pitch/Roll.
 *
 * <p>Mapping: a channel of the model whose name equals an ARKit name (ignoring case) fills that
 * column; ARKit shapes the model lacks are 0. {@code JawOpen}, when the model has no such channel,
 * comes from the jaw joint: its rotation about x divided by {@link #JAW_OPEN_FULL_RAD} (25 degrees,
 * ARKit's wide-open jaw), clamped to 0..1. Head angles are the world rotation of the neck (root
 * then neck) and eye angles the eye joints' local rotations, decomposed as R = Ry(yaw) Rx(pitch)
 * Rz(roll), in radians. Timecode is HH:MM:SS:FF.mmm at the export fps.
 */
public final class ArkitCsvWriter implements Exporter {
    public static final double JAW_OPEN_FULL_RAD = Math.toRadians(25);
    public static final List<String> LIVE_LINK_FACE_SHAPES = List.of(
            "EyeBlinkLeft", "EyeLookDownLeft", "EyeLookInLeft", "EyeLookOutLeft", "EyeLookUpLeft", "EyeSquintLeft", "EyeWideLeft",
            "EyeBlinkRight", "EyeLookDownRight", "EyeLookInRight", "EyeLookOutRight", "EyeLookUpRight", "EyeSquintRight", "EyeWideRight",
            "JawForward", "JawRight", "JawLeft", "JawOpen", "MouthClose", "MouthFunnel", "MouthPucker", "MouthRight", "MouthLeft",
            "MouthSmileLeft", "MouthSmileRight", "MouthFrownLeft", "MouthFrownRight", "MouthDimpleLeft", "MouthDimpleRight",
            "MouthStretchLeft", "MouthStretchRight", "MouthRollLower", "MouthRollUpper", "MouthShrugLower", "MouthShrugUpper",
            "MouthPressLeft", "MouthPressRight", "MouthLowerDownLeft", "MouthLowerDownRight", "MouthUpperUpLeft", "MouthUpperUpRight",
            "BrowDownLeft", "BrowDownRight", "BrowInnerUp", "BrowOuterUpLeft", "BrowOuterUpRight", "CheekPuff", "CheekSquintLeft",
            "CheekSquintRight", "NoseSneerLeft", "NoseSneerRight", "TongueOut");
    public static final List<String> POSE_COLUMNS = List.of("HeadYaw", "HeadPitch", "HeadRoll", "LeftEyeYaw", "LeftEyePitch", "LeftEyeRoll",
            "RightEyeYaw", "RightEyePitch", "RightEyeRoll");

    @Override
    public void export(ExportScene scene, Path file, Progress progress) throws ExportException {
        AtomicFile.write(file, out -> write(scene, out, progress));
        progress.update(1.0);
    }

    public static void write(ExportScene s, OutputStream os, Progress progress) throws IOException {
        FaceModel m = s.model();
        int[] source = new int[LIVE_LINK_FACE_SHAPES.size()];
        for (int i = 0; i < source.length; i++) {
            source[i] = -1;
            for (int c = 0; c < m.expressionNames().size(); c++) {
                if (m.expressionNames().get(c).equalsIgnoreCase(LIVE_LINK_FACE_SHAPES.get(i))) source[i] = c;
            }
        }
        int jawCol = LIVE_LINK_FACE_SHAPES.indexOf("JawOpen");
        int jaw = m.jointIndex("jaw"), neck = m.jointIndex("neck"), root = m.jointIndex("root");
        int eyeL = m.jointIndex("eye_left"), eyeR = m.jointIndex("eye_right");
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("Timecode,BlendShapeCount");
        for (String n : LIVE_LINK_FACE_SHAPES) sb.append(',').append(n);
        for (String n : POSE_COLUMNS) sb.append(',').append(n);
        w.write(sb.append('\n').toString());
        int fpsInt = (int) Math.round(s.fps());
        double[] ypr = new double[3];
        for (int i = 0; i < s.frameCount(); i++) {
            sb.setLength(0);
            int sec = i / fpsInt, ff = i % fpsInt;
            sb.append(String.format(Locale.ROOT, "%02d:%02d:%02d:%02d.000", sec / 3600, (sec / 60) % 60, sec % 60, ff));
            sb.append(',').append(LIVE_LINK_FACE_SHAPES.size());
            for (int c = 0; c < source.length; c++) {
                double v = 0;
                if (source[c] >= 0) v = s.weight(i, source[c]);
                else if (c == jawCol && jaw >= 0) v = Math.max(0, Math.min(1, s.pose(i, jaw, 0) / JAW_OPEN_FULL_RAD));
                sb.append(',').append(fmt(v));
            }
            double[] head = identity();
            if (root >= 0) head = mul(head, matrix(s, i, root));
            if (neck >= 0) head = mul(head, matrix(s, i, neck));
            yawPitchRoll(head, ypr);
            for (double x : ypr) sb.append(',').append(fmt(x));
            for (int eye : new int[] {eyeL, eyeR}) {
                if (eye >= 0) yawPitchRoll(matrix(s, i, eye), ypr); else java.util.Arrays.fill(ypr, 0);
                for (double x : ypr) sb.append(',').append(fmt(x));
            }
            w.write(sb.append('\n').toString());
            if (i % 256 == 0) progress.update((double) i / s.frameCount());
        }
        w.flush();
    }

    private static String fmt(double v) {
        String s = String.format(Locale.ROOT, "%.6f", v);
        return s.equals("-0.000000") ? "0.000000" : s;
    }

    private static double[] identity() { return new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}; }

    private static double[] matrix(ExportScene s, int frame, int joint) {
        double[] q = new double[4], m = new double[9];
        Quat.fromAxisAngle(s.pose(frame, joint, 0), s.pose(frame, joint, 1), s.pose(frame, joint, 2), q);
        Quat.toMatrix(q, m);
        return m;
    }

    private static double[] mul(double[] a, double[] b) {
        double[] o = new double[9];
        for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) o[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
        return o;
    }

    /** R = Ry(yaw) Rx(pitch) Rz(roll), row-major. */
    static void yawPitchRoll(double[] r, double[] out) {
        double sp = Math.max(-1, Math.min(1, -r[5]));
        out[1] = Math.asin(sp);
        if (Math.abs(sp) < 0.999999) {
            out[0] = Math.atan2(r[2], r[8]);
            out[2] = Math.atan2(r[3], r[4]);
        } else {
            out[0] = Math.atan2(-r[6], r[0]);
            out[2] = 0;
        }
    }
}
