package io.adamesh.ui.audio;

import io.adamesh.audio.AudioPlayer;
import io.adamesh.audio.WaveformPeaks;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * View model of one audio track: transport state, the playback clock, loop, and the visible range of
 * the waveform. Plain properties, no scene graph; {@link #refresh()} pulls the player's clock into
 * {@link #positionProperty()} (the view calls it once per pulse).
 */
public final class AudioTrackViewModel {
    private final AudioPlayer player;
    private final WaveformPeaks peaks;
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper position = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper timeText = new ReadOnlyStringWrapper();
    private final BooleanProperty loop = new SimpleBooleanProperty(false);
    private final DoubleProperty viewStart = new SimpleDoubleProperty(0);
    private final DoubleProperty viewEnd = new SimpleDoubleProperty();
    private final double duration;

    public AudioTrackViewModel(float[] samples, AudioPlayer player) {
        this.player = Objects.requireNonNull(player);
        this.peaks = new WaveformPeaks(samples, 256);
        this.duration = player.durationSeconds();
        viewEnd.set(duration);
        loop.addListener((obs, was, now) -> player.setLoop(now));
        updateTime(0);
    }

    public WaveformPeaks peaks() {
        return peaks;
    }

    public double durationSeconds() {
        return duration;
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    /** "m:ss.t / m:ss.t" of position and duration. */
    public ReadOnlyStringProperty timeTextProperty() {
        return timeText.getReadOnlyProperty();
    }

    public BooleanProperty loopProperty() {
        return loop;
    }

    public DoubleProperty viewStartProperty() {
        return viewStart;
    }

    public DoubleProperty viewEndProperty() {
        return viewEnd;
    }

    public void togglePlay() {
        if (player.isPlaying()) {
            player.pause();
        } else {
            player.play();
        }
        refresh();
    }

    /** Scrub: moves the clock to {@code seconds}, clamped to the track. */
    public void seek(double seconds) {
        player.seek(seconds);
        refresh();
    }

    /** Zooms the visible range by {@code factor} (&lt;1 zooms in) around {@code centreSeconds}. */
    public void zoom(double factor, double centreSeconds) {
        double span = Math.max(0.01, Math.min(duration, (viewEnd.get() - viewStart.get()) * factor));
        double start = Math.max(0, Math.min(duration - span, centreSeconds - span / 2));
        viewStart.set(start);
        viewEnd.set(start + span);
    }

    /** Pulls the player's clock and state into the properties. */
    public void refresh() {
        playing.set(player.isPlaying());
        double p = player.positionSeconds();
        position.set(p);
        updateTime(p);
    }

    private void updateTime(double p) {
        timeText.set(format(p) + " / " + format(duration));
    }

    static String format(double seconds) {
        long tenths = Math.round(Math.max(0, seconds) * 10);
        return String.format("%d:%02d.%d", tenths / 600, tenths / 10 % 60, tenths % 10);
    }
}
