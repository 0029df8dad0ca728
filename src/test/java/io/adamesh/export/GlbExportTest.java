package io.adamesh.export;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlbExportTest {
    @TempDir Path dir;

    private Path export(ExportOptions o, String name) throws Exception {
        FaceModel m = TestHeads.sphere();
        Clip c = TestHeads.clip(m, 31, 30);
        Path out = dir.resolve(name);
        new GlbExporter().export(ExportScene.of(m, c, o), out, Progress.NONE);
        return out;
    }

    @Test
    void glbHoldsNamedMorphTargetsSkinAndAnimation() throws Exception {
        Path f = export(ExportOptions.defaults(), "head.glb");
        GlbReader g = GlbReader.read(Files.readAllBytes(f));
        JsonNode mesh = g.json().at("/meshes/0");
        assertEquals("eyeBlinkLeft", mesh.at("/extras/targetNames/0").asText());
        assertEquals(3, mesh.at("/primitives/0/targets").size());
        assertEquals(5, g.json().at("/skins/0/joints").size());
        JsonNode anim = g.json().at("/animations/0");
        float[] w = g.floats(anim.at("/samplers/0/output").asInt());
        assertEquals(31 * 3, w.length);
        assertEquals(TestHeads.expressionAt(0, 12), w[12 * 3], 1e-6);
        assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(export(ExportOptions.defaults(), "again.glb")));
    }

    @Test
    void gltfValidatorReportsNoErrors() throws Exception {
        Path validator = ExternalTools.gltfValidatorScript();
        for (ExportOptions o : new ExportOptions[] {ExportOptions.defaults(),
                ExportOptions.defaults().withFps(24).withUnit(ExportOptions.Unit.CM).withUp(ExportOptions.UpAxis.Z)}) {
            Path f = export(o, "v.glb");
            ExternalTools.Result val = ExternalTools.run(dir, "node", validator.toString(), f.toString());
            JsonNode report = new ObjectMapper().readTree(val.output().substring(val.output().indexOf('{')));
            assertEquals(0, report.at("/issues/numErrors").asInt(), val.output());
            assertEquals(0, val.exit());
        }
    }
}
