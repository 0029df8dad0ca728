package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSettingsStoreTest {
    @TempDir Path dir;

    @Test void settingsSurviveASaveAndLoad() throws IOException {
        JsonSettingsStore store = new JsonSettingsStore(dir);
        StudioSettings s = store.load();
        s.window.x = 120; s.window.y = 80; s.window.width = 1600; s.window.height = 1000; s.window.maximized = true;
        s.dividerPosition = 0.61;
        s.camera.yaw = 33; s.camera.distance = 0.7; s.camera.targetY = -0.02;
        s.sliders.put("expr:mouthSmileLeft", 0.4);
        s.sliders.put("pose:jawOpen", 12.5);
        store.save(s);

        StudioSettings back = new JsonSettingsStore(dir).load();
        assertEquals(120, back.window.x);
        assertEquals(1000, back.window.height);
        assertTrue(back.window.maximized);
        assertEquals(0.61, back.dividerPosition);
        assertEquals(33, back.camera.yaw);
        assertEquals(0.7, back.camera.distance);
        assertEquals(-0.02, back.camera.targetY);
        assertEquals(0.4, back.sliders.get("expr:mouthSmileLeft"));
        assertEquals(12.5, back.sliders.get("pose:jawOpen"));
        assertEquals(StudioSettings.CURRENT_VERSION, back.version);
        assertTrue(Files.readString(dir.resolve("settings.json")).contains("\"version\""));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("settings.json")), files.toList(), "no temp files left behind");
        }
    }

    @Test void noFileGivesDefaultsWithoutWarning() {
        JsonSettingsStore store = new JsonSettingsStore(dir.resolve("absent"));
        StudioSettings s = store.load();
        assertEquals(0.72, s.dividerPosition);
        assertFalse(store.loadWarning().isPresent());
    }

    @Test void aCorruptFileGivesDefaultsAWarningAndIsKeptAside() throws IOException {
        Path file = dir.resolve("settings.json");
        Files.writeString(file, "{\"version\": 1, \"window\": {\"width\": ");
        JsonSettingsStore store = new JsonSettingsStore(dir);
        StudioSettings s = store.load();
        assertEquals(1400, s.window.width);
        assertTrue(store.loadWarning().isPresent());
        assertTrue(store.loadWarning().get().contains("settings.json"), store.loadWarning().get());
        assertFalse(Files.exists(file));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("settings.json.corrupt-")).toList();
            assertEquals(1, aside.size());
            assertEquals("{\"version\": 1, \"window\": {\"width\": ", Files.readString(aside.get(0)));
        }
    }

    @Test void wrongTypesCountAsCorrupt() throws IOException {
        Files.writeString(dir.resolve("settings.json"), "{\"version\": 1, \"dividerPosition\": \"left\"}");
        JsonSettingsStore store = new JsonSettingsStore(dir);
        assertEquals(0.72, store.load().dividerPosition);
        assertTrue(store.loadWarning().isPresent());
    }

    @Test void aNewerVersionIsNotMisread() throws IOException {
        Files.writeString(dir.resolve("settings.json"), "{\"version\": 99}");
        JsonSettingsStore store = new JsonSettingsStore(dir);
        store.load();
        assertTrue(store.loadWarning().orElse("").contains("99"));
    }

    @Test void theConfigPropertyChoosesTheDirectory() {
        String old = System.getProperty("adamesh.config");
        try {
            System.setProperty("adamesh.config", dir.toString());
            assertEquals(dir.resolve("settings.json"), JsonSettingsStore.atDefaultLocation().file());
        } finally {
            if (old == null) System.clearProperty("adamesh.config"); else System.setProperty("adamesh.config", old);
        }
    }
}
