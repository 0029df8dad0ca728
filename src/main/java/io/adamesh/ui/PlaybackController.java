package io.adamesh.ui;

import io.adamesh.audio.AudioPlayer;
import io.adamesh.audio.OutputLine;
import io.adamesh.ui.audio.AudioTrackViewModel;
import io.adamesh.ui.timeline.TimelineViewModel;
import java.util.function.Supplier;
import javafx.beans.value.ChangeListener;

/**
 * Keeps the timeline and the audio in step. With voice audio, the {@link AudioPlayer} plays the
 * {@link VoiceMix} and its clock — the time the listener hears — is the playhead: each pulse copies
 * it into the timeline (which then drives the viewport). Play/pause started from either side (the
 * timeline's Space/J/K/L or the transport bar) is mirrored to the other; scrubbing the timeline seeks
 * the player. Without audio, or while shuttling at a speed other than 1, the playhead advances by
 * wall time. Not thread-safe: FX thread only; {@link #pulse(double)} is called from the frame timer.
 */
public final class PlaybackController implements AutoCloseable {
    private final Supplier<OutputLine> lines;
    private TimelineViewModel timeline;
    private AudioPlayer player;
    private AudioTrackViewModel audioVm;
    private boolean lastTimelinePlaying;
    private boolean lastPlayerPlaying;
    private boolean syncing;
    private final ChangeListener<Number> scrub = (o, a, b) -> {
        if (!syncing && player != null && !player.isPlaying()) player.seek(b.doubleValue());
    };

    /** @param lines opens an output line for each new mix (a real one, or a simulated one without a sound card) */
    public PlaybackController(Supplier<OutputLine> lines) {
        this.lines = lines;
    }

    /** Follows another document's timeline (the old player is closed). */
    public void attach(TimelineViewModel vm) {
        if (timeline != null) timeline.playheadProperty().removeListener(scrub);
        timeline = vm;
        vm.playheadProperty().addListener(scrub);
        lastTimelinePlaying = vm.playingProperty().get();
        setMix(null);
    }

    /** Replaces the audio (null: none); keeps the playhead. Returns the new track view model or null. */
    public AudioTrackViewModel setMix(float[] mix) {
        if (player != null) {
            player.close();
            player = null;
            audioVm = null;
        }
        if (mix != null && mix.length > 0 && timeline != null) {
            player = new AudioPlayer(mix, lines.get());
            player.setLoop(timeline.loopProperty().get());
            player.seek(timeline.playheadProperty().get());
            audioVm = new AudioTrackViewModel(mix, player);
            audioVm.loopProperty().bindBidirectional(timeline.loopProperty());
            if (timeline.playingProperty().get() && timeline.speedProperty().get() == 1) player.play();
        }
        lastPlayerPlaying = player != null && player.isPlaying();
        return audioVm;
    }

    public AudioPlayer player() { return player; }
    public AudioTrackViewModel audio() { return audioVm; }

    /** Once per frame: {@code dt} seconds of wall time since the last pulse. */
    public void pulse(double dt) {
        if (timeline == null) return;
        boolean tPlaying = timeline.playingProperty().get();
        boolean audioSpeed = timeline.speedProperty().get() == 1;
        if (player == null || !audioSpeed) {
            if (player != null && player.isPlaying()) player.pause();
            timeline.advance(dt);
        } else {
            boolean pPlaying = player.isPlaying();
            if (tPlaying != lastTimelinePlaying) {          // the timeline asked
                if (tPlaying && !pPlaying) {
                    player.seek(timeline.playheadProperty().get());
                    player.play();
                } else if (!tPlaying && pPlaying) {
                    player.pause();
                }
            } else if (pPlaying != lastPlayerPlaying) {     // the transport bar (or the end of the track)
                timeline.playingProperty().set(pPlaying);
            }
            if (player.isPlaying() || pPlaying) {
                syncing = true;
                try {
                    timeline.seek(player.positionSeconds());
                } finally {
                    syncing = false;
                }
            }
            if (!player.isPlaying() && timeline.playingProperty().get() && player.ended()) timeline.playingProperty().set(false);
            audioVm.refresh();
        }
        lastTimelinePlaying = timeline.playingProperty().get();
        lastPlayerPlaying = player != null && player.isPlaying();
    }

    @Override
    public void close() {
        if (player != null) player.close();
        player = null;
    }
}
