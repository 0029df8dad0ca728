package io.adamesh.ui.tasks;

/**
 * A submitted task as its owner sees it. {@link #progress()} and {@link #isDone()} are plain volatile
 * reads, so the window's frame timer can poll them (no {@code Platform.runLater} per update).
 */
public final class TaskHandle implements TaskContext {
    private final String title;
    private volatile double progress;
    private volatile boolean cancelled;
    private volatile boolean done;

    public TaskHandle(String title) { this.title = title; }

    public String title() { return title; }
    public double progress() { return progress; }
    public boolean isDone() { return done; }
    public void cancel() { cancelled = true; }

    @Override public void progress(double fraction) { progress = Math.max(0, Math.min(1, fraction)); }
    @Override public boolean isCancelled() { return cancelled; }

    void finish() {
        progress = 1;
        done = true;
    }
}
