import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws AdaMesh Studio's icon (our own drawing: a frontal wireframe face over a
 * speech waveform) and writes it as PNG (Linux), ICO (Windows) and ICNS (macOS), all PNG-based.
 * Deterministic. Run: java installer/icon/IconTool.java installer/icon
 */
public final class IconTool {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "installer/icon");
        Files.createDirectories(out);
        byte[] png512 = png(draw(512));
        byte[] png256 = png(draw(256));
        Files.write(out.resolve("adamesh-studio.png"), png512);
        Files.write(out.resolve("adamesh-studio.ico"), ico(png256));
        Files.write(out.resolve("adamesh-studio.icns"), icns(png256, png512));
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.scale(size / 512.0, size / 512.0);
        g.setPaint(new GradientPaint(0, 0, new Color(0x1D2B53), 512, 512, new Color(0x0E7C86)));
        g.fill(new RoundRectangle2D.Double(16, 16, 480, 480, 96, 96));

        // Head: an egg-shaped outline with mesh rings and meridians.
        double cx = 256, cy = 222, rx = 128, ry = 160;
        g.setColor(new Color(255, 255, 255, 60));
        g.setStroke(new BasicStroke(5f));
        for (int i = 1; i < 4; i++) {
            double f = i / 4.0;
            g.draw(new Ellipse2D.Double(cx - rx * f, cy - ry, 2 * rx * f, 2 * ry));
            double y = cy - ry + 2 * ry * f;
            double half = rx * Math.sqrt(1 - Math.pow((y - cy) / ry, 2));
            g.draw(new java.awt.geom.Line2D.Double(cx - half, y, cx + half, y));
        }
        g.setColor(new Color(0xF2F5FA));
        g.setStroke(new BasicStroke(12f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry));
        // Eyes and an open mouth.
        g.fill(new Ellipse2D.Double(cx - 62, cy - 34, 30, 22));
        g.fill(new Ellipse2D.Double(cx + 32, cy - 34, 30, 22));
        Path2D mouth = new Path2D.Double();
        mouth.moveTo(cx - 48, cy + 62);
        mouth.quadTo(cx, cy + 40, cx + 48, cy + 62);
        mouth.quadTo(cx, cy + 118, cx - 48, cy + 62);
        g.setColor(new Color(0xFF7A59));
        g.fill(mouth);

        // Speech waveform along the bottom.
        g.setColor(new Color(0xFFC857));
        g.setStroke(new BasicStroke(14f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double[] heights = {14, 34, 58, 30, 70, 44, 20, 52, 26, 12};
        for (int i = 0; i < heights.length; i++) {
            double x = 112 + i * 32;
            g.draw(new java.awt.geom.Line2D.Double(x, 436 - heights[i] / 2, x, 436 + heights[i] / 2));
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        return bytes.toByteArray();
    }

    /** An ICO holding one 256x256 PNG image (Windows Vista and later read PNG entries). */
    static byte[] ico(byte[] png256) {
        ByteBuffer b = ByteBuffer.allocate(6 + 16 + png256.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) 1);
        b.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // 256 x 256, no palette
        b.putShort((short) 1).putShort((short) 32).putInt(png256.length).putInt(6 + 16);
        b.put(png256);
        return b.array();
    }

    /** An ICNS with 'ic08' (256) and 'ic09' (512) PNG entries. */
    static byte[] icns(byte[] png256, byte[] png512) {
        int total = 8 + 8 + png256.length + 8 + png512.length;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.put("icns".getBytes()).putInt(total);
        b.put("ic08".getBytes()).putInt(8 + png256.length).put(png256);
        b.put("ic09".getBytes()).putInt(8 + png512.length).put(png512);
        return b.array();
    }
}
