package io.adamesh.ui;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/** One slider's worth of state: an id that is stable across runs, its range and its live value. */
public final class FaceControl {
    public enum Kind { EXPRESSION, SHAPE, POSE }

    private final String id;
    private final String label;
    private final Kind kind;
    private final ControlSection section;
    private final int index;
    private final double min;
    private final double max;
    private final String unit;
    private final DoubleProperty value = new SimpleDoubleProperty(this, "value", 0);

    FaceControl(String id, String label, Kind kind, ControlSection section, int index, double min, double max, String unit) {
        this.id = id;
        this.label = label;
        this.kind = kind;
        this.section = section;
        this.index = index;
        this.min = min;
        this.max = max;
        this.unit = unit;
    }

    public String id() { return id; }
    public String label() { return label; }
    public Kind kind() { return kind; }
    public ControlSection section() { return section; }
    /** Expression or shape index in the model; for pose controls, a {@link PoseChannel} ordinal. */
    public int index() { return index; }
    public double min() { return min; }
    public double max() { return max; }
    public DoubleProperty valueProperty() { return value; }
    public double value() { return value.get(); }

    /** Sets the value, clamped to the control's range. */
    public void set(double v) {
        value.set(Math.max(min, Math.min(max, v)));
    }

    /** The numeric readout next to the slider. */
    public String format(double v) {
        return unit.isEmpty() ? String.format(java.util.Locale.ROOT, "%.2f", v)
                : String.format(java.util.Locale.ROOT, "%.1f%s", v, unit);
    }
}
