package io.adamesh.face.render;

import io.adamesh.face.FaceModel;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * A small z-buffered software rasteriser for a {@link FaceModel}'s posed vertices: perspective
 * camera looking down -z at the head, Gouraud-interpolated vertex colours, two directional lights
 * plus ambient, back-face culling. Used for previews, documentation frames and closed-loop tests
 * (rendering our head with known parameters); no display or GPU needed.
 */
public final class MeshRasterizer {
    private final int width;
    private final int height;
    private final float[] depth;
    private final int[] rgb;
    private double focal;
    private double camX, camY, camZ;
    private double yaw;
    private int background = 0x2a2d33;

    public MeshRasterizer(int width, int height) {
        this.width = width;
        this.height = height;
        this.depth = new float[width * height];
        this.rgb = new int[width * height];
        lookAtHead(0, 0.0, 0.0, 0.62, 0.33);
    }

    /**
     * Places the camera on the +z axis (rotated by {@code yawRadians} about y around the target),
     * {@code distance} metres from the target, with a vertical field of view of {@code fovY} radians.
     */
    public MeshRasterizer lookAtHead(double yawRadians, double targetY, double targetZ, double distance, double fovY) {
        this.yaw = yawRadians;
        this.camY = targetY;
        this.camZ = targetZ;
        this.focal = (height / 2.0) / Math.tan(fovY / 2) ;
        this.dist = distance;
        return this;
    }

    private double dist;

    /** Moves the camera (and its target) sideways by {@code x} metres. */
    public MeshRasterizer shiftX(double x) {
        this.camX = x;
        return this;
    }

    public MeshRasterizer background(int rgb) {
        this.background = rgb;
        return this;
    }

    /** Pixel projection of a world point: {x, y, depth}; depth is distance along the view axis. */
    public double[] project(double x, double y, double z) {
        double c = Math.cos(-yaw), s = Math.sin(-yaw);
        double xr = c * (x - camX) + s * (z - camZ) + camX;
        double zr = -s * x + c * (z - camZ);
        double vz = dist - zr;
        double px = width / 2.0 + focal * (xr - camX) / vz;
        double py = height / 2.0 - focal * (y - camY) / vz;
        return new double[] {px, py, vz};
    }

    /**
     * Renders a posed model with its painted texture when it has one, else with its vertex colours.
     * The inside of the mouth (the model's teeth, mouth and tongue parts) only receives the light
     * that comes in through the lips' opening ({@link MouthInterior}).
     */
    public BufferedImage render(float[] verts, FaceModel model, float[] normals) {
        if (interior == null || interior.model() != model) interior = new MouthInterior(model);
        if (!model.hasTexture()) return render(verts, model.faces(), model.colors(), normals, null, null, null, 0, 0, interior);
        return render(verts, model.faces(), model.colors(), normals, model.uvs(), model.uvFaces(),
                model.textureRgb(), model.textureWidth(), model.textureHeight(), interior);
    }

    /** Renders the mesh; {@code colors} per vertex (0..1 RGB). Returns a new image. */
    public BufferedImage render(float[] verts, int[] faces, float[] colors, float[] normals) {
        return render(verts, faces, colors, normals, null, null, null, 0, 0, null);
    }

    private MouthInterior interior;

