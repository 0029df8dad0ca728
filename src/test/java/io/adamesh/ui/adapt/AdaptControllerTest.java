package io.adamesh.ui.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.ui.animate.AnimationViewModel;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import io.adamesh.ui.track.ReferenceVideoViewModel;
import io.adamesh.ui.track.TaskRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Adapt speaker…" before anything runs: what is checked and asked (no Stage needed for these steps). */
class AdaptControllerTest {
    @TempDir static Path dir;
    static FaceModel face;
    static Path video;
    static AnimationViewModel animation;

    @BeforeAll
    static void setUp() throws Exception {
        face = FaceModel.load(Path.of("assets/openhead.npz"));
        video = dir.resolve("talk.mp4");
        SyntheticFaceVideo.render(face, SyntheticFaceVideo.talkingHead(face), 320, 240, 15, 15 * 12, PinholeCamera.DEFAULT_FOV_Y, video, null);
        animation = new AnimationViewModel(new CurrentThreadTaskExecutor());
        animation.useLibrary(dir.resolve("speakers"));
        animation.load(Path.of("models/default"), face);
    }

    @AfterAll
    static void close() { animation.close(); }

    private static ReferenceVideoViewModel reference() {
        ReferenceVideoViewModel ref = new ReferenceVideoViewModel(face, TrackingDataFiles.fromEnvironment(), TaskRunner.sameThread());
        ref.open(video);
        return ref;
    }

    private static AdaptController controller(AnimationViewModel a, FakeDialogs d, List<String> status) {
        return new AdaptController(d, a, new CurrentThreadTaskExecutor(), Runnable::run, () -> null, p -> { }, status::add);
    }

    @Test
    void asksANameForTheSelectedRangeSuggestingTheFileName() {
        FakeDialogs d = new FakeDialogs();
        d.texts.add("Anna");
        var ref = reference();
        ref.setRangeSeconds(1, 11);
        var r = controller(animation, d, new ArrayList<>()).prepare(ref);
        assertNotNull(r, d.shown.toString());
        assertEquals("Anna", r.name());
        assertEquals(1.0, r.startSeconds(), 1e-9);
        assertEquals(11.0, r.endSeconds(), 1e-9);
        assertEquals(video.toAbsolutePath(), r.video());
        assertTrue(d.of("text").get(0).message().endsWith("[talk]"), d.of("text").get(0).message());
    }

    @Test
    void cancellingTheNameStartsNothing() {
        FakeDialogs d = new FakeDialogs();
        assertNull(controller(animation, d, new ArrayList<>()).prepare(reference()));
        assertEquals(1, d.shown.size(), "only the question");
    }

    @Test
    void aRangeTooShortIsExplainedBeforeAnythingRuns() {
        FakeDialogs d = new FakeDialogs();
        d.texts.add("Anna");
        var ref = reference();
        ref.setRangeSeconds(2, 3.5);
        assertNull(controller(animation, d, new ArrayList<>()).prepare(ref));
        assertEquals(1, d.of("warning").size());
        assertTrue(d.of("warning").get(0).message().contains("1.5 s"), d.of("warning").get(0).message());
        assertTrue(d.of("text").isEmpty(), "no name asked for a range that cannot work");
    }

    @Test
    void withoutModelsItSaysSoInsteadOfStarting() {
        FakeDialogs d = new FakeDialogs();
        AnimationViewModel none = new AnimationViewModel(new CurrentThreadTaskExecutor());
        assertNull(controller(none, d, new ArrayList<>()).prepare(reference()));
        assertEquals(1, d.of("error").size());
        assertTrue(d.of("error").get(0).message().contains("models are not loaded"), d.of("error").get(0).message());
    }

    @Test
    void anUnsavedResultIsNotDroppedWithoutAsking() {
        FakeDialogs d = new FakeDialogs();
        AdaptController c = controller(animation, d, new ArrayList<>());
        c.setPipelines(e -> AdaptFixtures.scripted(10, AdaptFixtures.result("anna-1", "Anna")));
        AdaptViewModel first = c.create(AdaptFixtures.request());
        first.start();
        assertEquals(AdaptViewModel.State.FINISHED, first.state());
        d.texts.add("Ben");
        assertNull(c.prepare(reference()), "the user said no");
        assertEquals(1, d.of("confirm").size());
        assertEquals(AdaptViewModel.State.FINISHED, first.state(), "still there to save");
        d.confirmations.add(true);
        d.texts.add("Ben");
        assertEquals("Ben", c.prepare(reference()).name());
    }

    @Test
    void theSuggestedNameAvoidsOnesTheLibraryHas() throws Exception {
        var store = animation.library();
        var e = animation.engine();
        var a = e.speakers().adapter("spk05");
        var p = new io.adamesh.speaker.SpeakerProfile("talk-0001", "talk", java.time.Instant.now(), null,
                new io.adamesh.model.SpeakerAdapter("talk-0001", a.style(), a.lora()), null, -1,
                io.adamesh.speaker.SpeakerProfile.AdaptMetrics.unknown());
        store.save(p, AdaptFixtures.png(0x808080));
        try {
            assertEquals("talk 2", controller(animation, new FakeDialogs(), new ArrayList<>()).uniqueName("talk"));
        } finally {
            store.delete("talk-0001");
        }
    }
}
