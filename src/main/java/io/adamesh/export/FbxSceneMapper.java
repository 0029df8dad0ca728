package io.adamesh.export;

import io.adamesh.face.FaceModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides what an FBX file of an {@link ExportScene} holds, as {@link FbxNode}s (no bytes here):
 * the head mesh (UVs, normals), LimbNode skeleton with a Skin deformer and one Cluster per joint,
 * a BlendShape deformer with one BlendShapeChannel + Shape per expression channel (the model's
 * ARKit names), a bind pose, and one take whose curves drive every channel's DeformPercent (0..100)
 * and every joint's Lcl Rotation (degrees, Euler XYZ); the root also gets Lcl Translation curves.
 * Object ids are a fixed sequence so equal input gives equal bytes.
 */
public final class FbxSceneMapper {
    public static final long KTIME_PER_SECOND = 46_186_158_000L;
    public static final String TAKE = "Take 001";
    private static final String SEP = "\u0000\u0001";

    private long nextId = 100_000_000L;
    private final List<FbxNode> objects = new ArrayList<>();
    private final List<FbxNode> connections = new ArrayList<>();
    private final java.util.Map<String, Integer> typeCounts = new java.util.LinkedHashMap<>();

    private FbxSceneMapper() {}

    public static List<FbxNode> map(ExportScene scene, Progress progress) {
        return new FbxSceneMapper().build(scene, progress);
    }

    private long id() { return nextId++; }

    private FbxNode object(String type, long id, String name, String cls, String subClass) {
        typeCounts.merge(type, 1, Integer::sum);
        FbxNode n = new FbxNode(type, id, name + SEP + cls, subClass);
        objects.add(n);
        return n;
    }

    private void oo(long child, long parent) { connections.add(new FbxNode("C", "OO", child, parent)); }

    private void op(long child, long parent, String prop) { connections.add(new FbxNode("C", "OP", child, parent, prop)); }

    private static FbxNode p(String name, String type, String label, String flags, Object... values) {
        FbxNode n = new FbxNode("P", name, type, label, flags);
        for (Object v : values) n.add(v);
        return n;
    }

