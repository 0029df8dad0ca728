package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.track.TrackingDataFiles.DataFile;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingDataFilesTest {
    @TempDir Path dir;

    @Test void findsAFileInAnOverrideDirectory() throws Exception {
        Path model = Files.writeString(dir.resolve(DataFile.DLIB_SHAPE_PREDICTOR_68.fileName()), "x");
        TrackingDataFiles files = new TrackingDataFiles(List.of(dir));
        assertEquals(model.toAbsolutePath(), files.locate(DataFile.DLIB_SHAPE_PREDICTOR_68).orElseThrow());
    }

    @Test void overrideDirectoriesAreSearchedBeforeDebianLocations() {
        List<Path> path = new TrackingDataFiles(List.of(dir)).searchPath(DataFile.OPENCV_FRONTAL_FACE_CASCADE);
        assertEquals(dir, path.getFirst());
        assertTrue(path.contains(Path.of("/usr/share/opencv4/haarcascades")), path.toString());
    }

    @Test void systemPropertyNamesOverrideDirectories() throws Exception {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path cascade = Files.writeString(other.resolve(DataFile.OPENCV_FRONTAL_FACE_CASCADE.fileName()), "<x/>");
        String previous = System.getProperty(TrackingDataFiles.PROPERTY);
        System.setProperty(TrackingDataFiles.PROPERTY, dir + File.pathSeparator + other);
        try {
            TrackingDataFiles files = TrackingDataFiles.fromEnvironment();
            assertEquals(cascade.toAbsolutePath(), files.locate(DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow());
        } finally {
            if (previous == null) {
                System.clearProperty(TrackingDataFiles.PROPERTY);
            } else {
                System.setProperty(TrackingDataFiles.PROPERTY, previous);
            }
        }
    }

    @Test void aDirectoryWithTheFilesNameIsNotTheFile() throws Exception {
        Files.createDirectory(dir.resolve(DataFile.DLIB_SHAPE_PREDICTOR_68.fileName()));
        TrackingDataFiles files = new TrackingDataFiles(List.of(dir));
        // Only a Debian install could satisfy it now.
        assertEquals(Files.isRegularFile(Path.of("/usr/share/dlib/shape_predictor_68_face_landmarks.dat")),
                files.locate(DataFile.DLIB_SHAPE_PREDICTOR_68).isPresent());
    }

    @Test void missingFileHintNamesTheDebianPackage() {
        assertTrue(DataFile.DLIB_SHAPE_PREDICTOR_68.installHint().contains("libdlib-data"));
        assertTrue(DataFile.OPENCV_FRONTAL_FACE_CASCADE.installHint().contains("opencv-data"));
        assertFalse(DataFile.DLIB_SHAPE_PREDICTOR_68.installHint().isBlank());
    }
}
