package io.adamesh.export;

import static org.junit.jupiter.api.Assertions.*;

import io.adamesh.cli.ExportCommand;
import io.adamesh.clip.Clip;
import io.adamesh.clip.ClipIO;
import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.Rotations;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArkitCsvAndCommandTest {
    @TempDir Path dir;

    @Test
    void csvHasLiveLinkFaceColumnsAndMappedValues() throws Exception {
        FaceModel m = TestHeads.sphere();
        Clip.Builder b = new Clip.Builder(m, 30);
        FaceParams p = m.newParams();
        float[] aa = new float[3];
        Rotations.yawPitchRollToAxisAngle(0.3f, -0.1f, 0.05f, aa, 0);
        for (int i = 0; i < 3; i++) {
            p.resetExpressionAndPose();
            p.setExpression(0, 0.25f * i);                                  // eyeBlinkLeft
            p.setJointRotation(FaceModel.JAW, (float) (ArkitCsvWriter.JAW_OPEN_FULL_RAD * 0.5), 0, 0);
            p.setJointRotation(FaceModel.NECK, aa[0], aa[1], aa[2]);
            p.setJointRotation(FaceModel.EYE_LEFT, 0, 0.2f, 0);
            b.add(p);
        }
        Path out = dir.resolve("face.csv");
        new ArkitCsvWriter().export(ExportScene.of(m, b.build(), ExportOptions.defaults()), out, Progress.NONE);
        List<String> lines = Files.readAllLines(out);
        String[] head = lines.get(0).split(",");
        assertEquals(2 + 52 + 9, head.length);
        assertEquals("Timecode", head[0]);
        assertEquals("BlendShapeCount", head[1]);
        assertEquals("EyeBlinkLeft", head[2]);
        assertEquals("TongueOut", head[53]);
        assertEquals("HeadYaw", head[54]);
        assertEquals("RightEyeRoll", head[62]);
        assertEquals(4, lines.size());
        String[] row = lines.get(3).split(",");
        assertEquals(63, row.length);
        assertEquals("00:00:00:02.000", row[0]);
        assertEquals("52", row[1]);
        assertEquals(0.5, Double.parseDouble(row[2]), 1e-6, "eyeBlinkLeft");
        assertEquals(0.5, Double.parseDouble(row[2 + ArkitCsvWriter.LIVE_LINK_FACE_SHAPES.indexOf("JawOpen")]), 1e-5, "jawOpen from the jaw joint");
        assertEquals(0.3, Double.parseDouble(row[54]), 1e-5, "HeadYaw");
        assertEquals(-0.1, Double.parseDouble(row[55]), 1e-5, "HeadPitch");
        assertEquals(0.05, Double.parseDouble(row[56]), 1e-5, "HeadRoll");
        assertEquals(0.2, Double.parseDouble(row[57]), 1e-5, "LeftEyeYaw");
    }

    private int run(ByteArrayOutputStream err, String... args) {
        return ExportCommand.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void commandExportsEveryFormatAndReportsErrors() throws Exception {
        FaceModel m = TestHeads.sphere();
        Path head = dir.resolve("head.npz");
        m.save(head);
        Path clip = dir.resolve("clip.json");
        ClipIO.write(TestHeads.clip(FaceModel.load(head), 20, 30), clip);
        for (String f : new String[] {"fbx", "abc", "glb", "csv"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Path out = dir.resolve("out." + f);
            assertEquals(0, run(err, clip.toString(), "--format", f, "-o", out.toString(), "--fps", "60", "--range", "2:18",
                    "--scale", "cm", "--up", "z", "--head", head.toString()), err.toString());
            assertTrue(Files.size(out) > 0);
            assertTrue(err.toString().contains("100%"), err.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ExportCommand.BAD_INPUT, run(err, dir.resolve("nope.json").toString(), "--format", "fbx", "-o", "x.fbx", "--head", head.toString()));
        assertTrue(err.toString().contains("clip not found"));
        err.reset();
        assertEquals(ExportCommand.USAGE, run(err, clip.toString(), "--format", "obj", "-o", "x.obj"));
        err.reset();
        Path blocked = dir.resolve("no/such/folder/out.fbx");
        assertEquals(ExportCommand.WRITE_FAILED, run(err, clip.toString(), "--format", "fbx", "-o", blocked.toString(), "--head", head.toString()));
        assertTrue(err.toString().contains("does not exist"), err.toString());

        // a clip made for another head
        Clip other = new Clip("another-head", 30, m.expressionNames(), m.jointNames(), 1, new float[3], new float[15], new float[3], null);
        Path otherClip = dir.resolve("other.json");
        ClipIO.write(other, otherClip);
        err.reset();
        assertEquals(ExportCommand.MISMATCH, run(err, otherClip.toString(), "--format", "glb", "-o", dir.resolve("o.glb").toString(), "--head", head.toString()));
        assertTrue(err.toString().contains("another-head"), err.toString());
        assertFalse(Files.exists(dir.resolve("o.glb")));
    }

    @Test
    void emptyClipAndFailedWriteLeaveNoFile() throws Exception {
        FaceModel m = TestHeads.sphere();
        Clip empty = new Clip(m.id(), 30, m.expressionNames(), m.jointNames(), 0, new float[0], new float[0], new float[0], null);
        ExportException e = assertThrows(ExportException.class, () -> ExportScene.of(m, empty, ExportOptions.defaults()));
        assertTrue(e.getMessage().contains("empty"));
        // a disk that fills up mid-write: the body fails, nothing is left behind
        Path target = dir.resolve("full.fbx");
        ExportException full = assertThrows(ExportException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[1000]);
            throw new java.io.IOException("No space left on device");
        }));
        assertTrue(full.getMessage().contains("No space left"));
        try (var s = Files.list(dir)) { assertEquals(List.of(), s.toList(), "no partial or temporary file"); }
    }
}
