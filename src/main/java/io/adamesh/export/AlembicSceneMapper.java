package io.adamesh.export;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import java.io.IOException;

/**
 * What an Alembic file of an {@link ExportScene} holds: {@code /Head} (Xform: the head pose, i.e.
 * the root joint's rotation about its rest position plus the clip translation) with
 * {@code /Head/HeadShape} (PolyMesh: vertices baked per frame by the rig with the root pose
 * removed, per-vertex normals N, face-varying uv, self bounds), sampled uniformly at the export
 * fps. With {@code bakeHeadPose} the mesh is {@code /HeadShape} at the top and carries the pose.
 * Triangles are re-wound clockwise (Alembic's convention).
 */
public final class AlembicSceneMapper {
    private AlembicSceneMapper() {}

    public static void write(ExportScene s, AlembicWriter abc, Progress progress) throws IOException {
        FaceModel m = s.model();
        int ts = abc.uniformTimeSampling(1.0 / s.fps(), 0.0);
        boolean baked = s.options().bakeHeadPose();
        AlembicSchemas.Xform xf = null;
        AlembicWriter.Obj meshParent = abc.top();
        if (!baked) {
            xf = AlembicSchemas.xform(abc.top(), "Head", ts,
                    new int[] {AlembicSchemas.OP_TRANSLATE, AlembicSchemas.OP_ROTATE, AlembicSchemas.OP_TRANSLATE}, 10);
            meshParent = AlembicSchemas.lastChild(abc.top());
        }
        AlembicSchemas.PolyMesh mesh = AlembicSchemas.polyMesh(meshParent, baked ? "Head" : "HeadShape", ts,
                AlembicSchemas.Scope.FACE_VARYING, AlembicSchemas.Scope.VERTEX);
        int[] f = m.faces();
        int[] ft = m.uvFaces();
        int[] idx = new int[f.length];
        float[] uv = new float[f.length * 2];
        float[] uvs = m.uvs();
        for (int t = 0; t < f.length; t += 3) {
            for (int c = 0; c < 3; c++) {
                int src = t + (3 - c) % 3; // a, c, b: clockwise
                idx[t + c] = f[src];
                uv[(t + c) * 2] = uvs[ft[src] * 2];
                uv[(t + c) * 2 + 1] = uvs[ft[src] * 2 + 1];
            }
        }
        int[] counts = new int[f.length / 3];
        java.util.Arrays.fill(counts, 3);
        RigEvaluator rig = new RigEvaluator(m);
        FaceParams p = m.newParams();
        float[] verts = new float[m.vertexCount() * 3];
        float[] normals = new float[verts.length];
        float[] rest = s.restJoints();
        double[] a = new double[3], o = new double[3], t3 = new double[3];
        int root = 0;
        for (int j = 0; j < m.jointCount(); j++) if (m.parent(j) < 0) root = j;
        for (int i = 0; i < s.frameCount(); i++) {
            s.applyFrame(i, p);
            for (int k = 0; k < Math.min(s.restParams().shapeCount(), p.shapeCount()); k++) p.setShape(k, s.restParams().shape(k));
            if (xf != null) {
                s.toExportVector(p.pose()[root * 3], p.pose()[root * 3 + 1], p.pose()[root * 3 + 2], a);
                double angle = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
                double[] axis = angle < 1e-12 ? new double[] {0, 1, 0} : new double[] {a[0] / angle, a[1] / angle, a[2] / angle};
                s.toExportPoint(rest[root * 3], rest[root * 3 + 1], rest[root * 3 + 2], o);
                s.toExportPoint(p.translation()[0], p.translation()[1], p.translation()[2], t3);
                xf.sample(new double[] {o[0] + t3[0], o[1] + t3[1], o[2] + t3[2], axis[0], axis[1], axis[2], Math.toDegrees(angle), -o[0], -o[1], -o[2]});
                p.setJointRotation(root, 0, 0, 0);
                java.util.Arrays.fill(p.translation(), 0f);
            }
            rig.evaluate(p, verts);
            rig.computeNormals(verts, normals);
            mesh.sample(s.toExport(verts, true), idx, counts, uv, s.toExport(normals, false));
            progress.update(0.95 * (i + 1) / s.frameCount());
        }
        if (xf != null) xf.finish();
    }
}
