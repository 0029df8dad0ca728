package io.adamesh.track;

import io.adamesh.audio.AudioDecodeException;
import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.audio.DecodedAudio;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Reads a reference video (mp4, mov, mkv, webm, avi, anything FFmpeg opens) frame by frame through
 * JavaCV, as grey (for detection and landmarks) and packed RGB (for display). Not thread-safe.
 */
public final class VideoReader implements AutoCloseable {
    /** One decoded frame: index, timestamp, grey and RGB pixels (both row-major). */
    public record VideoFrame(int index, double seconds, GreyImage grey, byte[] rgb) {
        public int width() { return grey.width(); }
        public int height() { return grey.height(); }

        public BufferedImage toImage() {
            BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
            int[] px = new int[width() * height()];
            for (int i = 0; i < px.length; i++) {
                px[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
            }
            img.setRGB(0, 0, width(), height(), px, 0, width());
            return img;
        }
    }

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final double fps;
    private final int width, height;
    private final double durationSeconds;
    private int index;

    public VideoReader(Path file) throws VideoException {
        this.file = file;
        if (!Files.isRegularFile(file)) {
            throw new VideoException(file, "file not found");
        }
        if (!Files.isReadable(file)) {
            throw new VideoException(file, "file is not readable");
        }
        grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly();
            throw new VideoException(file, "not a readable video (corrupt or unsupported format; FFmpeg: "
                    + firstLine(e.getMessage()) + ")", e);
        }
        if (!grabber.hasVideo() || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            releaseQuietly();
            throw new VideoException(file, "it has no video stream" + (grabber.hasAudio() ? " (audio only)" : ""));
        }
        double rate = grabber.getFrameRate();
        fps = rate > 0 && rate < 1000 ? rate : 30.0;
        width = grabber.getImageWidth();
        height = grabber.getImageHeight();
        long micros = grabber.getLengthInTime();
        durationSeconds = micros > 0 ? micros / 1e6 : grabber.getLengthInVideoFrames() / fps;
    }

    public Path file() { return file; }
    public double fps() { return fps; }
    public int width() { return width; }
    public int height() { return height; }
    public double durationSeconds() { return durationSeconds; }
    public int estimatedFrameCount() { return (int) Math.round(durationSeconds * fps); }

    /** The next frame, or empty at the end of the stream. */
    public Optional<VideoFrame> next() throws VideoException {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoException(file, String.format("the video data is corrupt after frame %d (FFmpeg: %s)",
                    index, firstLine(e.getMessage())), e);
        }
        if (frame == null || frame.image == null) {
            return Optional.empty();
        }
        int w = frame.imageWidth, h = frame.imageHeight, stride = frame.imageStride;
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        byte[] rgb = new byte[w * h * 3];
        byte[] grey = new byte[w * h];
        byte[] row = new byte[w * 3];
        for (int y = 0; y < h; y++) {
            buf.position(y * stride);
            buf.get(row, 0, w * 3);
            System.arraycopy(row, 0, rgb, y * w * 3, w * 3);
            for (int x = 0; x < w; x++) {
                grey[y * w + x] = (byte) (((row[3 * x] & 0xff) + (row[3 * x + 1] & 0xff) + (row[3 * x + 2] & 0xff)) / 3);
            }
        }
        double seconds = frame.timestamp > 0 ? frame.timestamp / 1e6 : index / fps;
        return Optional.of(new VideoFrame(index++, seconds, new GreyImage(grey, w, h), rgb));
    }

    /** Positions the reader at {@code seconds} (the next frame is the first at or after it). */
    public void seek(double seconds) throws VideoException {
        try {
            grabber.setVideoTimestamp(Math.round(seconds * 1e6));
            index = (int) Math.round(seconds * fps);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new VideoException(file, "cannot seek to " + seconds + " s (FFmpeg: " + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** The video's sound at 16 kHz mono, or empty when it has no audio track. */
    public Optional<DecodedAudio> audio() throws VideoException {
        if (!grabber.hasAudio()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new AudioFileDecoder().decodeAll(file));
        } catch (AudioDecodeException e) {
            throw new VideoException(file, "its audio track cannot be decoded: " + e.reason(), e);
        }
    }

    @Override public void close() {
        releaseQuietly();
    }

    private void releaseQuietly() {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // nothing useful to report on close
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
