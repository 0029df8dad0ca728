package io.adamesh.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/** The default sound card output as an {@link OutputLine}. */
public final class JavaSoundOutputLine implements OutputLine {
    public static final AudioFormat FORMAT = new AudioFormat(16_000, 16, 1, true, false);
    private final SourceDataLine line;
    private final int extraLatencyFrames;

    private JavaSoundOutputLine(SourceDataLine line, int extraLatencyFrames) {
        this.line = line;
        this.extraLatencyFrames = extraLatencyFrames;
    }

    /**
     * Opens the default output with a buffer of {@code bufferMillis}.
     *
     * @param extraLatencyMillis device latency beyond the line's frame position (user calibration)
     * @throws PlaybackUnavailableException with a readable reason when there is no usable output
     */
    public static JavaSoundOutputLine openDefault(int bufferMillis, int extraLatencyMillis)
            throws PlaybackUnavailableException {
        try {
            SourceDataLine l = AudioSystem.getSourceDataLine(FORMAT);
            l.open(FORMAT, 16_000 * bufferMillis / 1000 * 2);
            return new JavaSoundOutputLine(l, 16 * extraLatencyMillis);
        } catch (IllegalArgumentException e) {
            throw new PlaybackUnavailableException("No sound output device found", e);
        } catch (LineUnavailableException | SecurityException e) {
            throw new PlaybackUnavailableException("The sound output is unavailable: " + e.getMessage(), e);
        }
    }

    /** No usable output device. */
    public static final class PlaybackUnavailableException extends Exception {
        public PlaybackUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        return line.write(data, offset, length);
    }

    @Override
    public void start() {
        line.start();
    }

    @Override
    public void stop() {
        line.stop();
    }

    @Override
    public void flush() {
        line.flush();
    }

    @Override
    public long framePosition() {
        return line.getLongFramePosition();
    }

    @Override
    public int available() {
        return line.available();
    }

    @Override
    public int bufferBytes() {
        return line.getBufferSize();
    }

    @Override
    public int extraLatencyFrames() {
        return extraLatencyFrames;
    }

    @Override
    public void close() {
        line.close();
    }
}
