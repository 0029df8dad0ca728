package io.adamesh.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.clip.Clip;
import io.adamesh.export.ExportFormat;
import io.adamesh.face.FaceModel;
import io.adamesh.timeline.Evaluator;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.SampleProjects;
import io.adamesh.timeline.TimelineClipBaker;
import io.adamesh.ui.TestHeads;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportViewModelTest {
    @TempDir Path dir;
    final Project project = SampleProjects.speech(4, 30);
    final FaceModel head = TestHeads.head();

    @Test void bakedClipIsTheEvaluatedTimelineIncludingEditLayers() {
        Clip c = TimelineClipBaker.bake(project, head, null);
        assertEquals(120, c.frameCount());
        Evaluator ev = new Evaluator(project);
        int smile = head.expressionNames().indexOf("browInnerUp");
        for (int f : new int[] {0, 15, 45, 100}) {
            assertEquals(ev.value("browInnerUp", f / 30.0), c.expression(f, smile), 1e-5, "frame " + f);
        }
        // the edit layer's brow keys really contribute (base alone differs at the key)
        assertTrue(Math.abs(ev.value("browInnerUp", 1.5) - ev.base("browInnerUp", 1.5)) > 0.01);
    }

    @Test void problemsAreExplainedAndTheOutputFollowsTheFormat() {
        ExportViewModel vm = new ExportViewModel(project, Set.of());
        assertEquals("Choose an output file.", vm.problemProperty().get());
        vm.outputProperty().set(dir.resolve("take.fbx"));
        assertEquals("", vm.problemProperty().get());
        vm.formatProperty().set(ExportFormat.CSV);
        assertEquals(dir.resolve("take.csv"), vm.outputProperty().get());
        vm.rangeProperty().set(ExportViewModel.Range.CUSTOM);
        vm.customStartProperty().set(3);
        vm.customEndProperty().set(2);
        assertTrue(vm.problemProperty().get().contains("empty"), vm.problemProperty().get());
        assertThrows(IllegalStateException.class, vm::request);
        vm.customEndProperty().set(9);
        assertTrue(vm.problemProperty().get().contains("after the project"), vm.problemProperty().get());
        vm.outputProperty().set(dir.resolve("no/such/folder/x.csv"));
        vm.customEndProperty().set(4);
        assertTrue(vm.problemProperty().get().contains("folder"), vm.problemProperty().get());
    }

    @Test void inOutIsTheSelectedClipAndFramesAreInProjectFrames() {
        ExportViewModel vm = new ExportViewModel(project, Set.of("ref1"));
        vm.outputProperty().set(dir.resolve("a.fbx"));
        vm.rangeProperty().set(ExportViewModel.Range.IN_OUT);
        vm.fpsProperty().set(60);
        ExportViewModel.ExportRequest r = vm.request();
        assertEquals(0.4, r.start(), 1e-9);     // the reference clip starts at 10 % of 4 s
        assertEquals(12, r.options().startFrame());
        assertEquals(60, r.options().fps());
        assertFalse(r.options().bakeHeadPose());
    }

    @Test void exportWritesTheFileAndCancelLeavesNothing() throws Exception {
        ExportViewModel vm = new ExportViewModel(project, Set.of());
        vm.formatProperty().set(ExportFormat.CSV);
        vm.outputProperty().set(dir.resolve("take.csv"));
        var work = ExportViewModel.prepare(vm.request(), project, head, null);
        Path[] out = new Path[1];
        TaskHandle h = new CurrentThreadTaskExecutor().submit("export", work, p -> out[0] = p, e -> { throw new AssertionError(e); });
        assertTrue(h.isDone());
        List<String> lines = Files.readAllLines(out[0]);
        assertEquals(1 + 120, lines.size(), "header + one row per frame");

        vm.outputProperty().set(dir.resolve("cancelled.csv"));
        var work2 = ExportViewModel.prepare(vm.request(), project, head, null);
        Throwable[] failure = new Throwable[1];
        TaskHandle cancelled = new TaskHandle("x");
        cancelled.cancel();
        assertThrows(CancellationException.class, () -> work2.call(cancelled));
        assertFalse(Files.exists(dir.resolve("cancelled.csv")));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary left");
        }
    }
}
