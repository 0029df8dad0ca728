package io.adamesh.cli.doctor;

import io.adamesh.audio.AudioDevices;
import java.util.List;

/**
 * What {@code adamesh doctor} found. Serialised to JSON with snake_case keys
 * (e.g. {@code audio_input}, {@code built_with}).
 */
public record DoctorReport(Product adamesh, JavaRuntime java, OperatingSystem os, JavaFx javafx,
                           OnnxRuntime onnxruntime, AudioInput audioInput, List<FileCheck> dataFiles,
                           List<FileCheck> assets) {

    public record Product(String version, String home) {
    }

    public record JavaRuntime(String version, int feature, String vendor, String vm, String home) {
    }

    public record OperatingSystem(String name, String version, String arch, int cores) {
    }

    /** {@code reason} is set when the JavaFX runtime was not found. */
    public record JavaFx(boolean found, String version, String runtimeVersion, String source, String reason) {
    }

    public record OnnxRuntime(boolean loaded, String version, List<String> builtWith, List<String> usable,
                              Cuda cuda) {
    }

    public record Cuda(boolean usable, String reason) {
    }

    public record AudioInput(List<AudioDevices.Device> devices, String reason) {
    }

    /** A file the studio needs; when missing, {@code install} says how to get it. */
    public record FileCheck(String name, String description, boolean found, String path,
                            List<String> searched, String install) {
    }
}
