package io.adamesh.audio;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Writes audio files: WAV in every PCM flavour (written byte by byte here) and compressed formats
 * through FFmpeg. Used for test fixtures, the bench, and exporting a session's voice track.
 */
public final class AudioFileWriter {
    static {
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);   // FFmpeg would print stream dumps to stderr
    }

    private AudioFileWriter() {
    }

    /** WAV sample encodings. */
    public enum WavEncoding {
        PCM_U8(8, 1), PCM_S16(16, 1), PCM_S24(24, 1), PCM_S32(32, 1), FLOAT32(32, 3);

        final int bits;
        final int formatTag;

        WavEncoding(int bits, int formatTag) {
            this.bits = bits;
            this.formatTag = formatTag;
        }
    }

    /** Compressed targets: FFmpeg container and codec. */
    public enum Compressed {
        FLAC("flac", avcodec.AV_CODEC_ID_FLAC, "flac"),
        MP3("mp3", avcodec.AV_CODEC_ID_MP3, "mp3"),
        OGG_VORBIS("ogg", avcodec.AV_CODEC_ID_VORBIS, "ogg"),
        OGG_OPUS("ogg", avcodec.AV_CODEC_ID_OPUS, "opus"),
        M4A_AAC("mp4", avcodec.AV_CODEC_ID_AAC, "m4a");

        public final String container;
        public final int codec;
        public final String extension;

        Compressed(String container, int codec, String extension) {
            this.container = container;
            this.codec = codec;
            this.extension = extension;
        }
    }

    /** Produces the next block of interleaved samples into {@code buffer}; returns frames written, 0 at end. */
    @FunctionalInterface
    public interface SampleSource {
        int read(float[] buffer, int maxFrames);
    }

    /** Writes interleaved samples in [-1, 1] as a WAV file. */
    public static void writeWav(Path file, float[] interleaved, int rate, int channels, WavEncoding enc)
            throws IOException {
        int bytesPerSample = enc.bits / 8;
        long dataBytes = (long) interleaved.length * bytesPerSample;
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) (36 + dataBytes))
                .put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) enc.formatTag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bytesPerSample).putShort((short) (channels * bytesPerSample))
                .putShort((short) enc.bits)
                .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) dataBytes);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(header.array());
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : interleaved) {
                double x = Math.max(-1.0, Math.min(1.0, v));
                b.clear();
                switch (enc) {
                    case PCM_U8 -> b.put((byte) (Math.round(x * 127.0) + 128));
                    case PCM_S16 -> b.putShort((short) Math.round(x * 32767.0));
                    case PCM_S24 -> {
                        int s = (int) Math.round(x * 8388607.0);
                        b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    }
                    case PCM_S32 -> b.putInt((int) Math.round(x * 2147483647.0));
                    case FLOAT32 -> b.putFloat((float) x);
                    default -> throw new IllegalStateException();
                }
                out.write(b.array(), 0, b.position());
            }
        }
    }

    /** Encodes interleaved samples pulled from {@code source} with FFmpeg. */
    public static void encode(Path file, Compressed format, int rate, int channels, SampleSource source)
            throws IOException {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), channels);
        recorder.setFormat(format.container);
        recorder.setAudioCodec(format.codec);
        recorder.setSampleRate(rate);
        recorder.setAudioBitrate(format == Compressed.OGG_OPUS ? 96_000 : 128_000);
        record(recorder, file, rate, channels, source, false);
    }

    /**
     * Writes a small video (moving grey frames, MPEG-4 part 2) with or without an audio track, for
     * tests of the "audio track of a video" path. {@code container}: mp4, mov, mkv (matroska) or webm.
     */
    public static void encodeVideo(Path file, String container, int rate, int channels, SampleSource audio)
            throws IOException {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 64, 48, audio == null ? 0 : channels);
        boolean webm = container.equals("webm");
        recorder.setFormat(container.equals("mkv") ? "matroska" : container);
        recorder.setVideoCodec(webm ? avcodec.AV_CODEC_ID_VP8 : avcodec.AV_CODEC_ID_MPEG4);
        recorder.setFrameRate(25);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        if (audio != null) {
            recorder.setAudioCodec(webm ? avcodec.AV_CODEC_ID_OPUS : avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(rate);
            recorder.setAudioBitrate(128_000);
        }
        record(recorder, file, rate, channels, audio, true);
    }

    private static void record(FFmpegFrameRecorder recorder, Path file, int rate, int channels,
            SampleSource source, boolean video) throws IOException {
        try {
            recorder.start();
            float[] block = new float[1024 * Math.max(1, channels)];
            FloatBuffer fb = FloatBuffer.allocate(block.length);
            long audioFrames = 0;
            long videoFrames = 0;
            Frame image = video ? new Frame(64, 48, Frame.DEPTH_UBYTE, 3) : null;
            while (true) {
                int n = source == null ? (videoFrames < 50 ? 1024 : 0) : source.read(block, 1024);
                if (n <= 0) {
                    break;
                }
                if (source != null) {
                    fb.clear();
                    fb.put(block, 0, n * channels).flip();
                    recorder.recordSamples(rate, channels, fb);
                    audioFrames += n;
                }
                while (video && (source == null ? videoFrames < 50 : videoFrames * rate < audioFrames * 25L)) {
                    ByteBuffer pixels = (ByteBuffer) image.image[0];
                    for (int i = 0; i < pixels.capacity(); i++) {
                        pixels.put(i, (byte) (videoFrames * 5 + i));
                    }
                    recorder.record(image);
                    videoFrames++;
                }
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // already reported or nothing to release
            }
        }
    }

    /** A sine tone as a source: {@code seconds} long, same signal in every channel. */
    public static SampleSource tone(int rate, int channels, double hz, double amplitude, double seconds) {
        long total = Math.round(rate * seconds);
        long[] pos = {0};
        return (buf, max) -> {
            int n = (int) Math.min(max, total - pos[0]);
            for (int i = 0; i < n; i++) {
                float v = (float) (amplitude * Math.sin(2 * Math.PI * hz * (pos[0] + i) / rate));
                for (int c = 0; c < channels; c++) {
                    buf[i * channels + c] = v;
                }
            }
            pos[0] += n;
            return n;
        };
    }
}
