package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Pixel eye openness on drawn eyes (skin, sclera, iris, pupil; a shut eye is skin with a lash
 * line) whose 68 points are placed by hand, and the per-clip calibration into blink and eyeWide
 * values. The
 * closed loop on rendered video is {@link ClosedLoopTrackingTest}.
 */
class EyeOpennessTest {
    static final int W = 640, H = 400;
    static final Color SKIN = new Color(222, 170, 140);

    @Test void openEyesReadMuchHigherThanShutOnesWhateverTheRollAndLighting() {
        for (double roll : new double[] {0, 20, -25}) {
            for (double light : new double[] {1.0, 0.55}) {
                double[] open = EyeOpenness.measure(rgb(true, true, roll, light), W, H, points(roll));
                double[] shut = EyeOpenness.measure(rgb(false, false, roll, light), W, H, points(roll));
                String at = "roll " + roll + " light " + light;
                for (int e = 0; e < 2; e++) {
                    assertTrue(open[e] > 0.2, at + ": open " + open[e]);
                    assertTrue(shut[e] < 0.06, at + ": shut " + shut[e]);
                }
                double[] one = EyeOpenness.measure(rgb(true, false, roll, light), W, H, points(roll));
                assertEquals(open[0], one[0], 0.02, at + ": the right eye (image left) is open");
                assertTrue(one[1] < 0.06, at + ": the left eye (image right) is shut: " + one[1]);
            }
        }
    }

    @Test void eyesTooSmallToSeeAreNotMeasured() {
        float[] p = points(0);
        for (int i = 0; i < p.length; i++) {
            p[i] = 300 + (p[i] - 300) * 0.05f;
        }
        double[] o = EyeOpenness.measure(rgb(true, true, 0, 1), W, H, p);
        assertTrue(Double.isNaN(o[0]) && Double.isNaN(o[1]));
    }

    @Test void aClipIsCalibratedOnItsOpenEyesAndBlinksAndWideEyesComeOutZeroToOne() {
        int n = 100;
        double[][] raw = new double[n][];
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            double open = 0.20 + 0.01 * r.nextGaussian();
            raw[i] = new double[] {open, open * 1.1};
        }
        for (int i = 40; i < 45; i++) {
            raw[i] = new double[] {0.01, 0.012};         // both shut
        }
        raw[60] = new double[] {0.10, Double.NaN};      // right half shut, left unmeasured
        raw[70] = null;                                 // no face
        raw[80] = new double[] {0.20 * 1.6, 0.22 * 1.35}; // right wide open, left a bit wide
        double[][] b = EyeOpenness.eyeChannels(raw);
        for (int i = 0; i < n; i++) {
            if (i >= 40 && i < 45) {
                assertTrue(b[i][0] > 0.95 && b[i][1] > 0.95, "shut at " + i + ": " + b[i][0] + ", " + b[i][1]);
            } else if (i == 60) {
                assertEquals(0.4, b[i][0], 0.08, "half shut");
                assertTrue(Double.isNaN(b[i][1]));
            } else if (i == 70) {
                assertTrue(Double.isNaN(b[i][0]) && Double.isNaN(b[i][1]));
            } else if (i == 80) {
                assertTrue(b[i][0] < 0.05 && b[i][1] < 0.05, "wide eyes are no blink");
                assertTrue(b[i][2] > 0.9, "right wide " + b[i][2]);
                assertEquals(0.5, b[i][3], 0.15, "left a bit wide");
            } else {
                assertTrue(b[i][0] < 0.05 && b[i][1] < 0.05, "open at " + i + ": " + b[i][0] + ", " + b[i][1]);
                assertTrue(b[i][2] < 0.05 && b[i][3] < 0.05, "not wide at " + i + ": " + b[i][2] + ", " + b[i][3]);
            }
        }
    }

    @Test void clipsTooShortOrWithoutEyeContrastAreLeftToTheLandmarks() {
        double[][] few = new double[EyeOpenness.MIN_FRAMES - 1][];
        java.util.Arrays.fill(few, new double[] {0.2, 0.2});
        double[][] b = EyeOpenness.eyeChannels(few);
        assertTrue(Double.isNaN(b[0][0]) && Double.isNaN(b[0][1]));
        double[][] dark = new double[50][];
        java.util.Arrays.fill(dark, new double[] {0.0, 0.01});   // e.g. sunglasses: nothing but "skin"
        b = EyeOpenness.eyeChannels(dark);
        assertTrue(Double.isNaN(b[10][0]) && Double.isNaN(b[10][1]));
    }

    /** 68 points: only the eyes (36..47) matter; right eye centred at (220, 200), left at (420, 200), rolled about (320, 200). */
    static float[] points(double rollDegrees) {
        float[] p = new float[136];
        double[][] eye = {{-30, 2}, {-14, -8}, {14, -8}, {30, 2}, {14, 10}, {-14, 10}};
        for (int e = 0; e < 2; e++) {
            double cx = e == 0 ? 220 : 420;
            for (int k = 0; k < 6; k++) {
                double x = cx + eye[k][0], y = 200 + eye[k][1];
                double a = Math.toRadians(rollDegrees), dx = x - 320, dy = y - 200;
                p[2 * (36 + 6 * e + k)] = (float) (320 + dx * Math.cos(a) - dy * Math.sin(a));
                p[2 * (36 + 6 * e + k) + 1] = (float) (200 + dx * Math.sin(a) + dy * Math.cos(a));
            }
        }
        for (int i = 0; i < 68; i++) {
            if (i < 36 || i > 47) {
                p[2 * i] = 320;
                p[2 * i + 1] = 300;
            }
        }
        return p;
    }

    /** A face: skin, brows, and two eyes drawn open (sclera, iris, pupil) or shut (a lash line). */
    static byte[] rgb(boolean rightOpen, boolean leftOpen, double rollDegrees, double light) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(SKIN);
        g.fillRect(0, 0, W, H);
        g.setTransform(AffineTransform.getRotateInstance(Math.toRadians(rollDegrees), 320, 200));
        for (int e = 0; e < 2; e++) {
            double cx = e == 0 ? 220 : 420, cy = 202;
            g.setColor(new Color(90, 60, 40));
            g.setStroke(new BasicStroke(6));
            g.draw(new Line2D.Double(cx - 35, cy - 40, cx + 35, cy - 45));   // brow
            if (e == 0 ? rightOpen : leftOpen) {
                g.setColor(new Color(235, 235, 230));
                g.fill(new Ellipse2D.Double(cx - 30, cy - 11, 60, 22));
                g.setColor(new Color(70, 110, 140));
                g.fill(new Ellipse2D.Double(cx - 11, cy - 11, 22, 22));
                g.setColor(new Color(15, 15, 15));
                g.fill(new Ellipse2D.Double(cx - 4, cy - 4, 8, 8));
            } else {
                g.setColor(new Color(80, 55, 45));
                g.setStroke(new BasicStroke(1.5f));
                g.draw(new Line2D.Double(cx - 30, cy + 2, cx + 30, cy + 2));
            }
        }
        g.dispose();
        byte[] out = new byte[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = img.getRGB(x, y);
                out[3 * (y * W + x)] = (byte) Math.round(((c >> 16) & 0xff) * light);
                out[3 * (y * W + x) + 1] = (byte) Math.round(((c >> 8) & 0xff) * light);
                out[3 * (y * W + x) + 2] = (byte) Math.round((c & 0xff) * light);
            }
        }
        return out;
    }
}
