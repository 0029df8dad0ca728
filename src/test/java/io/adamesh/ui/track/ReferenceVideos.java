package io.adamesh.ui.track;

import io.adamesh.face.FaceModel;
import io.adamesh.track.PinholeCamera;
import io.adamesh.track.SyntheticFaceVideo;
import java.io.IOException;
import java.nio.file.Path;

/** Small rendered test videos of OpenHead (the tracker's default field of view, so the fit is fair). */
final class ReferenceVideos {
    static final int BACKGROUND = 0x3a3f47;
    private static FaceModel head;

    private ReferenceVideos() {}

    static synchronized FaceModel openHead() throws IOException {
        if (head == null) {
            head = FaceModel.load(Path.of("assets/openhead.npz"));
        }
        return head;
    }

    /** A talking head, {@code seconds} long at {@code fps}. */
    static Path talking(Path dir, String name, int width, int height, double fps, double seconds) throws IOException {
        Path out = dir.resolve(name);
        FaceModel m = openHead();
        SyntheticFaceVideo.render(m, SyntheticFaceVideo.talkingHead(m), width, height, fps,
                (int) Math.round(fps * seconds), PinholeCamera.DEFAULT_FOV_Y, out, null);
        return out;
    }

    /** The head moved out of the picture: frames without any face. */
    static Path empty(Path dir, String name, double fps, double seconds) throws IOException {
        Path out = dir.resolve(name);
        FaceModel m = openHead();
        SyntheticFaceVideo.render(m, (i, t, p) -> {
            p.resetExpressionAndPose();
            p.translation()[0] = 5f;
        }, 160, 120, fps, (int) Math.round(fps * seconds), PinholeCamera.DEFAULT_FOV_Y, out, null);
        return out;
    }
}
