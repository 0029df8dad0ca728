package io.adamesh.timeline.io;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Autosaves a session at an interval. Driven by {@link #tick(long)} from the thread that owns the
 * document (the UI's timer), so the snapshot never races an edit; a failed autosave is reported to
 * {@code onError} once per failure and retried at the next interval.
 */
public final class Autosaver {
    private final ProjectSession session;
    private final long intervalMillis;
    private final Consumer<IOException> onError;
    private long last = Long.MIN_VALUE;

    public Autosaver(ProjectSession session, long intervalMillis, Consumer<IOException> onError) {
        this.session = session;
        this.intervalMillis = intervalMillis;
        this.onError = onError;
    }

    /** Call often (e.g. each second); returns whether it wrote the autosave now. */
    public boolean tick(long nowMillis) {
        if (last != Long.MIN_VALUE && nowMillis - last < intervalMillis) return false;
        last = nowMillis;
        try {
            return session.autosaveIfNeeded();
        } catch (IOException e) {
            onError.accept(e);
            return false;
        }
    }
}
