package io.adamesh.track;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.adamesh.track.TrackingDataFiles.DataFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Test access to dlib's model (libdlib-data) and its annotated example faces (via the fetch script). */
final class DlibFaces {
    private static DlibShapePredictor predictor;

    private DlibFaces() {}

    static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The shared predictor; on CI a missing model fails, elsewhere the test is skipped. */
    static synchronized DlibShapePredictor predictor() throws IOException {
        if (predictor == null) {
            Optional<Path> model = TrackingDataFiles.fromEnvironment().locate(DataFile.DLIB_SHAPE_PREDICTOR_68);
            if (model.isEmpty() && ci()) {
                throw new IllegalStateException("CI needs " + DataFile.DLIB_SHAPE_PREDICTOR_68.installHint());
            }
            assumeTrue(model.isPresent(), "dlib model missing: " + DataFile.DLIB_SHAPE_PREDICTOR_68.installHint());
            predictor = DlibShapePredictor.load(model.get());
        }
        return predictor;
    }

    /** OpenCV's frontal-face cascade (opencv-data); on CI a missing file fails, elsewhere the test is skipped. */
    static Path cascade() {
        Optional<Path> cascade = TrackingDataFiles.fromEnvironment().locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE);
        if (cascade.isEmpty() && ci()) {
            throw new IllegalStateException("CI needs " + DataFile.OPENCV_FRONTAL_FACE_CASCADE.installHint());
        }
        assumeTrue(cascade.isPresent(), "face cascade missing: " + DataFile.OPENCV_FRONTAL_FACE_CASCADE.installHint());
        return cascade.get();
    }

    /** testing_with_face_landmarks.xml, fetched through scripts/fetch-dlib-faces.sh when not cached. */
    static Path testingXml() throws Exception {
        String base = System.getenv("ADAMESH_CACHE");
        Path cache = (base != null ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache", "adamesh"))
                .resolve("dlib-faces");
        Path xml = cache.resolve("faces").resolve("testing_with_face_landmarks.xml");
        if (Files.isRegularFile(xml)) {
            return xml;
        }
        ProcessBuilder pb = new ProcessBuilder("sh", "scripts/fetch-dlib-faces.sh", cache.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        boolean ok = done && p.exitValue() == 0 && Files.isRegularFile(xml);
        if (!ok && ci()) {
            throw new IllegalStateException("scripts/fetch-dlib-faces.sh failed:\n" + log);
        }
        assumeTrue(ok, "dlib example faces unavailable (scripts/fetch-dlib-faces.sh failed): " + log);
        return xml;
    }
}
