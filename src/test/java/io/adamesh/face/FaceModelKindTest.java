package io.adamesh.face;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FaceModelKindTest {
    @Test
    void openHeadAssetIsOpenHeadAndABundleForFlameRefusesIt() throws Exception {
        FaceModel openHead = FaceModel.load(Path.of("assets/openhead.npz"));
        assertEquals(FaceModelKind.OPENHEAD, FaceModelKind.of(openHead));
        FaceModelKind.OPENHEAD.requireCompatible(openHead, "default");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FaceModelKind.parse("flame").requireCompatible(openHead, "flame-voca"));
        assertTrue(e.getMessage().contains("flame-voca") && e.getMessage().contains("FLAME") && e.getMessage().contains("OpenHead"), e.getMessage());
    }

    @Test
    void otherHeadsAreNeitherAndUnknownManifestValuesAreNamed() {
        FaceModel tiny = TinyModels.tiny(null);
        assertEquals(FaceModelKind.OTHER, FaceModelKind.of(tiny));
        assertThrows(IllegalArgumentException.class, () -> FaceModelKind.OPENHEAD.requireCompatible(tiny, "default"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaceModelKind.parse("smplx"));
        assertTrue(e.getMessage().contains("smplx"), e.getMessage());
        assertEquals(FaceModelKind.FLAME, FaceModelKind.parse(" FLAME "));
    }
}
