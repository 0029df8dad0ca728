package io.adamesh.timeline.edit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The undo/redo stacks of one document. {@link #revision()} increases on every push, undo and redo
 * (views redraw on it); the dirty flag compares the current state with the one last saved, so undoing
 * back to the saved state makes the document clean again. A job may not push another job while it runs.
 */
public final class JobManager {
    private record Entry(Job job, long state) {}

    private final Deque<Entry> undo = new ArrayDeque<>();
    private final Deque<Entry> redo = new ArrayDeque<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private final int limit;
    private long revision;
    private long serial;
    private long savedState;
    private boolean running;

    public JobManager() { this(1000); }

    public JobManager(int limit) { this.limit = limit; }

    /** Executes {@code job} and records it; returns false (nothing recorded) if it is not executable. */
    public boolean push(Job job) {
        if (running) throw new IllegalStateException("a job may not push another job (" + job.description() + ")");
        if (!job.isExecutable()) return false;
        run(job::execute);
        undo.push(new Entry(job, ++serial));
        if (undo.size() > limit) undo.removeLast();
        redo.clear();
        changed();
        return true;
    }

    public boolean canUndo() { return !undo.isEmpty(); }
    public boolean canRedo() { return !redo.isEmpty(); }

    public void undo() {
        if (undo.isEmpty()) return;
        Entry e = undo.pop();
        run(e.job()::undo);
        redo.push(e);
        changed();
    }

    public void redo() {
        if (redo.isEmpty()) return;
        Entry e = redo.pop();
        run(e.job()::redo);
        undo.push(e);
        changed();
    }

    private void run(Runnable r) {
        if (running) throw new IllegalStateException("undo/redo from inside a job");
        running = true;
        try {
            r.run();
        } finally {
            running = false;
        }
    }

    /** "Undo Move keys", or null. */
    public String undoDescription() { return undo.isEmpty() ? null : undo.peek().job().description(); }
    public String redoDescription() { return redo.isEmpty() ? null : redo.peek().job().description(); }

    public long revision() { return revision; }

    private long state() { return undo.isEmpty() ? 0 : undo.peek().state(); }

    public boolean isDirty() { return state() != savedState; }

    /** Call after a successful save. */
    public void markSaved() {
        savedState = state();
        changed();
    }

    /** Marks the document as changed without a job (a recovered or migrated document). */
    public void markUnsaved() {
        savedState = -1;
        changed();
    }

    public void clear() {
        undo.clear();
        redo.clear();
        savedState = 0;
        changed();
    }

    public void addListener(Runnable r) { listeners.add(r); }
    public void removeListener(Runnable r) { listeners.remove(r); }

    private void changed() {
        revision++;
        for (Runnable r : List.copyOf(listeners)) r.run();
    }
}
