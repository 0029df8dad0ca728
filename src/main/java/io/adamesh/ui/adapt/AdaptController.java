package io.adamesh.ui.adapt;

import io.adamesh.adapt.AdaptRequest;
import io.adamesh.adapt.AdaptResult;
import io.adamesh.adapt.Adapter;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.AnimationSettings;
import io.adamesh.animate.OfflineAnimator;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.audio.OutputLine;
import io.adamesh.clip.Clip;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.ui.DialogService;
import io.adamesh.ui.animate.AnimationViewModel;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import io.adamesh.ui.track.ReferenceVideoViewModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * "Adapt speaker…" in the reference-video window: asks a name, checks that the models are there and
 * the range is long enough, opens the adapt dialog over the reference window and runs the core
 * pipeline; Save puts the profile in the speaker library and selects it in the animation bar; Preview
 * side by side generates the adapted animation for the range's audio and hands it to the studio window
 * to play beside the reference video.
 */
public final class AdaptController {
    /** Shortest range worth adapting from (the core makes its own, finer checks on face and speech). */
    public static final double MIN_RANGE_SECONDS = 3.0;

    private final DialogService dialogs;
    private final AnimationViewModel animation;
    private final TaskExecutor tasks;
    private final Executor ui;
    private final Supplier<OutputLine> lines;
    private final Consumer<SideBySidePreview> play;
    private final Consumer<String> status;
    private Function<AnimationEngine, AdaptViewModel.Pipeline> pipelines =
            e -> new Adapter(e.bundle(), e.pose(), e.face())::run;
    private Stage stage;
    private AdaptViewModel current;
    private TaskHandle previewTask;
    private SideBySidePreview playing;
    private final javafx.beans.property.BooleanProperty previewPlaying = new javafx.beans.property.SimpleBooleanProperty();

    /** True while a side-by-side preview this controller started is playing. */
    public javafx.beans.property.ReadOnlyBooleanProperty previewPlayingProperty() { return previewPlaying; }

    /**
     * @param play    starts a side-by-side preview in the studio's viewport
     * @param status  the studio's status line
     */
    public AdaptController(DialogService dialogs, AnimationViewModel animation, TaskExecutor tasks,
                           Executor ui, Supplier<OutputLine> lines, Consumer<SideBySidePreview> play, Consumer<String> status) {
        this.dialogs = dialogs;
        this.animation = animation;
        this.tasks = tasks;
        this.ui = ui;
        this.lines = lines;
        this.play = play;
        this.status = status;
    }

    /** Replaces how the pipeline is made from the open engine (tests, probes). */
    public void setPipelines(Function<AnimationEngine, AdaptViewModel.Pipeline> p) { pipelines = p; }

    /**
     * Checks the preconditions and asks for a name; returns the request, or null after telling the
     * user why not (nothing started).
     */
    public AdaptRequest prepare(ReferenceVideoViewModel ref) {
        if (current != null && !current.state().over() && current.state() != AdaptViewModel.State.FINISHED) {
            dialogs.showWarning("Adaptation running", "A speaker is being learned already; wait for it or cancel it.");
            return null;
        }
        if (current != null && current.state() == AdaptViewModel.State.FINISHED && !dialogs.confirm(
                "Discard the learned speaker?", "\"" + current.request().name() + "\" has not been saved. Start a new one and discard it?",
                "Discard")) {
            if (stage != null) stage.toFront();
            return null;
        }
        if (!animation.ready()) {
            dialogs.showError("Cannot adapt yet", "The animation models are not loaded ("
                    + animation.providerProperty().get() + ").\nAdaptation needs the model bundle in models/default.", null);
            return null;
        }
        if (animation.library() == null) {
            dialogs.showError("No speaker library", "Learned speakers cannot be kept: the speaker library is unavailable"
                    + (animation.libraryRoot() == null ? "." : " (" + animation.libraryRoot() + ").")
                    + (animation.libraryWarnings().isEmpty() ? "" : "\n" + String.join("\n", animation.libraryWarnings())), null);
            return null;
        }
        Path video = ref.videoFileProperty().get();
        if (video == null || !ref.loadedProperty().get()) {
            dialogs.showWarning("No reference video", "Open a video of the person first (Open video…).");
            return null;
        }
        double start = ref.rangeStartSeconds(), end = ref.rangeEndSeconds();
        if (end - start < MIN_RANGE_SECONDS) {
            dialogs.showWarning("Range too short", String.format(Locale.ROOT, "The selected range is %.1f s. Select at least %.0f s "
                    + "(about %.0f s works best) of the person talking, facing the camera, with Set in / Set out.",
                    end - start, MIN_RANGE_SECONDS, ReferenceVideoViewModel.DEFAULT_RANGE_SECONDS));
            return null;
        }
        String suggested = uniqueName(video.getFileName().toString().replaceFirst("\\.[^.]*$", ""));
        var name = dialogs.askText("Adapt speaker", "Name for the speaker learned from " + video.getFileName()
                + String.format(Locale.ROOT, " (%s – %s)", ReferenceVideoViewModel.clock(start), ReferenceVideoViewModel.clock(end)), suggested);
        return name.map(n -> AdaptRequest.defaults(video.toAbsolutePath(), start, end, n)).orElse(null);
    }

