package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Test-scope: what the closed-loop developer probes share. A closed-loop schedule rendered the way
 * {@link ClosedLoopTrackingTest} renders it (640x480, 30 fps, its field of view), and dlib's landmarks
 * tracked over a video frame by frame with the studio's {@link LandmarkTracker}.
 */
final class ClosedLoopVideos {
    static final int WIDTH = 640, HEIGHT = 480, FPS = 30;

    private ClosedLoopVideos() {}

    /** Renders {@code frames} of the named schedule into a new temporary mp4; fills {@code truth} when not null. */
    static Path render(FaceModel model, String schedule, int frames, FaceParams[] truth) throws Exception {
        Path video = Files.createTempDirectory("closedloop").resolve("head.mp4");
        SyntheticFaceVideo.render(model, ClosedLoopTrackingTest.schedule(model, schedule), WIDTH, HEIGHT, FPS, frames,
                ClosedLoopTrackingTest.FOV, video, truth == null ? new FaceParams[frames] : truth);
        return video;
    }

    /** Deletes a video made by {@link #render} and its folder. */
    static void delete(Path video) throws Exception {
        Files.deleteIfExists(video);
        Files.deleteIfExists(video.getParent());
    }

    /** Called for every frame with dlib's 68 points (null where no face was tracked). */
    interface FrameVisitor {
        void frame(VideoReader.VideoFrame frame, float[] points, FaceDetector detector) throws Exception;
    }

    /** Tracks dlib's points over {@code video}, detecting the face every {@code detectEvery} frames. */
    static void track(Path video, int detectEvery, FrameVisitor visitor) throws Exception {
        DlibShapePredictor sp = DlibFaces.predictor();
        try (VideoReader r = new VideoReader(video); FaceDetector det = new FaceDetector(DlibFaces.cascade())) {
            LandmarkTracker lt = new LandmarkTracker(det, sp, detectEvery);
            Optional<VideoReader.VideoFrame> f;
            while ((f = r.next()).isPresent()) {
                VideoReader.VideoFrame fr = f.get();
                visitor.frame(fr, lt.next(fr.grey()), det);
            }
        }
    }
}
