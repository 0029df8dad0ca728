package io.adamesh.ui;

/**
 * Orbit-camera state in the viewport's world space (JavaFX: y down; the head faces -z): a target
 * point, yaw and pitch in degrees around it and a distance. Plain math, no scene graph.
 */
public final class OrbitCamera {
    public static final double MIN_PITCH = -89, MAX_PITCH = 89;
    public double yaw;
    public double pitch;
    public double distance = 0.6;
    public double targetX, targetY, targetZ;
    private final double fovDeg;

    public OrbitCamera(double verticalFovDeg) { this.fovDeg = verticalFovDeg; }

    public double fov() { return fovDeg; }

    public void orbit(double dYawDeg, double dPitchDeg) {
        yaw = (yaw + dYawDeg) % 360;
        pitch = Math.max(MIN_PITCH, Math.min(MAX_PITCH, pitch + dPitchDeg));
    }

    /** Zooms by a factor (< 1 closer), kept within sensible bounds. */
    public void zoom(double factor) {
        distance = Math.max(0.05, Math.min(20, distance * factor));
    }

    /**
     * Moves the target in the camera's image plane; dx, dy are fractions of the viewport height
     * (so a drag follows the cursor at the target's depth).
     */
    public void pan(double dx, double dy) {
        double worldPerHeight = 2 * distance * Math.tan(Math.toRadians(fovDeg) / 2);
        double ry = Math.toRadians(yaw), rp = Math.toRadians(pitch);
        // Camera right and up axes for R = Ry(yaw) * Rx(pitch) applied to the camera's own axes.
        double rightX = Math.cos(ry), rightY = 0, rightZ = -Math.sin(ry);
        double downX = Math.sin(ry) * Math.sin(rp), downY = Math.cos(rp), downZ = Math.cos(ry) * Math.sin(rp);
        targetX -= (dx * rightX + dy * downX) * worldPerHeight;
        targetY -= (dx * rightY + dy * downY) * worldPerHeight;
        targetZ -= (dx * rightZ + dy * downZ) * worldPerHeight;
    }

    /** Frames a bounding sphere: looks at its centre from the front, far enough to show it whole. */
    public void frame(double cx, double cy, double cz, double radius, double aspect) {
        targetX = cx; targetY = cy; targetZ = cz;
        double half = Math.toRadians(fovDeg) / 2;
        double fit = radius / Math.sin(half);
        if (aspect < 1) fit /= Math.max(0.2, aspect);
        distance = fit * 1.0;
        yaw = 0;
        pitch = 0;
    }
}
