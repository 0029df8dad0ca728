package io.adamesh.ui.adapt;

import io.adamesh.adapt.AdaptException;
import io.adamesh.adapt.AdaptRequest;
import io.adamesh.adapt.AdaptResult;
import io.adamesh.adapt.AdaptationCancelledException;
import io.adamesh.clip.Clip;
import io.adamesh.model.FloatTensor;
import io.adamesh.model.SpeakerAdapter;
import io.adamesh.speaker.SpeakerProfile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Profiles, results and a scripted pipeline for the adapt UI tests (no models needed). */
public final class AdaptFixtures {
    private AdaptFixtures() {}

    /** The bundle the fixture profiles are "adapted against" (matches their tensors). */
    public static final io.adamesh.speaker.BundleIdentity BUNDLE = new io.adamesh.speaker.BundleIdentity("test-bundle",
            "0123456789abcdef".repeat(4), Map.of("layer0.lora_a", new long[] {2, 3}), 4);

    /** A library in {@code root} for {@link #BUNDLE}. */
    public static io.adamesh.speaker.SpeakerProfileStore store(Path root) {
        return new io.adamesh.speaker.SpeakerProfileStore(root, BUNDLE);
    }

    public static SpeakerProfile profile(String id, String name) {
        SpeakerAdapter adapter = new SpeakerAdapter(id, new FloatTensor(new float[] {0.1f, -0.2f, 0.3f, 0.4f}, new long[] {4}),
                Map.of("layer0.lora_a", new FloatTensor(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3})));
        return new SpeakerProfile(id, name, Instant.parse("2026-11-21T09:30:00Z"),
                new SpeakerProfile.ProfileSource("/videos/anna.mp4", 5, 15, "ab".repeat(32)), adapter,
                new float[] {0.5f, 0.25f}, 1,
                new SpeakerProfile.AdaptMetrics(0.0500, 0.0300, 3.20, 2.40, 60, 45, 41.5, 0.93));
    }

    public static byte[] png(int rgb) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, rgb);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A still clip (all zero) of {@code frames} frames at 30 fps. */
    public static Clip clip(int frames) {
        return new Clip("openhead", 30, List.of("jawOpen"), List.of(), frames, new float[frames], new float[0], new float[frames * 3], null);
    }

    public static AdaptResult result(String id, String name) {
        return new AdaptResult(profile(id, name), png(0x4080c0),
                new AdaptResult.Comparison(13, 15, clip(60), clip(60), clip(60), 3.20, 2.40));
    }

    public static AdaptRequest request() {
        return AdaptRequest.defaults(Path.of("/videos/anna.mp4"), 5, 15, "Anna");
    }

    /**
     * A pipeline that reports every stage, then {@code steps} adaptation steps (held-out loss every 5th
     * step, lowest at step 45), checking the cancel token before each step like the core does.
     */
    public static AdaptViewModel.Pipeline scripted(int steps, AdaptResult result) {
        return (r, l, c) -> {
            for (String s : List.of("Reading video", "Tracking", "Speech features")) {
                for (int i = 0; i <= 4; i++) l.stage(s, i / 4.0);
            }
            l.message("usable face 93 %");
            for (int step = 1; step <= steps; step++) {
                if (c.cancelled()) throw new AdaptationCancelledException();
                l.stage("Adapting", step / (double) steps);
                double train = 0.05 * Math.exp(-step / 30.0) + 0.01;
                double held = step % 5 == 0 ? 0.03 + Math.abs(step - 45) * 0.0004 : Double.NaN;
                l.loss(step, train, held);
            }
            l.stage("Pose style", 1);
            return result;
        };
    }

    public static AdaptViewModel.Pipeline failing(Exception e) {
        return (r, l, c) -> {
            l.stage("Reading video", 1);
            l.stage("Tracking", 0.5);
            if (e instanceof AdaptException a) throw a;
            throw (RuntimeException) e;
        };
    }
}
