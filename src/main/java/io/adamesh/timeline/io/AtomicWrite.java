package io.adamesh.timeline.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Whole-file writes through a temporary sibling renamed over the target; no partial file is ever left. */
final class AtomicWrite {
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    static void write(Path target, Body body) throws IOException {
        io.adamesh.files.AtomicFiles.write(target, body::write);
    }
}
