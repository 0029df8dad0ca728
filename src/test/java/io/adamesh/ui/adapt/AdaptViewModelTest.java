package io.adamesh.ui.adapt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.adapt.AdaptException;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.ui.adapt.AdaptViewModel.State;
import io.adamesh.ui.adapt.AdaptViewModel.SummaryRow;
import io.adamesh.ui.tasks.BackgroundTask;
import io.adamesh.ui.tasks.CurrentThreadTaskExecutor;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The adapt dialog's view model without a Stage: progress, loss, cancel, save and discard against a temp library. */
class AdaptViewModelTest {
    @TempDir Path dir;
    final FakeDialogs dialogs = new FakeDialogs();

    private AdaptViewModel vm(AdaptViewModel.Pipeline p, SpeakerProfileStore store) {
        return new AdaptViewModel(AdaptFixtures.request(), p, new CurrentThreadTaskExecutor(), Runnable::run, store, dialogs);
    }

    private SpeakerProfileStore store() { return AdaptFixtures.store(dir.resolve("speakers")); }

    private static long filesUnder(Path root) throws Exception {
        if (!Files.exists(root)) return 0;
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void everyStageFillsItsBarAndEveryStepLandsOnThePlot() {
        AdaptViewModel vm = vm(AdaptFixtures.scripted(60, AdaptFixtures.result("anna-1", "Anna")), store());
        List<Double> adaptingSeen = new ArrayList<>();
        vm.stages().get(3).fractionProperty().addListener((o, a, b) -> adaptingSeen.add(b.doubleValue()));
        vm.start();
        assertEquals(State.FINISHED, vm.state(), vm.messageProperty().get());
        assertEquals(List.of("Reading video", "Tracking", "Speech features", "Adapting", "Pose style"),
                vm.stages().stream().map(AdaptViewModel.StageProgress::name).toList());
        for (var s : vm.stages()) {
            assertEquals(1.0, s.fractionProperty().get(), 1e-9, s.name());
            assertEquals("done", s.statusProperty().get(), s.name());
        }
        assertEquals(60, adaptingSeen.size(), "the Adapting bar moved on every step");
        assertEquals(60, vm.losses().size());
        assertEquals(1, vm.losses().get(0).step());
        assertTrue(Double.isNaN(vm.losses().get(0).heldOut()), "held-out only where evaluated");
        assertEquals(12, vm.losses().stream().filter(p -> Double.isFinite(p.heldOut())).count());
        assertEquals(45, vm.bestStepProperty().get(), "lowest held-out loss");
        assertNotNull(vm.resultProperty().get());
        assertTrue(dialogs.shown.isEmpty(), dialogs.shown.toString());
    }

    @Test
    void theSummaryComparesBeforeAndAfterOnTheHeldBackPart() {
        AdaptViewModel vm = vm(AdaptFixtures.scripted(10, AdaptFixtures.result("anna-1", "Anna")), store());
        vm.start();
        List<SummaryRow> rows = vm.summary();
        SummaryRow loss = rows.stream().filter(r -> r.what().equals("Held-out loss")).findFirst().orElseThrow();
        assertEquals("0.0500", loss.before());
        assertEquals("0.0300", loss.after());
        assertEquals("-40 %", loss.change());
        assertTrue(loss.better());
        SummaryRow lve = rows.stream().filter(r -> r.what().startsWith("Lip vertex error")).findFirst().orElseThrow();
        assertEquals("3.20 mm", lve.before());
        assertEquals("2.40 mm", lve.after());
        assertEquals("-25 %", lve.change());
        assertTrue(rows.stream().anyMatch(r -> r.what().startsWith("Steps") && r.after().equals("60 (best 45)")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.what().equals("Time") && r.after().equals("41.5 s")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.what().equals("Held-back part") && r.after().startsWith("13.0–15.0 s")), rows.toString());
        assertEquals(45, vm.bestStepProperty().get(), "the core's best step wins once finished");
    }

    @Test
    void aWorseResultIsShownAsWorse() {
        var r = AdaptFixtures.result("x", "X");
        var worse = new io.adamesh.adapt.AdaptResult(r.profile(), r.thumbnailPng(),
                new io.adamesh.adapt.AdaptResult.Comparison(13, 15, null, null, null, 2.0, 2.5));
        SummaryRow lve = AdaptViewModel.summaryOf(worse).stream().filter(x -> x.what().startsWith("Lip")).findFirst().orElseThrow();
        assertFalse(lve.better());
        assertEquals("+25 %", lve.change());
    }

    @Test
    void cancelStopsTheRunAndNothingIsWritten() throws Exception {
        SpeakerProfileStore store = store();
        AdaptViewModel[] holder = new AdaptViewModel[1];
        AdaptViewModel.Pipeline inner = AdaptFixtures.scripted(200, AdaptFixtures.result("anna-1", "Anna"));
        // the user presses Cancel when step 20 is on the plot
        AdaptViewModel.Pipeline p = (r, l, c) -> inner.run(r, new io.adamesh.adapt.AdaptListener() {
            @Override public void stage(String s, double f) { l.stage(s, f); }
            @Override public void loss(int step, double t, double h) {
                l.loss(step, t, h);
                if (step == 20) holder[0].cancel();
            }
        }, c);
        AdaptViewModel vm = vm(p, store);
        holder[0] = vm;
        vm.start();
        assertEquals(State.CANCELLED, vm.state());
        assertEquals(20, vm.losses().size(), "no step ran after the cancel");
        assertEquals("cancelled", vm.stages().get(3).statusProperty().get());
        assertNull(vm.resultProperty().get());
        assertFalse(vm.save(), "nothing to save");
        assertEquals(0, filesUnder(store.root()));
        assertTrue(vm.messageProperty().get().contains("nothing was saved"), vm.messageProperty().get());
        assertTrue(dialogs.shown.isEmpty(), "a cancel is not an error: " + dialogs.shown);
    }

    @Test
    void saveWritesTheProfileToTheLibraryAndReportsIt() throws Exception {
        SpeakerProfileStore store = store();
        AdaptViewModel vm = vm(AdaptFixtures.scripted(10, AdaptFixtures.result("anna-1", "Anna")), store);
        List<SpeakerProfile> saved = new ArrayList<>();
        vm.setOnSaved(saved::add);
        vm.start();
        assertEquals(0, filesUnder(store.root()), "nothing is written before Save");
        assertTrue(vm.save());
        assertEquals(State.SAVED, vm.state());
        assertEquals(1, saved.size());
        // read back through a fresh store: the library really holds it
        SpeakerProfileStore fresh = AdaptFixtures.store(store.root());
        List<SpeakerProfile> listed = fresh.list();
        assertEquals(1, listed.size(), fresh.warnings().toString());
        assertEquals("Anna", listed.get(0).name());
        assertEquals(saved.get(0).id(), listed.get(0).id());
        assertTrue(fresh.thumbnail(listed.get(0).id()).isPresent());
        assertFalse(vm.save(), "saved once");
    }

    @Test
    void saveNeverReplacesAnotherProfileWithTheSameId() throws Exception {
        SpeakerProfileStore store = store();
        store.save(AdaptFixtures.profile("anna-1", "Anna (older)"), AdaptFixtures.png(0x102030));
        AdaptViewModel vm = vm(AdaptFixtures.scripted(10, AdaptFixtures.result("anna-1", "Anna")), store);
        vm.start();
        assertTrue(vm.save());
        assertEquals(List.of("Anna", "Anna (older)"), store.list().stream().map(SpeakerProfile::name).sorted().toList());
        assertEquals("Anna (older)", store.load("anna-1").name(), "the older profile is untouched");
        assertTrue(!vm.savedProperty().get().id().equals("anna-1"), "a fresh id: " + vm.savedProperty().get().id());
    }

    @Test
    void discardWritesNothing() throws Exception {
        SpeakerProfileStore store = store();
        AdaptViewModel vm = vm(AdaptFixtures.scripted(10, AdaptFixtures.result("anna-1", "Anna")), store);
        boolean[] called = {false};
        vm.setOnSaved(p -> called[0] = true);
        vm.start();
        vm.discard();
        assertEquals(State.DISCARDED, vm.state());
        assertNull(vm.resultProperty().get());
        assertFalse(vm.save());
        assertFalse(called[0]);
        assertEquals(0, filesUnder(store.root()));
    }

    @Test
    void aSaveThatFailsKeepsTheResultForAnotherTry() throws Exception {
        Path blocked = dir.resolve("not-a-folder");
        Files.writeString(blocked, "a file where the library should be");
        AdaptViewModel vm = vm(AdaptFixtures.scripted(10, AdaptFixtures.result("anna-1", "Anna")), AdaptFixtures.store(blocked));
        vm.start();
        assertFalse(vm.save());
        assertEquals(State.FINISHED, vm.state(), "still there to save again");
        assertNotNull(vm.resultProperty().get());
        assertEquals(1, dialogs.of("error").size());
        assertTrue(dialogs.of("error").get(0).message().contains("press Save again"), dialogs.of("error").get(0).message());
        assertEquals("a file where the library should be", Files.readString(blocked), "nothing overwritten");
    }

    @Test
    void aRefusalFromTheCoreIsOneClearDialogWithoutATrace() {
        AdaptViewModel vm = vm(AdaptFixtures.failing(new AdaptException(
                "Too little usable face in 5.0-15.0 s: a face was tracked in 1.2 s of 10.0 s (need 6 s).")), store());
        vm.start();
        assertEquals(State.FAILED, vm.state());
        assertEquals(1, dialogs.shown.size());
        var d = dialogs.shown.get(0);
        assertEquals("error", d.kind());
        assertTrue(d.message().startsWith("Too little usable face"), d.message());
        assertTrue(d.message().contains("Nothing was saved"), d.message());
        assertNull(d.details(), "an expected refusal shows no stack trace");
        assertEquals("done", vm.stages().get(0).statusProperty().get());
        assertEquals(0.5, vm.stages().get(1).fractionProperty().get(), 1e-9, "progress stays where it stopped");
        assertEquals("failed", vm.stages().get(1).statusProperty().get());
        assertEquals("waiting", vm.stages().get(2).statusProperty().get());
    }

    @Test
    void anInternalFailureOffersItsDetails() {
        AdaptViewModel vm = vm(AdaptFixtures.failing(new IllegalStateException("tensor shape [1, 3] != [1, 4]")), store());
        vm.start();
        assertEquals(State.FAILED, vm.state());
        var d = dialogs.of("error").get(0);
        assertTrue(d.message().contains("internal error: tensor shape"), d.message());
        assertNotNull(d.details());
    }

    /** Reports cross from the worker to the UI executor in order, coalesced into few UI runs. */
    @Test
    void reportsFromTheWorkerReachTheUiThreadInOrder() throws Exception {
        ConcurrentLinkedQueue<Runnable> uiQueue = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(1);
        TaskExecutor worker = new TaskExecutor() {
            @Override public <T> TaskHandle submit(String title, BackgroundTask<T> task, Consumer<? super T> ok, Consumer<? super Throwable> err) {
                TaskHandle h = new TaskHandle(title);
                Thread t = new Thread(() -> {
                    TaskExecutor.body(h, task, uiQueue::add, ok, err).run();
                    done.countDown();
                });
                t.start();
                return h;
            }
        };
        AdaptViewModel vm = new AdaptViewModel(AdaptFixtures.request(), AdaptFixtures.scripted(300, AdaptFixtures.result("a", "A")),
                worker, uiQueue::add, store(), dialogs);
        vm.start();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(0, vm.losses().size(), "nothing touches the view model off the UI thread");
        int uiRuns = 0;
        for (Runnable r; (r = uiQueue.poll()) != null; uiRuns++) r.run();
        assertEquals(300, vm.losses().size());
        for (int i = 0; i < 300; i++) assertEquals(i + 1, vm.losses().get(i).step());
        assertEquals(State.FINISHED, vm.state());
        assertTrue(uiRuns < 20, "coalesced: " + uiRuns + " UI runs for ~330 reports");
    }
}