    /** {@code base}, or "base 2", "base 3", … when the library already has a speaker of that name. */
    String uniqueName(String base) {
        var store = animation.library();
        java.util.Set<String> taken = new java.util.HashSet<>();
        if (store != null) {
            try {
                store.list().forEach(p -> taken.add(p.name()));
            } catch (RuntimeException e) {
                // a library that cannot be listed: any name will do
            }
        }
        String name = base;
        for (int i = 2; taken.contains(name); i++) name = base + " " + i;
        return name;
    }

    /** "Adapt speaker…": asks, opens the dialog over {@code owner} and starts the run. */
    public AdaptViewModel adapt(ReferenceVideoViewModel ref, Window owner) {
        AdaptRequest r = prepare(ref);
        if (r == null) return null;
        AdaptViewModel vm = create(r);
        showDialog(vm, ref, owner);
        vm.start();
        return vm;
    }

    /** The view model for {@code r}, wired to save into the library and select the new speaker. */
    public AdaptViewModel create(AdaptRequest r) {
        AdaptViewModel vm = new AdaptViewModel(r, pipelines.apply(animation.engine()), tasks, ui, animation.library(), dialogs);
        vm.setOnSaved(p -> {
            animation.reloadSpeakers(p.id());
            status.accept("Learned speaker \"" + p.name() + "\" saved and selected");
        });
        current = vm;
        return vm;
    }

    /** Shows the dialog for {@code vm} (closing it while running cancels; with an unsaved result, asks). */
    public Stage showDialog(AdaptViewModel vm, ReferenceVideoViewModel ref, Window owner) {
        if (stage != null) stage.close();
        Stage s = new Stage();
        AdaptPane pane = new AdaptPane(vm, () -> preview(vm, ref), s::close);
        pane.previewButton().textProperty().bind(javafx.beans.binding.Bindings.when(previewPlaying)
                .then("Stop preview").otherwise("Preview side by side"));
        s.setTitle("Adapt speaker — " + vm.request().name());
        if (owner != null) s.initOwner(owner);
        s.setScene(new Scene(pane, 1020, 520));
        s.setOnCloseRequest(e -> {
            if (!mayClose(vm)) e.consume();
        });
        vm.stateProperty().addListener((o, a, b) -> {
            if (b == AdaptViewModel.State.DISCARDED) s.close();
        });
        // hidden without asking (its owner, the reference window, closed): stop, keep nothing unasked
        s.setOnHidden(e -> {
            if (vm.state() == AdaptViewModel.State.RUNNING) vm.cancel();
            else if (vm.state() == AdaptViewModel.State.FINISHED) vm.discard();
        });
        stage = s;
        s.show();
        return s;
    }

