package io.adamesh.ui.adapt;

import io.adamesh.audio.AudioPlayer;
import io.adamesh.audio.OutputLine;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.function.IntConsumer;

/**
 * Plays an animation clip in the viewport in step with the reference video it was made for: the
 * range's audio plays through an {@link AudioPlayer} whose clock (the time the listener hears) picks
 * the clip frame for the head and the video frame for the reference window, so face, video and sound
 * stay together. Without an output line the clock is wall time. FX thread only; the window calls
 * {@link #advance} once per pulse.
 */
public final class SideBySidePreview implements AutoCloseable {
    private final String title;
    private final Clip clip;
    private final double videoStartSeconds;
    private final double videoFps;
    private final IntConsumer seekVideo;
    private final AudioPlayer player;
    private double wallTime;
    private int lastClipFrame = -1;
    private int lastVideoFrame = -1;
    private boolean started;
    private boolean over;
    private Runnable onOver = () -> { };

    /**
     * @param audio   the range's audio, 16 kHz mono, starting at {@code videoStartSeconds} (may be null)
     * @param line    where to play it (null: silent, wall-clock)
     * @param seekVideo shows a video frame (index in the whole video) in the reference window
     */
    public SideBySidePreview(String title, Clip clip, float[] audio, OutputLine line, double videoStartSeconds, double videoFps,
                             IntConsumer seekVideo) {
        this.title = title;
        this.clip = clip;
        this.videoStartSeconds = videoStartSeconds;
        this.videoFps = videoFps;
        this.seekVideo = seekVideo;
        this.player = audio != null && audio.length > 0 && line != null ? new AudioPlayer(audio, line) : null;
    }

    public void start() {
        if (started) return;
        started = true;
        if (player != null) {
            player.seek(0);
            player.play();
        }
    }

    /** Seconds into the preview. */
    public double time() {
        return player != null ? player.positionSeconds() : wallTime;
    }

    public double durationSeconds() { return clip.durationSeconds(); }

    /**
     * Moves on by {@code dt} seconds of wall time (ignored when the audio is the clock), writes the
     * clip's frame into {@code params} and shows the matching video frame. Returns true when the head
     * changed; {@link #isOver()} turns true at the end.
     */
    public boolean advance(double dt, FaceModel model, FaceParams params) {
        if (over) return false;
        if (!started) start();
        wallTime += dt;
        double t = time();
        if (t >= clip.durationSeconds() || (player != null && player.ended())) {
            stop();
            return false;
        }
        int f = Math.max(0, Math.min(clip.frameCount() - 1, (int) Math.floor(t * clip.fps())));
        int v = (int) Math.floor((videoStartSeconds + t) * videoFps + 1e-6);
        if (v != lastVideoFrame) {
            lastVideoFrame = v;
            seekVideo.accept(v);
        }
        if (f == lastClipFrame) return false;
        lastClipFrame = f;
        clip.applyFrame(f, model, params);
        return true;
    }

    public boolean isOver() { return over; }
    public String title() { return title; }
    public Clip clip() { return clip; }

    /** Stops the sound (the window then goes back to the timeline or the sliders). */
    public void stop() {
        boolean was = over;
        over = true;
        close();
        if (!was) onOver.run();
    }

    /** Called once when the preview ends (at its end, or stopped). */
    public void setOnOver(Runnable r) { onOver = r == null ? () -> { } : r; }

    @Override public void close() {
        if (player != null) player.close();
    }
}
