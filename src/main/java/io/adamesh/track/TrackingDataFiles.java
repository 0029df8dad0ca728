package io.adamesh.track;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the third-party data files face tracking needs: dlib's 68-landmark shape predictor and
 * OpenCV's face cascade. Directories named by {@value #PROPERTY} (system property) or
 * {@value #ENV} (environment; both are path lists) are searched first, then the Debian locations.
 */
public final class TrackingDataFiles {
    public static final String PROPERTY = "adamesh.trackingData";
    public static final String ENV = "ADAMESH_TRACKING_DATA";

    /** A data file, where Debian puts it and which package provides it. */
    public enum DataFile {
        DLIB_SHAPE_PREDICTOR_68("shape_predictor_68_face_landmarks.dat", "libdlib-data",
                "dlib 68-point face landmark model (trained on iBUG 300-W: non-commercial use only)",
                "/usr/share/dlib"),
        OPENCV_FRONTAL_FACE_CASCADE("haarcascade_frontalface_default.xml", "opencv-data",
                "OpenCV frontal face Haar cascade",
                "/usr/share/opencv4/haarcascades", "/usr/share/opencv/haarcascades");

        private final String fileName;
        private final String debianPackage;
        private final String description;
        private final List<Path> standardDirs;

        DataFile(String fileName, String debianPackage, String description, String... standardDirs) {
            this.fileName = fileName;
            this.debianPackage = debianPackage;
            this.description = description;
            this.standardDirs = java.util.Arrays.stream(standardDirs).map(Path::of).toList();
        }

        public String fileName() { return fileName; }
        public String debianPackage() { return debianPackage; }
        public String description() { return description; }
        public List<Path> standardDirs() { return standardDirs; }

        /** What to do when the file is missing. */
        public String installHint() {
            return "sudo apt-get install " + debianPackage + "   (or put " + fileName + " in a directory named by "
                    + ENV + " / -D" + PROPERTY + ")";
        }
    }

    private final List<Path> overrideDirs;
    private final boolean standardDirs;

    /** Searches {@code overrideDirs} before the standard locations. */
    public TrackingDataFiles(List<Path> overrideDirs) {
        this(overrideDirs, true);
    }

    private TrackingDataFiles(List<Path> overrideDirs, boolean standardDirs) {
        this.overrideDirs = List.copyOf(overrideDirs);
        this.standardDirs = standardDirs;
    }

    /** Searches only {@code dirs} (tests, portable installs). */
    public static TrackingDataFiles onlyIn(List<Path> dirs) {
        return new TrackingDataFiles(dirs, false);
    }

    /** Honours {@value #PROPERTY} first, then {@value #ENV}. */
    public static TrackingDataFiles fromEnvironment() {
        List<Path> dirs = new ArrayList<>();
        dirs.addAll(split(System.getProperty(PROPERTY)));
        dirs.addAll(split(System.getenv(ENV)));
        return new TrackingDataFiles(dirs);
    }

    private static List<Path> split(String pathList) {
        if (pathList == null || pathList.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(pathList.split(File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    /** Every directory searched for {@code file}, in order. */
    public List<Path> searchPath(DataFile file) {
        List<Path> dirs = new ArrayList<>(overrideDirs);
        if (standardDirs) {
            dirs.addAll(file.standardDirs());
        }
        return dirs;
    }

    public Optional<Path> locate(DataFile file) {
        for (Path dir : searchPath(file)) {
            Path candidate = dir.resolve(file.fileName());
            if (Files.isRegularFile(candidate) && Files.isReadable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }
}
