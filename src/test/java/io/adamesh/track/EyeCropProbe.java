package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Developer probe: renders the closed-loop talking head to an mp4, tracks dlib's points and writes a
 * sheet of eye crops (red frame: blink in the ground truth) to look at. Args: OUT.png [frames].
 */
public final class EyeCropProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        FaceParams[] truth = new FaceParams[frames];
        Path video = ClosedLoopVideos.render(m, args.length > 2 ? args[2] : "talk", frames, truth);
        int blinkL = m.expressionIndex("eyeBlinkLeft");
        int cw = 120, ch = 60, cols = 10;
        List<BufferedImage> tiles = new ArrayList<>();
        ClosedLoopVideos.track(video, 5, (fr, p, det) -> {
            if (System.getProperty("full") != null && p != null && fr.index() % 4 == 0) {
                BufferedImage full = fr.toImage();
                Graphics2D fg = full.createGraphics();
                fg.setColor(Color.GREEN);
                for (int k = 0; k < 68; k++) {
                    fg.fillRect((int) p[2 * k] - 1, (int) p[2 * k + 1] - 1, 3, 3);
                }
                fg.dispose();
                ImageIO.write(full, "png", Path.of(args[0] + ".full" + fr.index() + ".png").toFile());
            }
            BufferedImage tile = new BufferedImage(2 * cw + 4, ch + 4, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = tile.createGraphics();
            boolean blink = truth[fr.index()].expression(blinkL) > 0.5;
            g.setColor(blink ? Color.RED : Color.DARK_GRAY);
            g.fillRect(0, 0, tile.getWidth(), tile.getHeight());
            if (p != null) {
                BufferedImage img = fr.toImage();
                for (int e = 0; e < 2; e++) {
                    int o = e == 0 ? 36 : 42;
                    double cx = 0, cy = 0;
                    for (int k = 0; k < 6; k++) { cx += p[2 * (o + k)]; cy += p[2 * (o + k) + 1]; }
                    cx /= 6; cy /= 6;
                    double w = Math.hypot(p[2 * o] - p[2 * (o + 3)], p[2 * o + 1] - p[2 * (o + 3) + 1]);
                    double bw = w * 1.8, bh = bw / 2;
                    int x0 = (int) Math.round(cx - bw / 2), y0 = (int) Math.round(cy - bh / 2);
                    g.drawImage(img, 2 + e * cw, 2, 2 + e * cw + cw, 2 + ch, x0, y0, (int) (x0 + bw), (int) (y0 + bh), null);
                    g.setColor(Color.GREEN);
                    for (int k = 0; k < 6; k++) {
                        int px = (int) (2 + e * cw + (p[2 * (o + k)] - x0) * cw / bw);
                        int py = (int) (2 + (p[2 * (o + k) + 1] - y0) * ch / bh);
                        g.fillRect(px - 1, py - 1, 2, 2);
                    }
                }
            }
            g.setColor(Color.WHITE);
            g.drawString(String.valueOf(fr.index()), 4, 14);
            g.dispose();
            tiles.add(tile);
        });
        ProbeSheet.write(tiles, cols, Path.of(args[0]));
        ClosedLoopVideos.delete(video);
    }
}
