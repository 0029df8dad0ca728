package io.adamesh.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine the figures were taken on, so results from different machines are not confused. */
public final class MachineSection implements BenchSection {
    public static final String NAME = "machine";
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final Path MEMINFO = Path.of("/proc/meminfo");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> run(BenchContext context) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        figures.put("java_version", Runtime.version().toString());
        figures.put("java_vendor", System.getProperty("java.vendor"));
        figures.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        figures.put("arch", System.getProperty("os.arch"));
        figures.put("cpu_model", cpuModel(readLines(CPUINFO)));
        Long memory = totalMemoryMb(readLines(MEMINFO));
        if (memory != null) {
            figures.put("memory_mb", memory);
        }
        figures.put("display", System.getenv("DISPLAY") != null);
        return figures;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** The first {@code model name} of /proc/cpuinfo, or "unknown". */
    static String cpuModel(List<String> cpuinfo) {
        for (String line : cpuinfo) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("model name")) {
                return line.substring(colon + 1).strip();
            }
        }
        return "unknown";
    }

    static Long totalMemoryMb(List<String> meminfo) {
        for (String line : meminfo) {
            if (line.startsWith("MemTotal:")) {
                String[] parts = line.substring("MemTotal:".length()).strip().split("\\s+");
                try {
                    return Long.parseLong(parts[0]) / 1024;
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