    private List<FbxNode> build(ExportScene s, Progress progress) {
        FaceModel m = s.model();
        int v = m.vertexCount();
        int[] faces = m.faces();
        int jc = s.jointCount();
        int n = s.frameCount();
        long[] times = new long[n];
        for (int i = 0; i < n; i++) times[i] = Math.round(s.time(i) * KTIME_PER_SECOND);
        long stop = times[n - 1];

        // ---- geometry
        long geomId = id();
        FbxNode geom = object("Geometry", geomId, "Head", "Geometry", "Mesh");
        geom.child("Properties70");
        geom.child("GeometryVersion", 124);
        geom.child("Vertices", toDouble(s.toExport(s.restVertices(), true)));
        int[] pvi = faces.clone();
        for (int t = 2; t < pvi.length; t += 3) pvi[t] = ~pvi[t];
        geom.child("PolygonVertexIndex", pvi);
        float[] normals = s.toExport(s.restNormals(), false);
        double[] cornerNormals = new double[faces.length * 3];
        for (int c = 0; c < faces.length; c++) for (int k = 0; k < 3; k++) cornerNormals[c * 3 + k] = normals[faces[c] * 3 + k];
        FbxNode ln = geom.child("LayerElementNormal", 0);
        ln.child("Version", 101);
        ln.child("Name", "");
        ln.child("MappingInformationType", "ByPolygonVertex");
        ln.child("ReferenceInformationType", "Direct");
        ln.child("Normals", cornerNormals);
        FbxNode luv = geom.child("LayerElementUV", 0);
        luv.child("Version", 101);
        luv.child("Name", "UVMap");
        luv.child("MappingInformationType", "ByPolygonVertex");
        luv.child("ReferenceInformationType", "IndexToDirect");
        luv.child("UV", toDouble(m.uvs()));
        luv.child("UVIndex", m.uvFaces().clone());
        FbxNode lmat = geom.child("LayerElementMaterial", 0);
        lmat.child("Version", 101);
        lmat.child("Name", "");
        lmat.child("MappingInformationType", "AllSame");
        lmat.child("ReferenceInformationType", "IndexToDirect");
        lmat.child("Materials", new int[] {0});
        FbxNode layer = geom.child("Layer", 0);
        layer.child("Version", 100);
        for (String t : new String[] {"LayerElementNormal", "LayerElementMaterial", "LayerElementUV"}) {
            FbxNode le = layer.child("LayerElement");
            le.child("Type", t);
            le.child("TypedIndex", 0);
        }

        long meshId = id();
        FbxNode mesh = object("Model", meshId, "Head", "Model", "Mesh");
        mesh.child("Version", 232);
        FbxNode mp = mesh.child("Properties70");
        mp.add(p("DefaultAttributeIndex", "int", "Integer", "", 0));
        mp.add(p("InheritType", "enum", "", "", 1));
        mesh.child("Shading", true);
        mesh.child("Culling", "CullingOff");
        oo(geomId, meshId);
        oo(meshId, 0L);

        long matId = id();
        FbxNode mat = object("Material", matId, "Skin", "Material", "");
        mat.child("Version", 102);
        mat.child("ShadingModel", "lambert");
        mat.child("MultiLayer", 0);
        FbxNode matp = mat.child("Properties70");
        matp.add(p("DiffuseColor", "Color", "", "A", 0.8, 0.7, 0.6));
        oo(matId, meshId);

        // ---- skeleton
        long[] jointIds = new long[jc];
        double[] t3 = new double[3];
        for (int j = 0; j < jc; j++) {
            String name = m.jointNames().get(j);
            long attrId = id();
            FbxNode attr = object("NodeAttribute", attrId, name, "NodeAttribute", "LimbNode");
            attr.child("TypeFlags", "Skeleton");
            jointIds[j] = id();
            FbxNode joint = object("Model", jointIds[j], name, "Model", "LimbNode");
            joint.child("Version", 232);
            FbxNode props = joint.child("Properties70");
            s.jointRestOffset(j, t3);
            props.add(p("InheritType", "enum", "", "", 1));
            props.add(p("Lcl Translation", "Lcl Translation", "", "A", t3[0], t3[1], t3[2]));
            joint.child("Shading", true);
            joint.child("Culling", "CullingOff");
            oo(attrId, jointIds[j]);
            int parent = m.parent(j);
            oo(jointIds[j], parent < 0 ? 0L : jointIds[parent]);
        }

        // ---- skin
        long skinId = id();
        FbxNode skin = object("Deformer", skinId, "Skin", "Deformer", "Skin");
        skin.child("Version", 101);
        skin.child("Link_DeformAcuracy", 50.0);
        oo(skinId, geomId);
        float[] w = m.weights();
        for (int j = 0; j < jc; j++) {
            int count = 0;
            for (int i = 0; i < v; i++) if (w[i * jc + j] != 0f) count++;
            int[] idx = new int[count];
            double[] wt = new double[count];
            int k = 0;
            for (int i = 0; i < v; i++) {
                if (w[i * jc + j] != 0f) { idx[k] = i; wt[k++] = w[i * jc + j]; }
            }
            long clusterId = id();
            FbxNode cl = object("Deformer", clusterId, "Cluster " + m.jointNames().get(j), "SubDeformer", "Cluster");
            cl.child("Version", 100);
            cl.child("UserData", "", "");
            cl.child("Indexes", idx);
            cl.child("Weights", wt);
            s.jointRestPosition(j, t3);
            cl.child("Transform", translation(-t3[0], -t3[1], -t3[2]));
            cl.child("TransformLink", translation(t3[0], t3[1], t3[2]));
            oo(clusterId, skinId);
            oo(jointIds[j], clusterId);
        }

        long poseId = id();
        FbxNode pose = object("Pose", poseId, "BindPose", "Pose", "BindPose");
        pose.child("Type", "BindPose");
        pose.child("Version", 100);
        pose.child("NbPoseNodes", jc + 1);
        FbxNode pn = pose.child("PoseNode");
        pn.child("Node", meshId);
        pn.child("Matrix", translation(0, 0, 0));
        for (int j = 0; j < jc; j++) {
            s.jointRestPosition(j, t3);
            FbxNode pj = pose.child("PoseNode");
            pj.child("Node", jointIds[j]);
            pj.child("Matrix", translation(t3[0], t3[1], t3[2]));
        }

        // ---- blend shapes
        int e = s.channelCount();
        long[] channelIds = new long[e];
        if (e > 0) {
            long bsId = id();
            FbxNode bs = object("Deformer", bsId, "Expressions", "Deformer", "BlendShape");
            bs.child("Version", 100);
            oo(bsId, geomId);
            for (int c = 0; c < e; c++) {
                String name = m.expressionNames().get(c);
                float[] d = s.toExport(m.expressionDirs()[c], true);
                int count = 0;
                for (int i = 0; i < v; i++) if (d[i * 3] != 0 || d[i * 3 + 1] != 0 || d[i * 3 + 2] != 0) count++;
                int[] idx = new int[Math.max(count, 1)];
                double[] dv = new double[idx.length * 3];
                int k = 0;
                for (int i = 0; i < v; i++) {
                    if (d[i * 3] != 0 || d[i * 3 + 1] != 0 || d[i * 3 + 2] != 0) {
                        idx[k] = i;
                        for (int q = 0; q < 3; q++) dv[k * 3 + q] = d[i * 3 + q];
                        k++;
                    }
                }
                long shapeId = id();
                FbxNode shape = object("Geometry", shapeId, name, "Geometry", "Shape");
                shape.child("Version", 100);
                shape.child("Indexes", idx);
                shape.child("Vertices", dv);
                shape.child("Normals", new double[dv.length]);
                channelIds[c] = id();
                FbxNode ch = object("Deformer", channelIds[c], name, "SubDeformer", "BlendShapeChannel");
                ch.child("Version", 100);
                ch.child("DeformPercent", 0.0);
                ch.child("FullWeights", new double[] {100.0});
                FbxNode chp = ch.child("Properties70");
                chp.add(p("DeformPercent", "Number", "", "A", 0.0));
                oo(channelIds[c], bsId);
                oo(shapeId, channelIds[c]);
            }
        }
        progress.update(0.3);

        // ---- animation
        long stackId = id();
        FbxNode stack = object("AnimationStack", stackId, TAKE, "AnimStack", "");
        FbxNode sp = stack.child("Properties70");
        sp.add(p("LocalStart", "KTime", "Time", "", 0L));
        sp.add(p("LocalStop", "KTime", "Time", "", stop));
        sp.add(p("ReferenceStart", "KTime", "Time", "", 0L));
        sp.add(p("ReferenceStop", "KTime", "Time", "", stop));
        long layerId = id();
        object("AnimationLayer", layerId, "BaseLayer", "AnimLayer", "");
        oo(layerId, stackId);

        for (int c = 0; c < e; c++) {
            float[] vals = new float[n];
            for (int i = 0; i < n; i++) vals[i] = s.weight(i, c) * 100f;
            long cnId = id();
            FbxNode cn = object("AnimationCurveNode", cnId, "DeformPercent", "AnimCurveNode", "");
            cn.child("Properties70").add(p("d|DeformPercent", "Number", "", "A", (double) vals[0]));
            oo(cnId, layerId);
            op(cnId, channelIds[c], "DeformPercent");
            curve(cnId, "d|DeformPercent", times, vals);
        }
        progress.update(0.5);
        double[] q = new double[4], mat3 = new double[9], eul = new double[3], prev = new double[3];
        for (int j = 0; j < jc; j++) {
            float[][] rot = new float[3][n];
            for (int i = 0; i < n; i++) {
                s.jointQuat(i, j, q);
                Quat.toMatrix(q, mat3);
                Quat.toEulerXyzDegrees(mat3, i == 0 ? null : prev, eul);
                for (int k = 0; k < 3; k++) { rot[k][i] = (float) eul[k]; prev[k] = eul[k]; }
            }
            curveNode3(jointIds[j], layerId, "R", "Lcl Rotation", times, rot);
            if (m.parent(j) < 0) {
                float[][] tr = new float[3][n];
                s.jointRestOffset(j, t3);
                double[] d = new double[3];
                for (int i = 0; i < n; i++) {
                    s.toExportPoint(s.translation(i, 0), s.translation(i, 1), s.translation(i, 2), d);
                    for (int k = 0; k < 3; k++) tr[k][i] = (float) (t3[k] + d[k]);
                }
                curveNode3(jointIds[j], layerId, "T", "Lcl Translation", times, tr);
            }
        }
        progress.update(0.8);
        return document(s, stop);
    }

