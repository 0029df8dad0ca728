package io.adamesh.ui;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * The control panel's view model: one {@link FaceControl} per expression channel, identity shape and
 * joint angle, written through to a {@link FaceParams}. Knows nothing of the view; works without a
 * Stage. With no model (the head failed to load) it still offers the pose controls, disabled.
 *
 * <p>Control ids: {@code expr:<name>}, {@code shape:<name>}, {@code pose:<key>} (see {@link PoseChannel}).
 */
public final class FaceControlsViewModel {
    private final FaceModel model;
    private final FaceParams params;
    private final List<FaceControl> controls = new ArrayList<>();
    private final Map<String, FaceControl> byId = new LinkedHashMap<>();
    private final FaceControl[] pose = new FaceControl[PoseChannel.values().length];
    private final PoseComposer composer = new PoseComposer();
    private final ReadOnlyBooleanWrapper enabled;
    private boolean dirty = true;
    private final javafx.beans.property.BooleanProperty posingEnabled = new javafx.beans.property.SimpleBooleanProperty(this, "posingEnabled", true);

    /** @param model the head, or {@code null} when none could be loaded */
    public FaceControlsViewModel(FaceModel model) {
        this.model = model;
        this.params = model == null ? null : model.newParams();
        this.enabled = new ReadOnlyBooleanWrapper(this, "enabled", model != null);
        for (PoseChannel c : PoseChannel.values()) {
            pose[c.ordinal()] = add(new FaceControl("pose:" + c.key(), c.label(), FaceControl.Kind.POSE,
                    ControlSection.POSE, c.ordinal(), c.min(), c.max(), "°"));
        }
        if (model != null) {
            List<String> expr = model.expressionNames();
            for (int i = 0; i < expr.size(); i++) {
                add(new FaceControl("expr:" + expr.get(i), expr.get(i), FaceControl.Kind.EXPRESSION,
                        ControlSection.ofExpression(expr.get(i)), i, 0, 1, ""));
            }
            List<String> shapes = model.shapeNames();
            for (int i = 0; i < shapes.size(); i++) {
                add(new FaceControl("shape:" + shapes.get(i), shapes.get(i), FaceControl.Kind.SHAPE,
                        ControlSection.IDENTITY, i, -3, 3, ""));
            }
        }
    }

    private FaceControl add(FaceControl c) {
        controls.add(c);
        byId.put(c.id(), c);
        c.valueProperty().addListener((obs, old, now) -> writeThrough(c, now.doubleValue()));
        return c;
    }

    private void writeThrough(FaceControl c, double v) {
        if (params == null) return;
        switch (c.kind()) {
            case EXPRESSION -> params.setExpression(c.index(), (float) v);
            case SHAPE -> params.setShape(c.index(), (float) v);
            case POSE -> applyPose();
        }
        dirty = true;
    }

    private void applyPose() {
        composer.apply(params, deg(PoseChannel.JAW_OPEN), deg(PoseChannel.JAW_SIDE), deg(PoseChannel.EYE_YAW),
                deg(PoseChannel.EYE_PITCH), deg(PoseChannel.HEAD_YAW), deg(PoseChannel.HEAD_PITCH), deg(PoseChannel.HEAD_ROLL));
    }

    private double deg(PoseChannel c) { return pose[c.ordinal()].value(); }

    public FaceModel model() { return model; }
    /** The live parameters the sliders drive; {@code null} without a model. */
    public FaceParams params() { return params; }
    public List<FaceControl> controls() { return Collections.unmodifiableList(controls); }
    public FaceControl control(String id) { return byId.get(id); }
    public FaceControl pose(PoseChannel c) { return pose[c.ordinal()]; }
    public ReadOnlyBooleanProperty enabledProperty() { return enabled.getReadOnlyProperty(); }

    /** The controls of each section, in display order; empty sections left out. */
    public Map<ControlSection, List<FaceControl>> sections() {
        Map<ControlSection, List<FaceControl>> out = new EnumMap<>(ControlSection.class);
        for (FaceControl c : controls) out.computeIfAbsent(c.section(), s -> new ArrayList<>()).add(c);
        return out;
    }

    /** Finds a control by full id, or by bare name trying expression, pose and shape in that order. */
    public FaceControl find(String name) {
        FaceControl c = byId.get(name);
        if (c == null) c = byId.get("expr:" + name);
        if (c == null) c = byId.get("pose:" + name);
        if (c == null) c = byId.get("shape:" + name);
        return c;
    }

    /** True once after any parameter changed; the render loop re-evaluates the rig then. */
    public boolean consumeDirty() {
        boolean d = dirty;
        dirty = false;
        return d;
    }

    public void markDirty() { dirty = true; }

    /** Writes every control's value into the parameters again (after something else posed the face). */
    public void rewriteAll() {
        if (params == null) return;
        params.resetExpressionAndPose();
        for (FaceControl c : controls) if (c.kind() != FaceControl.Kind.POSE) writeThrough(c, c.value());
        applyPose();
        dirty = true;
    }

    /**
     * False while something else (the timeline preview) poses the face: the expression and pose
     * sliders are then disabled; identity shape stays editable.
     */
    public javafx.beans.property.BooleanProperty posingEnabledProperty() { return posingEnabled; }

    /**
     * Writes the jaw/eye/head angles straight into the parameters without touching the sliders
     * (used by the animated FPS probe: allocation-free, no property events).
     */
    public void animatePose(double jawOpen, double eyeYaw, double headYaw) {
        if (params == null) return;
        composer.apply(params, jawOpen, 0, eyeYaw, 0, headYaw, 0, 0);
        dirty = true;
    }

    public void resetExpression() { reset(FaceControl.Kind.EXPRESSION); }
    public void resetPose() { reset(FaceControl.Kind.POSE); }
    public void resetIdentity() { reset(FaceControl.Kind.SHAPE); }

    public void resetAll() {
        resetExpression();
        resetPose();
        resetIdentity();
    }

    private void reset(FaceControl.Kind kind) {
        for (FaceControl c : controls) if (c.kind() == kind) c.set(0);
    }

    /** Current values by id, non-zero ones only (what the settings remember). */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (FaceControl c : controls) if (c.value() != 0) out.put(c.id(), c.value());
        return out;
    }

    /** Sets the named controls (full ids or bare names), clamped; unknown names are returned. */
    public List<String> apply(Map<String, ? extends Number> values) {
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ? extends Number> e : values.entrySet()) {
            FaceControl c = find(e.getKey());
            if (c == null || e.getValue() == null) unknown.add(e.getKey());
            else c.set(e.getValue().doubleValue());
        }
        return unknown;
    }
}
