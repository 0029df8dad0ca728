package io.adamesh.audio;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes the audio of any file FFmpeg reads (wav, flac, mp3, ogg/opus, m4a/aac, and the audio track
 * of mp4/mov/mkv/webm) to 16 kHz mono float: channels are averaged, then {@link Resampler} converts
 * the rate. {@link #decode} streams chunks to a sink (a long file never exists twice in memory);
 * {@link #decodeAll} collects the whole track.
 */
public final class AudioFileDecoder {
    public static final int TARGET_RATE = 16_000;
    /** -60 dBFS. */
    public static final float SILENCE_PEAK = 0.001f;
    private static final int CHUNK = 8192;

    /** Receives decoded 16 kHz mono samples; the array is reused after the call returns. */
    @FunctionalInterface
    public interface ChunkSink {
        void accept(float[] samples, int offset, int length);
    }

    static {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    /** Streams the file's audio to {@code sink} in chunks and returns what was found. */
    public DecodedAudioInfo decode(Path file, ChunkSink sink) throws AudioDecodeException {
        checkReadable(file);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setSampleMode(FrameGrabber.SampleMode.FLOAT);
        try {
            try {
                grabber.start();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                throw new AudioDecodeException(file, "not a readable audio or video file (FFmpeg: "
                        + firstLine(e.getMessage()) + ")", e);
            }
            if (!grabber.hasAudio() || grabber.getAudioChannels() <= 0 || grabber.getSampleRate() <= 0) {
                throw new AudioDecodeException(file, grabber.hasVideo()
                        ? "it has no audio track (format '" + grabber.getFormat() + "', video only or an image)"
                        : "it has no audio track");
            }
            int rate = grabber.getSampleRate();
            int channels = grabber.getAudioChannels();
            Resampler resampler = new Resampler(rate, TARGET_RATE);
            float[] mono = new float[CHUNK];
            float[] out = new float[resampler.maxOutput(CHUNK)];
            long sourceFrames = 0;
            long produced = 0;
            float peak = 0f;
            Frame frame;
            while (true) {
                try {
                    frame = grabber.grabSamples();
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    throw new AudioDecodeException(file, "the data is corrupt after "
                            + String.format("%.2f s", sourceFrames / (double) rate)
                            + " (FFmpeg: " + firstLine(e.getMessage()) + ")", e);
                }
                if (frame == null) {
                    break;
                }
                if (frame.samples == null) {
                    continue;
                }
                int n = frameLength(frame.samples, channels);
                for (int start = 0; start < n; start += CHUNK) {
                    int len = Math.min(CHUNK, n - start);
                    downmix(frame.samples, channels, start, len, mono);
                    int m = resampler.process(mono, 0, len, out, 0);
                    peak = Math.max(peak, peak(out, m));
                    produced += m;
                    if (m > 0) {
                        sink.accept(out, 0, m);
                    }
                }
                sourceFrames += n;
            }
            int m = resampler.flush(out, 0);
            peak = Math.max(peak, peak(out, m));
            produced += m;
            if (m > 0) {
                sink.accept(out, 0, m);
            }
            if (sourceFrames == 0) {
                throw new AudioDecodeException(file, "the audio track contains no samples (empty or truncated)");
            }
            double declared = declaredAudioSeconds(file, grabber);
            double decoded = sourceFrames / (double) rate;
            if (declared > 0.05 && decoded < 0.9 * declared) {
                throw new AudioDecodeException(file, String.format(
                        "it is truncated: audio ends after %.2f s of the %.2f s the file declares", decoded, declared));
            }
            return new DecodedAudioInfo(file, grabber.getFormat(), grabber.getAudioCodecName(), rate, channels,
                    produced, peak, peak < SILENCE_PEAK);
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception ignored) {
                // Nothing useful to report on close.
            }
        }
    }

    /** Decodes the whole track into one array. */
    public DecodedAudio decodeAll(Path file) throws AudioDecodeException {
        float[][] holder = {new float[1 << 16]};
        int[] length = {0};
        DecodedAudioInfo info = decode(file, (s, off, len) -> {
            if (length[0] + len > holder[0].length) {
                holder[0] = Arrays.copyOf(holder[0], Math.max(holder[0].length * 2, length[0] + len));
            }
            System.arraycopy(s, off, holder[0], length[0], len);
            length[0] += len;
        });
        float[] samples = holder[0].length == length[0] ? holder[0] : Arrays.copyOf(holder[0], length[0]);
        return new DecodedAudio(samples, info);
    }

    /**
     * Duration the file claims for its audio, or 0 if unknown: a WAV's data chunk size (FFmpeg trusts the
     * file size instead), else the audio stream's own duration.
     */
    private static double declaredAudioSeconds(Path file, FFmpegFrameGrabber grabber) {
        double wav = WavHeader.declaredSeconds(file);
        if (wav > 0) {
            return wav;
        }
        AVFormatContext ctx = grabber.getFormatContext();
        for (int i = 0; ctx != null && i < ctx.nb_streams(); i++) {
            AVStream s = ctx.streams(i);
            if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_AUDIO && s.duration() > 0
                    && s.duration() != avutil.AV_NOPTS_VALUE) {
                return s.duration() * avutil.av_q2d(s.time_base());
            }
        }
        return 0;
    }

    private static void checkReadable(Path file) throws AudioDecodeException {
        if (!Files.exists(file)) {
            throw new AudioDecodeException(file, "the file does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new AudioDecodeException(file, "it is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new AudioDecodeException(file, "it is not readable (permissions)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new AudioDecodeException(file, "the file is empty (0 bytes)");
            }
        } catch (IOException e) {
            throw new AudioDecodeException(file, "its size cannot be read: " + e.getMessage(), e);
        }
    }

    private static int frameLength(Buffer[] samples, int channels) {
        int total = samples[0].limit();
        return samples.length > 1 ? total : total / channels;
    }

    /** Averages channels of frames [start, start+len) into mono[0, len). */
    private static void downmix(Buffer[] samples, int channels, int start, int len, float[] mono) {
        boolean planar = samples.length > 1;
        int chans = planar ? samples.length : channels;
        float scale = 1f / chans;
        Arrays.fill(mono, 0, len, 0f);
        for (int c = 0; c < chans; c++) {
            Buffer b = planar ? samples[c] : samples[0];
            int stride = planar ? 1 : chans;
            int base = planar ? start : start * chans + c;
            for (int i = 0; i < len; i++) {
                mono[i] += sample(b, base + i * stride) * scale;
            }
        }
    }

    private static float sample(Buffer b, int index) {
        if (b instanceof FloatBuffer f) {
            return f.get(index);
        } else if (b instanceof ShortBuffer s) {
            return s.get(index) / 32768f;
        } else if (b instanceof IntBuffer i) {
            return i.get(index) / 2147483648f;
        } else if (b instanceof DoubleBuffer d) {
            return (float) d.get(index);
        } else if (b instanceof ByteBuffer y) {
            return ((y.get(index) & 0xff) - 128) / 128f;
        }
        throw new IllegalStateException("unsupported sample buffer " + b.getClass().getSimpleName());
    }

    private static float peak(float[] x, int n) {
        float p = 0f;
        for (int i = 0; i < n; i++) {
            p = Math.max(p, Math.abs(x[i]));
        }
        return p;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
