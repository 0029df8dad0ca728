package io.adamesh.ui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the studio remembers between runs. Plain data; Jackson maps it to settings.json. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class StudioSettings {
    public static final int CURRENT_VERSION = 1;

    public int version = CURRENT_VERSION;
    public Window window = new Window();
    public double dividerPosition = 0.72;
    /** Viewport / timeline split (fraction of the height above the timeline). */
    public double dockDivider = 0.62;
    /** The project open when the studio last closed, reopened at start; null for none. */
    public String lastProject;
    public Camera camera = new Camera();
    /** The speaker library folder; null: the default ($XDG_DATA_HOME/adamesh/speakers). */
    public String speakerLibrary;
    /** Slider values by control id ({@code expr:..., shape:..., pose:...}). */
    public Map<String, Double> sliders = new LinkedHashMap<>();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Window {
        /** NaN: let the platform place the window. */
        public double x = Double.NaN;
        public double y = Double.NaN;
        public double width = 1400;
        public double height = 900;
        public boolean maximized;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Camera {
        /** Degrees. */
        public double yaw;
        public double pitch;
        /** Metres from the target; 0: frame the head. */
        public double distance;
        public double targetX;
        public double targetY;
        public double targetZ;
    }

    public static StudioSettings defaults() { return new StudioSettings(); }
}
