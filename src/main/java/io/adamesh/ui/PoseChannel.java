package io.adamesh.ui;

/** The joint controls of the panel; angles in degrees. */
public enum PoseChannel {
    JAW_OPEN("jawOpen", "Jaw open", 0, 25),
    JAW_SIDE("jawSide", "Jaw side", -8, 8),
    EYE_YAW("eyeYaw", "Eyes left/right", -30, 30),
    EYE_PITCH("eyePitch", "Eyes up/down", -25, 25),
    HEAD_YAW("headYaw", "Head yaw", -45, 45),
    HEAD_PITCH("headPitch", "Head pitch", -45, 45),
    HEAD_ROLL("headRoll", "Head roll", -45, 45);

    private final String key;
    private final String label;
    private final double min;
    private final double max;

    PoseChannel(String key, String label, double min, double max) {
        this.key = key;
        this.label = label;
        this.min = min;
        this.max = max;
    }

    public String key() { return key; }
    public String label() { return label; }
    public double min() { return min; }
    public double max() { return max; }
}
