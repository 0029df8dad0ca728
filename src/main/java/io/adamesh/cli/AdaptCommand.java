package io.adamesh.cli;

import io.adamesh.adapt.AdaptException;
import io.adamesh.adapt.AdaptListener;
import io.adamesh.adapt.AdaptRequest;
import io.adamesh.adapt.AdaptResult;
import io.adamesh.adapt.Adapter;
import io.adamesh.adapt.AdaptationCancelledException;
import io.adamesh.adapt.CancelToken;
import io.adamesh.animate.AnimateException;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.face.FaceModel;
import io.adamesh.speaker.BundleIdentity;
import io.adamesh.speaker.SpeakerProfile;
import io.adamesh.speaker.SpeakerProfileException;
import io.adamesh.speaker.SpeakerProfileStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code adamesh adapt VIDEO --name NAME [--range 00:05-00:15] [--library DIR] [--steps N] [--lr X]
 * [--bundle DIR] [--head HEAD.npz]}: learns a speaker from a range of a reference video (tracking,
 * MoLoRA adaptation with early stopping, pose-style retrieval) and saves the profile in the speaker
 * library. One progress line per stage on stderr, with the losses while adapting.
 */
final class AdaptCommand implements Command {
    @Override public String name() { return "adapt"; }

    @Override public String summary() { return "learn a speaker from ~10 s of reference video into the speaker library"; }

    @Override public String usage() {
        return "VIDEO --name NAME [--range 00:05-00:15] [--library DIR] [--steps N] [--lr X] [--bundle DIR] [--head HEAD.npz]";
    }

    @Override public Set<String> valuedOptions() {
        return Set.of("--name", "--range", "--library", "--steps", "--lr", "--bundle", "--head");
    }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        if (args.positionals().size() != 1) {
            throw new UsageException("adapt takes one video file");
        }
        Path video = Path.of(args.positionals().get(0));
        String name = args.value("--name").orElseThrow(() -> new UsageException("--name NAME is required"));
        if (name.isBlank()) {
            throw new UsageException("--name must not be empty");
        }
        double[] range = parseRange(args.value("--range").orElse(null));
        int steps = integer(args.value("--steps").orElse(String.valueOf(AdaptRequest.DEFAULT_MAX_STEPS)), "--steps");
        float lr;
        try {
            lr = Float.parseFloat(args.value("--lr").orElse(String.valueOf(AdaptRequest.DEFAULT_LEARNING_RATE)));
        } catch (NumberFormatException e) {
            throw new UsageException("--lr must be a number, e.g. 0.003");
        }
        Path library = args.value("--library").map(Path::of).orElseGet(SpeakerProfileStore::defaultRoot);
        Path bundleDir = args.value("--bundle").map(Path::of).orElseGet(() -> StudioHome.resolve("models/default"));
        Path headFile = args.value("--head").map(Path::of).orElseGet(() -> StudioHome.resolve("assets/openhead.npz"));
        FaceModel face = FaceModel.load(headFile);
        try (AnimationEngine engine = AnimationEngine.open(bundleDir, face, false)) {
            io.err().println("adapt: " + engine.provider() + " (" + engine.providerWhy() + ")");
            var request = new AdaptRequest(video, range[0], range[1], name.strip(), AdaptRequest.DEFAULT_HELD_OUT, steps, lr);
            Adapter adapter = new Adapter(engine.bundle(), engine.pose(), engine.face());
            AdaptResult result;
            try {
                result = adapter.run(request, new Progress(io), CancelToken.NEVER);
            } catch (AdaptException e) {
                io.err().println();
                io.err().println("adapt: " + e.getMessage());
                return 4;
            } catch (AdaptationCancelledException e) {
                io.err().println("adapt: " + e.getMessage());
                return 5;
            }
            io.err().printf(Locale.ROOT, "%nadapt: Saving into %s%n", library);
            SpeakerProfile saved;
            try {
                var store = new SpeakerProfileStore(library, BundleIdentity.of(engine.bundle()));
                saved = store.saveNew(result.profile(), result.thumbnailPng());
            } catch (SpeakerProfileException e) {
                io.err().println("adapt: " + e.getMessage());
                return 6;
            }
            var m = saved.metrics();
            io.out().printf(Locale.ROOT, "adapt: speaker '%s' saved as %s (use: adamesh animate VOICE --speaker %s)%n",
                    saved.name(), saved.id(), saved.id());
            io.out().printf(Locale.ROOT, "  held-back %.1f-%.1f s: loss %.5f -> %.5f, lip vertex error vs tracked %.2f -> %.2f mm"
                            + " (%d steps, best %d); usable face %.0f %%; %.1f s%n",
                    result.heldOut().startSeconds(), result.heldOut().endSeconds(), m.heldOutLossBefore(),
                    m.heldOutLossAfter(), m.lveBeforeMm(), m.lveAfterMm(), m.steps(), m.bestStep(),
                    100 * m.usableFaceFraction(), m.seconds());
            return 0;
        } catch (AnimateException e) {
            io.err().println("adapt: " + e.getMessage());
            return 3;
        }
    }

    /** One line per stage (with the losses while adapting) on stderr. */
    static final class Progress implements AdaptListener {
        private final CliIo io;
        private String stage = "";
        private ProgressLine line;
        private double trainLoss = Double.NaN;
        private double heldLoss = Double.NaN;
        private int step;

        Progress(CliIo io) {
            this.io = io;
        }

        @Override
        public void stage(String s, double fraction) {
            if (!s.equals(stage) || line == null) {
                if (line != null) {
                    line.done();
                }
                stage = s;
                line = new ProgressLine(io.err(), "adapt:");
            }
            String loss = s.equals("Adapting") && step > 0
                    ? String.format(Locale.ROOT, "  step %d  loss %.3g  held-back %s", step, trainLoss,
                            Double.isNaN(heldLoss) ? "-" : String.format(Locale.ROOT, "%.3g", heldLoss)) : "";
            line.text(String.format(Locale.ROOT, "%-16s %3.0f%%%s", s, 100 * fraction, loss));
        }

        @Override
        public void loss(int s, double train, double held) {
            step = s;
            trainLoss = train;
            if (!Double.isNaN(held)) {
                heldLoss = held;
            }
        }

        @Override
        public void message(String text) {
            io.err().println();
            io.err().print("adapt: " + text);
        }
    }

    /** {@code MM:SS-MM:SS} or seconds {@code A-B} / {@code A:B}... the end defaults to start + 10 s. */
    static double[] parseRange(String s) throws UsageException {
        if (s == null) {
            return new double[] {0, AdaptRequest.DEFAULT_SECONDS};
        }
        String[] parts = s.split("-", -1);
        try {
            if (parts.length == 1) {
                double a = clock(parts[0]);
                return new double[] {a, a + AdaptRequest.DEFAULT_SECONDS};
            }
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            double a = clock(parts[0]);
            double b = clock(parts[1]);
            if (a < 0 || b <= a) {
                throw new NumberFormatException();
            }
            return new double[] {a, b};
        } catch (NumberFormatException e) {
            throw new UsageException("--range must be START-END as MM:SS or seconds with START < END, e.g. 00:05-00:15, got '"
                    + s + "'");
        }
    }

    private static double clock(String t) {
        String[] p = t.strip().split(":");
        double v = 0;
        for (String x : p) {
            if (x.isBlank()) {
                throw new NumberFormatException();
            }
            v = v * 60 + Double.parseDouble(x);
        }
        return v;
    }

    static int integer(String v, String option) throws UsageException {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " must be a whole number, got '" + v + "'");
        }
    }
}
