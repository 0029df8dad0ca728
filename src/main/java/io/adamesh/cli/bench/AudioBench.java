package io.adamesh.cli.bench;

import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.audio.AudioFileWriter;
import io.adamesh.audio.AudioPlayer;
import io.adamesh.audio.JavaSoundOutputLine;
import io.adamesh.audio.LogMel;
import io.adamesh.audio.MicrophoneCapture;
import io.adamesh.audio.Resampler;
import io.adamesh.audio.RingBuffer;
import io.adamesh.audio.SimulatedOutputLine;
import io.adamesh.audio.StreamCaptureSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * {@code bench} section "audio": capture-to-ring latency with a fed source, decode speed of a
 * 10-minute mp3, resampler and log-mel throughput on one thread, and playback clock drift over 10
 * minutes. All speeds are "x real time" (seconds of audio per second of work).
 */
public final class AudioBench implements BenchSection {
    @Override
    public String name() {
        return "audio";
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        context.progress().accept("audio: capture latency");
        out.put("capture_16k", captureLatency(16_000, context.quick() ? 100 : 500));
        out.put("capture_48k", captureLatency(48_000, context.quick() ? 100 : 500));
        context.progress().accept("audio: resampler and log-mel throughput");
        out.put("resample_44k1_to_16k_x_realtime", resampleSpeed(44_100, context.quick() ? 30 : 120));
        out.put("resample_48k_to_16k_x_realtime", resampleSpeed(48_000, context.quick() ? 30 : 120));
        out.put("logmel_x_realtime", logMelSpeed(context.quick() ? 30 : 120));
        context.progress().accept("audio: mp3 decode");
        out.put("mp3_decode", mp3Decode(context.quick() ? 60 : 600));
        context.progress().accept("audio: playback clock drift");
        out.put("playback_clock", playbackDrift(context.quick() ? 60 : 600));
        return out;
    }

