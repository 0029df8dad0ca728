package io.adamesh.cli.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;

/**
 * Reads the JavaFX runtime version from the {@code javafx.properties} file in javafx-base,
 * without loading any JavaFX class or starting the toolkit.
 */
final class JavaFxRuntime {
    private static final String RESOURCE = "javafx.properties";

    private JavaFxRuntime() {}

    static DoctorReport.JavaFx inspect(ClassLoader loader) {
        URL url = loader.getResource(RESOURCE);
        if (url == null) {
            return new DoctorReport.JavaFx(false, null, null, null,
                    RESOURCE + " not on the class path: javafx-base is missing (rebuild with ./mvnw package)");
        }
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            return new DoctorReport.JavaFx(false, null, null, url.toString(), "cannot read " + url + ": " + e);
        }
        String source = url.toString().replaceFirst("^jar:(file:)?", "").replaceFirst("!/.*$", "");
        return new DoctorReport.JavaFx(true, properties.getProperty("javafx.version"),
                properties.getProperty("javafx.runtime.version"), source, null);
    }
}
