package io.adamesh.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One progress line on stderr, redrawn with a carriage return only when its text changes, so a log that is
 * not a terminal (CI, a pipeline's captured stderr) gets one entry per visible step instead of one per frame.
 */
final class ProgressLine {
    static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;
    private String last = "";

    ProgressLine(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    /** A bar for {@code fraction} (clamped to 0..1) in whole percent, then {@code detail} (may be empty). */
    void bar(double fraction, String detail) {
        double f = Double.isFinite(fraction) ? Math.max(0, Math.min(1, fraction)) : 0;
        int pct = (int) Math.round(f * 100);
        int filled = pct * WIDTH / 100;
        text(String.format(Locale.ROOT, "[%s%s] %3d%%%s", "#".repeat(filled), " ".repeat(WIDTH - filled), pct,
                detail.isEmpty() ? "" : " " + detail));
    }

    /** Any text after the label; nothing is written when it equals the last one drawn. */
    void text(String body) {
        String line = label + " " + body;
        if (line.equals(last)) {
            return;
        }
        err.print("\r" + line);
        err.flush();
        last = line;
    }

    /** Ends the line (once something was drawn). */
    void done() {
        if (!last.isEmpty()) {
            err.println();
        }
    }
}