    /** Hands 10 ms blocks to the capture path one at a time; times until each is readable in the ring. */
    static Map<String, Object> captureLatency(int rate, int blocks) throws Exception {
        int block = rate / 100;
        BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
        long[] handed = new long[blocks];
        InputStream fed = new InputStream() {
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos == current.length) {
                    try {
                        current = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return -1;
                    }
                    pos = 0;
                    if (current.length == 0) {
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };
        RingBuffer ring = new RingBuffer(16_000 * 4);
        MicrophoneCapture capture = new MicrophoneCapture(ring, null);
        capture.start(new StreamCaptureSource(new AudioInputStream(fed, new AudioFormat(rate, 16, 1, true, false),
                AudioSystem.NOT_SPECIFIED), false));
        Resampler model = new Resampler(rate, 16_000);
        double[] latencyMs = new double[blocks];
        byte[] pcm = new byte[block * 2];
        long inputSoFar = 0;
        for (int i = 0; i < blocks; i++) {
            inputSoFar += block;
            // Outputs computable once this block is in: those whose look-ahead lies within the input so far.
            long expected = Math.max(0, (inputSoFar - model.lookaheadInputSamples()) * 16_000 / rate);
            handed[i] = System.nanoTime();
            queue.put(pcm);
            long deadline = handed[i] + 2_000_000_000L;
            while (ring.written() < expected && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            latencyMs[i] = (System.nanoTime() - handed[i]) / 1e6;
        }
        queue.put(new byte[0]);
        capture.awaitEnd(2000);
        capture.stop();
        double[] sorted = latencyMs.clone();
        Arrays.sort(sorted);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", "fed stream (no sound card), 10 ms blocks at " + rate + " Hz");
        m.put("handoff_to_ring_ms_p50", round(sorted[sorted.length / 2], 3));
        m.put("handoff_to_ring_ms_p99", round(sorted[(int) (sorted.length * 0.99)], 3));
        m.put("handoff_to_ring_ms_max", round(sorted[sorted.length - 1], 3));
        m.put("resampler_lookahead_ms", round(model.lookaheadInputSamples() * 1000.0 / rate, 3));
        m.put("block_ms", 10);
        return m;
    }

    static double resampleSpeed(int rate, int seconds) {
        float[] x = tone(rate, seconds);
        Resampler r = new Resampler(rate, 16_000);
        float[] out = new float[r.maxOutput(4096)];
        for (int pos = 0; pos < rate; pos += 4096) {   // warm-up: 1 s
            r.process(x, pos, 4096, out, 0);
        }
        r.reset();
        long t0 = System.nanoTime();
        for (int pos = 0; pos < x.length; pos += 4096) {
            r.process(x, pos, Math.min(4096, x.length - pos), out, 0);
        }
        return round(seconds / ((System.nanoTime() - t0) / 1e9), 1);
    }

    static double logMelSpeed(int seconds) {
        float[] x = tone(16_000, seconds);
        LogMel mel = new LogMel();
        LogMel.FrameSink sink = (i, m) -> { };
        mel.accept(x, 0, 16_000, sink);   // warm-up
        mel.reset();
        long t0 = System.nanoTime();
        for (int pos = 0; pos < x.length; pos += 1600) {
            mel.accept(x, pos, Math.min(1600, x.length - pos), sink);
        }
        return round(seconds / ((System.nanoTime() - t0) / 1e9), 1);
    }

    static Map<String, Object> mp3Decode(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("adamesh-audio-bench");
        Path mp3 = dir.resolve("tone-" + seconds + "s.mp3");
        try {
            long e0 = System.nanoTime();
            AudioFileWriter.encode(mp3, AudioFileWriter.Compressed.MP3, 44_100, 2,
                    AudioFileWriter.tone(44_100, 2, 440, 0.5, seconds));
            double encodeSeconds = (System.nanoTime() - e0) / 1e9;
            AudioFileDecoder decoder = new AudioFileDecoder();
            long[] samples = {0};
            long t0 = System.nanoTime();
            decoder.decode(mp3, (s, off, len) -> samples[0] += len);
            double decodeSeconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("input", seconds + " s mp3, 44.1 kHz stereo, 128 kbit/s, generated");
            m.put("decode_to_16k_mono_x_realtime", round(seconds / decodeSeconds, 1));
            m.put("decode_seconds", round(decodeSeconds, 2));
            m.put("output_seconds", round(samples[0] / 16_000.0, 3));
            m.put("encode_seconds_not_counted", round(encodeSeconds, 2));
            return m;
        } finally {
            Files.deleteIfExists(mp3);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Plays {@code seconds} of silence through a simulated line driven by a virtual clock and compares
     * the player's clock with the line's elapsed time (minus its declared latency) along the way.
     */
    static Map<String, Object> playbackDrift(int seconds) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        boolean soundCard;
        try (JavaSoundOutputLine real = JavaSoundOutputLine.openDefault(100, 0)) {
            soundCard = real != null;
        } catch (JavaSoundOutputLine.PlaybackUnavailableException e) {
            soundCard = false;
        }
        SimulatedOutputLine.Clock clock = SimulatedOutputLine.Clock.virtual();
        int latencyFrames = 16 * 40;  // 40 ms declared device latency
        SimulatedOutputLine line = new SimulatedOutputLine(clock, 16 * 100, latencyFrames);
        double worst = 0;
        double last = 0;
        int samples = 0;
        try (AudioPlayer player = new AudioPlayer(new float[16_000 * seconds + 16_000], line)) {
            player.play();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (clock.nanos() < seconds * 1_000_000_000L && System.nanoTime() < deadline) {
                Thread.sleep(1);
                long before = clock.nanos();
                double position = player.positionSeconds();
                if (clock.nanos() != before) {
                    continue;   // the virtual clock stepped between the reads: not a consistent pair
                }
                double elapsed = Math.max(0, before / 1e9 - latencyFrames / 16_000.0);
                worst = Math.max(worst, Math.abs(position - elapsed));
                samples++;
            }
            player.pause();
            last = player.positionSeconds() - (clock.nanos() / 1e9 - latencyFrames / 16_000.0);
        }
        m.put("line", "simulated (virtual clock)" + (soundCard ? "; a sound card exists but a 10-minute real run is not part of bench"
                : "; no sound card on this machine"));
        m.put("duration_s", seconds);
        m.put("drift_end_ms", round(last * 1000, 3));
        m.put("drift_max_abs_ms", round(worst * 1000, 3));
        m.put("drift_checks", samples);
        return m;
    }

    private static float[] tone(int rate, int seconds) {
        float[] x = new float[rate * seconds];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / rate));
        }
        return x;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
