package io.adamesh.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adamesh.face.FaceModel;
import java.util.HashMap;
import java.util.Map;

/**
 * What a .glb of an {@link ExportScene} holds: one skinned mesh (vertices split where a vertex has
 * several UVs), one morph target per expression channel named in {@code extras.targetNames}, the
 * joint nodes with rest translations, a skin with inverse bind matrices, and one animation with
 * morph weights, joint rotations (quaternions) and the root's translation, linearly interpolated.
 */
public final class GltfSceneMapper {
    private GltfSceneMapper() {}

    public static GlbWriter map(ExportScene s, Progress progress) {
        FaceModel m = s.model();
        int[] faces = m.faces();
        int[] uvFaces = m.uvFaces();
        // ---- split vertices by (position, uv) pair
        Map<Long, Integer> remap = new HashMap<>();
        int[] corner = new int[faces.length];
        int[] srcVertex = new int[faces.length];
        int[] srcUv = new int[faces.length];
        int count = 0;
        for (int c = 0; c < faces.length; c++) {
            long key = ((long) faces[c] << 32) | uvFaces[c];
            Integer idx = remap.get(key);
            if (idx == null) {
                idx = count++;
                remap.put(key, idx);
                srcVertex[idx] = faces[c];
                srcUv[idx] = uvFaces[c];
            }
            corner[c] = idx;
        }
        float[] rest = s.toExport(s.restVertices(), true);
        float[] normals = s.toExport(s.restNormals(), false);
        float[] pos = new float[count * 3], nrm = new float[count * 3], uv = new float[count * 2];
        float[] uvs = m.uvs();
        for (int i = 0; i < count; i++) {
            int v = srcVertex[i];
            for (int k = 0; k < 3; k++) { pos[i * 3 + k] = rest[v * 3 + k]; nrm[i * 3 + k] = normals[v * 3 + k]; }
            uv[i * 2] = uvs[srcUv[i] * 2];
            uv[i * 2 + 1] = 1f - uvs[srcUv[i] * 2 + 1];
        }
        // ---- skin: the 4 strongest influences, renormalised
        int jc = s.jointCount();
        float[] w = m.weights();
        int[] joints = new int[count * 4];
        float[] weights = new float[count * 4];
        for (int i = 0; i < count; i++) {
            int v = srcVertex[i];
            boolean[] used = new boolean[jc];
            float sum = 0;
            for (int slot = 0; slot < 4; slot++) {
                int best = -1;
                for (int j = 0; j < jc; j++) if (!used[j] && w[v * jc + j] > 0 && (best < 0 || w[v * jc + j] > w[v * jc + best])) best = j;
                if (best < 0) break;
                used[best] = true;
                joints[i * 4 + slot] = best;
                weights[i * 4 + slot] = w[v * jc + best];
                sum += w[v * jc + best];
            }
            if (sum <= 0) { joints[i * 4] = 0; weights[i * 4] = 1; sum = 1; }
            for (int slot = 0; slot < 4; slot++) weights[i * 4 + slot] /= sum;
        }

        GlbWriter g = new GlbWriter("AdaMesh Studio glTF exporter");
        ObjectNode prim = g.json().objectNode();
        ObjectNode attrs = prim.putObject("attributes");
        attrs.put("POSITION", g.floats(pos, "VEC3", GlbWriter.ARRAY_BUFFER, true));
        attrs.put("NORMAL", g.floats(nrm, "VEC3", GlbWriter.ARRAY_BUFFER, false));
        attrs.put("TEXCOORD_0", g.floats(uv, "VEC2", GlbWriter.ARRAY_BUFFER, false));
        attrs.put("JOINTS_0", g.unsigned(joints, jc <= 255 ? GlbWriter.UNSIGNED_BYTE : GlbWriter.UNSIGNED_SHORT, "VEC4", GlbWriter.ARRAY_BUFFER));
        attrs.put("WEIGHTS_0", g.floats(weights, "VEC4", GlbWriter.ARRAY_BUFFER, false));
        prim.put("indices", g.unsigned(corner, count < 65536 ? GlbWriter.UNSIGNED_SHORT : GlbWriter.UNSIGNED_INT, "SCALAR", GlbWriter.ELEMENT_ARRAY_BUFFER));
        prim.put("mode", 4);
        prim.put("material", 0);
        int e = s.channelCount();
        ArrayNode targets = prim.putArray("targets");
        for (int c = 0; c < e; c++) {
            float[] d = s.toExport(m.expressionDirs()[c], true);
            float[] td = new float[count * 3];
            for (int i = 0; i < count; i++) for (int k = 0; k < 3; k++) td[i * 3 + k] = d[srcVertex[i] * 3 + k];
            targets.addObject().put("POSITION", g.floats(td, "VEC3", GlbWriter.ARRAY_BUFFER, true));
        }
        if (e == 0) prim.remove("targets");
        progress.update(0.4);

        ObjectNode mat = g.array("materials").addObject();
        mat.put("name", "Skin");
        ObjectNode pbr = mat.putObject("pbrMetallicRoughness");
        pbr.putArray("baseColorFactor").add(0.8).add(0.7).add(0.6).add(1.0);
        pbr.put("metallicFactor", 0.0);
        pbr.put("roughnessFactor", 0.7);

        ObjectNode mesh = g.array("meshes").addObject();
        mesh.put("name", "Head");
        mesh.putArray("primitives").add(prim);
        if (e > 0) {
            ArrayNode dw = mesh.putArray("weights");
            for (int c = 0; c < e; c++) dw.add(0.0);
            ArrayNode names = mesh.putObject("extras").putArray("targetNames");
            m.expressionNames().forEach(names::add);
        }

        // ---- nodes: 0 = mesh, 1.. = joints
        ArrayNode nodes = g.array("nodes");
        ObjectNode meshNode = nodes.addObject();
        meshNode.put("name", "Head");
        meshNode.put("mesh", 0);
        meshNode.put("skin", 0);
        double[] t3 = new double[3];
        for (int j = 0; j < jc; j++) {
            ObjectNode jn = nodes.addObject();
            jn.put("name", m.jointNames().get(j));
            s.jointRestOffset(j, t3);
            jn.putArray("translation").add(t3[0]).add(t3[1]).add(t3[2]);
        }
        for (int j = 0; j < jc; j++) {
            ArrayNode children = null;
            for (int k = 0; k < jc; k++) {
                if (m.parent(k) == j) {
                    if (children == null) children = ((ObjectNode) nodes.get(1 + j)).putArray("children");
                    children.add(1 + k);
                }
            }
        }
        float[] ibm = new float[jc * 16];
        for (int j = 0; j < jc; j++) {
            s.jointRestPosition(j, t3);
            ibm[j * 16] = 1; ibm[j * 16 + 5] = 1; ibm[j * 16 + 10] = 1; ibm[j * 16 + 15] = 1;
            ibm[j * 16 + 12] = (float) -t3[0]; ibm[j * 16 + 13] = (float) -t3[1]; ibm[j * 16 + 14] = (float) -t3[2];
        }
        ObjectNode skin = g.array("skins").addObject();
        skin.put("name", "Skeleton");
        skin.put("inverseBindMatrices", g.floats(ibm, "MAT4", 0, false));
        ArrayNode sj = skin.putArray("joints");
        int rootJoint = 0;
        for (int j = 0; j < jc; j++) {
            sj.add(1 + j);
            if (m.parent(j) < 0) rootJoint = j;
        }
        skin.put("skeleton", 1 + rootJoint);
        ObjectNode scene = g.array("scenes").addObject();
        scene.put("name", "Scene");
        ArrayNode sceneNodes = scene.putArray("nodes").add(0);
        for (int j = 0; j < jc; j++) if (m.parent(j) < 0) sceneNodes.add(1 + j);
        g.json().put("scene", 0);

        // ---- animation
        int n = s.frameCount();
        float[] times = new float[n];
        for (int i = 0; i < n; i++) times[i] = (float) s.time(i);
        int input = g.floats(times, "SCALAR", 0, true);
        ObjectNode anim = g.array("animations").addObject();
        anim.put("name", "Take 001");
        ArrayNode samplers = anim.putArray("samplers");
        ArrayNode channels = anim.putArray("channels");
        if (e > 0) {
            float[] wv = new float[n * e];
            for (int i = 0; i < n; i++) for (int c = 0; c < e; c++) wv[i * e + c] = s.weight(i, c);
            channel(samplers, channels, input, g.floats(wv, "SCALAR", 0, false), 0, "weights");
        }
        double[] q = new double[4];
        for (int j = 0; j < jc; j++) {
            float[] rq = new float[n * 4];
            double[] prev = null;
            for (int i = 0; i < n; i++) {
                s.jointQuat(i, j, q);
                if (prev != null && q[0] * prev[0] + q[1] * prev[1] + q[2] * prev[2] + q[3] * prev[3] < 0) {
                    for (int k = 0; k < 4; k++) q[k] = -q[k];
                }
                prev = q.clone();
                for (int k = 0; k < 4; k++) rq[i * 4 + k] = (float) q[k];
            }
            channel(samplers, channels, input, g.floats(rq, "VEC4", 0, false), 1 + j, "rotation");
            if (m.parent(j) < 0) {
                float[] tv = new float[n * 3];
                s.jointRestOffset(j, t3);
                double[] d = new double[3];
                for (int i = 0; i < n; i++) {
                    s.toExportPoint(s.translation(i, 0), s.translation(i, 1), s.translation(i, 2), d);
                    for (int k = 0; k < 3; k++) tv[i * 3 + k] = (float) (t3[k] + d[k]);
                }
                channel(samplers, channels, input, g.floats(tv, "VEC3", 0, false), 1 + j, "translation");
            }
        }
        progress.update(0.9);
        return g;
    }

    private static void channel(ArrayNode samplers, ArrayNode channels, int input, int output, int node, String path) {
        ObjectNode smp = samplers.addObject();
        smp.put("input", input);
        smp.put("output", output);
        smp.put("interpolation", "LINEAR");
        ObjectNode ch = channels.addObject();
        ch.put("sampler", samplers.size() - 1);
        ObjectNode target = ch.putObject("target");
        target.put("node", node);
        target.put("path", path);
    }
}
