package io.adamesh.model;

import java.util.Arrays;

/** A dense float tensor in row-major order: the values exchanged with bundle graphs and profiles. */
public record FloatTensor(float[] data, long[] shape) {
    public FloatTensor {
        long n = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
    }

    public static FloatTensor zeros(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return new FloatTensor(new float[Math.toIntExact(n)], shape.clone());
    }

    public FloatTensor copy() {
        return new FloatTensor(data.clone(), shape.clone());
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }
}
