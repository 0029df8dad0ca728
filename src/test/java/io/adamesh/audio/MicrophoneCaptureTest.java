package io.adamesh.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MicrophoneCaptureTest {
    static AudioInputStream pcmStream(InputStream bytes, int rate, long frames) {
        return new AudioInputStream(bytes, new AudioFormat(rate, 16, 1, true, false), frames);
    }

    static byte[] pcmTone(int rate, double hz, double amp, int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) Math.round(amp * 32767 * Math.sin(2 * Math.PI * hz * i / rate)));
        }
        return b.array();
    }

    @Test
    void fedStreamIsResampledIntoRingAtSixteenKilohertz() throws Exception {
        int rate = 48_000;
        byte[] pcm = pcmTone(rate, 440, 0.5, rate);   // 1 s
        RingBuffer ring = new RingBuffer(32_000);
        List<CaptureStatus> statuses = new CopyOnWriteArrayList<>();
        MicrophoneCapture capture = new MicrophoneCapture(ring, statuses::add);
        CaptureStatus s = capture.start(new StreamCaptureSource(
                pcmStream(new ByteArrayInputStream(pcm), rate, rate), false));
        assertEquals(CaptureStatus.State.RUNNING, s.state());
        assertEquals(rate, s.sourceRate());
        assertTrue(capture.awaitEnd(10_000));
        assertEquals(CaptureStatus.State.ENDED, capture.status().state());
        // Without a flush the resampler keeps its look-ahead tail: at most H input samples' worth.
        long got = ring.written();
        assertTrue(got <= 16_000 && got > 16_000 - 100, "samples in ring: " + got);
        float[] y = new float[(int) got];
        ring.latest(y.length, y);
        double amp = ResamplerTest.amplitude(y, 16_000, 440, 1000, y.length - 1000);
        assertEquals(0.5, amp, 0.002);
    }

    @Test
    void levelMeterReflectsInput() throws Exception {
        byte[] pcm = pcmTone(16_000, 1000, 0.5, 16_000);
        MicrophoneCapture capture = new MicrophoneCapture(new RingBuffer(16_000), null);
        // A stream that blocks after the data so the meter holds the last level.
        InputStream held = new java.io.SequenceInputStream(new ByteArrayInputStream(pcm), new BlockingStream());
        capture.start(new StreamCaptureSource(pcmStream(held, 16_000, AudioSystemNotSpecified.FRAMES), true));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (capture.ring().written() < 15_000 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // Sine of amplitude 0.5: RMS = 0.5 / sqrt 2 -> -9.03 dBFS; peak -6.02 dBFS.
        assertEquals(-9.03, capture.levelRmsDbfs(), 0.1);
        assertEquals(-6.02, capture.levelPeakDbfs(), 0.1);
        capture.stop();
        assertEquals(CaptureStatus.State.STOPPED, capture.status().state());
    }

    @Test
    void deviceFailingMidStreamBecomesStatusNotError() throws Exception {
        InputStream failing = new InputStream() {
            private int reads;

            @Override
            public int read() throws IOException {
                throw new IOException("device unplugged");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (reads++ > 5) {
                    throw new IOException("device unplugged");
                }
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        List<CaptureStatus> statuses = new CopyOnWriteArrayList<>();
        MicrophoneCapture capture = new MicrophoneCapture(new RingBuffer(16_000), statuses::add);
        capture.start(new StreamCaptureSource(pcmStream(failing, 16_000, AudioSystemNotSpecified.FRAMES), true));
        assertTrue(capture.awaitEnd(5_000));
        CaptureStatus last = capture.status();
        assertEquals(CaptureStatus.State.DEVICE_LOST, last.state());
        assertTrue(last.message().contains("device unplugged"), last.message());
        assertTrue(last.isProblem());
    }

    @Test
    void liveStreamEndingByItselfIsReportedAsLostDevice() throws Exception {
        MicrophoneCapture capture = new MicrophoneCapture(new RingBuffer(16_000), null);
        capture.start(new StreamCaptureSource(pcmStream(new ByteArrayInputStream(new byte[3200]), 16_000, 1600), true));
        assertTrue(capture.awaitEnd(5_000));
        assertEquals(CaptureStatus.State.DEVICE_LOST, capture.status().state());
    }

    @Test
    void absentMicrophoneGivesClearStatus() {
        // This machine has no sound card; where one exists the capture may run — then stop it.
        MicrophoneCapture capture = new MicrophoneCapture(new RingBuffer(16_000), null);
        CaptureStatus s = capture.start(new LineCaptureSource(null));
        if (s.state() == CaptureStatus.State.RUNNING) {
            capture.stop();
            return;
        }
        assertTrue(s.isProblem(), s.toString());
        assertFalse(s.message().contains("Exception"), s.message());
        assertFalse(s.message().isBlank());
    }

    @Test
    void unknownNamedDeviceIsReportedByName() {
        MicrophoneCapture capture = new MicrophoneCapture(new RingBuffer(16_000), null);
        CaptureStatus s = capture.start(new LineCaptureSource("USB Mic that is not there"));
        assertEquals(CaptureStatus.State.NO_DEVICE, s.state());
        assertTrue(s.message().contains("USB Mic that is not there"), s.message());
    }

    /** An input stream that blocks until closed (a quiet live device). */
    static final class BlockingStream extends InputStream {
        private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return read();
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    static final class AudioSystemNotSpecified {
        static final long FRAMES = javax.sound.sampled.AudioSystem.NOT_SPECIFIED;
    }
}
