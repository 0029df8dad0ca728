package io.adamesh.cli;

import io.adamesh.face.NpyArray;
import io.adamesh.face.Npz;
import io.adamesh.model.SpeechEncoderException;
import io.adamesh.model.Wav2Vec2OnnxEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code adamesh speech-features --wav2vec2 MODEL.onnx --out-dir DIR [--normalise per-input|none] IN.npz...}:
 * runs a wav2vec 2.0 / HuBERT ONNX export (Hugging Face convention, see {@link Wav2Vec2OnnxEncoder}) over
 * utterances, for training a bundle on its features ({@code training/}: {@code train_expression --wav2vec2}).
 *
 * <p>Each input holds {@code audio} float32 [N] (16 kHz mono, the utterances one after another) and
 * {@code offsets} int64 [n + 1] (utterance i is {@code audio[offsets[i], offsets[i+1])}). The output
 * {@code DIR/<same name>} holds {@code features} float32 [sum T_i, D] (each utterance encoded whole,
 * {@code T_i = floor((N_i - 400) / 320) + 1}), {@code offsets} int64 [n + 1] into its rows and
 * {@code dimension}. An output that exists is complete (written atomically) and is skipped, so an
 * interrupted run resumes.
 */
final class SpeechFeaturesCommand implements Command {
    @Override public String name() { return "speech-features"; }

    @Override public String summary() {
        return "encode utterances with a wav2vec 2.0 / HuBERT ONNX export (features for training)";
    }

    @Override public String usage() {
        return "--wav2vec2 MODEL.onnx --out-dir DIR [--normalise per-input|none] IN.npz...";
    }

    @Override public Set<String> valuedOptions() { return Set.of("--wav2vec2", "--out-dir", "--normalise"); }

    @Override public boolean acceptsPositionals() { return true; }

    @Override
    public int run(CommandArgs args, CliIo io) throws Exception {
        Path model = Path.of(args.value("--wav2vec2").orElseThrow(
                () -> new UsageException("--wav2vec2 MODEL.onnx is required")));
        Path outDir = Path.of(args.value("--out-dir").orElseThrow(() -> new UsageException("--out-dir DIR is required")));
        Wav2Vec2OnnxEncoder.Normalization normalization = switch (args.value("--normalise").orElse("per-input")) {
            case "per-input" -> Wav2Vec2OnnxEncoder.Normalization.PER_INPUT;
            case "none" -> Wav2Vec2OnnxEncoder.Normalization.NONE;
            default -> throw new UsageException("--normalise takes per-input or none, not '"
                    + args.value("--normalise").orElse("") + "'");
        };
        if (args.positionals().isEmpty()) throw new UsageException("give one or more IN.npz files (audio + offsets)");
        Files.createDirectories(outDir);
        int failed = 0;
        try (Wav2Vec2OnnxEncoder encoder = Wav2Vec2OnnxEncoder.load(model,
                new Wav2Vec2OnnxEncoder.Options(100, 10, 5, normalization))) {
            io.err().println("speech-features: " + model + ": " + encoder.dimension() + " dimensions at 50 Hz");
            for (String name : args.positionals()) {
                Path in = Path.of(name);
                Path out = outDir.resolve(in.getFileName());
                if (Files.isRegularFile(out)) {
                    io.out().println("speech-features: " + out + " exists, skipped");
                    continue;
                }
                try {
                    encodeFile(encoder, in, out, io);
                } catch (IOException | SpeechEncoderException e) {
                    failed++;
                    io.err().println("speech-features: " + in + ": " + e.getMessage());
                }
            }
        } catch (SpeechEncoderException e) {
            io.err().println("speech-features: " + e.getMessage());
            return 3;
        }
        return failed == 0 ? 0 : 1;
    }

    private static void encodeFile(Wav2Vec2OnnxEncoder encoder, Path in, Path out, CliIo io)
            throws IOException, SpeechEncoderException {
        long t0 = System.nanoTime();
        Map<String, NpyArray> arrays = Npz.read(in);
        NpyArray audio = arrays.get("audio");
        NpyArray offsets = arrays.get("offsets");
        if (audio == null || offsets == null || audio.kind() != NpyArray.Kind.FLOAT
                || offsets.kind() != NpyArray.Kind.INT || offsets.shape().length != 1) {
            throw new IOException("expected arrays 'audio' (float32 [N]) and 'offsets' (int64 [n + 1]), found "
                    + arrays.keySet());
        }
        float[] samples = audio.floats();
        int[] off = offsets.ints();
        for (int i = 0; i + 1 < off.length; i++) {
            if (off[i] < 0 || off[i] > off[i + 1] || off[i + 1] > samples.length) {
                throw new IOException("offsets are not increasing within the " + samples.length + " samples at utterance " + i);
            }
        }
        int d = encoder.dimension();
        long[] rows = new long[Math.max(1, off.length)];
        float[][][] parts = new float[Math.max(0, off.length - 1)][][];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = encoder.encode(java.util.Arrays.copyOfRange(samples, off[i], off[i + 1]));
            rows[i + 1] = rows[i] + parts[i].length;
        }
        long total = rows[rows.length - 1];
        if (total * d > Integer.MAX_VALUE) {
            throw new IOException("too many frames in one file (" + total + " x " + d + "); split the input");
        }
        float[] flat = new float[(int) (total * d)];
        for (int i = 0; i < parts.length; i++) {
            for (int t = 0; t < parts[i].length; t++) {
                System.arraycopy(parts[i][t], 0, flat, (int) ((rows[i] + t) * d), d);
            }
        }
        Map<String, NpyArray> result = new LinkedHashMap<>();
        result.put("features", NpyArray.ofFloats(flat, (int) total, d));
        result.put("offsets", NpyArray.ofInts(rows, rows.length));
        result.put("dimension", NpyArray.ofInts(new long[] {d}));
        Npz.write(out, result);
        double s = (System.nanoTime() - t0) / 1e9;
        double seconds = samples.length / 16_000.0;
        io.out().printf("speech-features: %s: %d utterances, %.1f s of audio -> %d frames x %d in %.1f s (%.0fx real time)%n",
                in.getFileName(), parts.length, seconds, total, d, s, seconds / s);
    }
}
