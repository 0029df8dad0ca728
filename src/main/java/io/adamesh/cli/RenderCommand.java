package io.adamesh.cli;

import io.adamesh.clip.Clip;
import io.adamesh.clip.ClipIO;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * {@code adamesh render clip.json --out DIR [--every N] [--size PX] [--yaw DEG] [--sheet FILE.png]}:
 * renders a clip's frames with the software rasteriser (no display needed), to look at animation.
 */
final class RenderCommand implements Command {
    @Override public String name() { return "render"; }

    @Override public String summary() { return "render a clip's frames to PNG (and a contact sheet) without a display"; }

    @Override public String usage() { return "CLIP.json --out DIR [--every N] [--size PX] [--yaw DEGREES] [--sheet FILE.png] [--head HEAD.npz]"; }

    @Override public Set<String> valuedOptions() { return Set.of("--out", "--every", "--size", "--yaw", "--sheet", "--head"); }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        if (args.positionals().size() != 1) throw new UsageException("render takes one clip file");
        Path clipFile = Path.of(args.positionals().get(0));
        Path out = Path.of(args.value("--out").orElseThrow(() -> new UsageException("--out DIR is required")));
        int every = Integer.parseInt(args.value("--every").orElse("1"));
        int size = Integer.parseInt(args.value("--size").orElse("384"));
        double yaw = Math.toRadians(Double.parseDouble(args.value("--yaw").orElse("0")));
        Path headFile = args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz"));
        if (every < 1 || size < 64) throw new UsageException("--every must be >= 1 and --size >= 64");
        Clip clip = ClipIO.read(clipFile);
        FaceModel head = FaceModel.load(headFile);
        if (!clip.faceModelId().equals(head.id())) {
            io.err().println("render: " + clipFile + " was made for head '" + clip.faceModelId() + "', not '" + head.id() + "'");
            return 4;
        }
        Files.createDirectories(out);
        RigEvaluator rig = new RigEvaluator(head);
        FaceParams p = head.newParams();
        float[] v = new float[head.vertexCount() * 3], n = new float[v.length];
        MeshRasterizer r = new MeshRasterizer(size, size).lookAtHead(yaw, -0.015, 0.0, 0.62, 0.40);
        int count = (clip.frameCount() + every - 1) / every;
        int cols = (int) Math.ceil(Math.sqrt(count));
        int thumb = Math.max(96, Math.min(size, 1600 / Math.max(1, cols)));
        BufferedImage sheet = args.value("--sheet").isPresent()
                ? new BufferedImage(cols * thumb, ((count + cols - 1) / cols) * thumb, BufferedImage.TYPE_INT_RGB) : null;
        Graphics2D g = sheet == null ? null : sheet.createGraphics();
        if (g != null) g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int k = 0;
        ProgressLine bar = new ProgressLine(io.err(), "render:");
        for (int f = 0; f < clip.frameCount(); f += every, k++) {
            clip.applyFrame(f, head, p);
            rig.evaluate(p, v);
            rig.computeNormals(v, n);
            BufferedImage img = r.render(v, head, n);
            ImageIO.write(img, "png", out.resolve(String.format("frame_%05d.png", f).replace(' ', '0')).toFile());
            if (g != null) {
                int x = (k % cols) * thumb, y = (k / cols) * thumb;
                g.drawImage(img, x, y, thumb, thumb, null);
                g.setColor(Color.WHITE);
                g.drawString(String.format("%d  %.2fs", f, f / clip.fps()), x + 4, y + 14);
            }
            bar.text((f + 1) + "/" + clip.frameCount());
        }
        io.err().println();
        if (g != null) {
            g.dispose();
            ImageIO.write(sheet, "png", Path.of(args.value("--sheet").get()).toFile());
        }
        io.out().println("rendered " + k + " frames to " + out);
        return 0;
    }
}
