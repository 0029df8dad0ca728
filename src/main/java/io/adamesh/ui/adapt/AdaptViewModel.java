package io.adamesh.ui.adapt;

import io.adamesh.adapt.AdaptException;
import io.adamesh.adapt.AdaptListener;
import io.adamesh.adapt.AdaptRequest;
import io.adamesh.adapt.AdaptResult;
import io.adamesh.adapt.AdaptationCancelledException;
import io.adamesh.adapt.CancelToken;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileException;
import io.adamesh.speaker.SpeakerProfileStore;
import io.adamesh.ui.DialogService;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One "Adapt speaker" run as the dialog sees it (no scene graph): the core pipeline runs in the
 * background through the studio's {@link TaskExecutor}; its stage and loss reports cross to the UI
 * thread through one coalescing queue and become a progress bar per stage and a list of loss points;
 * Cancel asks the pipeline to stop (it writes nothing, so nothing is half-written); a finished run
 * shows its before/after figures on the held-back part and waits for Save (the profile goes into the
 * speaker library) or Discard (nothing is written). Failures go to one clear dialog and leave the
 * reference video and its range as they were, so the user can change the range and try again.
 *
 * <p>All methods on the UI thread. Tests run it with {@code CurrentThreadTaskExecutor} and
 * {@code Runnable::run} as the UI executor.
 */
public final class AdaptViewModel {
    /** The core pipeline, as the dialog calls it ({@code new Adapter(...)::run} in the studio, a fake in tests). */
    @FunctionalInterface
    public interface Pipeline {
        AdaptResult run(AdaptRequest request, AdaptListener listener, CancelToken cancel)
                throws AdaptException, AdaptationCancelledException;
    }

    public enum State {
        /** Not started. */
        READY,
        RUNNING,
        /** Cancel was pressed; the pipeline has not stopped yet. */
        CANCELLING,
        /** Done; the result waits for Save or Discard. */
        FINISHED,
        SAVED,
        DISCARDED,
        CANCELLED,
        FAILED;

        public boolean over() { return this == SAVED || this == DISCARDED || this == CANCELLED || this == FAILED; }
    }

    /** The stages the core reports, in order (others it reports are appended as they arrive). */
    public static final List<String> STAGES = List.of("Reading video", "Tracking", "Speech features", "Adapting", "Pose style");

    /** One stage's progress bar. */
    public static final class StageProgress {
        private final String name;
        private final ReadOnlyDoubleWrapper fraction = new ReadOnlyDoubleWrapper(0);
        private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("waiting");

        StageProgress(String name) { this.name = name; }

        public String name() { return name; }
        public ReadOnlyDoubleProperty fractionProperty() { return fraction.getReadOnlyProperty(); }
        /** "waiting", "running", "done", "skipped", "failed" or "cancelled". */
        public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    }

    /** One line of the before/after table; {@code better} is true when "after" improved on "before". */
    public record SummaryRow(String what, String before, String after, String change, Boolean better) {}

