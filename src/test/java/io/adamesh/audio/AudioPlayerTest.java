package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AudioPlayerTest {
    private static final int LATENCY = 800;   // 50 ms of device latency beyond the frame position

    /**
     * Plays until the virtual clock reads {@code seconds} exactly (or the track ends), then pauses
     * and lets a feeder that was waiting for space finish its wait while paused.
     */
    private static void playUntil(SimulatedOutputLine.VirtualClock clock, AudioPlayer p, double seconds) {
        clock.holdAt(Math.round(seconds * 1e9));
        p.play();
        assertTrue(clock.awaitHold(p::ended), "played until " + seconds + " s");
        p.pause();
        clock.settle();
    }

    @Test
    void clockFollowsRenderedFramesMinusOutputLatency() {
        SimulatedOutputLine.VirtualClock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 1600, LATENCY);
        try (AudioPlayer p = new AudioPlayer(new float[16_000 * 5], line)) {
            assertEquals(0.0, p.positionSeconds());
            playUntil(clock, p, 2.0);
            double heard = line.framePosition() / 16_000.0 - LATENCY / 16_000.0;
            assertEquals(heard, p.positionSeconds(), 1e-9);
            double elapsed = 2.0;   // clock time at the pause
            assertEquals(elapsed - 0.05, p.positionSeconds(), 0.001, "clock = elapsed play time - latency");
            double paused = p.positionSeconds();
            clock.sleep(500_000_000L);
            assertEquals(paused, p.positionSeconds(), 0.0, "paused clock stands still");
        }
    }

    @Test
    void seekMovesClockAndDiscardsQueuedAudio() {
        SimulatedOutputLine.VirtualClock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 1600, 0);
        line.keepSamples();
        float[] track = ramp(16_000 * 10);
        try (AudioPlayer p = new AudioPlayer(track, line)) {
            playUntil(clock, p, 1.0);
            long pausedAt = line.framePosition();
            assertEquals(16_000, pausedAt);
            p.seek(7.25);
            assertEquals(7.25, p.positionSeconds(), 1e-9);
            long t0 = clock.nanos();
            playUntil(clock, p, t0 / 1e9 + 1.0);
            assertEquals(8.25, p.positionSeconds(), 0.001);
            // What the line played after the seek is the track from 7.25 s on: the 100 ms that were
            // queued from 1.0 s at the pause never reach the speaker.
            short[] heard = line.samplesAt(pausedAt, 16_000);
            for (int i = 0; i < heard.length; i++) {
                assertEquals(pcm(track[116_000 + i]), heard[i], "line frame " + (pausedAt + i));
            }
        }
    }

    /** A track whose every sample tells where it came from (distinct within any 10 s). */
    private static float[] ramp(int n) {
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            t[i] = (i % 60_000) / 30_000f - 1f;
        }
        return t;
    }

    private static short pcm(float v) {
        return (short) Math.round(Math.max(-1f, Math.min(1f, v)) * 32767f);
    }

    @Test
    void loopWrapsClockBackToLoopStart() {
        SimulatedOutputLine.VirtualClock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 800, 0);
        try (AudioPlayer p = new AudioPlayer(new float[16_000 * 3], line)) {
            p.setLoopRegion(1.0, 2.0);
            p.setLoop(true);
            p.seek(1.0);
            playUntil(clock, p, 3.5);        // 3.5 s of play from 1.0 in a 1 s loop -> 1.5
            assertEquals(1.5, p.positionSeconds(), 0.002);
            assertFalse(p.ended());
        }
    }

    @Test
    void playingToTheEndStopsAtDuration() {
        SimulatedOutputLine.VirtualClock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 1600, 0);
        try (AudioPlayer p = new AudioPlayer(new float[8_000], line)) {
            p.play();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!p.ended() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(p.ended());
            assertFalse(p.isPlaying());
            assertEquals(0.5, p.positionSeconds(), 1e-9);
        }
    }

    @Test
    void realTimeSimulatedLineKeepsClockCloseToWallTime() throws Exception {
        SimulatedOutputLine line = new SimulatedOutputLine(SimulatedOutputLine.Clock.system(), 1600, 0);
        try (AudioPlayer p = new AudioPlayer(new float[16_000 * 2], line)) {
            long t0 = System.nanoTime();
            p.play();
            Thread.sleep(300);
            double wall = (System.nanoTime() - t0) / 1e9;
            assertEquals(wall, p.positionSeconds(), 0.03);
        }
    }
}
