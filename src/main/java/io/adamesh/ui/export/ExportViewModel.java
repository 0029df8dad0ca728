package io.adamesh.ui.export;

import io.adamesh.clip.Clip;
import io.adamesh.export.ExportException;
import io.adamesh.export.ExportFormat;
import io.adamesh.export.ExportOptions;
import io.adamesh.export.ExportScene;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.timeline.MediaClip;
import io.adamesh.timeline.Project;
import io.adamesh.timeline.TimedClip;
import io.adamesh.timeline.TimelineClipBaker;
import io.adamesh.ui.tasks.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The Export clip dialog's state (no scene graph): format, frame range (all, in–out, custom), frame
 * rate, unit, up axis, baked head pose (Alembic only) and the output file, with a validation message
 * that is empty when the export can run. {@link #request()} freezes it into an {@link ExportRequest}.
 *
 * <p>In–out is the selected clip's span on the timeline, else the span of the voice clips, else all.
 */
public final class ExportViewModel {
    public enum Range { ALL, IN_OUT, CUSTOM }

    private final Project project;
    private final double inPoint, outPoint;
    private final ObjectProperty<ExportFormat> format = new SimpleObjectProperty<>(ExportFormat.FBX);
    private final ObjectProperty<Range> range = new SimpleObjectProperty<>(Range.ALL);
    private final DoubleProperty customStart = new SimpleDoubleProperty(0);
    private final DoubleProperty customEnd;
    private final IntegerProperty fps = new SimpleIntegerProperty(30);
    private final ObjectProperty<ExportOptions.Unit> unit = new SimpleObjectProperty<>(ExportOptions.Unit.M);
    private final ObjectProperty<ExportOptions.UpAxis> up = new SimpleObjectProperty<>(ExportOptions.UpAxis.Y);
    private final BooleanProperty bakeHeadPose = new SimpleBooleanProperty(false);
    private final ObjectProperty<Path> output = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rangeText = new ReadOnlyStringWrapper("");

    /** What the dialog asks for, frozen. Times in seconds on the timeline. */
    public record ExportRequest(ExportFormat format, double start, double end, ExportOptions options, Path output) {}

    public ExportViewModel(Project project, Set<String> selectedClipIds) {
        this.project = project;
        double a = -1, b = -1;
        for (var track : new io.adamesh.timeline.Track<?>[] {project.voice(), project.animation(), project.reference()}) {
            for (TimedClip c : track.clips()) {
                if (selectedClipIds.contains(c.id())) {
                    a = a < 0 ? c.start() : Math.min(a, c.start());
                    b = Math.max(b, c.end());
                }
            }
        }
        if (a < 0) {
            for (MediaClip c : project.voice().clips()) {
                a = a < 0 ? c.start() : Math.min(a, c.start());
                b = Math.max(b, c.end());
            }
        }
        if (a < 0 || b <= a) { a = 0; b = project.extent(); }
        inPoint = a;
        outPoint = b;
        customEnd = new SimpleDoubleProperty(project.extent());
        for (double f : ExportOptions.SUPPORTED_FPS) if (f == project.fps()) fps.set((int) f);
        format.addListener((o, x, f) -> {
            if (f != ExportFormat.ABC) bakeHeadPose.set(false);
            Path out = output.get();
            if (out != null) output.set(withExtension(out, f));
        });
        javafx.beans.Observable[] deps = {format, range, customStart, customEnd, fps, output};
        for (javafx.beans.Observable d : deps) d.addListener(x -> validate());
        validate();
    }

    public ObjectProperty<ExportFormat> formatProperty() { return format; }
    public ObjectProperty<Range> rangeProperty() { return range; }
    public DoubleProperty customStartProperty() { return customStart; }
    public DoubleProperty customEndProperty() { return customEnd; }
    public IntegerProperty fpsProperty() { return fps; }
    public ObjectProperty<ExportOptions.Unit> unitProperty() { return unit; }
    public ObjectProperty<ExportOptions.UpAxis> upProperty() { return up; }
    public BooleanProperty bakeHeadPoseProperty() { return bakeHeadPose; }
    public ObjectProperty<Path> outputProperty() { return output; }
    /** Empty when the export can run, else why not (for the dialog's message line). */
    public ReadOnlyStringProperty problemProperty() { return problem.getReadOnlyProperty(); }
    /** "0:00.00 – 0:12.40 (372 frames)" for the chosen range. */
    public ReadOnlyStringProperty rangeTextProperty() { return rangeText.getReadOnlyProperty(); }
    public javafx.beans.binding.BooleanBinding bakeHeadPoseAvailable() { return Bindings.equal(format, ExportFormat.ABC); }
    public double inPoint() { return inPoint; }
    public double outPoint() { return outPoint; }

    public static Path withExtension(Path p, ExportFormat f) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String base = dot > 0 ? n.substring(0, dot) : n;
        return p.resolveSibling(base + "." + f.extension);
    }

    double start() {
        return switch (range.get()) {
            case ALL -> 0;
            case IN_OUT -> inPoint;
            case CUSTOM -> customStart.get();
        };
    }

    double end() {
        return switch (range.get()) {
            case ALL -> project.extent();
            case IN_OUT -> outPoint;
            case CUSTOM -> customEnd.get();
        };
    }

    private void validate() {
        double a = start(), b = end();
        int frames = (int) Math.round((b - a) * fps.get());
        rangeText.set(String.format(Locale.ROOT, "%s – %s (%d frames at %d fps)", tc(a), tc(b), Math.max(0, frames), fps.get()));
        String p = "";
        if (project.animation().clips().isEmpty() && project.layers().stream().allMatch(l -> l.curveMap().isEmpty())) {
            p = "The project has no animation to export yet.";
        } else if (!(a >= 0) || !(b > a)) {
            p = "The range is empty: the end must be after the start.";
        } else if (b > project.extent() + 1e-9) {
            p = String.format(Locale.ROOT, "The range ends after the project (%s).", tc(project.extent()));
        } else if (frames < 1) {
            p = "The range is shorter than one frame.";
        } else if (output.get() == null) {
            p = "Choose an output file.";
        } else if (output.get().toAbsolutePath().getParent() == null || !Files.isDirectory(output.get().toAbsolutePath().getParent())) {
            p = "The output folder does not exist: " + output.get().toAbsolutePath().getParent();
        }
        problem.set(p);
    }

    static String tc(double s) {
        long cs = Math.round(Math.max(0, s) * 100);
        return String.format(Locale.ROOT, "%d:%02d.%02d", cs / 6000, cs / 100 % 60, cs % 100);
    }

    /** The frozen request; throws {@link IllegalStateException} with the problem when it cannot run. */
    public ExportRequest request() {
        validate();
        if (!problem.get().isEmpty()) throw new IllegalStateException(problem.get());
        double pf = project.fps();
        int a = (int) Math.round(start() * pf);
        int b = (int) Math.round(end() * pf);
        ExportOptions o = new ExportOptions(a, Math.max(a + 1, b), fps.get(), unit.get(), up.get(),
                format.get() == ExportFormat.ABC && bakeHeadPose.get());
        return new ExportRequest(format.get(), start(), end(), o, output.get());
    }

    /**
     * The export itself: bakes the project (on the calling thread: it reads the document), then
     * returns the work to run in the background (scene mapping and the atomic write, with progress
     * and cancel).
     */
    public static io.adamesh.ui.tasks.BackgroundTask<Path> prepare(ExportRequest r, Project project, FaceModel model,
                                                                   FaceParams identity) {
        Clip clip = TimelineClipBaker.bake(project, model, identity, project.fps(), null);
        return ctx -> run(r, model, clip, ctx);
    }

    static Path run(ExportRequest r, FaceModel model, Clip clip, TaskContext ctx) throws ExportException {
        ctx.checkCancelled();
        ExportScene scene = ExportScene.of(model, clip, r.options());
        ctx.progress(0.1);
        r.format().exporter().export(scene, r.output(), f -> {
            ctx.checkCancelled();
            ctx.progress(0.1 + 0.9 * f);
        });
        return r.output();
    }
}
