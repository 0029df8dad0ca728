package io.adamesh.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

/** The audio input devices (javax.sound mixers that can capture) on this machine. */
public final class AudioDevices {
    private static final Path ALSA_CARDS = Path.of("/proc/asound/cards");

    /**
     * One capture device.
     *
     * @param formats the capture formats it declares, e.g. {@code "PCM_SIGNED 44100 Hz 16 bit 2 ch"}
     *                ("any" stands for a rate or channel count the device leaves open)
     */
    public record Device(String name, String vendor, String description, List<String> formats) {
    }

    /** The devices found; when there are none, {@code reason} says why. */
    public record Listing(List<Device> devices, String reason) {
        public boolean isEmpty() {
            return devices.isEmpty();
        }
    }

    private AudioDevices() {}

    public static Listing inputs() {
        List<Device> devices = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Mixer.Info[] infos;
        try {
            infos = AudioSystem.getMixerInfo();
        } catch (RuntimeException | LinkageError e) {
            return new Listing(List.of(), "javax.sound could not list mixers: " + e.getMessage());
        }
        for (Mixer.Info info : infos) {
            try {
                Mixer mixer = AudioSystem.getMixer(info);
                Set<String> formats = new LinkedHashSet<>();
                boolean captures = false;
                for (Line.Info lineInfo : mixer.getTargetLineInfo()) {
                    if (lineInfo instanceof DataLine.Info dataLine
                            && TargetDataLine.class.isAssignableFrom(dataLine.getLineClass())) {
                        captures = true;
                        for (AudioFormat format : dataLine.getFormats()) {
                            formats.add(describe(format));
                        }
                    }
                }
                if (captures) {
                    devices.add(new Device(info.getName(), info.getVendor(), info.getDescription(),
                            List.copyOf(formats)));
                }
            } catch (RuntimeException e) {
                problems.add(info.getName() + ": " + e.getMessage());
            }
        }
        String reason = null;
        if (devices.isEmpty()) {
            reason = problems.isEmpty() ? whyNoDevices(infos.length) : String.join("; ", problems);
        }
        return new Listing(List.copyOf(devices), reason);
    }

    private static String whyNoDevices(int mixerCount) {
        StringBuilder reason = new StringBuilder("no mixer provides a TargetDataLine");
        reason.append(" (").append(mixerCount).append(" mixers found");
        if (Files.isReadable(ALSA_CARDS)) {
            try {
                String cards = Files.readString(ALSA_CARDS).strip();
                if (cards.isEmpty() || cards.contains("no soundcards")) {
                    reason.append("; ALSA reports no sound cards");
                }
            } catch (IOException e) {
                reason.append("; ").append(ALSA_CARDS).append(" unreadable");
            }
        } else {
            reason.append("; no ALSA (").append(ALSA_CARDS).append(" missing), no sound card or driver");
        }
        return reason.append(')').toString();
    }

    static String describe(AudioFormat format) {
        String rate = format.getSampleRate() == AudioSystem.NOT_SPECIFIED
                ? "any" : String.valueOf(Math.round(format.getSampleRate()));
        String channels = format.getChannels() == AudioSystem.NOT_SPECIFIED
                ? "any" : String.valueOf(format.getChannels());
        String bits = format.getSampleSizeInBits() == AudioSystem.NOT_SPECIFIED
                ? "any" : String.valueOf(format.getSampleSizeInBits());
        String order = format.getSampleSizeInBits() > 8 ? (format.isBigEndian() ? " BE" : " LE") : "";
        return format.getEncoding() + " " + rate + " Hz " + bits + " bit " + channels + " ch" + order;
    }
}