    private void curveNode3(long modelId, long layerId, String name, String prop, long[] times, float[][] vals) {
        long cnId = id();
        FbxNode cn = object("AnimationCurveNode", cnId, name, "AnimCurveNode", "");
        FbxNode props = cn.child("Properties70");
        String[] axes = {"d|X", "d|Y", "d|Z"};
        for (int k = 0; k < 3; k++) props.add(p(axes[k], "Number", "", "A", (double) vals[k][0]));
        oo(cnId, layerId);
        op(cnId, modelId, prop);
        for (int k = 0; k < 3; k++) curve(cnId, axes[k], times, vals[k]);
    }

    private void curve(long curveNodeId, String prop, long[] times, float[] values) {
        long cid = id();
        FbxNode c = object("AnimationCurve", cid, "", "AnimCurve", "");
        c.child("Default", (double) values[0]);
        c.child("KeyVer", 4008);
        c.child("KeyTime", times.clone());
        c.child("KeyValueFloat", values);
        c.child("KeyAttrFlags", new int[] {0x00000104}); // linear interpolation, constant tangents off
        c.child("KeyAttrDataFloat", new float[] {0f, 0f, Float.intBitsToFloat(0x0D050D05), 0f});
        c.child("KeyAttrRefCount", new int[] {times.length});
        op(cid, curveNodeId, prop);
    }

