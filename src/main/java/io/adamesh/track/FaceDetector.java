package io.adamesh.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal face detection with an OpenCV cascade (Haar or LBP, Debian {@code opencv-data}) through
 * JavaCV. Detects on a downscaled copy (longest side {@value #DETECT_SIZE} px) for speed and returns
 * boxes in full-resolution pixels, adjusted to the box convention dlib's 68-point model was trained
 * with (dlib's HOG detector boxes are tighter and lower than OpenCV's Haar boxes). Not thread-safe.
 */
public final class FaceDetector implements AutoCloseable {
    static final int DETECT_SIZE = 480;
    private final CascadeClassifier cascade;

    public FaceDetector(Path cascadeFile) throws IOException {
        if (!Files.isRegularFile(cascadeFile)) {
            throw new IOException(cascadeFile + ": face cascade not found");
        }
        cascade = new CascadeClassifier();
        if (!cascade.load(cascadeFile.toString()) || cascade.empty()) {
            cascade.close();
            throw new IOException(cascadeFile + ": not an OpenCV cascade");
        }
    }

    /** Candidate faces in {@code image}, largest first. */
    public List<FaceBox> detect(GreyImage image) {
        double scale = Math.min(1.0, (double) DETECT_SIZE / Math.max(image.width(), image.height()));
        List<FaceBox> out = new ArrayList<>();
        try (BytePointer data = new BytePointer(image.pixels());
             Mat full = new Mat(image.height(), image.width(), opencv_core.CV_8UC1, data);
             Mat small = new Mat();
             Mat eq = new Mat();
             RectVector found = new RectVector()) {
            Mat src = full;
            if (scale < 1.0) {
                opencv_imgproc.resize(full, small, new Size((int) Math.round(image.width() * scale),
                        (int) Math.round(image.height() * scale)), 0, 0, opencv_imgproc.INTER_AREA);
                src = small;
            }
            opencv_imgproc.equalizeHist(src, eq);
            int minSide = Math.max(24, (int) (Math.min(eq.cols(), eq.rows()) * 0.08));
            cascade.detectMultiScale(eq, found, 1.1, 4, 0, new Size(minSide, minSide), new Size());
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                out.add(toDlibConvention(r.x() / scale, r.y() / scale, r.width() / scale, r.height() / scale));
            }
        }
        out.sort((a, b) -> Double.compare(b.area(), a.area()));
        return out;
    }

    /**
     * OpenCV's frontal Haar box is larger than dlib's detector box and sits higher (it includes more
     * forehead); shrink it to 80 % and move it down by 8 % of its height.
     */
    static FaceBox toDlibConvention(double x, double y, double w, double h) {
        double cx = x + w / 2, cy = y + h / 2 + 0.08 * h;
        double s = 0.8 * Math.max(w, h);
        return FaceBox.ofSize(cx - s / 2, cy - s / 2, s, s);
    }

    @Override public void close() {
        cascade.close();
    }
}
