package io.adamesh.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Runs the studio in a child JVM (same java, same class path) with a probe system property and
 * waits for it to print {@code KEY=<number>} on stdout. The child's output goes to temporary
 * files that are polled, so no extra threads are needed and a hung child is simply killed.
 */
final class StudioProbe {
    private static final long POLL_MS = 20;
    private static final String[] PASSED_PROPERTIES = {
        "org.bytedeco.javacpp.cachedir", "adamesh.home", "adamesh.repo"};

    private final String mainClass;
    private final Duration timeout;

    StudioProbe(String mainClass, Duration timeout) {
        this.mainClass = mainClass;
        this.timeout = timeout;
    }

    /** What a probe run produced: the value, or the reason there is none. */
    record Outcome(OptionalDouble value, long wallMs, String failure, Map<String, Double> figures) {
        Outcome(OptionalDouble value, long wallMs, String failure) {
            this(value, wallMs, failure, Map.of());
        }

        boolean succeeded() {
            return value.isPresent();
        }
    }

    List<String> command(Map<String, String> probeProperties) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("--sun-misc-unsafe-memory-access=allow");
        for (String property : PASSED_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-Dprism.forceGPU=true");
        probeProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    Outcome run(Map<String, String> probeProperties, String key) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("adamesh-probe-", ".out");
        Path stderr = Files.createTempFile("adamesh-probe-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command(probeProperties))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Process process = builder.start();
        boolean printed = false;
        try {
            while (true) {
                String text = read(stdout);
                OptionalDouble value = find(text, key);
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                if (value.isPresent()) {
                    printed = true;
                    return new Outcome(value, wallMs, null, findAll(text));
                }
                if (!process.isAlive()) {
                    value = find(read(stdout), key);
                    if (value.isPresent()) {
                        return new Outcome(value, wallMs, null);
                    }
                    return new Outcome(OptionalDouble.empty(), wallMs, "studio exited with status "
                            + process.exitValue() + " before printing " + key + lastLine(read(stderr)));
                }
                if (System.nanoTime() > deadline) {
                    return new Outcome(OptionalDouble.empty(), wallMs, "no " + key + " within "
                            + timeout.toSeconds() + " s" + lastLine(read(stderr)));
                }
                Thread.sleep(POLL_MS);
            }
        } finally {
            stop(process, printed);
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Gives a child that printed its figure a moment to exit by itself, then ends it. */
    private static void stop(Process process, boolean printed) throws InterruptedException {
        if (!process.waitFor(printed ? 5 : 0, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    /** The number on the first complete line {@code key=<number>} of {@code text}. */
    static OptionalDouble find(String text, String key) {
        String prefix = key + "=";
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                break; // incomplete line: wait for the rest
            }
            String line = text.substring(lineStart, lineEnd).strip();
            if (line.startsWith(prefix)) {
                try {
                    return OptionalDouble.of(Double.parseDouble(line.substring(prefix.length()).strip()));
                } catch (NumberFormatException e) {
                    // not a figure; keep looking
                }
            }
            lineStart = lineEnd + 1;
        }
        return OptionalDouble.empty();
    }

    /** Every complete {@code KEY=<number>} line of {@code text}, in order. */
    static Map<String, Double> findAll(String text) {
        Map<String, Double> out = new java.util.LinkedHashMap<>();
        int end = text.lastIndexOf('\n');
        if (end < 0) return out;
        for (String line : text.substring(0, end).split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).matches("[A-Z0-9_]+")) continue;
            try {
                out.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1).strip()));
            } catch (NumberFormatException e) {
                // a message, not a figure
            }
        }
        return out;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("at ")) {
                return "; last stderr line: " + (line.length() > 300 ? line.substring(0, 300) + "..." : line);
            }
        }
        return "";
    }
}
