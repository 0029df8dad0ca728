package io.adamesh.ui.animate;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.animate.AnimationEngine;
import io.adamesh.audio.MicrophoneCapture;
import io.adamesh.audio.RingBuffer;
import io.adamesh.face.FaceModel;
import io.adamesh.timeline.AnimationClip;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.timeline.TrackKind;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The studio's animation view model without a Stage (MVVM). */
class AnimationViewModelTest {
    static AnimationViewModel vm;

    @BeforeAll
    static void load() throws Exception {
        vm = new AnimationViewModel(new CurrentThreadTaskExecutor());
        vm.load(Path.of("models/default"), FaceModel.load(Path.of("assets/openhead.npz")));
    }

    @AfterAll
    static void close() {
        vm.close();
    }

    @Test
    void offersTheBundleSpeakersAndSaysWhichProviderAndWhy() {
        assertTrue(vm.ready());
        assertEquals(List.of("spk05", "spk11", "spk22", "spk40"), vm.speakers());
        assertEquals("spk05", vm.speakerProperty().get());
        String p = vm.providerProperty().get();
        assertTrue(p.startsWith("CPU") || p.startsWith("CUDA"), p);
        assertTrue(p.contains(" — "), "a reason follows the provider: " + p);
    }

    @Test
    void controlsReachTheEngineSettings() {
        vm.expressionIntensityProperty().set(0.5);
        vm.blinksProperty().set(false);
        assertEquals(0.5f, vm.settings().expressionIntensity());
        assertFalse(vm.settings().blinks());
        vm.expressionIntensityProperty().set(1);
        vm.blinksProperty().set(true);
    }

    @Test
    void generatesThenRegeneratesWithAnotherSpeakerInPlace() {
        Project project = new Project("t", 30, 10);
        JobManager jobs = new JobManager();
        float[] samples = new float[16_000 * 2];
        for (int i = 0; i < samples.length; i++) samples[i] = (float) (0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0008));
        MediaClip voice = MediaClip.whole("v1", "voice.wav", 2.0, 1.5);
        jobs.push(ClipEdits.addMediaClip(project, TrackKind.VOICE, voice));
        List<String> status = new ArrayList<>();
        vm.speakerProperty().set("spk05");
        vm.generate(project, jobs, voice, samples, AnimationViewModel.generatedFrom(project, "v1"), status::add);
        assertEquals(1, project.animation().clips().size(), status.toString());
        AnimationClip first = project.animation().clips().get(0);
        assertEquals(1.5, first.offset());
        assertEquals("spk05", first.source().settings().get("speaker"));
        vm.speakerProperty().set("spk40");
        vm.generate(project, jobs, voice, samples, AnimationViewModel.generatedFrom(project, "v1"), status::add);
        assertEquals(1, project.animation().clips().size());
        AnimationClip second = project.animation().clips().get(0);
        assertEquals(first.id(), second.id());
        assertEquals("spk40", second.source().settings().get("speaker"));
        assertFalse(java.util.Arrays.equals(first.clip().expressions(), second.clip().expressions()));
        jobs.undo();
        assertEquals("spk05", project.animation().clips().get(0).source().settings().get("speaker"));
    }

    @Test
    void liveFramesFlowFromTheRingWhileRunning() throws Exception {
        RingBuffer ring = new RingBuffer(16_000 * 4);
        try (MicrophoneCapture capture = new MicrophoneCapture(ring, s -> { })) {
            vm.startLive(ring, capture);
            assertNotNull(vm.liveFrames());
            ring.write(new float[16_000], 0, 16_000);
            long until = System.nanoTime() + 3_000_000_000L;
            while (vm.liveFrames().acquire().frame < 0 && System.nanoTime() < until) Thread.sleep(10);
            assertTrue(vm.liveFrames().acquire().frame >= 0, "a live frame was published");
            vm.refresh(Long.MAX_VALUE);
            assertTrue(vm.latencyProperty().get().startsWith("latency"), vm.latencyProperty().get());
            vm.stopLive();
            assertNull(vm.liveFrames());
        }
    }
}
