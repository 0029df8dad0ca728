package io.adamesh.cli.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.cli.Cli;
import io.adamesh.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {
    @TempDir static Path home;
    private static CliRunner.Result json;

    @BeforeAll
    static void runDoctor() throws Exception {
        Files.createDirectories(home.resolve("assets"));
        Files.writeString(home.resolve("assets/openhead.npz"), "not really");
        json = CliRunner.run(new Cli(List.of(new DoctorCommand()), home), "doctor", "--json");
    }

    private static JsonNode report() throws Exception {
        return new ObjectMapper().readTree(json.out());
    }

    @Test void exitsZeroEvenWhenThingsAreMissing() throws Exception {
        assertEquals(0, json.status(), json.err());
        assertFalse(report().get("data_files").isEmpty());
    }

    @Test void reportsTheRunningJava() throws Exception {
        JsonNode java = report().get("java");
        assertEquals(Runtime.version().toString(), java.get("version").asText());
        assertEquals(Runtime.version().feature(), java.get("feature").asInt());
        assertEquals(System.getProperty("java.vendor"), java.get("vendor").asText());
    }

    @Test void reportsTheJavaFxOnTheClassPath() throws Exception {
        JsonNode javafx = report().get("javafx");
        assertTrue(javafx.get("found").asBoolean(), javafx.toString());
        // pom.xml pins JavaFX 25.x for JDK 25.
        assertTrue(javafx.get("version").asText().startsWith("25."), javafx.toString());
    }

    @Test void reportsOnnxRuntimeAndWhyCudaIsOrIsNotUsable() throws Exception {
        JsonNode ort = report().get("onnxruntime");
        assertTrue(ort.get("loaded").asBoolean(), ort.toString());
        assertTrue(ort.get("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), ort.toString());
        List<String> usable = ort.get("usable").valueStream().map(JsonNode::asText).toList();
        assertTrue(usable.contains("CPUExecutionProvider"), usable.toString());
        JsonNode cuda = ort.get("cuda");
        boolean cudaUsable = cuda.get("usable").asBoolean();
        assertEquals(cudaUsable, usable.contains("CUDAExecutionProvider"));
        if (!cudaUsable) {
            assertFalse(cuda.get("reason").asText().isBlank(), cuda.toString());
        }
    }

    @Test void audioInputListsDevicesOrSaysWhyNone() throws Exception {
        JsonNode audio = report().get("audio_input");
        assertNotNull(audio.get("devices"));
        if (audio.get("devices").isEmpty()) {
            assertFalse(audio.get("reason").asText().isBlank(), audio.toString());
        } else {
            assertFalse(audio.get("devices").get(0).get("name").asText().isBlank());
        }
    }

    @Test void dataFilesSayWhereTheyAreOrWhatToInstall() throws Exception {
        for (JsonNode file : report().get("data_files")) {
            if (file.get("found").asBoolean()) {
                assertTrue(Files.isRegularFile(Path.of(file.get("path").asText())), file.toString());
            } else {
                assertTrue(file.get("install").asText().contains("apt-get install"), file.toString());
            }
        }
    }

    @Test void assetsAreCheckedUnderTheStudioHome() throws Exception {
        JsonNode assets = report().get("assets");
        assertEquals("assets/openhead.npz", assets.get(0).get("name").asText());
        assertTrue(assets.get(0).get("found").asBoolean(), assets.toString());
        assertEquals("models/default/manifest.json", assets.get(1).get("name").asText());
        assertFalse(assets.get(1).get("found").asBoolean(), assets.toString());
    }

    @Test void textReportNamesEachPart() {
        CliRunner.Result text = CliRunner.run(new Cli(List.of(new DoctorCommand()), home), "doctor");
        assertEquals(0, text.status());
        for (String part : List.of("Java", "JavaFX", "ONNX Runtime", "CUDA", "Audio input", "Data files",
                "Assets", Runtime.version().toString())) {
            assertTrue(text.out().contains(part), "missing " + part + " in\n" + text.out());
        }
    }
}
