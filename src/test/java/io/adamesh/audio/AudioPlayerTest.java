package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AudioPlayerTest {
    private static final int LATENCY = 800;   // 50 ms of device latency beyond the frame position

    private static void waitUntil(SimulatedOutputLine.Clock clock, AudioPlayer p, double seconds) {
        // With a virtual clock, time advances only while the feeder waits for space; poll until it has.
        while (clock.nanos() < seconds * 1e9 && !p.ended()) {
            Thread.onSpinWait();
        }
    }

    @Test
    void clockFollowsRenderedFramesMinusOutputLatency() {
        SimulatedOutputLine.Clock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 1600, LATENCY);
        try (AudioPlayer p = new AudioPlayer(new float[16_000 * 5], line)) {
            assertEquals(0.0, p.positionSeconds());
            p.play();
            waitUntil(clock, p, 2.0);
            p.pause();
            double heard = line.framePosition() / 16_000.0 - LATENCY / 16_000.0;
            assertEquals(heard, p.positionSeconds(), 1e-9);
            double elapsed = clock.nanos() / 1e9;
            assertEquals(elapsed - 0.05, p.positionSeconds(), 0.001, "clock = elapsed play time - latency");
            double paused = p.positionSeconds();
            clock.sleep(500_000_000L);
            assertEquals(paused, p.positionSeconds(), 0.0, "paused clock stands still");
        }
    }

    @Test
    void seekMovesClockAndDiscardsQueuedAudio() {
        SimulatedOutputLine.Clock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 1600, 0);
        try (AudioPlayer p = new AudioPlayer(new float[16_000 * 10], line)) {
            p.play();
            waitUntil(clock, p, 1.0);
            p.pause();
            p.seek(7.25);
            assertEquals(7.25, p.positionSeconds(), 1e-9);
            long t0 = clock.nanos();
            p.play();
            waitUntil(clock, p, t0 / 1e9 + 1.0);
            p.pause();
            assertEquals(7.25 + (clock.nanos() - t0) / 1e9, p.positionSeconds(), 0.001);
        }
    }

    @Test
    void loopWrapsClockBackToLoopStart() {
        SimulatedOutputLine.Clock clock = SimulatedOutputLine.Clock.virtual();
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 800, 0);
        try (AudioPlayer p = new AudioPlayer(new float[16_000 * 3], line)) {
            p.setLoopRegion(1.0, 2.0);
            p.setLoop(true);
            p.seek(1.0);
            p.play();
            waitUntil(clock, p, 3.5);        // 3.5 s of play from 1.0 in a 1 s loop -> 1.5
            p.pause();
            double expected = 1.0 + (clock.nanos() / 1e9) % 1.0;
            assertEquals(expected, p.positionSeconds(), 0.002);
            assertFalse(p.ended());
        }
    }

    @Test
    void playingToTheEndStopsAtDuration() {
        SimulatedOutputLine.Clock clock = SimulatedOutputLine.Clock.virtual();
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
