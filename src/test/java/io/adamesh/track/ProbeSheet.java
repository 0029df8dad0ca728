package io.adamesh.track;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Test-scope: the crop probes' contact sheet, tiles of equal size in rows of {@code cols}, written as PNG. */
final class ProbeSheet {
    private ProbeSheet() {}

    static void write(List<BufferedImage> tiles, int cols, Path png) throws IOException {
        int tw = tiles.get(0).getWidth(), th = tiles.get(0).getHeight();
        int rows = (tiles.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(cols * tw, rows * th, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        for (int i = 0; i < tiles.size(); i++) {
            g.drawImage(tiles.get(i), (i % cols) * tw, (i / cols) * th, null);
        }
        g.dispose();
        ImageIO.write(sheet, "png", png.toFile());
    }
}
