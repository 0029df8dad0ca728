package io.adamesh.track;

import io.adamesh.face.FaceModel;
import java.nio.file.Path;

/** Developer probe: writes a closed-loop schedule to a video. Args: OUT.mp4 frames schedule (talk | gaze | lids). */
public final class RenderScheduleProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        SyntheticFaceVideo.render(m, ClosedLoopTrackingTest.schedule(m, args[2]), 640, 480, 30, Integer.parseInt(args[1]),
                Math.toRadians(30), Path.of(args[0]), null);
    }
}
