package io.adamesh.face.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MouthInteriorTest {
    @Test void solidAngleOfAnOctantTriangleIsAnEighthOfTheSphere() {
        double omega = MouthInterior.triangleSolidAngle(new double[] {1, 0, 0}, new double[] {0, 1, 0}, new double[] {0, 0, 1});
        assertEquals(Math.PI / 2, Math.abs(omega), 1e-12);
    }

    @Test void solidAngleOfARectangleMatchesTheClosedForm() {
        // a 2a x 2b rectangle in the plane z = 0, given as 8 points around its centre, seen from (0, 0, -d)
        double a = 1.0, b = 0.4;
        double[][] poly = {{a, 0, 0}, {a, b, 0}, {0, b, 0}, {-a, b, 0}, {-a, 0, 0}, {-a, -b, 0}, {0, -b, 0}, {a, -b, 0}};
        for (double d : new double[] {0.05, 0.5, 1, 3}) {
            double expected = 4 * Math.asin(a * b / Math.sqrt((a * a + d * d) * (b * b + d * d)));
            double got = MouthInterior.openingSolidAngle(new double[] {0, 0, -d}, poly, new double[] {0, 0, 0});
            assertEquals(expected, got, 1e-9, "d " + d);
        }
    }

    @Test void theInsideOfTheMouthIsDarkClosedAndLitThroughTheOpening() throws Exception {
        FaceModel model = FaceModel.load(Path.of("assets/openhead.npz"));
        MouthInterior mouth = new MouthInterior(model);
        assertTrue(mouth.size() > 100, "OpenHead has teeth, a tongue and a mouth cavity: " + mouth.size());
        RigEvaluator rig = new RigEvaluator(model);
        float[] verts = new float[model.vertexCount() * 3];
        double[][] lights = {{0, 0, 1}};
        double[] mean = new double[3];
        double[] direct = new double[3];
        double[] jaws = {0, 8, 18};
        for (int j = 0; j < jaws.length; j++) {
            FaceParams p = model.newParams();
            p.setJointRotation(FaceModel.JAW, (float) Math.toRadians(jaws[j]), 0, 0);
            rig.evaluate(p, verts);
            mouth.update(verts, lights);
            for (int s = 0; s < mouth.size(); s++) {
                mean[j] += mouth.ambient(s) / mouth.size();
                direct[j] += mouth.direct(s, 0) / mouth.size();
            }
        }
        System.out.println("mouth interior, mean ambient / direct visibility at jaw 0, 8, 18 deg: "
                + java.util.Arrays.toString(mean) + " / " + java.util.Arrays.toString(direct));
        assertTrue(mean[0] < 0.05 && direct[0] < 0.05, "closed lips let almost no light in: " + mean[0] + ", " + direct[0]);
        assertTrue(mean[1] > mean[0] && mean[2] > mean[1], "more light as the jaw opens: " + java.util.Arrays.toString(mean));
        assertTrue(direct[2] > 0.1 && direct[2] < 0.9, "a frontal light reaches part of the inside: " + direct[2]);
    }

    @Test void anOpenMouthRendersDarkerThanTheLipsAroundIt() throws Exception {
        FaceModel model = FaceModel.load(Path.of("assets/openhead.npz"));
        RigEvaluator rig = new RigEvaluator(model);
        float[] verts = new float[model.vertexCount() * 3];
        float[] normals = new float[verts.length];
        float[] lm = new float[model.landmarkCount() * 3];
        FaceParams p = model.newParams();
        p.setJointRotation(FaceModel.JAW, (float) Math.toRadians(18), 0, 0);
        rig.evaluate(p, verts);
        rig.computeNormals(verts, normals);
        rig.landmarks(verts, lm);
        MeshRasterizer raster = new MeshRasterizer(640, 480).lookAtHead(0, -0.02, 0, 0.55, Math.toRadians(30));
        BufferedImage img = raster.render(verts, model, normals);
        Polygon inner = polygon(raster, lm, 60, 68);
        Polygon outer = polygon(raster, lm, 48, 60);
        double in = 0, ring = 0;
        int nIn = 0, nRing = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (inner.contains(x + 0.5, y + 0.5)) {
                    in += luma(img.getRGB(x, y));
                    nIn++;
                } else if (outer.contains(x + 0.5, y + 0.5)) {
                    ring += luma(img.getRGB(x, y));
                    nRing++;
                }
            }
        }
        assertTrue(nIn > 200 && nRing > 200, "mouth opening " + nIn + " px, lips " + nRing + " px");
        in /= nIn;
        ring /= nRing;
        System.out.printf(java.util.Locale.ROOT, "open mouth (jaw 18 deg): opening %.1f, lips %.1f, ratio %.2f%n", in, ring, in / ring);
        // measured 0.22 of the lips' brightness; 0.99 before the inside was shaded (a lit pink tongue and
        // cavity, unlike a real open mouth); the margin allows the head's colours to be repainted
        assertTrue(in < 0.4 * ring, "open mouth " + in + " vs lips " + ring);
    }

    private static Polygon polygon(MeshRasterizer raster, float[] lm, int from, int to) {
        Polygon poly = new Polygon();
        for (int k = from; k < to; k++) {
            double[] q = raster.project(lm[3 * k], lm[3 * k + 1], lm[3 * k + 2]);
            poly.addPoint((int) Math.round(q[0]), (int) Math.round(q[1]));
        }
        return poly;
    }

    private static double luma(int rgb) {
        return 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
    }
}
