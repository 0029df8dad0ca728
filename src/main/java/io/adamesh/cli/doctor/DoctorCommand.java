package io.adamesh.cli.doctor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.adamesh.cli.CliIo;
import io.adamesh.cli.Command;
import io.adamesh.cli.CommandArgs;
import io.adamesh.track.TrackingDataFiles;
import java.io.PrintStream;
import java.util.Set;

/** {@code adamesh doctor [--json]}: what this machine offers the studio and what is missing. */
public final class DoctorCommand implements Command {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    @Override public String name() { return "doctor"; }
    @Override public String summary() { return "check Java, JavaFX, ONNX Runtime, audio input and data files"; }
    @Override public String usage() { return "[--json]"; }
    @Override public Set<String> flags() { return Set.of("--json"); }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        DoctorReport report = new Doctor(io.home(), TrackingDataFiles.fromEnvironment()).examine();
        if (args.has("--json")) {
            io.out().println(JSON.writeValueAsString(report));
        } else {
            printText(report, io.out());
        }
        return 0;
    }

    static void printText(DoctorReport r, PrintStream out) {
        out.printf("AdaMesh Studio %s   home %s%n", r.adamesh().version(), r.adamesh().home());
        row(out, "Java", r.java().version() + "  " + r.java().vendor() + "  (" + r.java().home() + ")");
        row(out, "OS", r.os().name() + " " + r.os().version() + " " + r.os().arch() + ", "
                + r.os().cores() + " cores");
        row(out, "JavaFX", r.javafx().found()
                ? r.javafx().version() + " (runtime " + r.javafx().runtimeVersion() + ")"
                : "MISSING: " + r.javafx().reason());
        DoctorReport.OnnxRuntime ort = r.onnxruntime();
        row(out, "ONNX Runtime", ort.loaded()
                ? ort.version() + "  usable: " + String.join(", ", ort.usable())
                : "MISSING: " + ort.cuda().reason());
        if (ort.loaded()) {
            row(out, "  built with", String.join(", ", ort.builtWith()));
            row(out, "  CUDA", ort.cuda().usable() ? "usable" : "not usable: " + ort.cuda().reason());
        }
        if (r.audioInput().devices().isEmpty()) {
            row(out, "Audio input", "none: " + r.audioInput().reason());
        } else {
            row(out, "Audio input", r.audioInput().devices().size() + " device(s)");
            r.audioInput().devices().forEach(d -> out.printf("  - %s: %s%n", d.name(),
                    d.formats().isEmpty() ? "no formats declared" : String.join("; ", d.formats())));
        }
        out.println("Data files");
        r.dataFiles().forEach(f -> check(out, f));
        out.println("Assets");
        r.assets().forEach(f -> check(out, f));
    }

    private static void row(PrintStream out, String label, String value) {
        out.printf("%-14s %s%n", label, value);
    }

    private static void check(PrintStream out, DoctorReport.FileCheck file) {
        if (file.found()) {
            out.printf("  [ok]      %s  %s%n", file.name(), file.path());
        } else {
            out.printf("  [missing] %s (%s)%n            searched: %s%n            fix: %s%n", file.name(),
                    file.description(), String.join(", ", file.searched()), file.install());
        }
    }
}
