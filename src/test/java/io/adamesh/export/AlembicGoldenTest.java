package io.adamesh.export;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the scenes of ../shared/golden/alembic (made by the reference Alembic library) with our
 * writer and compares both files as read by our reader: objects, schemas, properties, types,
 * sample counts, time sampling and values.
 */
class AlembicGoldenTest {
    @TempDir Path dir;

    static Path golden(String name) {
        Path p = ExternalTools.repo().resolve("../shared/golden/alembic").resolve(name).normalize();
        assertTrue(Files.exists(p), "golden file missing: " + p + " (CI clones shared/ beside the repo)");
        return p;
    }

    static final float[] CUBE = {-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1};
    /** Six quads wound clockwise seen from outside. */
    static final int[] CUBE_FACES = {0, 1, 2, 3, 4, 7, 6, 5, 0, 4, 5, 1, 3, 2, 6, 7, 0, 3, 7, 4, 1, 5, 6, 2};

    private Path write(String name, Body body) throws Exception {
        Path out = dir.resolve(name);
        AtomicFile.writeChannel(out, ch -> {
            AlembicWriter w = new AlembicWriter(new OgawaWriter(ch), "_ai_AlembicVersion=AdaMesh test");
            body.write(w);
            w.finish();
        });
        return out;
    }

    interface Body { void write(AlembicWriter w) throws IOException; }

    private static float[] moved(float[] p, int i, float dx, float dy, float dz) {
        float[] o = p.clone();
        for (int k = 0; k < o.length; k += 3) { o[k] += i * dx; o[k + 1] += i * dy; o[k + 2] += i * dz; }
        return o;
    }

