package io.adamesh.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The installation (or repository) root that holds {@code assets/} and {@code models/}.
 * The launcher sets {@code -Dadamesh.home}; tests set {@code -Dadamesh.repo}; otherwise the
 * working directory.
 */
public final class StudioHome {
    public static final String HOME_PROPERTY = "adamesh.home";
    public static final String REPO_PROPERTY = "adamesh.repo";

    private StudioHome() {}

    public static Path locate() {
        for (String property : new String[] {HOME_PROPERTY, REPO_PROPERTY}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank() && Files.isDirectory(Path.of(value))) {
                return Path.of(value).toAbsolutePath().normalize();
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
