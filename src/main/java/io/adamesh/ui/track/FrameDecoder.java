package io.adamesh.ui.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import io.adamesh.track.SyntheticFaceVideo;
import io.adamesh.track.VideoException;
import io.adamesh.track.VideoReader;
import io.adamesh.track.VideoReader.VideoFrame;
import io.adamesh.clip.Clip;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Random access to one video's frames and renders of the fitted head, for the reference panel. Runs
 * on background threads; every method is synchronized because {@link VideoReader} is not
 * thread-safe (one decode at a time, and close waits for a running decode).
 */
final class FrameDecoder implements AutoCloseable {
    static final int HEAD_WIDTH = 300, HEAD_HEIGHT = 340;
    static final int HEAD_BACKGROUND = 0x24272d;

    private final VideoReader reader;
    private final FaceModel model;
    private RigEvaluator rig;
    private MeshRasterizer raster;
    private float[] verts, normals;
    private FaceParams params;
    private VideoFrame last;
    private boolean closed;

    FrameDecoder(Path file, FaceModel model) throws VideoException {
        this.reader = new VideoReader(file);
        this.model = model;
    }

    Path file() { return reader.file(); }
    double fps() { return reader.fps(); }
    int width() { return reader.width(); }
    int height() { return reader.height(); }
    double durationSeconds() { return reader.durationSeconds(); }
    int frameCount() { return Math.max(1, reader.estimatedFrameCount()); }

    /** Frame {@code index} (clamped to the video); sequential reads avoid seeking. */
    synchronized VideoFrame frame(int index) throws VideoException {
        if (closed) {
            throw new VideoException(reader.file(), "the video was closed");
        }
        if (last != null && last.index() == index) {
            return last;
        }
        double fps = reader.fps();
        if (last == null || index != last.index() + 1) {
            // Aim a little before the frame's timestamp so rounding cannot skip past it.
            reader.seek(Math.max(0, (index - 0.3) / fps));
        }
        VideoFrame best = null;
        for (int guard = 0; guard < 600; guard++) {
            Optional<VideoFrame> f = reader.next();
            if (f.isEmpty()) {
                break;
            }
            best = f.get();
            if (Math.round(best.seconds() * fps) >= index) {
                break;
            }
        }
        if (best == null) {
            if (last != null) {
                return last;   // past the (estimated) end: keep showing the last frame
            }
            throw new VideoException(reader.file(), "no frame could be decoded at frame " + index);
        }
        last = new VideoFrame(index, best.seconds(), best.grey(), best.rgb());
        return last;
    }

    /** The fitted head at {@code clipFrame} of {@code clip}, facing the camera at a fixed distance. */
    synchronized BufferedImage renderHead(Clip clip, int clipFrame) {
        if (model == null) {
            return null;
        }
        if (rig == null) {
            rig = new RigEvaluator(model);
            raster = new MeshRasterizer(HEAD_WIDTH, HEAD_HEIGHT)
                    .lookAtHead(0, SyntheticFaceVideo.CAMERA_Y, 0, SyntheticFaceVideo.DISTANCE, Math.toRadians(34))
                    .background(HEAD_BACKGROUND);
            verts = new float[model.vertexCount() * 3];
            normals = new float[verts.length];
            params = model.newParams();
        }
        clip.applyFrame(clipFrame, model, params);
        // Show pose, jaw and expression, not where the head sits in the video frame.
        params.translation()[0] = 0;
        params.translation()[1] = 0;
        params.translation()[2] = 0;
        rig.evaluate(params, verts);
        rig.computeNormals(verts, normals);
        return raster.render(verts, model, normals);
    }

    @Override public synchronized void close() {
        closed = true;
        reader.close();
    }
}
