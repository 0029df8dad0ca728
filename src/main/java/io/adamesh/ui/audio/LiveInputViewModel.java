package io.adamesh.ui.audio;

import io.adamesh.audio.CaptureSource;
import io.adamesh.audio.CaptureStatus;
import io.adamesh.audio.MicrophoneCapture;
import io.adamesh.audio.RingBuffer;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live input panel's state: input devices, the chosen one, start/stop, a status line and the
 * level for the meter. Capture writes into a {@link RingBuffer} (5 s of 16 kHz) that the streaming
 * animation engine will read; the level is read lock-free in {@link #refresh()}, which the window's
 * frame timer calls. Capture status changes arrive on the capture thread and are only stored in a
 * volatile field; {@link #refresh()} publishes them on the FX thread. With no microphone the status
 * says so and nothing else is affected.
 */
public final class LiveInputViewModel implements AutoCloseable {
    public static final String DEFAULT_DEVICE = "Default input";

    private final Supplier<List<String>> inputNames;
    private final Function<String, CaptureSource> sources;
    private final RingBuffer ring = new RingBuffer(5 * MicrophoneCapture.RATE);
    private final MicrophoneCapture capture;
    private final ObservableList<String> devices = FXCollections.observableArrayList();
    private final ObjectProperty<String> device = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper rmsDb = new ReadOnlyDoubleWrapper(-120);
    private final ReadOnlyDoubleWrapper peakDb = new ReadOnlyDoubleWrapper(-120);
    private volatile CaptureStatus latest;
    private CaptureStatus shown;

    /**
     * @param inputNames lists input devices (e.g. {@code LineCaptureSource::inputNames})
     * @param sources opens a device by name ({@code null} name: the default input)
     */
    public LiveInputViewModel(Supplier<List<String>> inputNames, Function<String, CaptureSource> sources) {
        this.inputNames = inputNames;
        this.sources = sources;
        this.capture = new MicrophoneCapture(ring, s -> latest = s);
        rescan();
    }

    /** Lists the devices again; with none, the status says "No microphone found: …". */
    public void rescan() {
        List<String> names;
        try {
            names = inputNames.get();
        } catch (RuntimeException e) {
            names = List.of();
        }
        devices.setAll(names);
        available.set(!names.isEmpty());
        if (names.isEmpty()) {
            device.set(null);
            status.set("No microphone found: no audio input device on this computer (import audio instead)");
        } else {
            if (device.get() == null || !names.contains(device.get())) device.set(names.get(0));
            if (!running.get()) status.set("Microphone off (" + names.size() + (names.size() == 1 ? " input" : " inputs") + " found)");
        }
    }

    public ObservableList<String> devices() { return devices; }
    public ObjectProperty<String> deviceProperty() { return device; }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty availableProperty() { return available.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty rmsDbProperty() { return rmsDb.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty peakDbProperty() { return peakDb.getReadOnlyProperty(); }
    /** Where captured 16 kHz audio goes (the streaming animation engine reads it). */
    public RingBuffer ring() { return ring; }
    public MicrophoneCapture capture() { return capture; }

    public void toggle() {
        if (running.get()) stop();
        else start();
    }

    public void start() {
        if (!available.get()) {
            rescan();
            if (!available.get()) return;
        }
        CaptureStatus s = capture.start(sources.apply(device.get()));
        latest = s;
        refresh();
    }

    public void stop() {
        capture.stop();
        latest = capture.status();
        refresh();
    }

    /** Once per frame on the FX thread: publishes the level and any status change. */
    public void refresh() {
        CaptureStatus s = latest;
        if (s != null && s != shown) {
            shown = s;
            running.set(s.state() == CaptureStatus.State.RUNNING);
            status.set(s.state() == CaptureStatus.State.NO_DEVICE && !s.message().startsWith("No microphone found")
                    ? "No microphone found: " + s.message() : s.message());
        }
        if (running.get()) {
            rmsDb.set(capture.levelRmsDbfs());
            peakDb.set(capture.levelPeakDbfs());
        } else if (rmsDb.get() > -120) {
            rmsDb.set(-120);
            peakDb.set(-120);
        }
    }

    @Override
    public void close() { capture.stop(); }
}
