package io.adamesh.face.flame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceModelException;
import io.adamesh.face.NpyArray;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestrictedUnpicklerTest {
    @TempDir Path dir;

    private static final String VALUES = """
            import pickle, sys, numpy as np, scipy.sparse as sp
            shared = np.array([1.0, 2.0])
            obj = {
                'ints': [0, 1, -1, 255, 256, 65535, 65536, -2**31, 2**31, 2**63 - 1, -2**63],
                'big': 2**70, 'float': -1.5e-3, 'text': 'h\\u00e9llo \\u2713 \\\\ \\n', 'bytes': b'\\x00\\xff ab\\n',
                'tuple': (1, (2.5, None), True, False), 'set': {3}, 'frozen': frozenset([4]),
                'f8': np.arange(6.0).reshape(2, 3),
                'f4F': np.asfortranarray(np.arange(24, dtype='<f4').reshape(2, 3, 4)),
                'i4': np.array([-7, 8], dtype='<i4'), 'u4': np.array([4294967295, 1], dtype='<u4'),
                'i8': np.array([[-2**40]]), 'u1': np.array([200], dtype='u1'), 'b': np.array([True, False]),
                'be': np.arange(3, dtype='>f8'), 'scalar': np.float64(2.5), 'shared': [shared, shared],
                'csr': sp.csr_matrix(np.array([[0, 1.5], [2, 0], [0, 0]])),
            }
            p = int(sys.argv[1])
            open('values_p%d.pkl' % p, 'wb').write(pickle.dumps(obj, protocol=p))
            """;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void readsValuesNumpyAndScipyPicklesAtEveryProtocol(int protocol) throws Exception {
        Files.writeString(dir.resolve("values.py"), VALUES);
        PythonRunner.run(dir, null, List.of("values.py", String.valueOf(protocol)));
        Map<?, ?> d = (Map<?, ?>) RestrictedUnpickler.load(dir.resolve("values_p" + protocol + ".pkl"));

        assertEquals(List.of(0L, 1L, -1L, 255L, 256L, 65535L, 65536L, -(1L << 31), 1L << 31, Long.MAX_VALUE, Long.MIN_VALUE), d.get("ints"));
        assertEquals(BigInteger.TWO.pow(70), d.get("big"));
        assertEquals(-1.5e-3, d.get("float"));
        assertEquals("h\u00e9llo \u2713 \\ \n", d.get("text"));
        assertArrayEquals(new byte[] {0, (byte) 0xff, ' ', 'a', 'b', '\n'}, (byte[]) d.get("bytes"));
        PyTuple t = (PyTuple) d.get("tuple");
        assertEquals(1L, t.get(0));
        assertEquals(PyTuple.of(2.5, null), t.get(1));
        assertEquals(Boolean.TRUE, t.get(2));
        assertEquals(Boolean.FALSE, t.get(3));
        assertEquals(Set.of(3L), d.get("set"));
        assertEquals(Set.of(4L), d.get("frozen"));

        NpyArray f8 = ((NumpyArray) d.get("f8")).toNpy();
        assertArrayEquals(new int[] {2, 3}, f8.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, f8.floats());
        NpyArray f4 = ((NumpyArray) d.get("f4F")).toNpy();
        float[] c = new float[24];
        for (int i = 0; i < 24; i++) c[i] = i;
        assertArrayEquals(c, f4.floats(), "Fortran-ordered array comes back in C order");
        assertArrayEquals(new long[] {-7, 8}, ((NumpyArray) d.get("i4")).longs());
        assertArrayEquals(new long[] {4294967295L, 1}, ((NumpyArray) d.get("u4")).longs());
        assertArrayEquals(new long[] {-(1L << 40)}, ((NumpyArray) d.get("i8")).longs());
        assertArrayEquals(new long[] {200}, ((NumpyArray) d.get("u1")).longs());
        assertArrayEquals(new long[] {1, 0}, ((NumpyArray) d.get("b")).longs());
        assertArrayEquals(new double[] {0, 1, 2}, ((NumpyArray) d.get("be")).doubles(), "big-endian");
        assertEquals(2.5, d.get("scalar"));
        List<?> shared = (List<?>) d.get("shared");
        assertSame(shared.get(0), shared.get(1), "memo keeps shared objects shared");
        NpyArray csr = ((SparseMatrix) d.get("csr")).toDense();
        assertArrayEquals(new int[] {3, 2}, csr.shape());
        assertArrayEquals(new float[] {0, 1.5f, 2, 0, 0, 0}, csr.floats());
    }

    @Test
    void handCraftedOsSystemPickleIsRefusedBeforeAnythingRuns() throws Exception {
        Path marker = dir.resolve("pwned");
        byte[] hostile = ("cos\nsystem\n(S'touch " + marker + "'\ntR.").getBytes(StandardCharsets.ISO_8859_1);
        UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> RestrictedUnpickler.load(hostile));
        assertEquals("os.system", e.global());
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
        assertFalse(Files.exists(marker), "nothing ran");

        // The same bytes do run under Python's own pickle: the test is not vacuous.
        Path pwnedByPython = dir.resolve("pwned-by-python");
        Files.write(dir.resolve("hostile.pkl"), ("cos\nsystem\n(S'touch " + pwnedByPython + "'\ntR.").getBytes(StandardCharsets.ISO_8859_1));
        PythonRunner.run(dir, null, List.of("-c", "import pickle; pickle.load(open('hostile.pkl', 'rb'))"));
        assertTrue(Files.exists(pwnedByPython), "Python's unpickler runs it");
    }

    private static final String EVIL = """
            import builtins, os, pickle, subprocess, sys, numpy as np
            class Evil:
                def __init__(self, f, a): self.f, self.a = f, a
                def __reduce__(self): return (self.f, self.a)
            m = sys.argv[1]
            calls = {'system': (os.system, ('touch ' + m,)),
                     'eval': (builtins.eval, ("open(%r, 'w').close()" % m,)),
                     'popen': (subprocess.Popen, (['touch', m],))}
            for name, (f, a) in calls.items():
                for p in (2, 4):
                    model = {'v_template': np.zeros((3, 3)), 'f': np.zeros((1, 3), dtype=np.uint32), 'x': Evil(f, a)}
                    open('evil_%s_p%d.pkl' % (name, p), 'wb').write(pickle.dumps(model, protocol=p))
            """;

    @ParameterizedTest
    @ValueSource(strings = {"system:system", "eval:eval", "popen:Popen"})
    void flameFileWithAHiddenCallIsRefusedNamingTheClass(String spec) throws Exception {
        String name = spec.split(":")[0];
        // Protocol 2 writes Python 2 names (__builtin__.eval, commands.Popen): all are refused.
        String function = "." + spec.split(":")[1];
        Path marker = dir.resolve("pwned");
        Files.writeString(dir.resolve("evil.py"), EVIL);
        PythonRunner.run(dir, null, List.of("evil.py", marker.toString()));
        for (int p : new int[] {2, 4}) {
            Path file = dir.resolve("evil_" + name + "_p" + p + ".pkl");
            UnsafePickleException e = assertThrows(UnsafePickleException.class, () -> RestrictedUnpickler.load(file));
            assertTrue(e.global().endsWith(function), e.global());
            FaceModelException fe = assertThrows(FaceModelException.class, () -> FaceModel.load(file));
            assertTrue(fe.getMessage().contains(e.global()) && fe.getMessage().contains(file.getFileName().toString()), fe.getMessage());
            assertFalse(Files.exists(marker), "nothing ran");
        }
    }

    @Test
    void allowedFunctionsRefuseArgumentsTheyDoNotExpect() {
        // numpy's _reconstruct asked to build a dtype instead of an ndarray
        byte[] wrongClass = "cnumpy.core.multiarray\n_reconstruct\n(cnumpy\ndtype\n(I0\ntS'b'\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        PickleException e1 = assertThrows(PickleException.class, () -> RestrictedUnpickler.load(wrongClass));
        assertTrue(e1.getMessage().contains("numpy.ndarray"), e1.getMessage());
        // _codecs.encode to anything but latin-1
        byte[] codec = "c_codecs\nencode\n(Vx\nVutf-16\ntR.".getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(PickleException.class, () -> RestrictedUnpickler.load(codec));
        // truncated and junk input
        assertThrows(PickleException.class, () -> RestrictedUnpickler.load(new byte[] {(byte) 0x80, 2, 'X', 100, 0, 0, 0}));
        assertThrows(PickleException.class, () -> RestrictedUnpickler.load(new byte[] {(byte) 0xff}));
        assertNull(assertDoesNotThrowLoad(new byte[] {'N', '.'}));
    }

    private static Object assertDoesNotThrowLoad(byte[] b) {
        try {
            return RestrictedUnpickler.load(b);
        } catch (PickleException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDictWithoutFlameKeysIsRefusedNamingTheMissingKey() throws Exception {
        Path file = dir.resolve("not-flame.pkl");
        PythonRunner.run(dir, null, List.of("-c", "import pickle, numpy as np; pickle.dump({'v_template': np.zeros((3, 3))}, open('not-flame.pkl', 'wb'), protocol=2)"));
        FaceModelException e = assertThrows(FaceModelException.class, () -> FaceModel.load(file));
        assertTrue(e.getMessage().contains("not-flame.pkl") && e.getMessage().contains("'f'"), e.getMessage());
        assertInstanceOf(PickleException.class, e.getCause());
    }
}
