package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CudaLibrariesTest {
    @Test
    void namesTheDriverAndEachMissingLibrary() {
        String none = CudaLibraries.diagnose(Set.of());
        assertTrue(none.startsWith("no NVIDIA driver (libcuda.so.1 not found"), none);
        assertTrue(none.contains("libcudart.so.12, libcublas.so.12, libcublasLt.so.12, libcurand.so.10, libcufft.so.11, libcudnn.so.9"), none);

        Set<String> found = new HashSet<>(CudaLibraries.RUNTIME);
        found.add(CudaLibraries.DRIVER);
        assertEquals("", CudaLibraries.diagnose(found));

        found.remove("libcudnn.so.9");
        String cudnn = CudaLibraries.diagnose(found);
        assertFalse(cudnn.contains("driver"), cudnn);
        assertTrue(cudnn.contains("not found: libcudnn.so.9 ("), cudnn);
    }

    @Test
    void findsLibrariesTheDynamicLinkerKnows() {
        // every Linux machine that runs the tests has the C library in the linker cache
        assertTrue(CudaLibraries.findable().contains("libc.so.6"));
    }
}
