package io.adamesh.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.timeline.edit.KeyEdits;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveAndEvaluatorTest {
    private static Curve curve(Key... keys) {
        Curve c = new Curve("jawOpen");
        c.setKeys(List.of(keys));
        return c;
    }

    @Test
    void linearKeysInterpolateStraightAndHoldOutside() {
        Curve c = curve(new Key(1, 1, 0, TangentMode.LINEAR, 0, 0, Blend.ADD), new Key(2, 3, 1, TangentMode.LINEAR, 0, 0, Blend.ADD));
        assertEquals(0.25, c.value(1.5), 1e-12);
        assertEquals(0, c.value(0), 0);
        assertEquals(1, c.value(9), 0);
    }

    @Test
    void stepHoldsUntilNextKeyAndSmoothPassesThroughKeys() {
        Curve c = curve(new Key(1, 0, 0, TangentMode.STEP, 0, 0, Blend.ADD), new Key(2, 1, 1, TangentMode.SMOOTH, 0, 0, Blend.ADD),
                new Key(3, 2, 0, TangentMode.SMOOTH, 0, 0, Blend.ADD));
        assertEquals(0, c.value(0.99), 0);
        assertEquals(1, c.value(1), 1e-12);
        // smooth at a peak: flat tangent (neighbours equal), so just after the peak the value is still near 1
        assertEquals(1, c.value(1.05), 0.01);
        assertEquals(0.5, c.value(1.5), 1e-12);
    }

    @Test
    void freeTangentsUseTheKeySlopes() {
        Curve c = curve(new Key(1, 0, 0, TangentMode.FREE, 0, 2, Blend.ADD), new Key(2, 1, 0, TangentMode.FREE, 0, 0, Blend.ADD));
        double h = 1e-5;
        assertEquals(2, (c.value(h) - c.value(0)) / h, 1e-3);
    }

    @Test
    void additiveLayerAddsOverrideLayerReplacesOnlyWhereItsKeysAre() {
        Project p = TestProjects.project(4);
        Evaluator ev = new Evaluator(p);
        double base = ev.base("jawOpen", 2);
        p.layer("edit").curveOrCreate("jawOpen").setKeys(List.of(Key.of(1, 2, 0.1)));
        assertEquals(base + 0.1, ev.value("jawOpen", 2), 1e-9);
        assertEquals(ev.base("jawOpen", 0.5) + 0.1, ev.value("jawOpen", 0.5), 1e-9, "additive keys hold");
        p.layer("fix").curveOrCreate("jawOpen").setKeys(List.of(Key.of(2, 1.5, 0.7).withBlend(Blend.OVERRIDE),
                Key.of(3, 2.5, 0.7).withBlend(Blend.OVERRIDE)));
        assertEquals(0.7, ev.value("jawOpen", 2), 1e-9);
        assertEquals(ev.base("jawOpen", 3) + 0.1, ev.value("jawOpen", 3), 1e-9, "override applies only over its span");
        p.layer("fix").setMuted(true);
        assertEquals(base + 0.1, ev.value("jawOpen", 2), 1e-9);
    }

    @Test
    void baseSamplesBetweenFramesAndMapsJoints() {
        Project p = TestProjects.project(2);
        Evaluator ev = new Evaluator(p);
        var clip = p.animation().find("anim").clip();
        double mid = (clip.expression(10, 0) + clip.expression(11, 0)) / 2.0;
        assertEquals(mid, ev.base("jawOpen", 10.5 / 30), 1e-6);
        assertEquals(clip.pose(10, FaceModel.JAW, 0), ev.base("jaw.rx", 10 / 30.0), 1e-6);
        assertEquals(0, ev.base("jawOpen", 5), 0, "outside every clip");
    }

    @Test
    void handEditsSurviveRegeneration() {
        Project p = TestProjects.project(4);
        JobManager jobs = new JobManager();
        jobs.push(KeyEdits.addKey(p, "edit", "jawOpen", 2, 0.25, TangentMode.SMOOTH));
        Evaluator ev = new Evaluator(p);
        jobs.push(ClipEdits.replaceGenerated(p, "anim", TestProjects.clip(30, 120, 0.5), ClipSource.generated("voice", "bundle-2")));
        assertEquals(0.5 * (0.5 + 0.4 * Math.sin(60 / 10.0)) + 0.25, ev.value("jawOpen", 2), 1e-6);
        assertEquals("bundle-2", p.animation().find("anim").source().model());
    }

    @Test
    void evaluateFillsFaceParamsByName() {
        Project p = TestProjects.project(2);
        p.layer("edit").curveOrCreate("jaw.rx").setKeys(List.of(Key.of(1, 0, 0.2)));
        Evaluator ev = new Evaluator(p);
        // a model-free check through the channel-list overload, then the joint mapping by hand
        double[] out = new double[2];
        ev.evaluate(1.0, List.of("jawOpen", "jaw.rx"), out);
        assertEquals(ev.base("jawOpen", 1.0), out[0], 1e-12);
        assertEquals(ev.base("jaw.rx", 1.0) + 0.2, out[1], 1e-12);
        assertEquals(ChannelGroup.JAW, ChannelGroup.of("jaw.rx"));
        assertEquals(ChannelGroup.HEAD_POSE, ChannelGroup.of("neck.ry"));
        assertEquals(ChannelGroup.EYES, ChannelGroup.of("eyeBlinkLeft"));
        assertEquals(ChannelGroup.BROWS, ChannelGroup.of("browInnerUp"));
        assertEquals(ChannelGroup.MOUTH, ChannelGroup.of("cheekPuff"));
        FaceModel model = tinyModel();
        FaceParams fp = model.newParams();
        ev.evaluate(1.0, model, fp);
        assertEquals(ev.base("jawOpen", 1.0), fp.expression(0), 1e-6);
        assertEquals(ev.base("jaw.rx", 1.0) + 0.2, fp.pose()[FaceModel.JAW * 3], 1e-6);
        assertEquals(ev.base("translation.y", 1.0), fp.translation()[1], 1e-9);
    }

    /** Four vertices, one expression named jawOpen, the standard joints. */
    static FaceModel tinyModel() {
        float[] template = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};
        float[][] reg = {{1, 0, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
        float[] w = new float[20];
        for (int v = 0; v < 4; v++) w[v * 5] = 1;
        return new FaceModel("tiny", template, new int[] {0, 1, 2, 0, 2, 3}, List.of("wide"), new float[1][12],
                List.of("jawOpen"), new float[1][12], new float[36][12], reg, w, new int[] {-1, 0, 1, 1, 1},
                FaceModel.JOINT_NAMES, new float[] {0, 0, 1, 0, 0, 1}, new int[] {0, 1, 2, 0, 2, 1}, new float[12],
                new int[] {0, 0}, List.of("skin"), new int[] {0, 1}, new float[] {1, 0, 0, 0.2f, 0.3f, 0.5f});
    }
}
