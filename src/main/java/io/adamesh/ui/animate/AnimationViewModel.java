package io.adamesh.ui.animate;

import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.AnimationSettings;
import io.adamesh.animate.LatestFrame;
import io.adamesh.animate.LiveAnimator;
import io.adamesh.animate.LiveFrame;
import io.adamesh.animate.OfflineAnimator;
import io.adamesh.audio.MicrophoneCapture;
import io.adamesh.audio.RingBuffer;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.timeline.AnimationClip;
import io.adamesh.timeline.ClipSource;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.edit.ClipEdits;
import io.adamesh.timeline.edit.JobManager;
import io.adamesh.ui.tasks.TaskExecutor;
import io.adamesh.ui.tasks.TaskHandle;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfileException;
import io.adamesh.speaker.SpeakerProfileStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The animation engine in the studio (no View knowledge): loads the bundle in the background, offers
 * its speakers, intensity and layer switches, drives a {@link LiveAnimator} from the live-input ring
 * while capture runs, shows its latency, and generates / re-generates animation clips for voice clips.
 * All methods on the FX thread; the live frames cross threads only through {@link LatestFrame}.
 */
public final class AnimationViewModel implements AutoCloseable {
    private final TaskExecutor tasks;
    private final AnimationSettings settings = new AnimationSettings();
    private final ObservableList<String> speakers = FXCollections.observableArrayList();
    private final ObjectProperty<String> speaker = new SimpleObjectProperty<>();
    private final DoubleProperty expressionIntensity = new SimpleDoubleProperty(1);
    private final DoubleProperty poseIntensity = new SimpleDoubleProperty(1);
    private final BooleanProperty blinks = new SimpleBooleanProperty(true);
    private final BooleanProperty gaze = new SimpleBooleanProperty(true);
    private final BooleanProperty idle = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper provider = new ReadOnlyStringWrapper("models: loading…");
    private final ReadOnlyStringWrapper latency = new ReadOnlyStringWrapper("");
    private final ObservableList<String> libraryWarnings = FXCollections.observableArrayList();
    private Path libraryRoot;
    private SpeakerProfileStore library;
    private AnimationEngine engine;
    private LiveAnimator live;
    private long lastShownNanos;