    /** Closing the dialog: cancels a run (asking first), asks before dropping an unsaved result. */
    boolean mayClose(AdaptViewModel vm) {
        switch (vm.state()) {
            case RUNNING -> {
                if (!dialogs.confirm("Stop learning the speaker?", "The adaptation is still running. Closing cancels it; nothing is saved.",
                        "Cancel adaptation")) return false;
                vm.cancel();
                return true;
            }
            case FINISHED -> {
                if (!dialogs.confirm("Discard the learned speaker?", "\"" + vm.request().name()
                        + "\" has not been saved. Close without saving it?", "Discard")) return false;
                vm.discard();
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    /**
     * "Preview side by side": generates the adapted model's animation for the range's audio and plays
     * it in the viewport while the reference window plays the same range. A profile not saved yet is
     * made selectable for the generation only ({@code SpeakerLibrary.preview}); nothing is written.
     */
    public void preview(AdaptViewModel vm, ReferenceVideoViewModel ref) {
        if (playing != null) {                     // the button reads "Stop preview" now
            playing.stop();
            return;
        }
        AdaptResult r = vm.resultProperty().get();
        SpeakerProfile profile = vm.savedProperty().get() != null ? vm.savedProperty().get() : r == null ? null : r.profile();
        AnimationEngine engine = animation.engine();
        if (profile == null || engine == null) return;
        if (previewTask != null && !previewTask.isDone()) return;
        AdaptRequest req = vm.request();
        double from = req.startSeconds(), to = req.endSeconds();
        double videoFps = ref.fpsProperty().get();
        AnimationSettings settings = new AnimationSettings().expressionIntensity(animation.settings().expressionIntensity())
                .poseIntensity(animation.settings().poseIntensity()).blinks(animation.settings().blinks())
                .gaze(animation.settings().gaze()).idle(false);
        status.accept("Preparing the side-by-side preview …");
        trackForOverlay(ref, from, to);
        previewTask = tasks.submit("Preview of " + req.name(), ctx -> {
            float[] all = new AudioFileDecoder().decodeAll(req.video()).samples();
            int a = (int) Math.min(all.length, Math.round(from * AudioFileDecoder.TARGET_RATE));
            int b = (int) Math.min(all.length, Math.round(to * AudioFileDecoder.TARGET_RATE));
            float[] audio = Arrays.copyOfRange(all, a, Math.max(a, b));
            ctx.checkCancelled();
            boolean temporary = !engine.speakers().ids().contains(profile.id());
            if (temporary) engine.speakers().preview(profile);
            try {
                Clip clip = new OfflineAnimator(engine).animate(audio, new OfflineAnimator.Request(profile.id(), settings, 0L),
                        (f, s) -> ctx.progress(f), ctx::isCancelled);
                return new Prepared(clip, audio);
            } finally {
                if (temporary) engine.speakers().forget(profile.id());
            }
        }, p -> whenTracked(ref, () -> {
            SideBySidePreview sbs = new SideBySidePreview(req.name(), p.clip(), p.audio(), lines.get(), from, videoFps, ref::seek);
            sbs.setOnOver(() -> {
                if (playing == sbs) {
                    playing = null;
                    previewPlaying.set(false);
                }
            });
            playing = sbs;
            previewPlaying.set(true);
            play.accept(sbs);
            status.accept(String.format(Locale.ROOT, "Side by side: \"%s\" driven by the audio of %s, %s – %s", req.name(),
                    req.video().getFileName(), ReferenceVideoViewModel.clock(from), ReferenceVideoViewModel.clock(to)));
        }), err -> {
            status.accept("Preview failed");
            if (err instanceof CancellationException) return;
            dialogs.showError("Cannot preview", "The preview could not be made: " + (err.getMessage() == null ? err : err.getMessage())
                    + "\n\nThe learned speaker is unaffected.", null);
        });
    }

    /**
     * Selects the adapted range in the reference window and tracks it there (unless it already is), so
     * the video plays with its landmarks and fitted head beside the adapted model.
     */
    static void trackForOverlay(ReferenceVideoViewModel ref, double from, double to) {
        if (!ref.loadedProperty().get()) return;
        double fps = ref.fpsProperty().get();
        int a = (int) Math.round(from * fps), b = (int) Math.round(to * fps);
        var tc = ref.trackedClipProperty().get();
        boolean tracked = tc != null && ref.trackedFrom() == a && tc.clip().frameCount() == b - a;
        if (ref.rangeStartProperty().get() != a || ref.rangeEndProperty().get() != b) ref.setRange(a, b);
        if (!tracked && !ref.trackingProperty().get() && ref.canTrackProperty().get()) ref.trackRange();
    }

    /** Runs {@code r} now, or once the reference window's tracking has ended (either way). */
    static void whenTracked(ReferenceVideoViewModel ref, Runnable r) {
        if (!ref.trackingProperty().get()) {
            r.run();
            return;
        }
        ref.trackingProperty().addListener(new javafx.beans.value.ChangeListener<Boolean>() {
            @Override public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (!now) {
                    o.removeListener(this);
                    r.run();
                }
            }
        });
    }

    private record Prepared(Clip clip, float[] audio) {}

    /** The preview being prepared (null before the first). */
    public TaskHandle previewTask() { return previewTask; }

    public AdaptViewModel current() { return current; }
    public Stage stage() { return stage; }
}
