package io.adamesh.ui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings in {@code settings.json} under a config directory: {@code -Dadamesh.config=DIR}, else
 * {@code $XDG_CONFIG_HOME/adamesh}, else {@code ~/.config/adamesh}. Written atomically (temp file +
 * move). A file that cannot be read as settings is renamed {@code settings.json.corrupt-<timestamp>}
 * and defaults are used.
 */
public final class JsonSettingsStore implements SettingsStore {
    private static final Logger LOG = LoggerFactory.getLogger(JsonSettingsStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private String warning;

    public JsonSettingsStore(Path directory) {
        this.file = directory.resolve("settings.json");
    }

    /** The store at the default location (see the class comment). */
    public static JsonSettingsStore atDefaultLocation() {
        return new JsonSettingsStore(defaultDirectory());
    }

    static Path defaultDirectory() {
        String override = System.getProperty("adamesh.config");
        if (override != null && !override.isBlank()) return Path.of(override);
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "adamesh");
        return Path.of(System.getProperty("user.home"), ".config", "adamesh");
    }

    public Path file() { return file; }

    @Override
    public StudioSettings load() {
        warning = null;
        if (!Files.exists(file)) return StudioSettings.defaults();
        try {
            StudioSettings s = json.readValue(file.toFile(), StudioSettings.class);
            if (s == null) throw new IOException("the file is empty");
            if (s.version > StudioSettings.CURRENT_VERSION) {
                throw new IOException("version " + s.version + " is newer than this studio understands (" + StudioSettings.CURRENT_VERSION + ")");
            }
            if (s.window == null) s.window = new StudioSettings.Window();
            if (s.camera == null) s.camera = new StudioSettings.Camera();
            if (s.sliders == null) s.sliders = new java.util.LinkedHashMap<>();
            s.version = StudioSettings.CURRENT_VERSION;
            return s;
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP));
            String problem = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                warning = "Settings file " + file + " could not be read (" + problem + "); using defaults. The bad file was kept as " + aside.getFileName() + ".";
            } catch (IOException moveFailed) {
                warning = "Settings file " + file + " could not be read (" + problem + ") nor set aside (" + moveFailed.getMessage() + "); using defaults.";
            }
            LOG.warn(warning);
            return StudioSettings.defaults();
        }
    }

    @Override
    public Optional<String> loadWarning() { return Optional.ofNullable(warning); }

    @Override
    public void save(StudioSettings settings) throws IOException {
        io.adamesh.files.AtomicFiles.write(file, out -> json.writeValue(new java.io.FilterOutputStream(out) {
            @Override public void close() throws IOException { flush(); }
        }, settings));
    }
}