    public AnimationViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        expressionIntensity.addListener((o, a, b) -> settings.expressionIntensity(b.doubleValue()));
        poseIntensity.addListener((o, a, b) -> settings.poseIntensity(b.doubleValue()));
        blinks.addListener((o, a, b) -> settings.blinks(b));
        gaze.addListener((o, a, b) -> settings.gaze(b));
        idle.addListener((o, a, b) -> settings.idle(b));
        speaker.addListener((o, a, b) -> {
            if (live != null && b != null) {
                try {
                    live.switchSpeaker(b);       // prepares here, swaps on the inference thread
                } catch (Exception e) {
                    provider.set("speaker " + b + ": " + e.getMessage());
                }
            }
        });
    }

    /**
     * The speaker library folder whose profiles follow the built-in speakers (call before {@link #load};
     * null: built-ins only). The library itself opens with the engine: it records and checks the
     * bundle the profiles were adapted against.
     */
    public void useLibrary(Path root) { this.libraryRoot = root; }

    /** The speaker library for the loaded bundle (null until the models are loaded, or without a folder). */
    public SpeakerProfileStore library() { return library; }

    /** The library folder (null: none). */
    public Path libraryRoot() { return libraryRoot; }

    /** Loads the bundle for {@code face} in the background (default: models/default). */
    public TaskHandle load(Path bundleDir, FaceModel face) {
        Path root = libraryRoot;
        return tasks.submit("Loading models", ctx -> {
            AnimationEngine e = AnimationEngine.open(bundleDir, face, true);
            SpeakerProfileStore store = null;
            if (root != null) {
                try {
                    store = new SpeakerProfileStore(root, BundleIdentity.of(e.bundle()));
                } catch (SpeakerProfileException ex) {
                    libraryProblem = "Learned speakers are unavailable: " + ex.getMessage();
                }
            }
            attach(e, store);
            return new Loaded(e, store);
        }, l -> {
            library = l.store();
            install(l.engine());
        }, e -> provider.set("models: not available — " + e.getMessage()));
    }

    private record Loaded(AnimationEngine engine, SpeakerProfileStore store) {}

    /** Lists {@code store}'s profiles in the engine; a library that cannot be read leaves the built-ins. */
    private void attach(AnimationEngine e, SpeakerProfileStore store) {
        if (store == null) return;
        try {
            e.speakers().attach(store);
        } catch (RuntimeException ex) {
            e.speakers().attach(null);
            libraryProblem = "The speaker library " + store.root() + " cannot be read: " + ex.getMessage();
        }
    }

    private volatile String libraryProblem;

    /** Installs an opened engine with its speaker library (also for tests; {@code store} may be null). */
    public void install(AnimationEngine e, SpeakerProfileStore store) {
        library = store;
        attach(e, store);
        install(e);
    }

    /** Installs an opened engine (also for tests). */
    public void install(AnimationEngine e) {
        if (engine != null) engine.close();
        engine = e;
        speakers.setAll(e.speakers().ids());
        speaker.set(e.speakers().defaultId());
        publishWarnings();
        String warn = e.faceWarning().isEmpty() ? "" : "  (face differs from the bundle's: " + e.face().checksum().substring(0, 8) + ")";
        provider.set(e.provider().replace("ExecutionProvider", "") + " — " + e.providerWhy() + warn);
    }

    /**
     * Re-reads the speaker library (after a save, rename, delete or import) and lists its profiles
     * after the built-ins; keeps the current speaker when it is still there, else the default; selects
     * {@code select} when given and present.
     */
    public void reloadSpeakers(String select) {
        if (engine == null) return;
        attach(engine, library);
        String keep = select != null ? select : speaker.get();
        List<String> ids = engine.speakers().ids();
        speakers.setAll(ids);
        String next = ids.contains(keep) ? keep : engine.speakers().defaultId();
        if (next.equals(speaker.get())) speaker.set(null);     // the same id may have a new name: redraw the selector
        speaker.set(next);
        publishWarnings();
    }

    private void publishWarnings() {
        List<String> w = new java.util.ArrayList<>(engine.speakers().warnings());
        String problem = libraryProblem;
        libraryProblem = null;
        if (problem != null) w.add(0, problem);
        libraryWarnings.setAll(w);
    }

    /** What the speaker selector shows for an id: a learned profile's name, otherwise the id. */
    public String displayName(String id) {
        return engine == null || id == null ? id : engine.speakers().displayName(id);
    }

    /** Whether {@code id} is a profile from the speaker library (not a built-in). */
    public boolean isLearned(String id) {
        return engine != null && id != null && engine.speakers().userProfile(id) != null;
    }

    /** A learned profile's thumbnail PNG, if it has one. */
    public Optional<Path> thumbnail(String id) {
        if (!isLearned(id) || library == null) return Optional.empty();
        try {
            return library.thumbnail(id);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Why some of the library's profiles are not listed (one line each; empty when all loaded). Set on
     * every install/reload; the window shows it once.
     */
    public ObservableList<String> libraryWarnings() { return libraryWarnings; }

    /** The opened engine (null while loading or when unavailable). */
    public AnimationEngine engine() { return engine; }

    public boolean ready() { return engine != null; }
    public AnimationSettings settings() { return settings; }
    public ObservableList<String> speakers() { return speakers; }
    public ObjectProperty<String> speakerProperty() { return speaker; }
    public DoubleProperty expressionIntensityProperty() { return expressionIntensity; }
    public DoubleProperty poseIntensityProperty() { return poseIntensity; }
    public BooleanProperty blinksProperty() { return blinks; }
    public BooleanProperty gazeProperty() { return gaze; }
    public BooleanProperty idleProperty() { return idle; }
    public ReadOnlyStringProperty providerProperty() { return provider.getReadOnlyProperty(); }
    public ReadOnlyStringProperty latencyProperty() { return latency.getReadOnlyProperty(); }

    /** Starts the live animator on the capture's ring (call when capture starts). */
    public void startLive(RingBuffer ring, MicrophoneCapture capture) throws Exception {
        if (engine == null || live != null) return;
        live = new LiveAnimator(engine, ring, capture::lastBlockNanos, System::nanoTime, settings, speaker.get(), 7L);
        live.start(r -> {
            Thread t = new Thread(r, "adamesh-inference");
            t.setDaemon(true);
            return t;
        });
    }

    public void stopLive() {
        if (live != null) {
            live.close();
            live = null;
            latency.set("");
        }
    }

    /** The live animator's counters, or null when live animation is off. */
    public LiveAnimator.Stats liveStats() {
        return live == null ? null : live.stats();
    }

    /** The live frames, or null when live animation is off. */
    public LatestFrame<LiveFrame> liveFrames() {
        return live == null ? null : live.frames();
    }

    /** Refreshes the latency readout (at most 4 times a second); call from the frame timer. */
    public void refresh(long now) {
        if (live == null || now - lastShownNanos < 250_000_000L) return;
        lastShownNanos = now;
        LiveAnimator.Stats s = live.stats();
        latency.set(s.published() == 0 ? "live: waiting" : String.format(Locale.ROOT,
                "latency %.0f ms (p99 %.0f) · compute %.1f ms/hop · dropped %d", s.latencyMsP50(), s.latencyMsP99(),
                s.computeMsP50(), s.dropped()));
    }

    /**
     * Generates (or, when {@code existingAnimationId} is given, re-generates in place) the animation of
     * a voice clip with the current speaker and settings; the result lands as one undoable edit.
     */
    public TaskHandle generate(Project project, JobManager jobs, MediaClip voice, float[] samples,
                               String existingAnimationId, Consumer<String> status) {
        if (engine == null) throw new IllegalStateException("models are not loaded");
        AnimationEngine e = engine;
        String spk = speaker.get();
        AnimationSettings snapshot = new AnimationSettings().expressionIntensity(settings.expressionIntensity())
                .poseIntensity(settings.poseIntensity()).blinks(settings.blinks()).gaze(settings.gaze()).idle(false);
        int from = (int) Math.round(voice.in() * 16_000);
        int to = (int) Math.min(samples.length, Math.round(voice.out() * 16_000));
        float[] audio = java.util.Arrays.copyOfRange(samples, Math.min(from, to), to);
        return tasks.submit("Generating animation (" + spk + ")", ctx -> new OfflineAnimator(e).animate(audio,
                        new OfflineAnimator.Request(spk, snapshot, 0L), (f, stage) -> ctx.progress(f), ctx::isCancelled),
                (Clip clip) -> {
                    ClipSource source = new ClipSource("generated", voice.id(), e.bundle().directory().getFileName().toString(),
                            Map.of("speaker", spk, "intensity", Float.toString(snapshot.expressionIntensity()),
                                    "pose_intensity", Float.toString(snapshot.poseIntensity())));
                    jobs.push(existingAnimationId != null
                            ? ClipEdits.replaceGenerated(project, existingAnimationId, clip, source)
                            : ClipEdits.addAnimationClip(project, AnimationClip.whole("anim-" + UUID.randomUUID().toString().substring(0, 8),
                                    clip, source, voice.offset())));
                    status.accept("Generated " + String.format(Locale.ROOT, "%.1f", clip.durationSeconds()) + " s with " + spk);
                },
                err -> status.accept("Generation failed: " + err.getMessage()));
    }

    /** The animation clip generated from {@code voiceClipId}, if any (to re-generate in place). */
    public static String generatedFrom(Project project, String voiceClipId) {
        for (AnimationClip c : project.animation().clips()) {
            if (c.source() != null && voiceClipId.equals(c.source().voiceClipId())) return c.id();
        }
        return null;
    }

    @Override
    public void close() {
        stopLive();
        if (engine != null) engine.close();
        engine = null;
    }
}
