package io.adamesh.export;

/**
 * What to export: a frame range of the source clip (start inclusive, end exclusive, {@code -1} = to
 * the end), a target frame rate ({@code 0} = the clip's own), a length unit (metres or centimetres),
 * the up axis, and whether the head pose is baked into the vertices (Alembic) instead of written as
 * an Xform.
 */
public record ExportOptions(int startFrame, int endFrame, double fps, Unit unit, UpAxis up, boolean bakeHeadPose) {
    public enum Unit {
        M(1.0), CM(100.0);
        public final double perMetre;
        Unit(double perMetre) { this.perMetre = perMetre; }
    }

    public enum UpAxis { Y, Z }

    public static final double[] SUPPORTED_FPS = {24, 25, 30, 60};

    public ExportOptions {
        if (startFrame < 0) throw new IllegalArgumentException("frame range must start at 0 or later, starts at " + startFrame);
        if (endFrame >= 0 && endFrame <= startFrame) throw new IllegalArgumentException("empty frame range " + startFrame + ":" + endFrame);
        if (fps != 0) {
            boolean ok = false;
            for (double f : SUPPORTED_FPS) ok |= f == fps;
            if (!ok) throw new IllegalArgumentException("fps must be 24, 25, 30 or 60, is " + fps);
        }
        if (unit == null) unit = Unit.M;
        if (up == null) up = UpAxis.Y;
    }

    public static ExportOptions defaults() { return new ExportOptions(0, -1, 0, Unit.M, UpAxis.Y, false); }

    public ExportOptions withFps(double f) { return new ExportOptions(startFrame, endFrame, f, unit, up, bakeHeadPose); }
    public ExportOptions withRange(int a, int b) { return new ExportOptions(a, b, fps, unit, up, bakeHeadPose); }
    public ExportOptions withUnit(Unit u) { return new ExportOptions(startFrame, endFrame, fps, u, up, bakeHeadPose); }
    public ExportOptions withUp(UpAxis u) { return new ExportOptions(startFrame, endFrame, fps, unit, u, bakeHeadPose); }
    public ExportOptions withBakedHeadPose(boolean b) { return new ExportOptions(startFrame, endFrame, fps, unit, up, b); }
}
