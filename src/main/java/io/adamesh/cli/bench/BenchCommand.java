package io.adamesh.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.adamesh.cli.CliIo;
import io.adamesh.cli.Command;
import io.adamesh.cli.CommandArgs;
import io.adamesh.cli.UsageException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code adamesh bench [--json] [--quick] [--only a,b]}: runs the bench sections and prints one
 * JSON object (or a table) on stdout; progress goes to stderr. A section that throws is reported
 * as {@code {"error": ...}} and makes the exit status 1, after every other section has run.
 */
public final class BenchCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final List<BenchSection> sections;

    public BenchCommand() {
        this(BenchRegistry.sections());
    }

    public BenchCommand(List<BenchSection> sections) {
        this.sections = List.copyOf(sections);
    }

    @Override public String name() { return "bench"; }
    @Override public String summary() { return "measure this machine (machine section always included)"; }
    @Override public String usage() { return "[--json] [--quick] [--only a,b]"; }
    @Override public Set<String> flags() { return Set.of("--json", "--quick"); }
    @Override public Set<String> valuedOptions() { return Set.of("--only"); }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        List<BenchSection> chosen = choose(args.list("--only"), args.value("--only").isPresent());
        BenchContext context = new BenchContext(io.home(), args.has("--quick"),
                line -> io.err().println("bench: " + line));
        Map<String, Object> results = new LinkedHashMap<>();
        boolean failed = false;
        for (BenchSection section : chosen) {
            context.progress().accept("running " + section.name());
            long start = System.nanoTime();
            try {
                results.put(section.name(), section.run(context));
            } catch (Exception e) {
                failed = true;
                String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
                results.put(section.name(), Map.of("error", message));
            }
            context.progress().accept(String.format("%s done in %.1f s", section.name(),
                    (System.nanoTime() - start) / 1e9));
        }
        if (args.has("--json")) {
            io.out().println(JSON.writeValueAsString(results));
        } else {
            printTable(results, io.out());
        }
        return failed ? 1 : 0;
    }

    private List<BenchSection> choose(List<String> only, boolean filtered) throws UsageException {
        if (!filtered) {
            return sections;
        }
        List<String> known = sections.stream().map(BenchSection::name).toList();
        for (String name : only) {
            if (!known.contains(name)) {
                throw new UsageException("no bench section '" + name + "' (sections: " + String.join(", ", known) + ")");
            }
        }
        if (only.isEmpty()) {
            throw new UsageException("--only needs at least one section name");
        }
        List<BenchSection> chosen = new ArrayList<>();
        for (BenchSection section : sections) {
            if (section.name().equals(MachineSection.NAME) || only.contains(section.name())) {
                chosen.add(section);
            }
        }
        return chosen;
    }

    static void printTable(Map<String, Object> results, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        results.forEach((section, figures) -> flatten(section, "", figures, rows));
        int sectionWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(7);
        int keyWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(6);
        String format = "%-" + Math.max(7, sectionWidth) + "s  %-" + Math.max(6, keyWidth) + "s  %s%n";
        out.printf(format, "section", "figure", "value");
        String previous = null;
        for (String[] row : rows) {
            out.printf(format, row[0].equals(previous) ? "" : row[0], row[1], row[2]);
            previous = row[0];
        }
    }

    private static void flatten(String section, String prefix, Object value, List<String[]> rows) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> flatten(section, prefix.isEmpty() ? String.valueOf(key)
                    : prefix + "." + key, inner, rows));
        } else {
            rows.add(new String[] {section, prefix, String.valueOf(value)});
        }
    }
}
