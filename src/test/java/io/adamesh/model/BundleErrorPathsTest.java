package io.adamesh.model;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a bundle folder can be broken gets a message that names the file and what is wrong
 * (ModelBundleTest covers renamed tensors, wrong shapes and types, and a missing graph; PoseModelTest
 * a pose manifest naming the wrong graph; AnimationEngineTest the face checks).
 */
class BundleErrorPathsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    /** A full copy of the default bundle (speakers/ and pose/ too). */
    Path copy() throws Exception {
        Path src = BundleFixtures.defaultBundle();
        Path dst = tmp.resolve("bundle");
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dst.resolve(src.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return dst;
    }

    static void edit(Path json, Consumer<ObjectNode> change) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(json.toFile());
        change.accept(root);
        JSON.writeValue(json.toFile(), root);
    }

    ModelBundleException broken(Path dir) {
        return assertThrows(ModelBundleException.class, () -> ModelBundle.load(dir).close());
    }

    static void says(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "message lacks '" + p + "': " + e.getMessage());
        }
    }

    @Test
    void aFolderWithoutManifestIsNamed() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        says(broken(dir), dir.resolve("manifest.json").toString(), "does not exist");
    }

    @Test
    void aManifestThatIsNotJsonIsNamed() throws Exception {
        Path dir = copy();
        Files.writeString(dir.resolve("manifest.json"), "{\"format\": \"adamesh-bundle\", ");
        says(broken(dir), "manifest.json", "is not valid JSON");
    }

    @Test
    void aManifestOfAnotherFormatOrSchemaIsRefused() throws Exception {
        Path dir = copy();
        edit(dir.resolve("manifest.json"), r -> r.put("format", "something-else"));
        says(broken(dir), "manifest.json", "'something-else'", "expected 'adamesh-bundle'");
        edit(dir.resolve("manifest.json"), r -> r.put("format", "adamesh-bundle").put("schema_version", 7));
        says(broken(dir), "manifest.json", "schema_version 7 is not supported");
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        Path dir = copy();
        edit(dir.resolve("manifest.json"), r -> r.remove("channels"));
        says(broken(dir), "manifest.json", "'channels' is missing");
    }

    @Test
    void graphsWithoutFilesOrWithoutAnyGraphAreRefused() throws Exception {
        Path dir = copy();
        edit(dir.resolve("manifest.json"), r -> ((ObjectNode) r.path("graphs").path("encoder")).remove("file"));
        says(broken(dir), "manifest.json", "graph 'encoder' has no file");
        edit(dir.resolve("manifest.json"), r -> r.putObject("graphs"));
        says(broken(dir), "manifest.json", "no graphs declared");
    }

    @Test
    void anUnsupportedTensorTypeIsNamed() throws Exception {
        Path dir = copy();
        edit(dir.resolve("manifest.json"), r -> ((ObjectNode) r.path("graphs").path("expression").path("inputs").get(0))
                .put("type", "float16"));
        says(broken(dir), "graph 'expression'", "unsupported type 'float16'");
    }

    @Test
    void aCorruptOnnxFileIsNamed() throws Exception {
        Path dir = copy();
        byte[] good = Files.readAllBytes(dir.resolve("expression.onnx"));
        Files.write(dir.resolve("expression.onnx"), java.util.Arrays.copyOf(good, good.length / 3));   // truncated
        says(broken(dir), "expression.onnx", "cannot be loaded");
        Files.writeString(dir.resolve("expression.onnx"), "not a protobuf at all");
        says(broken(dir), "expression.onnx", "cannot be loaded");
    }

    @Test
    void aGraphWhoseChecksumDiffersFromTheManifestIsRefused() throws Exception {
        Path dir = copy();
        String actual = FileChecksum.sha256(dir.resolve("encoder.onnx"));
        String wrong = "0".repeat(64);
        edit(dir.resolve("manifest.json"), r -> ((ObjectNode) r.path("graphs").path("encoder")).put("sha256", wrong));
        says(broken(dir), "encoder.onnx", actual, wrong, "changed or damaged");
        edit(dir.resolve("manifest.json"), r -> ((ObjectNode) r.path("graphs").path("encoder")).put("sha256", actual));
        ModelBundle.load(dir).close();          // the right checksum loads
    }

    @Test
    void aMissingOrForeignSpeakerProfileIsNamed() throws Exception {
        Path dir = copy();
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            Files.delete(dir.resolve("speakers/spk22.json"));
            ModelBundleException e = assertThrows(ModelBundleException.class, bundle::speakers);
            says(e, "spk22.json", "cannot be read");
            Files.writeString(dir.resolve("speakers/spk22.json"), "{\"format\": \"adamesh-clip\", \"version\": 1}");
            e = assertThrows(ModelBundleException.class, bundle::speakers);
            says(e, "spk22.json", "is not an adamesh-speaker v1 file");
        }
    }

    @Test
    void aSpeakerLackingALoraParameterOrWithAWrongShapeIsNamed() throws Exception {
        Path dir = copy();
        Path profile = dir.resolve("speakers/spk05.json");
        String name;
        try (ModelBundle bundle = ModelBundle.load(dir)) {
            name = bundle.loraParameterNames().get(0);
            edit(profile, r -> ((ObjectNode) r.path("lora")).remove(name));
            ModelBundleException e = assertThrows(ModelBundleException.class, bundle::speakers);
            says(e, "spk05.json", "lacks LoRA parameter '" + name + "'");
        }
        Files.copy(BundleFixtures.defaultBundle().resolve("speakers/spk05.json"), profile,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // a shape the graph does not take: [2, 128] declared as [128, 2] (same data, so it reads)
        edit(profile, r -> {
            ArrayNode shape = (ArrayNode) r.path("lora").path(name).path("shape");
            long a = shape.get(0).asLong();
            long b = shape.get(1).asLong();
            shape.removeAll();
            shape.add(b).add(a);
        });
        try (ModelBundle bundle = ModelBundle.load(dir);
             ExpressionNetwork net = new ExpressionNetwork(bundle, 140)) {
            SpeakerAdapter spk05 = bundle.speakers().get(0);
            ModelBundleException e = assertThrows(ModelBundleException.class, () -> net.prepare(spk05).close());
            says(e, "Speaker 'spk05'", "LoRA '" + name + "'", "expression.onnx takes");
        }
    }

    @Test
    void poseGraphsAndTablesAreCheckedAgainstTheirChecksumsAndShapes() throws Exception {
        Path dir = copy();
        Path pose = dir.resolve("pose.json");
        PoseModel.load(pose).close();                                            // intact: loads
        String wrong = "f".repeat(64);
        edit(pose, r -> ((ObjectNode) r.path("pose").path("graphs").path("gpt_step")).put("sha256", wrong));
        PoseModelException e = assertThrows(PoseModelException.class, () -> PoseModel.load(pose).close());
        says(e, "pose_gpt_step.onnx", wrong, FileChecksum.sha256(dir.resolve("pose/pose_gpt_step.onnx")));

        Files.copy(BundleFixtures.defaultBundle().resolve("pose.json"), pose, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.delete(dir.resolve("pose/pose_vq_decoder.onnx"));
        e = assertThrows(PoseModelException.class, () -> PoseModel.load(pose).close());
        says(e, "pose_vq_decoder.onnx", "does not exist");

        Files.copy(BundleFixtures.defaultBundle().resolve("pose/pose_vq_decoder.onnx"), dir.resolve("pose/pose_vq_decoder.onnx"));
        Files.write(dir.resolve("pose/pose_tables.npz"), new byte[] {1, 2, 3});
        edit(pose, r -> ((ObjectNode) r.path("pose").path("tables")).remove("sha256"));
        e = assertThrows(PoseModelException.class, () -> PoseModel.load(pose).close());
        says(e, "pose_tables.npz", "cannot read pose tables");

        Files.copy(BundleFixtures.defaultBundle().resolve("pose/pose_tables.npz"), dir.resolve("pose/pose_tables.npz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        edit(pose, r -> ((ObjectNode) r.path("pose")).put("feat_dim", 84));
        e = assertThrows(PoseModelException.class, () -> PoseModel.load(pose).close());
        says(e, "pose_tables.npz", "table 'centroids' dimension 1 is 83, expected 84");
    }

    @Test
    void aPoseManifestWithoutAPoseSectionIsRefused() throws Exception {
        Path dir = copy();
        edit(dir.resolve("pose.json"), r -> r.remove("pose"));
        PoseModelException e = assertThrows(PoseModelException.class, () -> PoseModel.load(dir.resolve("pose.json")));
        says(e, "pose.json", "no 'pose' section of schema 1");
        Files.writeString(dir.resolve("pose.json"), "[");
        e = assertThrows(PoseModelException.class, () -> PoseModel.load(dir.resolve("pose.json")));
        says(e, "pose.json", "cannot read");
    }

}
