package io.adamesh.face;

import io.adamesh.face.openhead.OpenHeadGenerator;
import io.adamesh.face.render.MeshRasterizer;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/** Developer tool: renders OpenHead poses to PNGs (args: output dir). Not a test. */
public final class HeadPreviewTool {
    public static void main(String[] args) throws Exception {
        File dir = new File(args.length > 0 ? args[0] : "/work/shots/raster");
        dir.mkdirs();
        long t0 = System.nanoTime();
        FaceModel m = OpenHeadGenerator.generate();
        System.out.printf("generated in %.1f s: %d verts %d faces%n", (System.nanoTime() - t0) / 1e9, m.vertexCount(), m.faceCount());
        RigEvaluator rig = new RigEvaluator(m);
        if (m.hasTexture()) {
            BufferedImage t = new BufferedImage(m.textureWidth(), m.textureHeight(), BufferedImage.TYPE_INT_RGB);
            byte[] px = m.textureRgb();
            for (int i = 0; i < m.textureWidth() * m.textureHeight(); i++)
                t.setRGB(i % m.textureWidth(), i / m.textureWidth(), ((px[i * 3] & 0xFF) << 16) | ((px[i * 3 + 1] & 0xFF) << 8) | (px[i * 3 + 2] & 0xFF));
            ImageIO.write(t, "png", new File(dir, "texture.png"));
        }
        String[][] poses = {
            {"neutral"}, {"jaw", "jaw:0.35"}, {"smile", "mouthSmileLeft:1", "mouthSmileRight:1"}, {"pucker", "mouthPucker:1"},
            {"blink", "eyeBlinkLeft:1", "eyeBlinkRight:1"}, {"brows", "browInnerUp:1", "browOuterUpLeft:1", "browOuterUpRight:1"},
            {"funnel", "mouthFunnel:1", "jaw:0.1"}, {"yaw", "yaw:0.52"}};
        for (String[] pose : poses) {
            FaceParams p = m.newParams();
            for (int i = 1; i < pose.length; i++) {
                String[] kv = pose[i].split(":");
                float val = Float.parseFloat(kv[1]);
                switch (kv[0]) {
                    case "jaw" -> p.setJointRotation(FaceModel.JAW, val, 0, 0);
                    case "yaw" -> p.setJointRotation(FaceModel.NECK, 0, val, 0);
                    default -> p.setExpression(m.expressionIndex(kv[0]), val);
                }
            }
            float[] v = new float[m.vertexCount() * 3], n = new float[v.length];
            rig.evaluate(p, v);
            rig.computeNormals(v, n);
            for (double yaw : new double[] {0, 0.9}) {
                MeshRasterizer r = new MeshRasterizer(720, 720).lookAtHead(yaw, -0.01, 0.0, 0.62, 0.40);
                BufferedImage img = r.render(v, m, n);
                ImageIO.write(img, "png", new File(dir, pose[0] + (yaw == 0 ? "" : "_side") + ".png"));
            }
            MeshRasterizer close = new MeshRasterizer(500, 500).lookAtHead(0.2, -0.068, 0.05, 0.30, 0.22);
            ImageIO.write(close.render(v, m, n), "png", new File(dir, pose[0] + "_mouth.png"));
            MeshRasterizer eye = new MeshRasterizer(500, 500).lookAtHead(0.0, 0.0, 0.05, 0.30, 0.18).shiftX(0.032);
            ImageIO.write(eye.render(v, m, n), "png", new File(dir, pose[0] + "_eye.png"));
        }
    }
}
