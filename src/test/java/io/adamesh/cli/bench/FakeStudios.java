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
            String input = System.getProperty("adamesh.liveFpsProbe.input");
            if (System.getProperty("adamesh.liveFpsProbe") != null) {
                if (input == null || !new java.io.File(input).isFile()) {
                    System.err.println("no simulated microphone input: " + input);
                    System.exit(5);
                }
                System.out.println("LIVE_VIEWPORT_FPS=41.5");
                System.out.println("LIVE_FRAMES_SHOWN_PER_S=29.5");
                System.out.println("LIVE_FRAMES_NOT_SHOWN=3");
                System.out.println("LIVE_DONE=1");
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
