package io.adamesh.timeline;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a {@link Project} at a time: the generated base (the animation clip covering the time,
 * sampled between frames) and then every unmuted edit layer in order, each as
 * {@code (1 - w) * below + v} with {@code v} the layer curve's value and {@code w} its override
 * weight (0 for additive keys, 1 for override keys); see {@link Curve#appliesAt}. Not thread-safe (it caches channel lookups).
 */
public final class Evaluator {
    private final Project project;
    private final IdentityHashMap<Clip, Map<String, Integer>> slots = new IdentityHashMap<>();

    public Evaluator(Project project) { this.project = project; }

    /** The generated motion of {@code channel} at {@code t} (0 outside clips or for unknown channels). */
    public double base(String channel, double t) {
        AnimationClip ac = project.animation().at(t);
        if (ac == null) return 0;
        Clip clip = ac.clip();
        int n = clip.frameCount();
        if (n == 0) return 0;
        Integer slot = slots.computeIfAbsent(clip, Evaluator::slotsOf).get(channel);
        if (slot == null) return 0;
        double f = (ac.in() + (t - ac.offset())) * clip.fps();
        int f0 = (int) Math.floor(f);
        double u = f - f0;
        f0 = Math.max(0, Math.min(n - 1, f0));
        int f1 = Math.min(n - 1, f0 + 1);
        return sample(clip, slot, f0) * (1 - u) + sample(clip, slot, f1) * u;
    }

    private static double sample(Clip c, int slot, int frame) {
        int ch = c.channels().size(), j3 = c.joints().size() * 3;
        if (slot < ch) return c.expressions()[frame * ch + slot];
        if (slot < ch + j3) return c.pose()[frame * j3 + slot - ch];
        return c.translation()[frame * 3 + slot - ch - j3];
    }

    private static Map<String, Integer> slotsOf(Clip c) {
        Map<String, Integer> m = new HashMap<>();
        List<String> all = Channels.all(c.channels(), c.joints());
        for (int i = 0; i < all.size(); i++) m.put(all.get(i), i);
        return m;
    }

    /** Base plus all unmuted layers. */
    public double value(String channel, double t) {
        return valueThrough(channel, t, project.layers().size());
    }

    /** Base plus the first {@code layerCount} unmuted layers (what a layer's edits sit on). */
    public double valueThrough(String channel, double t, int layerCount) {
        double v = base(channel, t);
        List<Layer> layers = project.layers();
        for (int i = 0; i < layerCount && i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l.muted()) continue;
            Curve c = l.curve(channel);
            if (c == null || !c.appliesAt(t)) continue;
            double w = c.overrideWeight(t);
            v = (1 - w) * v + c.value(t);
        }
        return v;
    }

    /** Writes the evaluated face at {@code t} into {@code p}, matching channels by the model's names. */
    public void evaluate(double t, FaceModel model, FaceParams p) {
        p.resetExpressionAndPose();
        List<String> ex = model.expressionNames();
        for (int i = 0; i < ex.size(); i++) p.setExpression(i, (float) value(ex.get(i), t));
        List<String> joints = model.jointNames();
        for (int j = 0; j < joints.size(); j++) {
            String jn = joints.get(j);
            p.setJointRotation(j, (float) value(Channels.rotation(jn, 0), t),
                    (float) value(Channels.rotation(jn, 1), t), (float) value(Channels.rotation(jn, 2), t));
        }
        for (int a = 0; a < 3; a++) p.translation()[a] = (float) value(Channels.TRANSLATION[a], t);
    }

    /** Fills {@code out[i]} with the value of {@code channels.get(i)} at {@code t}. */
    public void evaluate(double t, List<String> channels, double[] out) {
        for (int i = 0; i < channels.size(); i++) out[i] = value(channels.get(i), t);
    }
}
