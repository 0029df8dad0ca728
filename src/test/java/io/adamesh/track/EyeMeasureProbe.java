package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.nio.file.Path;
import java.util.Arrays;

/** Developer probe: candidate eye-openness measures per frame of the closed-loop render (CSV on stdout). */
public final class EyeMeasureProbe {
    public static void main(String[] args) throws Exception {
        FaceModel m = FaceModel.load(Path.of("assets/openhead.npz"));
        int frames = Integer.parseInt(args[0]);
        FaceParams[] truth = new FaceParams[frames];
        Path video = ClosedLoopVideos.render(m, "talk", frames, truth);
        int blinkL = m.expressionIndex("eyeBlinkLeft"), blinkR = m.expressionIndex("eyeBlinkRight");
        System.out.println("frame,blinkR,blinkL,yaw,earR,earL,openR,openL");
        ClosedLoopVideos.track(video, 5, (fr, p, det) -> {
            FaceParams t = truth[fr.index()];
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%d,%.2f,%.2f,%.1f", fr.index(), t.expression(blinkR), t.expression(blinkL),
                    Math.toDegrees(t.pose()[FaceModel.NECK * 3 + 1])));
            if (p == null) {
                System.out.println(sb);
                return;
            }
            double[] vals = new double[4];
            vals[0] = BlinkVisibilityProbe.ear(p, 36);
            vals[1] = BlinkVisibilityProbe.ear(p, 42);
            double[] o = EyeOpenness.measure(fr.rgb(), fr.width(), fr.height(), p);
            vals[2] = o[0];
            vals[3] = o[1];
            for (double v : vals) sb.append(String.format(",%.3f", v));
            System.out.println(sb);
        });
        ClosedLoopVideos.delete(video);
    }
}
