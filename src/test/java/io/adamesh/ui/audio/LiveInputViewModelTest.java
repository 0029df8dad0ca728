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
        byte[] pcm = new byte[16_000 * 2 * 2];
        for (int i = 0; i < pcm.length / 2; i++) {
            short s = (short) (12_000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat f = new AudioFormat(16_000, 16, 1, true, false);
        LiveInputViewModel vm = new LiveInputViewModel(() -> List.of("Test input"),
                n -> new StreamCaptureSource(new AudioInputStream(new ByteArrayInputStream(pcm), f, pcm.length / 2), false));
        vm.start();
        double level = -120;
        for (int i = 0; i < 100 && level <= -60; i++) {
            Thread.sleep(5);
            vm.refresh();
            level = Math.max(level, vm.rmsDbProperty().get());
        }
        assertTrue(level > -20, "meter level " + level);
        assertTrue(vm.ring().written() > 0);
        vm.close();
    }
}
