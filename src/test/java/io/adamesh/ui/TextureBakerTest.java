package io.adamesh.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextureBakerTest {
    /** One triangle covering the lower-left half of UV space: red, green, blue corners. */
    static FaceModel triangle() {
        float[] t = {0, 0, 0, 1, 0, 0, 0, 1, 0};
        int[] f = {0, 1, 2};
        float[] uv = {0.1f, 0.1f, 0.9f, 0.1f, 0.1f, 0.9f};
        float[] col = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        float[][] none = new float[0][];
        return new FaceModel("tri", t, f, List.of(), none, List.of(), none, none, new float[][] {{1f / 3, 1f / 3, 1f / 3}},
                new float[] {1, 1, 1}, new int[] {-1}, List.of("root"), uv, f.clone(), col, new int[] {0}, List.of("skin"),
                new int[0], new float[0]);
    }

    @Test void cornersGetTheirVertexColourAndTheInsideIsInterpolated() {
        int n = 64;
        int[] img = TextureBaker.bake(triangle(), n, 0);
        // uv (0.1, 0.1) is pixel (6, 57): texture rows start at v = 1.
        int red = img[57 * n + 7];
        assertTrue(((red >> 16) & 0xFF) > 230 && (red & 0xFF) < 60, Integer.toHexString(red));
        int mid = img[(int) ((1 - 0.35) * n) * n + (int) (0.35 * n)];
        // Barycentric weights at (0.35, 0.35): red 0.375, green and blue 0.3125 each (sRGB values, no re-encoding).
        assertEquals(96, (mid >> 16) & 0xFF, 2, Integer.toHexString(mid));
        assertEquals(80, (mid >> 8) & 0xFF, 2, Integer.toHexString(mid));
        assertEquals(80, mid & 0xFF, 2, Integer.toHexString(mid));
        assertEquals(0, img[2 * n + 60], "far outside stays empty");
    }

    @Test void dilationGrowsTheIslandSoSeamsDoNotBleed() {
        int n = 64;
        int[] plain = TextureBaker.bake(triangle(), n, 0);
        int[] grown = TextureBaker.bake(triangle(), n, 3);
        int row = 58; // just below the triangle's lower edge (v = 0.1 is row 57.6)
        int x = 30;
        int below = (row + 2) * n + x;
        assertEquals(0, plain[below]);
        assertTrue((grown[below] >>> 24) == 0xFF, "dilated pixel is opaque");
    }

    @Test void linearColourIsEncodedAsSrgb() {
        assertEquals(128, TextureBaker.srgb(0.5f));
        assertEquals(0, TextureBaker.srgb(-1));
        assertEquals(255, TextureBaker.srgb(2));
    }
}
