package io.adamesh.timeline;

import io.adamesh.clip.Clip;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic documents of any length for benches, screenshots and tests: a generated clip with
 * speech-like mouth/jaw motion, blinks, brow lifts and head sway on ARKit channel names, a voice clip,
 * a reference video, markers every 15 s and two edit layers with a few keys.
 */
public final class SampleProjects {
    public static final List<String> CHANNELS = List.of("jawOpen", "jawForward", "mouthClose", "mouthFunnel", "mouthPucker",
            "mouthSmileLeft", "mouthSmileRight", "mouthStretchLeft", "mouthStretchRight", "mouthPressLeft", "mouthPressRight",
            "mouthRollLower", "mouthRollUpper", "mouthShrugLower", "cheekPuff", "browInnerUp", "browDownLeft", "browDownRight",
            "browOuterUpLeft", "browOuterUpRight", "eyeBlinkLeft", "eyeBlinkRight", "eyeWideLeft", "eyeWideRight");
    public static final List<String> JOINTS = List.of("root", "neck", "jaw", "eye_left", "eye_right");

    private SampleProjects() {}

    /** Syllable envelope at time t: bursts of ~5 Hz with pauses every few seconds. */
    public static double speech(double t) {
        double phrase = 0.5 + 0.5 * Math.sin(t * 0.9 + Math.sin(t * 0.23) * 2);
        double pause = phrase < 0.25 ? 0 : 1;
        double syll = Math.max(0, Math.sin(t * 2 * Math.PI * 4.7 + Math.sin(t * 1.3)));
        return pause * syll * (0.55 + 0.45 * phrase);
    }

    public static Clip generatedClip(double seconds, double fps) {
        int frames = (int) Math.round(seconds * fps);
        int c = CHANNELS.size(), j3 = JOINTS.size() * 3;
        float[] ex = new float[frames * c], pose = new float[frames * j3], tr = new float[frames * 3];
        for (int f = 0; f < frames; f++) {
            double t = f / fps, s = speech(t);
            double blink = Math.max(0, 1 - Math.abs(((t + 0.37) % 3.7) - 0.1) / 0.1);
            double brow = 0.3 * Math.max(0, Math.sin(t * 0.7)) * (0.5 + s);
            for (int i = 0; i < c; i++) {
                String n = CHANNELS.get(i);
                double v;
                if (n.equals("jawOpen")) v = 0.05 + 0.6 * s;
                else if (n.startsWith("mouthSmile")) v = 0.2 + 0.15 * Math.sin(t * 0.31);
                else if (n.equals("mouthFunnel") || n.equals("mouthPucker")) v = 0.4 * s * Math.max(0, Math.sin(t * 3.1));
                else if (n.equals("mouthClose")) v = 0.3 * (1 - s) * Math.max(0, Math.sin(t * 1.7));
                else if (n.startsWith("mouth") || n.equals("cheekPuff") || n.equals("jawForward")) v = 0.1 * s * (1 + Math.sin(t * (i + 2)));
                else if (n.startsWith("eyeBlink")) v = blink;
                else if (n.equals("browInnerUp") || n.startsWith("browOuterUp")) v = brow;
                else if (n.startsWith("browDown")) v = 0.15 * Math.max(0, -Math.sin(t * 0.5));
                else v = 0.05 * Math.max(0, Math.sin(t * 0.4 + i));
                ex[f * c + i] = (float) v;
            }
            pose[f * j3 + 1 * 3] = (float) (0.06 * Math.sin(t * 0.8));
            pose[f * j3 + 1 * 3 + 1] = (float) (0.1 * Math.sin(t * 0.35));
            pose[f * j3 + 2 * 3] = (float) (0.25 * s);
            tr[f * 3 + 1] = (float) (0.004 * Math.sin(t * 0.5));
        }
        return new Clip("openhead-1", fps, CHANNELS, JOINTS, frames, ex, pose, tr, new float[0]);
    }

    public static Project speech(double seconds, double fps) {
        Project p = new Project("Sample " + (int) seconds + " s", fps, seconds);
        p.voice().add(MediaClip.whole("voice1", "media/voice.wav", seconds, 0));
        p.animation().add(AnimationClip.whole("anim1", generatedClip(seconds, fps), ClipSource.generated("voice1", "adamesh-base-1"), 0));
        p.reference().add(MediaClip.whole("ref1", "media/reference.mp4", Math.min(seconds, Math.max(1, seconds * 0.6)), seconds * 0.1));
        for (double t = 0; t < seconds; t += 15) p.addMarker(new Marker(p.newStringId("m"), t + 2, "Line " + (int) (t / 15 + 1)));
        Layer edits = new Layer(p.newStringId("layer"), "Edits", Blend.ADD);
        Layer fixes = new Layer(p.newStringId("layer"), "Lip fixes", Blend.OVERRIDE);
        List<Key> jaw = new ArrayList<>(), brow = new ArrayList<>();
        for (double t = 1; t < seconds; t += 6) {
            jaw.add(new Key(p.newId(), t, 0, TangentMode.SMOOTH, 0, 0, Blend.ADD));
            jaw.add(new Key(p.newId(), t + 1, 0.2, TangentMode.SMOOTH, 0, 0, Blend.ADD));
            jaw.add(new Key(p.newId(), t + 2, 0, TangentMode.SMOOTH, 0, 0, Blend.ADD));
            brow.add(new Key(p.newId(), t + 0.5, 0.15, TangentMode.LINEAR, 0, 0, Blend.ADD));
        }
        edits.curveOrCreate("jawOpen").setKeys(jaw);
        edits.curveOrCreate("browInnerUp").setKeys(brow);
        List<Key> close = new ArrayList<>();
        for (double t = 4; t < seconds; t += 20) {
            // an override on one word, eased in and out by additive zero keys around it
            close.add(new Key(p.newId(), t - 0.2, 0, TangentMode.LINEAR, 0, 0, Blend.ADD));
            close.add(new Key(p.newId(), t, 0.8, TangentMode.LINEAR, 0, 0, Blend.OVERRIDE));
            close.add(new Key(p.newId(), t + 0.3, 0.8, TangentMode.LINEAR, 0, 0, Blend.OVERRIDE));
            close.add(new Key(p.newId(), t + 0.5, 0, TangentMode.LINEAR, 0, 0, Blend.ADD));
        }
        fixes.curveOrCreate("mouthClose").setKeys(close);
        p.addLayer(0, edits);
        p.addLayer(1, fixes);
        return p;
    }
}
