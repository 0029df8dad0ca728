package io.adamesh.audio;

import java.io.IOException;
import javax.sound.sampled.AudioInputStream;

/** Capture from a ready stream (tests, bench, a file played as if it were a microphone). */
public final class StreamCaptureSource implements CaptureSource {
    private final AudioInputStream stream;
    private final boolean live;

    /** @param live whether the stream ending by itself should read as a lost device */
    public StreamCaptureSource(AudioInputStream stream, boolean live) {
        this.stream = stream;
        this.live = live;
    }

    @Override
    public AudioInputStream open() {
        return stream;
    }

    @Override
    public void close() {
        try {
            stream.close();
        } catch (IOException ignored) {
            // closing a memory or pipe stream; nothing to report
        }
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public String description() {
        return "stream " + stream.getFormat();
    }
}
