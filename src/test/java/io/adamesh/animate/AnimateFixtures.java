package io.adamesh.animate;

import io.adamesh.audio.AudioFileDecoder;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Shared test helpers: the default engine, espeak-ng speech, inner-lip distance. */
final class AnimateFixtures {
    static final Path BUNDLE = Path.of("models/default");
    static final Path FACE = Path.of("assets/openhead.npz");
    private static AnimationEngine engine;

    private AnimateFixtures() {
    }

    /**
     * One engine per test JVM (loading costs ~1 s); never closed, the JVM ends. The default bundle was
     * exported against the face of afa60d0; 1dd970e changed the face file (neck cap, brow strength), so
     * the checksum check is relaxed here (AnimationEngineTest covers the strict refusal).
     */
    static synchronized AnimationEngine engine() throws Exception {
        if (engine == null) {
            engine = AnimationEngine.open(BUNDLE, FaceModel.load(FACE), true);
        }
        return engine;
    }

    /** Speech from espeak-ng (installed on the build machines), decoded to 16 kHz mono. */
    static float[] speak(Path dir, String text) throws Exception {
        Path wav = dir.resolve("speech-" + Integer.toHexString(text.hashCode()) + ".wav");
        if (!Files.exists(wav)) {
            Process p = new ProcessBuilder("espeak-ng", "-v", "en-us", "-s", "150", "-w", wav.toString(), text)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("espeak-ng failed: " + new String(p.getInputStream().readAllBytes()));
            }
        }
        return new AudioFileDecoder().decodeAll(wav).samples();
    }

    /** Inner-lip distance (landmarks 62 and 66, metres) per frame of a clip. */
    static float[] lipGap(Clip clip, FaceModel face) {
        RigEvaluator rig = new RigEvaluator(face);
        FaceParams p = new FaceParams(face.shapeNames().size(), face.expressionNames().size(), face.jointCount());
        float[] verts = new float[face.vertexCount() * 3];
        float[] lm = new float[face.landmarkCount() * 3];
        float[] out = new float[clip.frameCount()];
        for (int f = 0; f < out.length; f++) {
            clip.applyFrame(f, face, p);
            rig.evaluate(p, verts);
            rig.landmarks(verts, lm);
            out[f] = dist(lm, 62, 66);
        }
        return out;
    }

    static float restLipGap(FaceModel face) {
        RigEvaluator rig = new RigEvaluator(face);
        FaceParams p = new FaceParams(face.shapeNames().size(), face.expressionNames().size(), face.jointCount());
        float[] verts = new float[face.vertexCount() * 3];
        float[] lm = new float[face.landmarkCount() * 3];
        rig.evaluate(p, verts);
        rig.landmarks(verts, lm);
        return dist(lm, 62, 66);
    }

    static float dist(float[] lm, int a, int b) {
        float dx = lm[a * 3] - lm[b * 3], dy = lm[a * 3 + 1] - lm[b * 3 + 1], dz = lm[a * 3 + 2] - lm[b * 3 + 2];
        return (float) Math.sqrt(dx * dx + dy * dy + dz * dz);
    }
}
