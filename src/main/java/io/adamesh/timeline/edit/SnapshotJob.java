package io.adamesh.timeline.edit;

import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A job that reads a piece of the document, computes its new value once (at the first execute) and
 * swaps between the two. Because the pieces are immutable values (keys, clips, markers) held in
 * snapshot lists, undo gives back exactly the old state and redo exactly the new one.
 */
public final class SnapshotJob<S> extends Job {
    private final String description;
    private final Supplier<S> read;
    private final Consumer<S> write;
    private final UnaryOperator<S> change;
    private S before;
    private S after;

    public SnapshotJob(String description, Supplier<S> read, Consumer<S> write, UnaryOperator<S> change) {
        this.description = description;
        this.read = read;
        this.write = write;
        this.change = change;
    }

    @Override
    public void execute() {
        before = read.get();
        after = change.apply(before);
        write.accept(after);
    }

    @Override
    public void undo() { write.accept(before); }

    @Override
    public void redo() { write.accept(after); }

    @Override
    public String description() { return description; }
}
