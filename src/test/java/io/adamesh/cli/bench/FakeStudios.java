package io.adamesh.cli.bench;

/** Stand-ins for the studio, run as child processes by {@link StartupSectionTest}. */
public final class FakeStudios {
    private FakeStudios() {}

    /** Behaves like the studio's probes: prints its figure, then exits. */
    public static final class Answering {
        public static void main(String[] args) {
            if (!Boolean.getBoolean("prism.forceGPU")) {
                System.err.println("prism.forceGPU not set: the 3D viewport would draw nothing");
                System.exit(4);
            }
            System.out.println("some other output");
            if (Boolean.getBoolean("adamesh.startupProbe")) {
                System.out.println("STARTUP_MS=1234");
            }
            if (System.getProperty("adamesh.fpsProbe") != null) {
                System.out.println("VIEWPORT_FPS=47.5");
            }
        }
    }

    public static final class Crashing {
        public static void main(String[] args) {
            System.err.println("Exception in thread main: no studio here");
            System.exit(3);
        }
    }

    public static final class Hanging {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(120_000);
        }
    }
}
