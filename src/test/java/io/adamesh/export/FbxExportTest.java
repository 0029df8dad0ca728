package io.adamesh.export;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adamesh.clip.Clip;
import io.adamesh.face.FaceModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FbxExportTest {
    @TempDir Path dir;

    private Path export(ExportOptions o, String name) throws Exception {
        FaceModel m = TestHeads.sphere();
        Clip c = TestHeads.clip(m, 31, 30);
        Path out = dir.resolve(name);
        new FbxExporter().export(ExportScene.of(m, c, o), out, Progress.NONE);
        return out;
    }

    @Test
    void sameInputGivesSameBytes() throws Exception {
        byte[] a = Files.readAllBytes(export(ExportOptions.defaults(), "a.fbx"));
        byte[] b = Files.readAllBytes(export(ExportOptions.defaults(), "b.fbx"));
        assertArrayEquals(a, b);
        assertEquals(7400, FbxReader.version(a));
    }

    @Test
    void fileHoldsMeshSkeletonBlendShapesAndCurves() throws Exception {
        List<FbxNode> top = FbxReader.read(Files.readAllBytes(export(ExportOptions.defaults(), "s.fbx")));
        FbxNode objects = top.stream().filter(n -> n.name().equals("Objects")).findFirst().orElseThrow();
        List<String> limbs = new ArrayList<>();
        List<String> channels = new ArrayList<>();
        int curves = 0;
        for (FbxNode o : objects.children()) {
            String cls = (String) o.props().get(2);
            String name = ((String) o.props().get(1)).split("\u0000")[0];
            if (cls.equals("LimbNode") && o.name().equals("Model")) limbs.add(name);
            if (cls.equals("BlendShapeChannel")) channels.add(name);
            if (o.name().equals("AnimationCurve")) {
                curves++;
                assertEquals(31, ((long[]) o.find("KeyTime").props().get(0)).length);
            }
        }
        assertEquals(FaceModel.JOINT_NAMES, limbs);
        assertEquals(TestHeads.EXPRESSIONS, channels);
        assertEquals(3 + 5 * 3 + 3, curves, "one DeformPercent curve per channel, XYZ rotation per joint, root translation");
    }

    @Test
    void resamplingTo60FpsDoublesKeys() throws Exception {
        List<FbxNode> top = FbxReader.read(Files.readAllBytes(export(ExportOptions.defaults().withFps(60), "r.fbx")));
        FbxNode objects = top.stream().filter(n -> n.name().equals("Objects")).findFirst().orElseThrow();
        FbxNode curve = objects.findAll("AnimationCurve").get(0);
        long[] t = (long[]) curve.find("KeyTime").props().get(0);
        assertEquals(61, t.length);
        assertEquals(FbxSceneMapper.KTIME_PER_SECOND / 60, t[1], 1);
    }

    @Test
    void assimpLoadsMeshBonesAndAnimation() throws Exception {
        Path assimp = ExternalTools.assimp();
        Path f = export(ExportOptions.defaults(), "head.fbx");
        ExternalTools.Result r = ExternalTools.run(dir, assimp.toString(), "info", f.toString());
        assertEquals(0, r.exit(), r.output());
        String out = r.output();
        assertTrue(out.matches("(?s).*Meshes:\\s+1\\b.*"), out);
        assertTrue(out.matches("(?s).*Bones:\\s+5\\b.*"), out);
        assertTrue(out.matches("(?s).*Animations:\\s+1\\b.*"), out);
        assertTrue(out.matches("(?s).*Vertices:\\s+\\d+.*"), out);
    }

    @Test
    void fbxSdkConvertsToValidGltfWithOurMorphWeights() throws Exception {
        Path tool = ExternalTools.fbx2gltf();
        Path validator = ExternalTools.gltfValidatorScript();
        Path f = export(ExportOptions.defaults(), "head.fbx");
        ExternalTools.Result conv = ExternalTools.run(dir, tool.toString(), "--binary", "--anim-framerate", "bake30",
                "-i", f.toString(), "-o", dir.resolve("conv").toString());
        assertEquals(0, conv.exit(), conv.output());
        Path glb = dir.resolve("conv.glb");
        assertTrue(Files.exists(glb), conv.output());
        ExternalTools.Result val = ExternalTools.run(dir, "node", validator.toString(), glb.toString());
        JsonNode report = new ObjectMapper().readTree(val.output().substring(val.output().indexOf('{')));
        assertEquals(0, report.at("/issues/numErrors").asInt(), val.output());

        GlbReader g = GlbReader.read(Files.readAllBytes(glb));
        JsonNode mesh = g.json().at("/meshes/0");
        assertEquals(3, mesh.at("/primitives/0/targets").size(), "one morph target per channel");
        JsonNode anim = g.json().at("/animations/0");
        JsonNode weightsChannel = null;
        for (JsonNode ch : anim.get("channels")) if (ch.at("/target/path").asText().equals("weights")) weightsChannel = ch;
        assertNotNull(weightsChannel, "the converted animation drives morph weights");
        JsonNode sampler = anim.at("/samplers/" + weightsChannel.get("sampler").asInt());
        float[] times = g.floats(sampler.get("input").asInt());
        float[] w = g.floats(sampler.get("output").asInt());
        int targets = 3;
        for (int frame : new int[] {0, 5, 12, 21, 30}) {
            int k = nearestKey(times, frame / 30.0);
            for (int c = 0; c < targets; c++) {
                assertEquals(TestHeads.expressionAt(c, frame), w[k * targets + c], 2e-3, "channel " + c + " frame " + frame);
            }
        }
    }

    private static int nearestKey(float[] times, double t) {
        int best = 0;
        for (int i = 0; i < times.length; i++) if (Math.abs(times[i] - t) < Math.abs(times[best] - t)) best = i;
        assertEquals(t, times[best], 1e-3);
        return best;
    }
}
