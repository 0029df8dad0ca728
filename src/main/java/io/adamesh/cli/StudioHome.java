package io.adamesh.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * The installation (or repository) root that holds {@code assets/} and {@code models/}, in this order:
 * <ol>
 *   <li>{@code -Dadamesh.home} (set by {@code ./adamesh} and by the installed launcher, to the
 *       directory holding the jars and {@code assets/});</li>
 *   <li>{@code -Dadamesh.repo} (tests);</li>
 *   <li>the location of the application's code: the directory of {@code adamesh-studio.jar}, or the
 *       checkout above {@code target/classes}, when {@code assets/} is there;</li>
 *   <li>the working directory.</li>
 * </ol>
 * Resolve every default path ({@code assets/openhead.npz}, {@code models/default}) against this.
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
        Path code = codeLocation();
        if (code != null) {
            // .../adamesh-studio.jar -> its directory; .../target/classes -> the checkout.
            for (Path candidate = code; candidate != null; candidate = candidate.getParent()) {
                if (Files.isDirectory(candidate.resolve("assets"))) return candidate.normalize();
                if (candidate.getNameCount() < code.getNameCount() - 2) break;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** Resolves a path inside the studio home ({@code "assets/openhead.npz"}). */
    public static Path resolve(String relative) {
        return locate().resolve(relative);
    }

    private static Path codeLocation() {
        try {
            CodeSource source = StudioHome.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return null;
        }
    }
}
