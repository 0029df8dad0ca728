package io.adamesh.timeline;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.function.DoubleConsumer;

/**
 * Bakes a project's animation — the generated base plus every unmuted edit layer, as
 * {@link Evaluator} sees it — into a {@link Clip} on the face model's channel layout, one frame per
 * {@code 1 / fps} from time 0 to the project's extent. This is what the studio exports.
 */
public final class TimelineClipBaker {
    private TimelineClipBaker() {}

    /** Bakes at the project's own frame rate; {@code progress} receives 0..1 (may be null). */
    public static Clip bake(Project project, FaceModel model, DoubleConsumer progress) {
        return bake(project, model, null, project.fps(), progress);
    }

    /** @param identity whose identity shape the clip carries (the studio's shape sliders), or null for the mean face */
    public static Clip bake(Project project, FaceModel model, FaceParams identity, double fps, DoubleConsumer progress) {
        int frames = Math.max(1, (int) Math.round(project.extent() * fps));
        Evaluator ev = new Evaluator(project);
        FaceParams p = model.newParams();
        if (identity != null) p.copyFrom(identity);
        Clip.Builder b = new Clip.Builder(model, fps);
        for (int f = 0; f < frames; f++) {
            ev.evaluate(f / fps, model, p);
            b.add(p);
            if (progress != null && (f & 31) == 0) {
                if (Thread.currentThread().isInterrupted()) throw new java.util.concurrent.CancellationException("cancelled");
                progress.accept(f / (double) frames);
            }
        }
        if (progress != null) progress.accept(1);
        return b.build();
    }
}
