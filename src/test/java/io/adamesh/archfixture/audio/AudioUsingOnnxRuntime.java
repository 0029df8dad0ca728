package io.adamesh.archfixture.audio;

/** Breaks "only model imports ONNX Runtime" (a method call: constants are inlined and leave no trace). */
public class AudioUsingOnnxRuntime {
    public Object environment() { return ai.onnxruntime.OrtEnvironment.getEnvironment(); }
}
