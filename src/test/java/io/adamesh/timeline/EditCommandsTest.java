package io.adamesh.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.DocumentEdits;
import io.adamesh.timeline.edit.Job;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.timeline.edit.KeyEdits;
import io.adamesh.timeline.edit.KeyRef;
import io.adamesh.timeline.edit.TimelineClipboard;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EditCommandsTest {
    private static List<KeyRef> allKeys(Project p) {
        List<KeyRef> out = new ArrayList<>();
        for (Layer l : p.layers()) for (Curve c : l.curves()) for (Key k : c.keys()) out.add(new KeyRef(l.id(), c.channel(), k.id()));
        return out;
    }

    private static List<KeyRef> someKeys(Project p, Random r) {
        List<KeyRef> all = allKeys(p), out = new ArrayList<>();
        for (KeyRef k : all) if (r.nextInt(3) == 0) out.add(k);
        if (out.isEmpty() && !all.isEmpty()) out.add(all.get(r.nextInt(all.size())));
        return out;
    }

    /** One random edit of any kind the timeline offers. */
    private static Job randomJob(Project p, Random r, TimelineClipboard clip) {
        String[] ch = {"jawOpen", "mouthSmileLeft", "browInnerUp", "neck.ry", "eyeBlinkLeft"};
        List<Layer> layers = p.layers();
        String layer = layers.isEmpty() ? null : layers.get(r.nextInt(layers.size())).id();
        int kind = r.nextInt(20);
        if (layer == null && kind < 12) kind = 12;
        return switch (kind) {
            case 0, 1, 2, 3 -> KeyEdits.addKey(p, layer, ch[r.nextInt(ch.length)], r.nextDouble() * 10, r.nextGaussian() * 0.3,
                    TangentMode.values()[r.nextInt(4)]);
            case 4 -> KeyEdits.moveKeys(p, someKeys(p, r), r.nextGaussian(), r.nextGaussian() * 0.1);
            case 5 -> KeyEdits.deleteKeys(p, someKeys(p, r));
            case 6 -> KeyEdits.setTangentMode(p, someKeys(p, r), TangentMode.values()[r.nextInt(4)]);
            case 7 -> KeyEdits.scaleIntensity(p, someKeys(p, r), 0.5 + r.nextDouble(), 0);
            case 8 -> KeyEdits.smooth(p, someKeys(p, r), r.nextDouble());
            case 9 -> KeyEdits.timeStretch(p, someKeys(p, r), r.nextDouble() * 3, 0.5 + r.nextDouble());
            case 10 -> KeyEdits.simplifyToKeys(p, layer, ch[r.nextInt(ch.length)], r.nextDouble() * 4, 4 + r.nextDouble() * 4, 0.02);
            case 11 -> {
                clip.copyKeys(p, someKeys(p, r));
                yield clip.pasteKeys(p, layer, r.nextDouble() * 8);
            }
            case 12 -> DocumentEdits.addLayer(p, "L" + r.nextInt(100), r.nextBoolean() ? Blend.ADD : Blend.OVERRIDE);
            case 13 -> layers.size() > 1 ? DocumentEdits.removeLayer(p, layer) : DocumentEdits.addMarker(p, 3, "x");
            case 14 -> layer == null ? DocumentEdits.addMarker(p, 2, "y") : DocumentEdits.setMuted(p, layer, r.nextBoolean());
            case 15 -> DocumentEdits.addMarker(p, r.nextDouble() * 10, "m" + r.nextInt(9));
            case 16 -> p.markers().isEmpty() ? DocumentEdits.addMarker(p, 1, "z")
                    : DocumentEdits.removeMarker(p, p.markers().get(r.nextInt(p.markers().size())).id());
            case 17 -> ClipEdits.moveClip(p, TrackKind.values()[r.nextInt(3)], r.nextBoolean() ? "voice" : "ref", r.nextDouble() * 5);
            case 18 -> ClipEdits.trimClip(p, TrackKind.VOICE, "voice", r.nextDouble() * 2, 3 + r.nextDouble() * 5);
            default -> {
                clip.copyClips(p, TrackKind.REFERENCE, List.of("ref"));
                yield clip.pasteClips(p, r.nextDouble() * 6);
            }
        };
    }

    @Test
    void randomEditSequencesUndoToTheOriginalAndRedoToTheFinalState() {
        for (int seed = 0; seed < 40; seed++) {
            Random r = new Random(1000 + seed);
            Project p = TestProjects.project(10);
            JobManager jobs = new JobManager();
            TimelineClipboard clip = new TimelineClipboard();
            String original = TestProjects.describe(p);
            List<String> states = new ArrayList<>();
            states.add(original);
            int n = 5 + r.nextInt(40);
            for (int i = 0; i < n; i++) {
                if (jobs.push(randomJob(p, r, clip))) states.add(TestProjects.describe(p));
                if (r.nextInt(6) == 0 && jobs.canUndo()) {
                    // interleave undo/redo mid-sequence: undo must give the previous state, redo this one
                    jobs.undo();
                    assertEquals(states.get(states.size() - 2), TestProjects.describe(p), "seed " + seed + " step " + i);
                    jobs.redo();
                    assertEquals(states.get(states.size() - 1), TestProjects.describe(p), "seed " + seed + " step " + i);
                }
            }
            String last = TestProjects.describe(p);
            for (int i = states.size() - 1; i > 0; i--) {
                jobs.undo();
                assertEquals(states.get(i - 1), TestProjects.describe(p), "seed " + seed + " undo to " + (i - 1));
            }
            assertFalse(jobs.canUndo());
            assertEquals(original, TestProjects.describe(p));
            while (jobs.canRedo()) jobs.redo();
            assertEquals(last, TestProjects.describe(p), "seed " + seed);
        }
    }

    @Test
    void dirtyFlagFollowsTheSavedStateAndRevisionCountsChanges() {
        Project p = TestProjects.project(4);
        JobManager jobs = new JobManager();
        assertFalse(jobs.isDirty());
        jobs.push(KeyEdits.addKey(p, "edit", "jawOpen", 1, 0.2, TangentMode.SMOOTH));
        assertTrue(jobs.isDirty());
        jobs.markSaved();
        assertFalse(jobs.isDirty());
        long rev = jobs.revision();
        jobs.push(DocumentEdits.addMarker(p, 2, "b"));
        assertTrue(jobs.isDirty());
        assertEquals("Add marker", jobs.undoDescription());
        jobs.undo();
        assertFalse(jobs.isDirty(), "back at the saved state");
        assertEquals("Add marker", jobs.redoDescription());
        assertTrue(jobs.revision() > rev);
        jobs.undo();
        assertTrue(jobs.isDirty(), "before the saved state");
    }

    @Test
    void aJobMayNotPushAnotherJob() {
        JobManager jobs = new JobManager();
        Job nested = new Job() {
            @Override public void execute() { jobs.push(DocumentEdits.addMarker(new Project("x", 30, 1), 0, "a")); }
            @Override public void undo() {}
            @Override public String description() { return "nested"; }
        };
        assertThrows(IllegalStateException.class, () -> jobs.push(nested));
        assertFalse(jobs.canUndo());
    }

    @Test
    void moveSnapsToFramesAndKeepsKeyIds() {
        Project p = TestProjects.project(4);
        JobManager jobs = new JobManager();
        jobs.push(KeyEdits.addKey(p, "edit", "jawOpen", 1, 0.2, TangentMode.SMOOTH));
        Key k = p.layer("edit").curve("jawOpen").key(0);
        jobs.push(KeyEdits.moveKeys(p, List.of(new KeyRef("edit", "jawOpen", k.id())), 0.51, 0.1));
        Key moved = p.layer("edit").curve("jawOpen").key(0);
        assertEquals(k.id(), moved.id());
        assertEquals(1.5, moved.time(), 1e-9, "1.51 s snaps to frame 45");
        assertEquals(0.3, moved.value(), 1e-12);
    }

    @Test
    void simplifyFollowsTheGeneratedMotionWithinTolerance() {
        Project p = TestProjects.project(4);
        JobManager jobs = new JobManager();
        jobs.push(KeyEdits.simplifyToKeys(p, "fix", "jawOpen", 0, 4, 0.01));
        Curve c = p.layer("fix").curve("jawOpen");
        assertTrue(c.size() > 3 && c.size() < 120, "keys: " + c.size());
        Evaluator ev = new Evaluator(p);
        for (int f = 0; f < 120; f++) assertEquals(ev.base("jawOpen", f / 30.0), ev.value("jawOpen", f / 30.0), 0.0101);
    }

    @Test
    void scaleAndTimeStretchChangeWhatTheySay() {
        Project p = TestProjects.project(4);
        JobManager jobs = new JobManager();
        jobs.push(KeyEdits.addKey(p, "edit", "jawOpen", 1, 0.2, TangentMode.LINEAR));
        jobs.push(KeyEdits.addKey(p, "edit", "jawOpen", 2, 0.4, TangentMode.LINEAR));
        jobs.push(KeyEdits.addKey(p, "edit", "jawOpen", 3, 0.0, TangentMode.LINEAR));
        List<KeyRef> first2 = allKeys(p).subList(0, 2);
        jobs.push(KeyEdits.scaleIntensity(p, first2, 2, 0));
        Curve c = p.layer("edit").curve("jawOpen");
        assertEquals(0.4, c.key(0).value(), 1e-12);
        assertEquals(0.8, c.key(1).value(), 1e-12);
        jobs.push(KeyEdits.timeStretch(p, first2, 1, 2));
        assertEquals(1, c.key(0).time(), 1e-9);
        assertEquals(3, c.key(1).time(), 1e-9);
        assertEquals(4, c.key(2).time(), 1e-9, "later keys move with the stretched range");
        assertNotEquals(0, c.key(2).id());
    }
}
