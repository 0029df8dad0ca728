package io.adamesh.ui.animate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.adapt.AdaptRequest;
import io.adamesh.adapt.Adapter;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.face.FaceModel;
import io.adamesh.model.SpeakerAdapter;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TrackKind;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.ui.adapt.AdaptFixtures;
import io.adamesh.ui.adapt.AdaptViewModel;
import io.adamesh.ui.adapt.FakeDialogs;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learned speakers in the speaker selector, with the real bundle (models/default) and a temp library. */
class LearnedSpeakersTest {
    @TempDir static Path dir;
    static FaceModel face;
    static AnimationViewModel vm;
    static SpeakerProfileStore store;

    @BeforeAll
    static void load() throws Exception {
        face = FaceModel.load(Path.of("assets/openhead.npz"));
        vm = new AnimationViewModel(new CurrentThreadTaskExecutor());
        vm.useLibrary(dir.resolve("speakers"));
        vm.load(Path.of("models/default"), face);
        assertTrue(vm.ready(), vm.providerProperty().get());
        store = vm.library();
    }

    @AfterAll
    static void close() { vm.close(); }

    /** A profile made from a built-in speaker's tensors (so it fits the bundle) under a new id and name. */
    static SpeakerProfile learned(String id, String name, String from) throws Exception {
        SpeakerAdapter a = vm.engine().speakers().adapter(from);
        return new SpeakerProfile(id, name, Instant.now(), new SpeakerProfile.ProfileSource("clip.mp4", 0, 10, "00".repeat(32)),
                new SpeakerAdapter(id, a.style(), a.lora()), vm.engine().speakers().poseStyle(from), -1,
                SpeakerProfile.AdaptMetrics.unknown());
    }

    @Test
    void aSavedProfileFollowsTheBuiltInsWithItsNameAndThumbnailAndIsSelected() throws Exception {
        assertEquals(BundleIdentity.of(vm.engine().bundle()).checksum(), store.bundle().checksum(), "the library is the bundle's");
        store.save(learned("anna-0001", "Anna", "spk40"), AdaptFixtures.png(0xc06040));
        vm.reloadSpeakers("anna-0001");
        List<String> ids = vm.speakers();
        assertEquals(List.of("spk05", "spk11", "spk22", "spk40"), ids.subList(0, 4), "built-ins first");
        assertTrue(ids.indexOf("anna-0001") >= 4);
        assertEquals("anna-0001", vm.speakerProperty().get());
        assertEquals("Anna", vm.displayName("anna-0001"));
        assertEquals("spk11", vm.displayName("spk11"));
        assertTrue(vm.isLearned("anna-0001"));
        assertFalse(vm.isLearned("spk11"));
        assertTrue(vm.thumbnail("anna-0001").isPresent());
        assertTrue(vm.thumbnail("spk11").isEmpty());

        // generating with the learned speaker uses its adapter: same tensors as spk40, different from spk05
        Project project = new Project("t", 30, 10);
        JobManager jobs = new JobManager();
        float[] samples = new float[16_000 * 2];
        for (int i = 0; i < samples.length; i++) samples[i] = (float) (0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0008));
        MediaClip voice = MediaClip.whole("v1", "voice.wav", 2.0, 0);
        jobs.push(ClipEdits.addMediaClip(project, TrackKind.VOICE, voice));
        List<String> status = new ArrayList<>();
        vm.generate(project, jobs, voice, samples, null, status::add);
        var learnedClip = project.animation().clips().get(0);
        assertEquals("anna-0001", learnedClip.source().settings().get("speaker"), status.toString());
        vm.speakerProperty().set("spk05");
        vm.generate(project, jobs, voice, samples, learnedClip.id(), status::add);
        assertFalse(java.util.Arrays.equals(learnedClip.clip().expressions(), project.animation().clips().get(0).clip().expressions()));

        // deleted from the library: gone from the selector, the selection falls back
        vm.speakerProperty().set("anna-0001");
        store.delete("anna-0001");
        vm.reloadSpeakers(null);
        assertFalse(vm.speakers().contains("anna-0001"));
        assertEquals("spk05", vm.speakerProperty().get());
    }

    @Test
    void aCorruptProfileIsOneWarningAndTheOthersLoad() throws Exception {
        store.save(learned("ben-0001", "Ben", "spk11"), AdaptFixtures.png(0x40c060));
        store.save(learned("cleo-0001", "Cleo", "spk22"), AdaptFixtures.png(0x4060c0));
        Files.writeString(store.root().resolve("ben-0001").resolve(SpeakerProfileStore.ADAPTER_JSON), "{\"format\": \"truncated");
        vm.reloadSpeakers(null);
        assertTrue(vm.speakers().contains("cleo-0001"));
        assertFalse(vm.speakers().contains("ben-0001"));
        assertEquals(1, vm.libraryWarnings().size(), vm.libraryWarnings().toString());
        assertTrue(vm.libraryWarnings().get(0).contains("ben-0001"), vm.libraryWarnings().get(0));
        store.delete("cleo-0001");
    }

    @Test
    void aVideoWithoutSoundIsAClearRefusalAndNothingIsSaved() throws Exception {
        Path silent = dir.resolve("silent.mp4");
        SyntheticFaceVideo.render(face, SyntheticFaceVideo.talkingHead(face), 320, 240, 15, 60, PinholeCamera.DEFAULT_FOV_Y, silent, null);
        FakeDialogs dialogs = new FakeDialogs();
        AnimationEngine e = vm.engine();
        AdaptViewModel run = new AdaptViewModel(AdaptRequest.defaults(silent, 0, 4, "Silent"), new Adapter(e.bundle(), e.pose(), e.face())::run,
                new CurrentThreadTaskExecutor(), Runnable::run, store, dialogs);
        int before = store.list().size();
        run.start();
        assertEquals(AdaptViewModel.State.FAILED, run.state());
        assertEquals(1, dialogs.of("error").size());
        String m = dialogs.of("error").get(0).message();
        assertTrue(m.contains("no audio"), m);
        assertNull(dialogs.of("error").get(0).details(), "a refusal, not a crash");
        assertEquals(before, store.list().size());
        assertNotEquals(AdaptViewModel.State.SAVED, run.state());
    }
}
