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
        applyPropertiesFromEnvironment(System.getenv("ADAMESH_PROPERTIES"));
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

    /**
     * Sets system properties from {@code ADAMESH_PROPERTIES} ({@code "k=v k2=v2"}), for the installed
     * launcher, which takes no JVM options at run time (e.g. {@code adamesh.startupProbe=true
     * prism.forceGPU=true} under Xvfb). Must run before JavaFX starts.
     */
    static void applyPropertiesFromEnvironment(String spec) {
        if (spec == null || spec.isBlank()) return;
        for (String item : spec.trim().split("\\s+")) {
            int eq = item.indexOf('=');
            if (eq > 0) System.setProperty(item.substring(0, eq), item.substring(eq + 1));
        }
    }

    /** Routes java.util.logging (ONNX Runtime, FXyz3D, TarsosDSP log there) to SLF4J. */
    static void installLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