    private final AdaptRequest request;
    private final Pipeline pipeline;
    private final TaskExecutor tasks;
    private final Executor ui;
    private final SpeakerProfileStore store;
    private final DialogService dialogs;
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.READY);
    private final ObservableList<StageProgress> stages = FXCollections.observableArrayList();
    private final ObservableList<LossPoint> losses = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper currentStage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper bestStep = new ReadOnlyIntegerWrapper(-1);
    private final ReadOnlyObjectWrapper<AdaptResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<SpeakerProfile> saved = new ReadOnlyObjectWrapper<>();
    private final ObservableList<SummaryRow> summary = FXCollections.observableArrayList();
    // read-only views made once: a view made per call would be collected with the listeners added to it
    private final ObservableList<StageProgress> stagesView = FXCollections.unmodifiableObservableList(stages);
    private final ObservableList<LossPoint> lossesView = FXCollections.unmodifiableObservableList(losses);
    private final ObservableList<SummaryRow> summaryView = FXCollections.unmodifiableObservableList(summary);
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private Consumer<SpeakerProfile> onSaved = p -> { };
    private TaskHandle task;
    private double bestHeldOut = Double.POSITIVE_INFINITY;

    /**
     * @param ui runs a report on the UI thread ({@code Platform::runLater} in the studio)
     * @param store where Save puts the profile
     */
    public AdaptViewModel(AdaptRequest request, Pipeline pipeline, TaskExecutor tasks, Executor ui,
                          SpeakerProfileStore store, DialogService dialogs) {
        this.request = request;
        this.pipeline = pipeline;
        this.tasks = tasks;
        this.ui = ui;
        this.store = store;
        this.dialogs = dialogs;
        for (String s : STAGES) stages.add(new StageProgress(s));
    }

    /** Called with the saved profile after Save (the studio reloads its speaker list and selects it). */
    public void setOnSaved(Consumer<SpeakerProfile> c) { onSaved = c == null ? p -> { } : c; }

    // ---- running ---------------------------------------------------------------------------------

    /** Starts the run in the background (once). */
    public void start() {
        if (state.get() != State.READY) return;
        state.set(State.RUNNING);
        say(String.format(Locale.ROOT, "Learning \"%s\" from %s, %.1f–%.1f s …", request.name(),
                request.video().getFileName(), request.startSeconds(), request.endSeconds()));
        AdaptListener listener = new AdaptListener() {
            @Override public void stage(String stage, double fraction) { post(() -> onStage(stage, fraction)); }
            @Override public void loss(int step, double train, double heldOut) { post(() -> onLoss(step, train, heldOut)); }
            @Override public void message(String text) { post(() -> say(text)); }
        };
        task = tasks.submit("Adapting speaker " + request.name(), ctx -> pipeline.run(request, listener,
                        () -> cancelRequested.get() || ctx.isCancelled()),
                r -> post(() -> onFinished(r)), err -> post(() -> onFailed(err)));
    }

    /** Asks the run to stop; it ends as CANCELLED with nothing written. */
    public void cancel() {
        if (state.get() == State.RUNNING) {
            cancelRequested.set(true);
            if (task != null) task.cancel();
            state.set(State.CANCELLING);
            say("Cancelling …");
        }
    }

    private void post(Runnable r) {
        inbox.add(r);
        if (drainScheduled.compareAndSet(false, true)) {
            ui.execute(() -> {
                drainScheduled.set(false);
                for (Runnable next; (next = inbox.poll()) != null; ) next.run();
            });
        }
    }

    private void onStage(String name, double fraction) {
        StageProgress s = stage(name);
        boolean before = true;
        for (StageProgress p : stages) {
            if (p == s) {
                before = false;
                continue;
            }
            if (before && !"done".equals(p.status.get())) {
                p.status.set(p.fraction.get() > 0 ? "done" : "skipped");
                if (p.fraction.get() > 0) p.fraction.set(1);
            }
        }
        double f = Math.max(0, Math.min(1, fraction));
        s.fraction.set(Math.max(s.fraction.get(), f));
        s.status.set(f >= 1 ? "done" : "running");
        currentStage.set(name);
    }

    private StageProgress stage(String name) {
        for (StageProgress p : stages) if (p.name.equals(name)) return p;
        StageProgress p = new StageProgress(name);
        stages.add(p);
        return p;
    }

    private void onLoss(int step, double train, double heldOut) {
        losses.add(new LossPoint(step, train, heldOut));
        if (Double.isFinite(heldOut) && heldOut < bestHeldOut) {
            bestHeldOut = heldOut;
            bestStep.set(step);
        }
    }

    private void onFinished(AdaptResult r) {
        if (state.get() == State.CANCELLING) {      // finished before it saw the cancel: keep nothing
            state.set(State.CANCELLED);
            say("Adaptation cancelled; nothing was saved.");
            return;
        }
        for (StageProgress p : stages) {
            if (p.fraction.get() > 0 || "running".equals(p.status.get())) {
                p.fraction.set(1);
                p.status.set("done");
            }
        }
        result.set(r);
        var m = r.profile().metrics();
        if (m != null && m.bestStep() >= 0) bestStep.set(m.bestStep());
        summary.setAll(summaryOf(r));
        state.set(State.FINISHED);
        say("Done. Compare before and after on the held-back part, then Save or Discard.");
    }

    private void onFailed(Throwable err) {
        boolean cancelled = err instanceof AdaptationCancelledException || err instanceof CancellationException;
        for (StageProgress p : stages) {
            if ("running".equals(p.status.get())) p.status.set(cancelled ? "cancelled" : "failed");
        }
        if (cancelled) {
            state.set(State.CANCELLED);
            say("Adaptation cancelled; nothing was saved.");
            return;
        }
        state.set(State.FAILED);
        String reason = err.getMessage() == null || err.getMessage().isBlank() ? err.toString() : err.getMessage();
        say("Adaptation failed: " + reason);
        boolean expected = err instanceof AdaptException;
        dialogs.showError("Could not learn the speaker", (expected ? reason : "The adaptation stopped with an internal error: " + reason)
                + "\n\nNothing was saved; the reference video and its range are unchanged."
                + (expected ? "" : "\nPlease report this with the details below."), expected ? null : err);
    }

    // ---- the result ------------------------------------------------------------------------------

    /** Puts the profile in the speaker library; false (with a dialog) when it could not be written. */
    public boolean save() {
        AdaptResult r = result.get();
        if (state.get() != State.FINISHED || r == null) return false;
        SpeakerProfile kept;
        try {
            kept = store.saveNew(r.profile(), r.thumbnailPng());    // never replaces another profile
        } catch (SpeakerProfileException | RuntimeException e) {
            dialogs.showError("Could not save the speaker", e.getMessage() + "\n\nThe result is still here: "
                    + "free some space or fix the library folder (" + store.root() + ") and press Save again.",
                    e instanceof SpeakerProfileException ? null : e);
            return false;
        }
        saved.set(kept);
        state.set(State.SAVED);
        say("Saved \"" + kept.name() + "\" in the speaker library.");
        onSaved.accept(kept);
        return true;
    }

    /** Drops the result; nothing was or will be written. */
    public void discard() {
        if (state.get() != State.FINISHED) return;
        result.set(null);
        state.set(State.DISCARDED);
        say("Discarded; nothing was saved.");
    }

    /** The figures of a finished run, "before → after" on the held-back part. */
    static List<SummaryRow> summaryOf(AdaptResult r) {
        List<SummaryRow> rows = new ArrayList<>();
        SpeakerProfile.AdaptMetrics m = r.profile().metrics();
        AdaptResult.Comparison c = r.heldOut();
        if (c != null) {
            rows.add(new SummaryRow("Held-back part", "", String.format(Locale.ROOT, "%.1f–%.1f s (%.1f s)",
                    c.startSeconds(), c.endSeconds(), c.endSeconds() - c.startSeconds()), "", null));
        }
        if (m != null) {
            rows.add(compare("Held-out loss", m.heldOutLossBefore(), m.heldOutLossAfter(), "%.3g", ""));
        }
        double lveBefore = c != null ? c.lveBeforeMm() : m == null ? Double.NaN : m.lveBeforeMm();
        double lveAfter = c != null ? c.lveAfterMm() : m == null ? Double.NaN : m.lveAfterMm();
        rows.add(compare("Lip vertex error (LVE)", lveBefore, lveAfter, "%.2f", " mm"));
        if (m != null) {
            rows.add(new SummaryRow("Steps (best kept)", "", m.steps() + (m.bestStep() >= 0 ? " (best " + m.bestStep() + ")" : ""), "", null));
            if (Double.isFinite(m.seconds())) {
                rows.add(new SummaryRow("Time", "", String.format(Locale.ROOT, "%.1f s", m.seconds()), "", null));
            }
            if (Double.isFinite(m.usableFaceFraction())) {
                rows.add(new SummaryRow("Usable face", "", String.format(Locale.ROOT, "%.0f %% of the range",
                        100 * m.usableFaceFraction()), "", null));
            }
        }
        return rows;
    }

    private static SummaryRow compare(String what, double before, double after, String fmt, String unit) {
        String b = Double.isFinite(before) ? String.format(Locale.ROOT, fmt, before) + unit : "–";
        String a = Double.isFinite(after) ? String.format(Locale.ROOT, fmt, after) + unit : "–";
        if (!Double.isFinite(before) || !Double.isFinite(after) || before == 0) return new SummaryRow(what, b, a, "", null);
        double pct = 100 * (after - before) / before;
        return new SummaryRow(what, b, a, String.format(Locale.ROOT, "%+.0f %%", pct), after < before);
    }

    private void say(String text) { message.set(text); }

    // ---- properties ------------------------------------------------------------------------------

    public AdaptRequest request() { return request; }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public State state() { return state.get(); }
    public ObservableList<StageProgress> stages() { return stagesView; }
    public ObservableList<LossPoint> losses() { return lossesView; }
    public ReadOnlyStringProperty currentStageProperty() { return currentStage.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    /** The step with the lowest held-out loss so far (the core's own figure once finished); -1 before any. */
    public ReadOnlyIntegerProperty bestStepProperty() { return bestStep.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<AdaptResult> resultProperty() { return result.getReadOnlyProperty(); }
    /** The profile as saved, or null. */
    public ReadOnlyObjectProperty<SpeakerProfile> savedProperty() { return saved.getReadOnlyProperty(); }
    public ObservableList<SummaryRow> summary() { return summaryView; }
    /** The running task (null before start). */
    public TaskHandle task() { return task; }
}
