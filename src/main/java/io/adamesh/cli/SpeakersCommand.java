package io.adamesh.cli;

import io.adamesh.model.ModelBundle;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileException;
import io.adamesh.speaker.SpeakerProfileStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code adamesh speakers list | rename ID NAME | delete ID | export ID FILE | import FILE
 * [--library DIR] [--bundle DIR]}: manages the speaker library (the profiles {@code adapt} made).
 */
final class SpeakersCommand implements Command {
    @Override public String name() { return "speakers"; }

    @Override public String summary() { return "list, rename, delete, export or import learned speakers"; }

    @Override public String usage() {
        return "list | rename ID NAME | delete ID | export ID FILE" + SpeakerProfileStore.EXPORT_EXTENSION
                + " | import FILE [--library DIR] [--bundle DIR]";
    }

    @Override public Set<String> valuedOptions() { return Set.of("--library", "--bundle"); }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        List<String> p = args.positionals();
        if (p.isEmpty()) {
            throw new UsageException("speakers needs an action: " + usage());
        }
        Path library = args.value("--library").map(Path::of).orElseGet(SpeakerProfileStore::defaultRoot);
        String action = p.get(0);
        try {
            switch (action) {
                case "list" -> {
                    arity(p, 1);
                    SpeakerProfileStore store = new SpeakerProfileStore(library, identity(args));
                    List<SpeakerProfile> all = store.list();
                    io.out().println("speaker library " + library + ": " + all.size() + " profile(s)");
                    for (SpeakerProfile s : all) {
                        var m = s.metrics();
                        io.out().printf(Locale.ROOT, "%-24s %-24s %s  %s %.1f-%.1f s  LVE %.2f -> %.2f mm%n", s.id(), s.name(),
                                s.created().toString().substring(0, 16).replace('T', ' '), s.source().video(),
                                s.source().startSeconds(), s.source().endSeconds(), m.lveBeforeMm(), m.lveAfterMm());
                    }
                    for (String w : store.warnings()) {
                        io.err().println("speakers: warning: " + w);
                    }
                }
                case "rename" -> {
                    arity(p, 3);
                    SpeakerProfile r = new SpeakerProfileStore(library).rename(p.get(1), p.get(2));
                    io.out().println("renamed " + r.id() + " to '" + r.name() + "'");
                }
                case "delete" -> {
                    arity(p, 2);
                    new SpeakerProfileStore(library).delete(p.get(1));
                    io.out().println("deleted " + p.get(1));
                }
                case "export" -> {
                    arity(p, 3);
                    Path file = Path.of(p.get(2));
                    new SpeakerProfileStore(library).exportTo(p.get(1), file);
                    io.out().println("exported " + p.get(1) + " to " + file);
                }
                case "import" -> {
                    arity(p, 2);
                    SpeakerProfile in = new SpeakerProfileStore(library, identity(args)).importFrom(Path.of(p.get(1)));
                    io.out().println("imported '" + in.name() + "' as " + in.id());
                }
                default -> throw new UsageException("unknown action '" + action + "'; use " + usage());
            }
        } catch (SpeakerProfileException e) {
            io.err().println("speakers: " + e.getMessage());
            return 4;
        }
        return 0;
    }

    private static BundleIdentity identity(CommandArgs args) throws Exception {
        Path bundleDir = args.value("--bundle").map(Path::of).orElseGet(() -> StudioHome.resolve("models/default"));
        try (ModelBundle b = ModelBundle.load(bundleDir)) {
            return BundleIdentity.of(b);
        }
    }

    private static void arity(List<String> p, int n) throws UsageException {
        if (p.size() != n) {
            throw new UsageException("speakers " + p.get(0) + " takes " + (n - 1) + " argument(s)");
        }
    }
}
