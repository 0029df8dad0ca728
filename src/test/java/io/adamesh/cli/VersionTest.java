package io.adamesh.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test void versionMatchesThePom() throws Exception {
        String pom = Files.readString(Path.of(System.getProperty("adamesh.repo", "."), "pom.xml"));
        // The project's own <version> follows its <artifactId>.
        Matcher m = Pattern.compile("<artifactId>adamesh-studio</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        org.junit.jupiter.api.Assertions.assertTrue(m.find(), "no project version in pom.xml");
        assertEquals(m.group(1), Version.NUMBER);
    }
}
