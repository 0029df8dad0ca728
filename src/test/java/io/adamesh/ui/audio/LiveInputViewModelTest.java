package io.adamesh.ui.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.audio.CaptureSource;
import io.adamesh.audio.CaptureStatus;
import io.adamesh.audio.StreamCaptureSource;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.AudioInputStream;
import org.junit.jupiter.api.Test;

class LiveInputViewModelTest {
    @Test void withoutAMicrophoneTheStatusSaysSoAndStartDoesNothing() {
        LiveInputViewModel vm = new LiveInputViewModel(List::of, n -> { throw new AssertionError("must not open"); });
        assertFalse(vm.availableProperty().get());
        assertTrue(vm.statusProperty().get().startsWith("No microphone found: "), vm.statusProperty().get());
        vm.start();
        assertFalse(vm.runningProperty().get());
    }

    @Test void aDeviceThatCannotOpenBecomesAReadableStatus() {
        LiveInputViewModel vm = new LiveInputViewModel(() -> List.of("USB mic"), n -> new CaptureSource() {
            @Override public AudioInputStream open() throws CaptureUnavailableException {
                throw new CaptureUnavailableException(CaptureStatus.State.NO_DEVICE, "The input device 'USB mic' is not connected", null);
            }
            @Override public void close() {}
            @Override public boolean live() { return true; }
            @Override public String description() { return n; }
        });
        assertEquals("USB mic", vm.deviceProperty().get());
        vm.start();
        assertFalse(vm.runningProperty().get());
        assertEquals("No microphone found: The input device 'USB mic' is not connected", vm.statusProperty().get());
    }

    @Test void captureFillsTheRingAndDrivesTheMeter() throws InterruptedException {
        // An endless 440 Hz tone paced like a real microphone, so capture is still running while the
        // meter is read (a finished stream reads as silence, as a stopped device should).
        java.io.InputStream tone = new java.io.InputStream() {
            private long sample;

            @Override public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override public int read(byte[] b, int off, int len) {
                int n = Math.max(2, Math.min(len, 640) & ~1);
                for (int i = 0; i < n; i += 2, sample++) {
                    short s = (short) (12_000 * Math.sin(2 * Math.PI * 440 * sample / 16_000.0));
                    b[off + i] = (byte) s;
                    b[off + i + 1] = (byte) (s >> 8);
                }
                try {
                    Thread.sleep(n / 32); // n bytes = n/2 samples = n/32 ms at 16 kHz
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                return n;
            }
        };
        AudioFormat f = new AudioFormat(16_000, 16, 1, true, false);
        LiveInputViewModel vm = new LiveInputViewModel(() -> List.of("Test input"),
                n -> new StreamCaptureSource(new AudioInputStream(tone, f, AudioSystem.NOT_SPECIFIED), true));
        vm.start();
        // Wait on what the user would see (audio arriving, the meter moving), not on a fixed time:
        // a loaded CI machine may take a while to schedule the capture thread.
        double level = -120;
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && (level <= -20 || vm.ring().written() == 0)) {
            Thread.sleep(5);
            vm.refresh();
            level = Math.max(level, vm.rmsDbProperty().get());
        }
        assertTrue(level > -20, "meter level " + level);
        assertTrue(vm.ring().written() > 0);
        vm.close();
    }
}
