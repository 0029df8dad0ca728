package io.adamesh.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/** Loads little-endian float32 fixture files from the test class path. */
final class Fixtures {
    private Fixtures() {
    }

    static float[] floats(String resource) throws IOException {
        try (InputStream in = Objects.requireNonNull(Fixtures.class.getResourceAsStream(resource),
                "Resource not found: " + resource)) {
            ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[bytes.remaining() / 4];
            bytes.asFloatBuffer().get(out);
            return out;
        }
    }
}
