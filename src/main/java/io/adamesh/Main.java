package io.adamesh;

import io.adamesh.cli.Cli;
import io.adamesh.ui.StudioLauncher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Entry point. Without arguments it opens the studio; with arguments it runs a headless command
 * (see {@link Cli}). This is the only class outside {@code ui} that may reference the UI.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        installLogging();
        Thread.setDefaultUncaughtExceptionHandler(
                (thread, error) -> LOG.error("Uncaught exception in thread {}", thread.getName(), error));
        if (args.length == 0) {
            StudioLauncher.launch(args);
            return;
        }
        int status = Cli.standard().run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Routes java.util.logging (ONNX Runtime, FXyz3D, TarsosDSP log there) to SLF4J. */
    static void installLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
