package io.adamesh.model;

/**
 * Speech features at a fixed frame rate (50 Hz for wav2vec 2.0 / HuBERT style encoders) from 16 kHz
 * mono audio, whole-utterance or streaming.
 *
 * <p>Frame {@code t} of an encoder with receptive field {@code R} samples and hop {@code H} covers
 * samples {@code [H t, H t + R)}; {@link #frameCount(long)} gives how many frames N samples make.
 */
public interface SpeechEncoder extends AutoCloseable {
    int SAMPLE_RATE = 16_000;

    /** Output frames per second. */
    double frameRate();

    /** Feature size per frame. */
    int dimension();

    /** Frames of future audio a streaming frame waits for before it is emitted. */
    int lookaheadFrames();

    /** Frames produced by {@code samples} input samples. */
    long frameCount(long samples);

    /** Encodes a whole utterance: {@code [frameCount(samples.length)][dimension()]}. */
    float[][] encode(float[] samples) throws SpeechEncoderException;

    /** Starts a streaming session (one per audio stream; a session is used by one thread). */
    StreamingSession openStream();

    @Override
    void close();

    /** Receives a frame; the array is reused after the call. */
    @FunctionalInterface
    interface FrameSink {
        void frame(long index, float[] features);
    }

    /**
     * Streaming: feed audio in any chunk sizes; frames are emitted in order once their look-ahead has
     * arrived, each computed with up to the encoder's left context of earlier audio.
     */
    interface StreamingSession {
        void accept(float[] samples, int offset, int length, FrameSink sink) throws SpeechEncoderException;

        /** End of audio: emits the remaining frames with whatever look-ahead exists. */
        void flush(FrameSink sink) throws SpeechEncoderException;

        /** Frames emitted so far. */
        long framesEmitted();
    }
}
