package io.adamesh.track;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Developer probe: raw pixel eye openness on dlib's annotated real photos (all eyes open), and a
 * sheet of the eye crops with their values. Args: testing_with_face_landmarks.xml OUT.png
 */
public final class RealEyesProbe {
    public static void main(String[] args) throws Exception {
        List<LandmarkDataset.Face> faces = LandmarkDataset.read(Path.of(args[0])).faces();
        int cw = 160, ch = 80;
        BufferedImage sheet = new BufferedImage(2 * cw * 4, ch * ((faces.size() + 3) / 4), BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = sheet.createGraphics();
        int k = 0;
        for (LandmarkDataset.Face f : faces) {
            BufferedImage img = ImageIO.read(f.image().toFile());
            int w = img.getWidth(), h = img.getHeight();
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int c = img.getRGB(x, y);
                    rgb[3 * (y * w + x)] = (byte) (c >> 16);
                    rgb[3 * (y * w + x) + 1] = (byte) (c >> 8);
                    rgb[3 * (y * w + x) + 2] = (byte) c;
                }
            }
            float[] p = f.parts();
            double[] o = EyeOpenness.measure(rgb, w, h, p);
            System.out.printf("%s eye width %.0f px: right %.3f left %.3f%n", f.image().getFileName(),
                    Math.hypot(p[72] - p[78], p[73] - p[79]), o[0], o[1]);
            for (int e = 0; e < 2; e++) {
                int first = e == 0 ? 36 : 42;
                double cx = 0, cy = 0;
                for (int q = 0; q < 6; q++) { cx += p[2 * (first + q)]; cy += p[2 * (first + q) + 1]; }
                cx /= 6; cy /= 6;
                double ew = Math.hypot(p[2 * first] - p[2 * (first + 3)], p[2 * first + 1] - p[2 * (first + 3) + 1]);
                int x0 = (int) (cx - ew), y0 = (int) (cy - ew / 2);
                int dx = (k % 4) * 2 * cw + e * cw, dy = (k / 4) * ch;
                sg.drawImage(img, dx, dy, dx + cw, dy + ch, x0, y0, (int) (x0 + 2 * ew), (int) (y0 + ew), null);
                sg.setColor(Color.YELLOW);
                sg.drawString(String.format("%.2f", o[e]), dx + 3, dy + 12);
            }
            k++;
        }
        sg.dispose();
        ImageIO.write(sheet, "png", Path.of(args[1]).toFile());
    }
}
