package io.adamesh.export;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints the objects, properties and sample counts of an Ogawa Alembic file: {@code java io.adamesh.export.AbcDump file.abc}. */
public final class AbcDump {
    private AbcDump() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: AbcDump file.abc");
            System.exit(2);
        }
        dump(new AlembicReader(Files.readAllBytes(Path.of(args[0]))), System.out);
    }

    public static void dump(AlembicReader r, PrintStream out) {
        out.println("Alembic (Ogawa) file version " + r.fileVersion() + ", library " + r.libraryVersion());
        out.println("archive metadata: " + r.archiveMetadata());
        for (int i = 0; i < r.timeSamplings().size(); i++) {
            AlembicReader.TimeSampling t = r.timeSamplings().get(i);
            out.println("time sampling " + i + ": time per cycle " + t.timePerCycle() + ", start " + (t.times().length > 0 ? t.times()[0] : 0) + ", max samples " + t.maxSamples());
        }
        obj(r.top(), "", out);
    }

    private static void obj(AlembicReader.Obj o, String indent, PrintStream out) {
        out.println(indent + "Object " + o.path() + (o.metadata().isEmpty() ? "" : " {" + o.metadata() + "}"));
        for (AlembicReader.Property p : o.properties()) prop(p, indent + "  ", out);
        for (AlembicReader.Obj c : o.children()) obj(c, indent + "  ", out);
    }

    private static void prop(AlembicReader.Property p, String indent, PrintStream out) {
        if (p.isCompound()) {
            out.println(indent + "CompoundProperty " + p.name() + (p.metadata().isEmpty() ? "" : " {" + p.metadata() + "}"));
            for (AlembicReader.Property c : p.children()) prop(c, indent + "  ", out);
        } else {
            out.println(indent + (p.isScalar() ? "ScalarProperty " : "ArrayProperty ") + p.name() + " " + p.pod() + "[" + p.extent() + "] samples=" + p.samples()
                    + " ts=" + p.timeSampling() + (p.metadata().isEmpty() ? "" : " {" + p.metadata() + "}"));
        }
    }
}
