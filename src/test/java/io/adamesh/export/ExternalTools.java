package io.adamesh.export;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds and runs the independent readers the export tests use. A missing tool fails the test when
 * the environment variable CI is set (CI installs them: scripts/packages-test.txt and
 * scripts/install-node-tools.sh) and skips it with a message otherwise.
 */
final class ExternalTools {
    private ExternalTools() {}

    static Path repo() { return Path.of(System.getProperty("adamesh.repo", ".")).toAbsolutePath(); }

    static void requireTool(boolean present, String what, String install) {
        if (present) return;
        String msg = what + " is not installed (" + install + ")";
        if (System.getenv("CI") != null) fail(msg + "; CI must install it");
        assumeTrue(false, msg + "; skipped locally");
    }

    static Path onPath(String exe) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) return p;
        }
        return null;
    }

    static Path assimp() {
        Path p = onPath("assimp");
        requireTool(p != null, "assimp (Debian assimp-utils)", "apt-get install assimp-utils");
        return p;
    }

    static Path fbx2gltf() {
        Path p = repo().resolve("tools/node/node_modules/fbx2gltf/bin/Linux/FBX2glTF");
        requireTool(Files.exists(p), "fbx2gltf (npm)", "scripts/install-node-tools.sh");
        p.toFile().setExecutable(true);
        return p;
    }

    static Path gltfValidatorScript() {
        Path p = repo().resolve("tools/node/validate-gltf.mjs");
        requireTool(Files.isDirectory(repo().resolve("tools/node/node_modules/gltf-validator")) && onPath("node") != null,
                "gltf-validator (npm) and node", "scripts/install-node-tools.sh");
        return p;
    }

    record Result(int exit, String output) {}

    static Result run(Path workDir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(cmd))).directory(workDir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
