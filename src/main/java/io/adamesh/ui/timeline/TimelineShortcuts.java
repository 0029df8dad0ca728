package io.adamesh.ui.timeline;

import java.util.List;

/** The timeline's keyboard shortcuts, as the shortcut sheet lists them. */
public final class TimelineShortcuts {
    public record Shortcut(String keys, String action) {}

    public static final List<Shortcut> ALL = List.of(
            new Shortcut("Space", "Play / pause"),
            new Shortcut("J / K / L", "Play backwards (faster on repeat) / stop / play forwards"),
            new Shortcut("Left / Right", "Step one frame"),
            new Shortcut("Shift+Left / Shift+Right", "Step ten frames"),
            new Shortcut("Home / End", "Go to start / end"),
            new Shortcut("Ctrl+Z", "Undo (the Edit menu names the edit)"),
            new Shortcut("Ctrl+Y or Ctrl+Shift+Z", "Redo"),
            new Shortcut("Delete / Backspace", "Delete selected keys or clips"),
            new Shortcut("Ctrl+C / Ctrl+V", "Copy / paste keys or clips at the playhead"),
            new Shortcut("M", "Add a marker at the playhead"),
            new Shortcut("+ / -", "Zoom in / out around the playhead"),
            new Shortcut("Ctrl+0", "Zoom to fit the project"),
            new Shortcut("Double-click in a channel", "Add a key there"),
            new Shortcut("Drag key / clip", "Move it (Shift-click adds keys to the selection)"),
            new Shortcut("Drag clip edge", "Trim the clip"),
            new Shortcut("Click a lane name", "Expand / collapse its channels"),
            new Shortcut("Wheel / Ctrl+Wheel", "Scroll / zoom"),
            new Shortcut("F1 or ?", "This sheet"));

    private TimelineShortcuts() {}
}
