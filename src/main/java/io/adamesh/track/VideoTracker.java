package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.track.TrackingDataFiles.DataFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;

/**
 * The whole tracking pipeline for a video file: decode, detect and follow one face, 68 landmarks
 * and the pixel eye openness ({@link EyeOpenness}), fit the face model, and return a {@link TrackedClip}. Progress runs 0..1 (decoding and landmarks
 * take the first 70 %, fitting the rest).
 */
public final class VideoTracker {
    private final DlibShapePredictor predictor;
    private final Path cascade;
    private final FaceModel model;
    private double fovY = PinholeCamera.DEFAULT_FOV_Y;
    private int detectEvery = 5;

    public VideoTracker(DlibShapePredictor predictor, Path cascade, FaceModel model) {
        this.predictor = predictor;
        this.cascade = cascade;
        this.model = model;
    }

    /** Finds the data files or says how to install them. */
    public static VideoTracker fromInstalledData(TrackingDataFiles files, FaceModel model) throws IOException, TrackingException {
        Optional<Path> dat = files.locate(DataFile.DLIB_SHAPE_PREDICTOR_68);
        Optional<Path> xml = files.locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE);
        if (dat.isEmpty()) {
            throw new TrackingException("face tracking needs dlib's 68-point landmark model, which is not installed: "
                    + DataFile.DLIB_SHAPE_PREDICTOR_68.installHint()
                    + " (upstream: http://dlib.net/files/shape_predictor_68_face_landmarks.dat.bz2, non-commercial use)");
        }
        if (xml.isEmpty()) {
            throw new TrackingException("face tracking needs OpenCV's face cascade, which is not installed: "
                    + DataFile.OPENCV_FRONTAL_FACE_CASCADE.installHint());
        }
        return new VideoTracker(DlibShapePredictor.load(dat.get()), xml.get(), model);
    }

    public VideoTracker fieldOfView(double fovYRadians) {
        this.fovY = fovYRadians;
        return this;
    }

    public VideoTracker detectEvery(int frames) {
        this.detectEvery = frames;
        return this;
    }

    /** Timing of the last run, seconds. */
    public record Timing(int frames, double decodeAndLandmarks, double fitting) {}

    private Timing timing;

    public Timing lastTiming() { return timing; }

    /** Tracks {@code [fromSeconds, toSeconds)} of the video (toSeconds <= 0: to the end). */
    public TrackedClip track(Path video, double fromSeconds, double toSeconds, DoubleConsumer progress)
            throws VideoException, TrackingException, IOException {
        long t0 = System.nanoTime();
        List<float[]> lmks = new ArrayList<>();
        List<double[]> eyes = new ArrayList<>();
        double fps;
        int width, height;
        try (VideoReader reader = new VideoReader(video); FaceDetector detector = new FaceDetector(cascade)) {
            fps = reader.fps();
            width = reader.width();
            height = reader.height();
            double end = toSeconds > 0 ? Math.min(toSeconds, reader.durationSeconds()) : reader.durationSeconds();
            if (fromSeconds >= end && end > 0) {
                throw new TrackingException(String.format("%s: the range starts at %.2f s but the video is %.2f s long",
                        video, fromSeconds, reader.durationSeconds()));
            }
            int expected = Math.max(1, (int) Math.round((end - fromSeconds) * fps));
            LandmarkTracker tracker = new LandmarkTracker(detector, predictor, detectEvery);
            Optional<VideoReader.VideoFrame> f;
            while ((f = reader.next()).isPresent()) {
                VideoReader.VideoFrame frame = f.get();
                double t = frame.index() / fps;
                if (t < fromSeconds - 1e-6) {
                    continue;
                }
                if (toSeconds > 0 && t >= toSeconds - 1e-6) {
                    break;
                }
                float[] pts = tracker.next(frame.grey());
                lmks.add(pts);
                eyes.add(pts == null ? null : EyeOpenness.measure(frame.rgb(), frame.width(), frame.height(), pts));
                if (progress != null) {
                    progress.accept(0.7 * Math.min(1.0, lmks.size() / (double) expected));
                }
            }
        }
        if (lmks.isEmpty()) {
            throw new TrackingException(video + ": no video frames in the requested range");
        }
        long t1 = System.nanoTime();
        RigFitter fitter = new RigFitter(model, new PinholeCamera(width, height, fovY));
        TrackedClip clip;
        try {
            clip = new ClipTracker(fitter).track(lmks.toArray(float[][]::new), eyes.toArray(double[][]::new), fps,
                    progress == null ? null : p -> progress.accept(0.7 + 0.3 * p));
        } catch (TrackingException e) {
            throw new TrackingException(video + ": " + e.getMessage());
        }
        timing = new Timing(lmks.size(), (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
        return clip;
    }
}