    private BufferedImage render(float[] verts, int[] faces, float[] colors, float[] normals,
                                 float[] uvs, int[] uvFaces, byte[] tex, int tw, int th, MouthInterior mouth) {
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        Arrays.fill(rgb, background);
        int v = verts.length / 3;
        double[] sx = new double[v], sy = new double[v], sz = new double[v];
        double[] shade = new double[v * 3];
        double c = Math.cos(-yaw), s = Math.sin(-yaw);
        // Lights in view space: key from upper left front, fill from right, rim from behind.
        double[][] lights = {{-0.5, 0.6, 0.75, 0.85}, {0.7, 0.1, 0.6, 0.35}, {0.0, 0.5, -0.9, 0.25}};
        if (mouth != null && mouth.size() > 0) {
            double[][] world = new double[lights.length][];
            for (int k = 0; k < lights.length; k++) {
                double[] li = lights[k];
                world[k] = new double[] {c * li[0] - s * li[2], li[1], s * li[0] + c * li[2]};
            }
            mouth.update(verts, world);
        }
        for (int i = 0; i < v; i++) {
            double[] p = project(verts[i * 3], verts[i * 3 + 1], verts[i * 3 + 2]);
            sx[i] = p[0];
            sy[i] = p[1];
            sz[i] = p[2];
            double nx = normals[i * 3], ny = normals[i * 3 + 1], nz = normals[i * 3 + 2];
            double nxr = c * nx + s * nz, nzr = -s * nx + c * nz;
            int inside = mouth == null ? -1 : mouth.slot(i);
            double l = 0.22 * (inside < 0 ? 1 : mouth.ambient(inside));
            for (int k = 0; k < lights.length; k++) {
                double[] li = lights[k];
                double len = Math.sqrt(li[0] * li[0] + li[1] * li[1] + li[2] * li[2]);
                double d = (nxr * li[0] + ny * li[1] + nzr * li[2]) / len;
                if (d > 0) l += li[3] * d * (inside < 0 ? 1 : mouth.direct(inside, k));
            }
            for (int k = 0; k < 3; k++) shade[i * 3 + k] = tex != null ? l : Math.min(1.0, colors[i * 3 + k] * l);
        }
        for (int t = 0; t < faces.length; t += 3) {
            int a = faces[t], b = faces[t + 1], d = faces[t + 2];
            double area = (sx[b] - sx[a]) * (sy[d] - sy[a]) - (sx[d] - sx[a]) * (sy[b] - sy[a]);
            if (area >= 0) continue; // back-facing (screen y points down)
            int minX = (int) Math.max(0, Math.floor(Math.min(sx[a], Math.min(sx[b], sx[d]))));
            int maxX = (int) Math.min(width - 1, Math.ceil(Math.max(sx[a], Math.max(sx[b], sx[d]))));
            int minY = (int) Math.max(0, Math.floor(Math.min(sy[a], Math.min(sy[b], sy[d]))));
            int maxY = (int) Math.min(height - 1, Math.ceil(Math.max(sy[a], Math.max(sy[b], sy[d]))));
            for (int py = minY; py <= maxY; py++) {
                for (int px = minX; px <= maxX; px++) {
                    double qx = px + 0.5, qy = py + 0.5;
                    double w0 = ((sx[b] - qx) * (sy[d] - qy) - (sx[d] - qx) * (sy[b] - qy)) / area;
                    double w1 = ((sx[d] - qx) * (sy[a] - qy) - (sx[a] - qx) * (sy[d] - qy)) / area;
                    double w2 = 1 - w0 - w1;
                    if (w0 < 0 || w1 < 0 || w2 < 0) continue;
                    float z = (float) (w0 * sz[a] + w1 * sz[b] + w2 * sz[d]);
                    int idx = py * width + px;
                    if (z >= depth[idx]) continue;
                    depth[idx] = z;
                    double sr = w0 * shade[a * 3] + w1 * shade[b * 3] + w2 * shade[d * 3];
                    double sg = w0 * shade[a * 3 + 1] + w1 * shade[b * 3 + 1] + w2 * shade[d * 3 + 1];
                    double sb = w0 * shade[a * 3 + 2] + w1 * shade[b * 3 + 2] + w2 * shade[d * 3 + 2];
                    if (tex != null) {
                        double u = w0 * uvs[uvFaces[t] * 2] + w1 * uvs[uvFaces[t + 1] * 2] + w2 * uvs[uvFaces[t + 2] * 2];
                        double vv = w0 * uvs[uvFaces[t] * 2 + 1] + w1 * uvs[uvFaces[t + 1] * 2 + 1] + w2 * uvs[uvFaces[t + 2] * 2 + 1];
                        int tx = Math.max(0, Math.min(tw - 1, (int) (u * tw)));
                        int ty = Math.max(0, Math.min(th - 1, (int) ((1 - vv) * th)));
                        int ti = (ty * tw + tx) * 3;
                        sr = Math.min(1, sr * (tex[ti] & 0xFF) / 255.0);
                        sg = Math.min(1, sg * (tex[ti + 1] & 0xFF) / 255.0);
                        sb = Math.min(1, sb * (tex[ti + 2] & 0xFF) / 255.0);
                    }
                    int r = (int) Math.round(255 * sr);
                    int g = (int) Math.round(255 * sg);
                    int bl = (int) Math.round(255 * sb);
                    rgb[idx] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(bl);
                }
            }
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, rgb, 0, width);
        return img;
    }

    /** Depth of the last render per pixel (infinity where nothing was drawn). */
    public float[] depthBuffer() { return depth; }

    private static int clamp(int x) { return x < 0 ? 0 : Math.min(255, x); }
}
