package io.adamesh.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.cli.Cli;
import io.adamesh.cli.CliRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    /** A section that records whether it ran and in which mode. */
    static final class Recording implements BenchSection {
        private final String name;
        final List<Boolean> quickRuns = new ArrayList<>();

        Recording(String name) {
            this.name = name;
        }

        @Override public String name() { return name; }

        @Override
        public Map<String, Object> run(BenchContext context) {
            quickRuns.add(context.quick());
            context.progress().accept(name + " working");
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("value_ms", 12.5);
            figures.put("nested", Map.of("count", 3));
            return figures;
        }
    }

    static final class Broken implements BenchSection {
        @Override public String name() { return "broken"; }
        @Override public Map<String, Object> run(BenchContext context) { throw new IllegalStateException("no GPU"); }
    }

    private final Recording rig = new Recording("rig");
    private final Recording audio = new Recording("audio");
    private final Cli cli = new Cli(List.of(new BenchCommand(List.of(new MachineSection(), rig, audio))), Path.of("."));

    private static JsonNode parseSingleObject(String out) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        try (var parser = mapper.createParser(out)) {
            JsonNode node = mapper.readTree(parser);
            assertTrue(node.isObject(), out);
            assertEquals(null, parser.nextToken(), "more than one JSON value on stdout:\n" + out);
            return node;
        }
    }

    @Test void jsonIsOneObjectWithEverySection() throws Exception {
        CliRunner.Result result = CliRunner.run(cli, "bench", "--json");
        assertEquals(0, result.status(), result.err());
        JsonNode json = parseSingleObject(result.out());
        assertEquals(List.of("machine", "rig", "audio"), iterableToList(json.fieldNames()));
        assertEquals(12.5, json.get("rig").get("value_ms").asDouble());
        assertEquals(3, json.get("audio").get("nested").get("count").asInt());
    }

    @Test void progressGoesToStderrNotStdout() {
        CliRunner.Result result = CliRunner.run(cli, "bench", "--json");
        assertTrue(result.err().contains("rig working"), result.err());
        assertFalse(result.out().contains("working"), result.out());
    }

    @Test void onlyRunsTheNamedSectionsPlusMachine() throws Exception {
        CliRunner.Result result = CliRunner.run(cli, "bench", "--json", "--only", "audio");
        JsonNode json = parseSingleObject(result.out());
        assertEquals(List.of("machine", "audio"), iterableToList(json.fieldNames()));
        assertTrue(rig.quickRuns.isEmpty());
        assertEquals(1, audio.quickRuns.size());
    }

    @Test void unknownSectionInOnlyIsAUsageError() {
        CliRunner.Result result = CliRunner.run(cli, "bench", "--only", "rig,gpu");
        assertEquals(Cli.USAGE, result.status());
        assertTrue(result.err().contains("'gpu'"), result.err());
        assertTrue(rig.quickRuns.isEmpty());
    }

    @Test void quickReachesTheSections() {
        CliRunner.Result result = CliRunner.run(cli, "bench", "--quick", "--only=rig");
        assertEquals(0, result.status());
        assertEquals(List.of(true), rig.quickRuns);
    }

    @Test void machineSectionHasRealFigures() throws Exception {
        JsonNode machine = parseSingleObject(CliRunner.run(cli, "bench", "--json").out()).get("machine");
        assertEquals(Runtime.getRuntime().availableProcessors(), machine.get("cores").asInt());
        assertEquals(Runtime.version().toString(), machine.get("java_version").asText());
        assertTrue(machine.get("max_heap_mb").asLong() > 0);
        assertFalse(machine.get("cpu_model").asText().isBlank());
    }

    @Test void aThrowingSectionIsReportedAndTheOthersStillRun() throws Exception {
        Cli withBroken = new Cli(List.of(new BenchCommand(List.of(new MachineSection(), new Broken(), rig))),
                Path.of("."));
        CliRunner.Result result = CliRunner.run(withBroken, "bench", "--json");
        assertEquals(1, result.status());
        JsonNode json = parseSingleObject(result.out());
        assertEquals("no GPU", json.get("broken").get("error").asText());
        assertEquals(1, rig.quickRuns.size());
    }

    @Test void textTableFlattensNestedFigures() {
        CliRunner.Result result = CliRunner.run(cli, "bench", "--only", "rig");
        assertEquals(0, result.status());
        assertTrue(result.out().contains("nested.count"), result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.startsWith("rig") && l.contains("value_ms")), result.out());
    }

    @Test void registryHasMachineAndStartupWithUniqueNames() {
        List<String> names = BenchRegistry.sections().stream().map(BenchSection::name).toList();
        assertTrue(names.containsAll(List.of("machine", "startup")), names.toString());
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