    private List<FbxNode> document(ExportScene s, long stop) {
        List<FbxNode> top = new ArrayList<>();
        FbxNode header = new FbxNode("FBXHeaderExtension");
        header.child("FBXHeaderVersion", 1003);
        header.child("FBXVersion", FbxBinaryWriter.VERSION);
        header.child("EncryptionType", 0);
        FbxNode ts = header.child("CreationTimeStamp");
        ts.child("Version", 1000);
        int[] stamp = {1970, 1, 1, 10, 0, 0, 0};
        String[] names = {"Year", "Month", "Day", "Hour", "Minute", "Second", "Millisecond"};
        for (int i = 0; i < stamp.length; i++) ts.child(names[i], stamp[i]);
        header.child("Creator", "AdaMesh Studio FBX exporter");
        top.add(header);
        top.add(new FbxNode("FileId", (Object) FbxBinaryWriter.FILE_ID));
        top.add(new FbxNode("CreationTime", FbxBinaryWriter.CREATION_TIME));
        top.add(new FbxNode("Creator", "AdaMesh Studio FBX exporter"));

        FbxNode gs = new FbxNode("GlobalSettings");
        gs.child("Version", 1000);
        FbxNode gp = gs.child("Properties70");
        boolean zUp = s.options().up() == ExportOptions.UpAxis.Z;
        gp.add(p("UpAxis", "int", "Integer", "", zUp ? 2 : 1));
        gp.add(p("UpAxisSign", "int", "Integer", "", 1));
        gp.add(p("FrontAxis", "int", "Integer", "", zUp ? 1 : 2));
        gp.add(p("FrontAxisSign", "int", "Integer", "", zUp ? -1 : 1));
        gp.add(p("CoordAxis", "int", "Integer", "", 0));
        gp.add(p("CoordAxisSign", "int", "Integer", "", 1));
        gp.add(p("OriginalUpAxis", "int", "Integer", "", zUp ? 2 : 1));
        gp.add(p("OriginalUpAxisSign", "int", "Integer", "", 1));
        double unitCm = 100.0 / s.options().unit().perMetre;
        gp.add(p("UnitScaleFactor", "double", "Number", "", unitCm));
        gp.add(p("OriginalUnitScaleFactor", "double", "Number", "", unitCm));
        gp.add(p("AmbientColor", "ColorRGB", "Color", "", 0.0, 0.0, 0.0));
        gp.add(p("DefaultCamera", "KString", "", "", "Producer Perspective"));
        int mode = timeMode(s.fps());
        gp.add(p("TimeMode", "enum", "", "", mode));
        gp.add(p("TimeProtocol", "enum", "", "", 2));
        gp.add(p("SnapOnFrameMode", "enum", "", "", 0));
        gp.add(p("TimeSpanStart", "KTime", "Time", "", 0L));
        gp.add(p("TimeSpanStop", "KTime", "Time", "", stop));
        gp.add(p("CustomFrameRate", "double", "Number", "", s.fps()));
        top.add(gs);

        FbxNode docs = new FbxNode("Documents");
        docs.child("Count", 1);
        FbxNode doc = docs.child("Document", 1_000L, "Scene", "Scene");
        FbxNode dp = doc.child("Properties70");
        dp.add(p("SourceObject", "object", "", ""));
        dp.add(p("ActiveAnimStackName", "KString", "", "", TAKE));
        doc.child("RootNode", 0L);
        top.add(docs);
        top.add(new FbxNode("References"));

        FbxNode defs = new FbxNode("Definitions");
        defs.child("Version", 100);
        int total = 1;
        for (int c : typeCounts.values()) total += c;
        defs.child("Count", total);
        defs.child("ObjectType", "GlobalSettings").child("Count", 1);
        typeCounts.forEach((type, count) -> defs.child("ObjectType", type).child("Count", count));
        top.add(defs);

        FbxNode objs = new FbxNode("Objects");
        objects.forEach(objs::add);
        top.add(objs);
        FbxNode conns = new FbxNode("Connections");
        connections.forEach(conns::add);
        top.add(conns);

        FbxNode takes = new FbxNode("Takes");
        takes.child("Current", TAKE);
        FbxNode take = takes.child("Take", TAKE);
        take.child("FileName", "Take_001.tak");
        take.child("LocalTime", 0L, stop);
        take.child("ReferenceTime", 0L, stop);
        top.add(takes);
        return top;
    }

    /** FBX SDK time modes for the frame rates we export; 14 = custom (CustomFrameRate). */
    static int timeMode(double fps) {
        if (fps == 24) return 11;
        if (fps == 25) return 10;
        if (fps == 30) return 6;
        if (fps == 60) return 3;
        return 14;
    }

    private static double[] translation(double x, double y, double z) {
        return new double[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, x, y, z, 1};
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