    @Test
    void staticTriangleMatchesGolden() throws Exception {
        Path ours = write("tri.abc", w -> AlembicSchemas.polyMesh(w.top(), "tri", 0, null, null)
                .sample(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0}, new int[] {0, 1, 2}, new int[] {3}, null, null));
        compare(golden("golden_tri_static.abc"), ours);
    }

    @Test
    void animatedCubeMatchesGolden() throws Exception {
        Path ours = write("cube.abc", w -> {
            int ts = w.uniformTimeSampling(1.0 / 30, 0);
            AlembicSchemas.PolyMesh m = AlembicSchemas.polyMesh(w.top(), "cube", ts, null, null);
            for (int i = 0; i < 3; i++) m.sample(moved(CUBE, i, 0.5f, 0.25f, -0.125f), CUBE_FACES, new int[] {4, 4, 4, 4, 4, 4}, null, null);
        });
        compare(golden("golden_cube_3frames.abc"), ours);
    }

    @Test
    void meshUnderAnimatedXformMatchesGolden() throws Exception {
        float[] uv = new float[48];
        float[] n = new float[72];
        float[] quad = {0, 0, 1, 0, 1, 1, 0, 1};
        for (int f = 0; f < 6; f++) {
            System.arraycopy(quad, 0, uv, f * 8, 8);
            int a = CUBE_FACES[f * 4] * 3, b = CUBE_FACES[f * 4 + 1] * 3, c = CUBE_FACES[f * 4 + 2] * 3;
            double[] e1 = {CUBE[b] - CUBE[a], CUBE[b + 1] - CUBE[a + 1], CUBE[b + 2] - CUBE[a + 2]};
            double[] e2 = {CUBE[c] - CUBE[a], CUBE[c + 1] - CUBE[a + 1], CUBE[c + 2] - CUBE[a + 2]};
            // clockwise winding: the outward normal is e2 x e1
            double nx = e2[1] * e1[2] - e2[2] * e1[1], ny = e2[2] * e1[0] - e2[0] * e1[2], nz = e2[0] * e1[1] - e2[1] * e1[0];
            double len = Math.sqrt(nx * nx + ny * ny + nz * nz);
            for (int k = 0; k < 4; k++) { n[(f * 4 + k) * 3] = (float) (nx / len); n[(f * 4 + k) * 3 + 1] = (float) (ny / len); n[(f * 4 + k) * 3 + 2] = (float) (nz / len); }
        }
        Path ours = write("xform.abc", w -> {
            int ts = w.uniformTimeSampling(1.0 / 24, 0);
            AlembicSchemas.Xform x = AlembicSchemas.xform(w.top(), "xform", ts, new int[] {AlembicSchemas.OP_TRANSLATE}, 3);
            AlembicSchemas.PolyMesh m = AlembicSchemas.polyMesh(AlembicSchemas.lastChild(w.top()), "mesh", ts,
                    AlembicSchemas.Scope.FACE_VARYING, AlembicSchemas.Scope.FACE_VARYING);
            for (int i = 0; i < 5; i++) {
                x.sample(new double[] {0.5 * i, 0.25 * i, 0});
                m.sample(CUBE, CUBE_FACES, new int[] {4, 4, 4, 4, 4, 4}, uv, n);
            }
            x.finish();
        });
        compare(golden("golden_mesh_xform_24fps.abc"), ours);
    }

    static void compare(Path goldenFile, Path oursFile) throws IOException {
        AlembicReader g = new AlembicReader(Files.readAllBytes(goldenFile));
        AlembicReader o = new AlembicReader(Files.readAllBytes(oursFile));
        compareObj(g, g.top(), o, o.top());
    }

    private static void compareObj(AlembicReader g, AlembicReader.Obj go, AlembicReader o, AlembicReader.Obj oo) throws IOException {
        assertEquals(go.path(), oo.path());
        assertEquals(go.metadata(), oo.metadata(), "schema of " + go.path());
        compareProps(g, go.properties(), o, oo.properties(), go.path());
        assertEquals(go.children().stream().map(AlembicReader.Obj::name).toList(), oo.children().stream().map(AlembicReader.Obj::name).toList(), "children of " + go.path());
        for (int i = 0; i < go.children().size(); i++) compareObj(g, go.children().get(i), o, oo.children().get(i));
    }

    private static void compareProps(AlembicReader g, List<AlembicReader.Property> gp, AlembicReader o, List<AlembicReader.Property> op, String where) throws IOException {
        assertEquals(gp.stream().map(AlembicReader.Property::name).toList(), op.stream().map(AlembicReader.Property::name).toList(), "properties of " + where);
        for (int i = 0; i < gp.size(); i++) {
            AlembicReader.Property a = gp.get(i), b = op.get(i);
            String at = where + "/" + a.name();
            assertEquals(a.type(), b.type(), "property kind of " + at);
            assertEquals(a.metadata(), b.metadata(), "metadata of " + at);
            if (a.isCompound()) {
                compareProps(g, a.children(), o, b.children(), at);
                continue;
            }
            assertEquals(a.pod(), b.pod(), "type of " + at);
            assertEquals(a.extent(), b.extent(), "extent of " + at);
            assertEquals(a.samples(), b.samples(), "sample count of " + at);
            AlembicReader.TimeSampling ta = g.timeSamplings().get(a.timeSampling()), tb = o.timeSamplings().get(b.timeSampling());
            assertEquals(ta.timePerCycle(), tb.timePerCycle(), 1e-12, "time per cycle of " + at);
            assertArrayEquals(ta.times(), tb.times(), 1e-12, "start time of " + at);
            for (int s = 0; s < a.samples(); s++) {
                byte[] va = g.sample(a, s), vb = o.sample(b, s);
                if (a.pod() == AlembicWriter.Pod.FLOAT32) assertArrayEquals(g.floats(a, s), o.floats(b, s), 1e-6f, at + " sample " + s);
                else if (a.pod() == AlembicWriter.Pod.FLOAT64) assertArrayEquals(g.doubles(a, s), o.doubles(b, s), 1e-9, at + " sample " + s);
                else assertArrayEquals(va, vb, at + " sample " + s);
            }
        }
    }

    @Test
    void readerFailsLoudlyOnBrokenFiles() throws Exception {
        byte[] good = Files.readAllBytes(golden("golden_cube_3frames.abc"));
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        IOException e = assertThrows(IOException.class, () -> new AlembicReader(badMagic));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        for (int cut : new int[] {10, 100, good.length / 2, good.length - 40}) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(IOException.class, () -> {
                AlembicReader r = new AlembicReader(truncated);
                AlembicReader.Property p = r.find("/cube").property(".geom").child("P");
                for (int s = 0; s < p.samples(); s++) r.floats(p, s);
            }, "truncated at " + cut);
        }
        byte[] badRoot = good.clone();
        java.nio.ByteBuffer.wrap(badRoot).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(8, good.length + 1000L);
        assertTrue(assertThrows(IOException.class, () -> new AlembicReader(badRoot)).getMessage().contains("outside"));
    }

    @Test
    void headClipExportsAnimatedMeshUnderHeadXform() throws Exception {
        FaceModel m = TestHeads.sphere();
        Clip clip = TestHeads.clip(m, 31, 30);
        Path out = dir.resolve("head.abc");
        new AlembicExporter().export(ExportScene.of(m, clip, ExportOptions.defaults()), out, Progress.NONE);
        AlembicReader r = new AlembicReader(Files.readAllBytes(out));
        AlembicReader.Obj mesh = r.find("/Head/HeadShape");
        assertNotNull(mesh);
        assertEquals(AlembicSchemas.XFORM_OBJECT, r.find("/Head").metadata());
        AlembicReader.Property geom = mesh.property(".geom");
        AlembicReader.Property p = geom.child("P");
        assertEquals(31, p.samples());
        assertEquals(1.0 / 30, r.timeSamplings().get(p.timeSampling()).timePerCycle(), 1e-12);
        assertEquals(m.vertexCount() * 3, r.floats(p, 7).length);
        assertEquals(m.faces().length * 2, r.floats(geom.child("uv"), 0).length);
        assertEquals(m.vertexCount() * 3, r.floats(geom.child("N"), 30).length);
        assertEquals(10, r.doubles(r.find("/Head").property(".xform").child(".vals"), 3).length);

        Path baked = dir.resolve("baked.abc");
        new AlembicExporter().export(ExportScene.of(m, clip, ExportOptions.defaults().withBakedHeadPose(true)), baked, Progress.NONE);
        AlembicReader rb = new AlembicReader(Files.readAllBytes(baked));
        float[] got = rb.floats(rb.find("/Head").property(".geom").child("P"), 12);
        RigEvaluator rig = new RigEvaluator(m);
        FaceParams fp = m.newParams();
        clip.applyFrame(12, m, fp);
        float[] want = new float[m.vertexCount() * 3];
        rig.evaluate(fp, want);
        assertArrayEquals(want, got, 1e-6f, "baked positions equal the rig's");
        int[] fi = rb.ints(rb.find("/Head").property(".geom").child(".faceIndices"), 0);
        assertArrayEquals(new int[] {m.faces()[0], m.faces()[2], m.faces()[1]}, Arrays.copyOf(fi, 3), "clockwise winding");
    }
}
