package io.adamesh.audio;

import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/**
 * A microphone through javax.sound: the default input or a named mixer. It asks for 16 kHz mono
 * 16-bit first, then the rates devices usually offer (48, 44.1, 32, 22.05, 8 kHz), and keeps the
 * first one the device accepts; {@link MicrophoneCapture} resamples to 16 kHz.
 */
public final class LineCaptureSource implements CaptureSource {
    static final int[] PREFERRED_RATES = {16_000, 48_000, 44_100, 32_000, 22_050, 8_000};

    private final String mixerName;   // null: system default
    private volatile TargetDataLine line;

    /** @param mixerName a name from {@link #inputNames()}, or null for the default input */
    public LineCaptureSource(String mixerName) {
        this.mixerName = mixerName;
    }

    /** Names of mixers that offer a capture line (empty without a sound card). */
    public static List<String> inputNames() {
        List<String> names = new ArrayList<>();
        for (Mixer.Info info : AudioSystem.getMixerInfo()) {
            try {
                if (AudioSystem.getMixer(info).getTargetLineInfo().length > 0
                        && AudioSystem.getMixer(info).isLineSupported(new DataLine.Info(TargetDataLine.class, null))) {
                    names.add(info.getName());
                }
            } catch (RuntimeException e) {
                // A mixer that cannot describe itself is not offered.
            }
        }
        return names;
    }

    @Override
    public AudioInputStream open() throws CaptureUnavailableException {
        Mixer mixer = null;
        if (mixerName != null) {
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                if (info.getName().equals(mixerName)) {
                    mixer = AudioSystem.getMixer(info);
                }
            }
            if (mixer == null) {
                throw new CaptureUnavailableException(CaptureStatus.State.NO_DEVICE,
                        "The input device '" + mixerName + "' is not connected", null);
            }
        }
        boolean anyLine = false;
        LineUnavailableException busy = null;
        for (int rate : PREFERRED_RATES) {
            AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
            DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
            try {
                TargetDataLine l = (TargetDataLine) (mixer == null ? AudioSystem.getLine(info) : mixer.getLine(info));
                anyLine = true;
                l.open(format, rate / 50 * 2 * 2);   // two 20 ms blocks of buffer
                l.start();
                line = l;
                return new AudioInputStream(l);
            } catch (IllegalArgumentException e) {
                // "No line matching interface TargetDataLine supporting format ..." — try the next format.
            } catch (LineUnavailableException e) {
                anyLine = true;
                busy = e;
            } catch (SecurityException e) {
                throw new CaptureUnavailableException(CaptureStatus.State.NO_DEVICE,
                        "Microphone access is not permitted: " + e.getMessage(), e);
            }
        }
        if (busy != null) {
            throw new CaptureUnavailableException(CaptureStatus.State.FORMAT_REFUSED,
                    "The microphone is busy or refused every format (" + busy.getMessage() + ")", busy);
        }
        if (!anyLine && inputNames().isEmpty()) {
            throw new CaptureUnavailableException(CaptureStatus.State.NO_DEVICE,
                    "No microphone found (no audio input device on this computer)", null);
        }
        throw new CaptureUnavailableException(CaptureStatus.State.FORMAT_REFUSED,
                "The microphone offers no mono 16-bit format at 8-48 kHz", null);
    }

    @Override
    public void close() {
        TargetDataLine l = line;
        line = null;
        if (l != null) {
            l.stop();
            l.close();
        }
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String description() {
        return mixerName == null ? "Default microphone" : mixerName;
    }
}
