package io.adamesh.timeline;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import java.util.List;

/** Small documents for tests: a generated clip of sine motion, a voice clip and a reference video. */
public final class TestProjects {
    public static final List<String> CHANNELS = List.of("jawOpen", "mouthSmileLeft", "mouthSmileRight", "mouthFunnel",
            "browInnerUp", "browDownLeft", "eyeBlinkLeft", "eyeBlinkRight");

    private TestProjects() {}

    /** A clip whose channel {@code c} at frame {@code f} is {@code 0.5 + 0.4 sin(f * (c + 1) / 10)}; scale {@code amp}. */
    public static Clip clip(double fps, int frames, double amp) {
        int c = CHANNELS.size(), j = FaceModel.JOINT_NAMES.size();
        float[] ex = new float[frames * c], pose = new float[frames * j * 3], tr = new float[frames * 3];
        for (int f = 0; f < frames; f++) {
            for (int i = 0; i < c; i++) ex[f * c + i] = (float) (amp * (0.5 + 0.4 * Math.sin(f * (i + 1) / 10.0)));
            pose[f * j * 3 + FaceModel.JAW * 3] = (float) (0.1 * Math.sin(f / 7.0));
            pose[f * j * 3 + FaceModel.NECK * 3 + 1] = (float) (0.05 * Math.sin(f / 31.0));
            tr[f * 3 + 1] = (float) (0.001 * Math.sin(f / 50.0));
        }
        return new Clip("openhead-1", fps, CHANNELS, FaceModel.JOINT_NAMES, frames, ex, pose, tr, new float[] {0.1f, 0.2f});
    }

    public static Project project(double seconds) {
        Project p = new Project("test", 30, seconds);
        Clip c = clip(30, (int) Math.round(seconds * 30), 1);
        p.animation().add(AnimationClip.whole("anim", c, ClipSource.generated("voice", "bundle-1"), 0));
        p.voice().add(MediaClip.whole("voice", "/media/voice.wav", seconds, 0));
        p.reference().add(MediaClip.whole("ref", "/media/ref.mp4", seconds / 2, 1));
        p.addMarker(new Marker("m0", 1.0, "Take 1"));
        p.addLayer(0, new Layer("edit", "Edits", Blend.ADD));
        p.addLayer(1, new Layer("fix", "Lip fixes", Blend.OVERRIDE));
        return p;
    }

    /** Everything that identifies the document's state, as text (clips by identity: they are immutable). */
    public static String describe(Project p) {
        return describe(p, false);
    }

    /** With {@code byContent}, clips are described by their data, so a saved and re-read document compares equal. */
    public static String describe(Project p, boolean byContent) {
        StringBuilder b = new StringBuilder();
        b.append(p.name()).append(' ').append(p.fps()).append(' ').append(p.duration()).append('\n');
        for (var c : p.voice().clips()) b.append("V ").append(c).append('\n');
        for (var c : p.reference().clips()) b.append("R ").append(c).append('\n');
        for (var c : p.animation().clips()) {
            b.append("A ").append(c.id()).append(' ').append(byContent ? clipContent(c.clip()) : String.valueOf(System.identityHashCode(c.clip()))).append(' ')
                    .append(c.source()).append(' ').append(c.offset()).append(' ').append(c.in()).append(' ').append(c.out()).append('\n');
        }
        for (var m : p.markers()) b.append("M ").append(m).append('\n');
        for (var l : p.layers()) {
            b.append("L ").append(l.id()).append(' ').append(l.name()).append(' ').append(l.muted()).append(' ').append(l.defaultBlend()).append('\n');
            for (var c : l.curves()) if (!c.isEmpty()) b.append("  ").append(c.channel()).append(' ').append(c.keys()).append('\n');
        }
        return b.toString();
    }

    private static String clipContent(Clip c) {
        return c.faceModelId() + c.fps() + c.channels() + c.joints() + c.frameCount() + java.util.Arrays.hashCode(c.expressions())
                + "/" + java.util.Arrays.hashCode(c.pose()) + "/" + java.util.Arrays.hashCode(c.translation())
                + "/" + java.util.Arrays.hashCode(c.identity());
    }
}
