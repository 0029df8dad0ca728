package io.adamesh.timeline.edit;

/**
 * One undoable edit (Scene Builder's {@code Job}): {@link #execute} once, then any number of
 * {@link #undo}/{@link #redo} pairs. A job must not push other jobs while it runs.
 */
public abstract class Job {
    /** False when the job would change nothing (e.g. an empty selection); such jobs are not pushed. */
    public boolean isExecutable() { return true; }

    public abstract void execute();

    public abstract void undo();

    public void redo() { execute(); }

    /** The edit's name as the Edit menu shows it after "Undo"/"Redo". */
    public abstract String description();
}
