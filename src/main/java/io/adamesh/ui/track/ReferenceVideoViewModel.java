package io.adamesh.ui.track;

import io.adamesh.face.FaceModel;
import io.adamesh.track.TrackedClip;
import io.adamesh.track.TrackingDataFiles;
import io.adamesh.track.TrackingDataFiles.DataFile;
import io.adamesh.track.TrackingException;
import io.adamesh.track.VideoException;
import io.adamesh.track.VideoReader.VideoFrame;
import io.adamesh.track.VideoTracker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The reference video panel's state: an opened video (frame count, fps, duration), the current
 * frame for scrubbing, the range adaptation will learn from (default {@value #DEFAULT_RANGE_SECONDS} s
 * from the start), and tracking of that range into a {@link TrackedClip}. Plain object with
 * properties; all background work goes through a {@link TaskRunner}, and every property changes on
 * the thread the runner reports on (the FX thread in the studio, the caller's in tests).
 *
 * <p>Frame decoding for scrubbing keeps at most one decode in flight: requests arriving meanwhile
 * only replace the pending one, so stale frames are dropped and the newest request is shown.
 */
public final class ReferenceVideoViewModel implements AutoCloseable {
    public static final double DEFAULT_RANGE_SECONDS = 10.0;
    public static final List<String> VIDEO_EXTENSIONS = List.of("mp4", "mov", "mkv", "webm", "avi");
    public static final String DLIB_URL = "http://dlib.net/files/shape_predictor_68_face_landmarks.dat.bz2";

    public enum MessageKind { NONE, INFO, WARNING, ERROR }

    /** How a video frame fared in the last tracking run. */
    public enum FrameStatus { NOT_TRACKED, USABLE, FLAGGED }

    /** Face box in video pixels (left, top, right, bottom). */
    public record Box(double left, double top, double right, double bottom) {}

    /**
     * What the panel shows for one frame: the picture, the 68 tracked landmarks (x, y pairs in video
     * pixels; null when the frame is not tracked or no face was found), the face box, the fitted head
     * rendered at the frame's tracked parameters (null when not tracked) and the tracking figures.
     */
    public record FrameView(int index, VideoFrame frame, float[] landmarks, Box faceBox, BufferedImage fittedHead,
                            FrameStatus status, double confidence, double residualPixels) {}

    private final FaceModel model;
    private final TrackingDataFiles dataFiles;
    private final TaskRunner runner;

    private final ObjectProperty<Path> videoFile = new SimpleObjectProperty<>(this, "videoFile");
    private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final IntegerProperty frameCount = new SimpleIntegerProperty(this, "frameCount");
    private final DoubleProperty fps = new SimpleDoubleProperty(this, "fps");
    private final DoubleProperty durationSeconds = new SimpleDoubleProperty(this, "durationSeconds");
    private final IntegerProperty videoWidth = new SimpleIntegerProperty(this, "videoWidth");
    private final IntegerProperty videoHeight = new SimpleIntegerProperty(this, "videoHeight");
    private final IntegerProperty currentFrame = new SimpleIntegerProperty(this, "currentFrame");
    private final IntegerProperty rangeStart = new SimpleIntegerProperty(this, "rangeStart");
    private final IntegerProperty rangeEnd = new SimpleIntegerProperty(this, "rangeEnd");
    private final ObjectProperty<FrameView> frameView = new SimpleObjectProperty<>(this, "frameView");
    private final StringProperty timeText = new SimpleStringProperty(this, "timeText", "");
    private final BooleanProperty trackingAvailable = new SimpleBooleanProperty(this, "trackingAvailable");
    private final BooleanProperty tracking = new SimpleBooleanProperty(this, "tracking");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress");
    private final ObjectProperty<TrackedClip> trackedClip = new SimpleObjectProperty<>(this, "trackedClip");
    private final StringProperty message = new SimpleStringProperty(this, "message", "");
    private final ObjectProperty<MessageKind> messageKind = new SimpleObjectProperty<>(this, "messageKind", MessageKind.NONE);
    private final BooleanBinding canTrack;
    private final String trackingUnavailableReason;

    private FrameDecoder decoder;
    private int generation;
    private int trackedFrom;
    private TaskRunner.CancelToken trackingToken;
    private volatile VideoTracker tracker;
    // frame requests: only one decode in flight, newest request wins
    private boolean decoding;
    private long requestSeq, startedSeq;

    public ReferenceVideoViewModel(FaceModel model, TrackingDataFiles dataFiles, TaskRunner runner) {
        this.model = model;
        this.dataFiles = dataFiles;
        this.runner = runner;
        trackingUnavailableReason = checkTrackingData();
        trackingAvailable.set(trackingUnavailableReason == null);
        if (trackingUnavailableReason != null) {
            say(MessageKind.WARNING, trackingUnavailableReason);
        }
        canTrack = Bindings.createBooleanBinding(() -> trackingAvailable.get() && loaded.get() && !tracking.get()
                && rangeEnd.get() > rangeStart.get(), trackingAvailable, loaded, tracking, rangeStart, rangeEnd);
        currentFrame.addListener((o, a, b) -> {
            updateTimeText();
            requestFrame();
        });
    }

    private String checkTrackingData() {
        if (model == null) {
            return "Face tracking is disabled: no head model is loaded.";
        }
        if (dataFiles.locate(DataFile.DLIB_SHAPE_PREDICTOR_68).isEmpty()) {
            return "Face tracking is disabled: dlib's 68-point landmark model ("
                    + DataFile.DLIB_SHAPE_PREDICTOR_68.fileName() + ") is not installed. Install it with "
                    + "'sudo apt-get install libdlib-data', or download " + DLIB_URL + " (non-commercial use), unpack it "
                    + "and name its folder with -D" + TrackingDataFiles.PROPERTY + ". Opening and scrubbing videos still works.";
        }
        if (dataFiles.locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE).isEmpty()) {
            return "Face tracking is disabled: OpenCV's face cascade ("
                    + DataFile.OPENCV_FRONTAL_FACE_CASCADE.fileName() + ") is not installed. Install it with "
                    + "'sudo apt-get install opencv-data'. Opening and scrubbing videos still works.";
        }
        return null;
    }

    // ---- opening ---------------------------------------------------------------------------------

    /** Opens {@code file} in the background; the first frame shows when it is ready. */
    public void open(Path file) {
        int gen = ++generation;
        cancelTracking();
        FrameDecoder old = decoder;
        decoder = null;
        loaded.set(false);
        loading.set(true);
        trackedClip.set(null);
        frameView.set(null);
        videoFile.set(file);
        say(MessageKind.INFO, "Opening " + file.getFileName() + " ...");
        runner.submit(p -> {
            if (old != null) {
                old.close();
            }
            return new FrameDecoder(file, model);
        }, new TaskRunner.CancelToken(), p -> { }, d -> {
            if (gen != generation) {
                d.close();
                return;
            }
            decoder = d;
            loading.set(false);
            fps.set(d.fps());
            frameCount.set(d.frameCount());
            durationSeconds.set(d.durationSeconds());
            videoWidth.set(d.width());
            videoHeight.set(d.height());
            rangeStart.set(0);
            rangeEnd.set(Math.min(d.frameCount(), (int) Math.round(DEFAULT_RANGE_SECONDS * d.fps())));
            loaded.set(true);
            say(trackingUnavailableReason == null ? MessageKind.NONE : MessageKind.WARNING,
                    trackingUnavailableReason == null ? "" : trackingUnavailableReason);
            if (currentFrame.get() != 0) {
                currentFrame.set(0);
            } else {
                updateTimeText();
                requestFrame();
            }
        }, e -> {
            if (gen != generation) {
                return;
            }
            loading.set(false);
            videoFile.set(null);
            say(MessageKind.ERROR, "Cannot open the video: " + describe(e)
                    + " Supported: " + String.join(", ", VIDEO_EXTENSIONS) + " (anything FFmpeg decodes).");
        });
    }

    // ---- scrubbing -------------------------------------------------------------------------------

    /** Moves to {@code frame} (clamped); the picture follows asynchronously. */
    public void seek(int frame) {
        if (!loaded.get()) {
            return;
        }
        currentFrame.set(clamp(frame, 0, frameCount.get() - 1));
    }

    private void requestFrame() {
        if (decoder == null) {
            return;
        }
        requestSeq++;
        if (!decoding) {
            startDecode();
        }
    }

    private void startDecode() {
        FrameDecoder d = decoder;
        int gen = generation;
        int target = currentFrame.get();
        TrackedClip tc = trackedClip.get();
        int from = trackedFrom;
        startedSeq = requestSeq;
        decoding = true;
        runner.submit(p -> buildView(d, target, tc, from), new TaskRunner.CancelToken(), p -> { }, v -> {
            decoding = false;
            if (gen == generation) {
                frameView.set(v);
                if (requestSeq != startedSeq) {
                    startDecode();
                }
            }
        }, e -> {
            decoding = false;
            if (gen == generation) {
                say(MessageKind.ERROR, "Cannot decode frame " + target + ": " + describe(e));
                if (requestSeq != startedSeq) {
                    startDecode();
                }
            }
        });
    }

    /** Runs on a worker: decode the frame and render the fitted head. */
    private static FrameView buildView(FrameDecoder d, int index, TrackedClip tc, int from) throws VideoException {
        VideoFrame frame = d.frame(index);
        int k = index - from;
        if (tc == null || k < 0 || k >= tc.clip().frameCount()) {
            return new FrameView(index, frame, null, null, null, FrameStatus.NOT_TRACKED, Double.NaN, Double.NaN);
        }
        float[] lm = tc.landmarks()[k];
        Box box = lm == null ? null : boxOf(lm);
        BufferedImage head = d.renderHead(tc.clip(), k);
        return new FrameView(index, frame, lm, box, head, tc.usable()[k] ? FrameStatus.USABLE : FrameStatus.FLAGGED,
                tc.confidence()[k], tc.residualPixels()[k]);
    }

    /** The face box around 68 landmarks: their extent, squared, as the tracker derives it. */
    static Box boxOf(float[] p) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (int i = 0; i < p.length / 2; i++) {
            minX = Math.min(minX, p[2 * i]);
            maxX = Math.max(maxX, p[2 * i]);
            minY = Math.min(minY, p[2 * i + 1]);
            maxY = Math.max(maxY, p[2 * i + 1]);
        }
        double size = Math.max(maxX - minX, maxY - minY);
        double cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
        return new Box(cx - size / 2, cy - size / 2, cx + size / 2, cy + size / 2);
    }

    // ---- range -----------------------------------------------------------------------------------

    /** Selects frames {@code [start, end)}, clamped to the video; at least one frame. */
    public void setRange(int start, int end) {
        int n = Math.max(1, frameCount.get());
        int s = clamp(start, 0, n - 1);
        int e = clamp(end, s + 1, n);
        rangeStart.set(s);
        rangeEnd.set(e);
    }

    /** Selects {@code [fromSeconds, toSeconds)}. */
    public void setRangeSeconds(double fromSeconds, double toSeconds) {
        setRange((int) Math.round(fromSeconds * fps.get()), (int) Math.round(toSeconds * fps.get()));
    }

    public double rangeStartSeconds() { return fps.get() > 0 ? rangeStart.get() / fps.get() : 0; }
    public double rangeEndSeconds() { return fps.get() > 0 ? rangeEnd.get() / fps.get() : 0; }

    // ---- tracking --------------------------------------------------------------------------------

    /** Tracks the selected range in the background; progress in {@link #progressProperty()}. */
    public void trackRange() {
        if (!canTrack.get()) {
            return;
        }
        Path file = videoFile.get();
        double rate = fps.get();
        int from = rangeStart.get(), to = rangeEnd.get();
        int gen = generation;
        TaskRunner.CancelToken token = new TaskRunner.CancelToken();
        trackingToken = token;
        tracking.set(true);
        progress.set(0);
        say(MessageKind.INFO, String.format(Locale.ROOT, "Tracking %s to %s ...", clock(from / rate), clock(to / rate)));
        runner.submit(p -> {
            VideoTracker t = tracker();
            p.accept(0.0);
            return t.track(file, from / rate, to / rate, p);
        }, token, p -> {
            if (token == trackingToken) {
                progress.set(p);
            }
        }, tc -> {
            if (token != trackingToken || gen != generation) {
                return;
            }
            tracking.set(false);
            trackingToken = null;
            progress.set(1);
            trackedFrom = from;
            trackedClip.set(tc);
            say(tc.usableFrames() == tc.clip().frameCount() ? MessageKind.INFO : MessageKind.WARNING, summary(tc, rate));
            if (currentFrame.get() < from || currentFrame.get() >= to) {
                currentFrame.set(from);
            } else {
                requestFrame();
            }
        }, e -> {
            if (token != trackingToken) {
                return;
            }
            tracking.set(false);
            trackingToken = null;
            progress.set(0);
            if (e instanceof CancellationException) {
                say(MessageKind.INFO, "Tracking cancelled.");
            } else {
                say(MessageKind.ERROR, trackingFailure(e));
            }
        });
    }

    public void cancelTracking() {
        if (trackingToken != null) {
            trackingToken.cancel();
        }
    }

    private VideoTracker tracker() throws IOException, TrackingException {
        VideoTracker t = tracker;
        if (t == null) {
            t = VideoTracker.fromInstalledData(dataFiles, model);
            tracker = t;
        }
        return t;
    }

    static String summary(TrackedClip tc, double fps) {
        int n = tc.clip().frameCount(), usable = tc.usableFrames();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            if (tc.usable()[i]) {
                sum += tc.residualPixels()[i];
            }
        }
        return String.format(Locale.ROOT, "Tracked %d frames (%.1f s): %d usable (%.1f s), %d flagged and interpolated;"
                        + " mean landmark residual %.1f px.", n, n / fps, usable, tc.usableSeconds(), n - usable,
                usable > 0 ? sum / usable : Double.NaN);
    }

    private static String trackingFailure(Throwable e) {
        String m = describe(e);
        if (e instanceof TrackingException && m.contains("a face was found in 0.0 s")) {
            return "No face was found in the selected range. Tracking needs a frontal, well-lit face. (" + m + ")";
        }
        if (e instanceof TrackingException && m.contains("too little usable face")) {
            return "Too little usable face to track: " + m.substring(m.indexOf("too little usable face:")
                    + "too little usable face:".length()).trim();
        }
        if (e instanceof VideoException) {
            return "Tracking failed reading the video: " + m;
        }
        if (e instanceof IOException) {
            return "Tracking failed: cannot read the tracking data: " + m;
        }
        return "Tracking failed: " + m;
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    // ---- per-frame figures for the confidence strip ---------------------------------------------

    public FrameStatus statusOf(int videoFrame) {
        TrackedClip tc = trackedClip.get();
        int k = videoFrame - trackedFrom;
        if (tc == null || k < 0 || k >= tc.usable().length) {
            return FrameStatus.NOT_TRACKED;
        }
        return tc.usable()[k] ? FrameStatus.USABLE : FrameStatus.FLAGGED;
    }

    /** The video frame the tracked clip's frame 0 corresponds to. */
    public int trackedFrom() { return trackedFrom; }

    // ---- helpers ---------------------------------------------------------------------------------

    private void say(MessageKind kind, String text) {
        messageKind.set(kind);
        message.set(text);
    }

    private void updateTimeText() {
        if (!loaded.get()) {
            timeText.set("");
            return;
        }
        double rate = fps.get();
        timeText.set(String.format(Locale.ROOT, "%s / %s   frame %d / %d", clock(currentFrame.get() / rate),
                clock(durationSeconds.get()), currentFrame.get() + 1, frameCount.get()));
    }

    /** m:ss.mmm */
    public static String clock(double seconds) {
        long ms = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%d:%02d.%03d", ms / 60000, (ms / 1000) % 60, ms % 1000);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    @Override public void close() {
        generation++;
        cancelTracking();
        FrameDecoder d = decoder;
        decoder = null;
        if (d != null) {
            runner.submit(p -> { d.close(); return null; }, new TaskRunner.CancelToken(), p -> { }, v -> { }, e -> { });
        }
    }

    // ---- properties ------------------------------------------------------------------------------

    public FaceModel model() { return model; }
    public ReadOnlyObjectProperty<Path> videoFileProperty() { return videoFile; }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded; }
    public ReadOnlyBooleanProperty loadingProperty() { return loading; }
    public ReadOnlyIntegerProperty frameCountProperty() { return frameCount; }
    public ReadOnlyDoubleProperty fpsProperty() { return fps; }
    public ReadOnlyDoubleProperty durationSecondsProperty() { return durationSeconds; }
    public ReadOnlyIntegerProperty videoWidthProperty() { return videoWidth; }
    public ReadOnlyIntegerProperty videoHeightProperty() { return videoHeight; }
    /** Writable: the scrub slider binds to it (values are clamped by {@link #seek}). */
    public IntegerProperty currentFrameProperty() { return currentFrame; }
    public ReadOnlyIntegerProperty rangeStartProperty() { return rangeStart; }
    /** Exclusive end of the selected range, in frames. */
    public ReadOnlyIntegerProperty rangeEndProperty() { return rangeEnd; }
    public ReadOnlyObjectProperty<FrameView> frameViewProperty() { return frameView; }
    public ReadOnlyStringProperty timeTextProperty() { return timeText; }
    public ReadOnlyBooleanProperty trackingAvailableProperty() { return trackingAvailable; }
    public ReadOnlyBooleanProperty trackingProperty() { return tracking; }
    public ReadOnlyDoubleProperty progressProperty() { return progress; }
    public ReadOnlyObjectProperty<TrackedClip> trackedClipProperty() { return trackedClip; }
    public ReadOnlyStringProperty messageProperty() { return message; }
    public ReadOnlyObjectProperty<MessageKind> messageKindProperty() { return messageKind; }
    public BooleanBinding canTrackProperty() { return canTrack; }
}
