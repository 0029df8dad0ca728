package io.adamesh.export;

import io.adamesh.export.AlembicWriter.Pod;
import java.io.IOException;

/**
 * AbcGeom schemas on top of {@link AlembicWriter}, with the property names, types and metadata the
 * reference library writes: {@code AbcGeom_PolyMesh_v1} (.selfBnds, P, .faceIndices, .faceCounts,
 * optional uv and N geometry parameters) and {@code AbcGeom_Xform_v3} (.inherits, .ops, .vals,
 * isNotConstantIdentity, .animChans).
 */
public final class AlembicSchemas {
    public static final String POLYMESH_SCHEMA = "schema=AbcGeom_PolyMesh_v1;schemaBaseType=AbcGeom_GeomBase_v1";
    public static final String POLYMESH_OBJECT = POLYMESH_SCHEMA + ";schemaObjTitle=AbcGeom_PolyMesh_v1:.geom";
    public static final String XFORM_SCHEMA = "schema=AbcGeom_Xform_v3";
    public static final String XFORM_OBJECT = XFORM_SCHEMA + ";schemaObjTitle=AbcGeom_Xform_v3:.xform";

    private AlembicSchemas() {}

    /** Scope of a geometry parameter: face-varying (per corner) or per vertex. */
    public enum Scope { FACE_VARYING("fvr"), VERTEX("vtx");
        final String code;
        Scope(String code) { this.code = code; }
    }

    public static final class PolyMesh {
        private final AlembicWriter.Sampled bounds, p, indices, counts, uv, n;

        PolyMesh(AlembicWriter.Sampled bounds, AlembicWriter.Sampled p, AlembicWriter.Sampled indices, AlembicWriter.Sampled counts,
                 AlembicWriter.Sampled uv, AlembicWriter.Sampled n) {
            this.bounds = bounds; this.p = p; this.indices = indices; this.counts = counts; this.uv = uv; this.n = n;
        }

        /** One sample: positions [V*3], Alembic-wound (clockwise) face indices and counts, optional uv/normals. */
        public void sample(float[] positions, int[] faceIndices, int[] faceCounts, float[] uvs, float[] normals) throws IOException {
            double[] box = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
            for (int i = 0; i < positions.length; i += 3) {
                for (int k = 0; k < 3; k++) {
                    box[k] = Math.min(box[k], positions[i + k]);
                    box[3 + k] = Math.max(box[3 + k], positions[i + k]);
                }
            }
            if (positions.length == 0) box = new double[6];
            bounds.add(box);
            p.add(positions);
            indices.add(faceIndices);
            counts.add(faceCounts);
            if (uv != null) uv.add(uvs);
            if (n != null) n.add(normals);
        }
    }

    public static PolyMesh polyMesh(AlembicWriter.Obj parent, String name, int timeSampling, Scope uvScope, Scope normalScope) {
        AlembicWriter.Obj o = parent.child(name, POLYMESH_OBJECT);
        AlembicWriter.Compound geom = o.properties().compound(".geom", POLYMESH_SCHEMA);
        AlembicWriter.Sampled bounds = geom.scalar(".selfBnds", Pod.FLOAT64, 6, "interpretation=box", timeSampling);
        AlembicWriter.Sampled p = geom.array("P", Pod.FLOAT32, 3, "geoScope=vtx;interpretation=point", timeSampling);
        AlembicWriter.Sampled fi = geom.array(".faceIndices", Pod.INT32, 1, "", timeSampling);
        AlembicWriter.Sampled fc = geom.array(".faceCounts", Pod.INT32, 1, "", timeSampling);
        AlembicWriter.Sampled uv = uvScope == null ? null : geom.array("uv", Pod.FLOAT32, 2,
                "arrayExtent=1;geoScope=" + uvScope.code + ";interpretation=vector;isGeomParam=true;podExtent=2;podName=float32_t", timeSampling);
        AlembicWriter.Sampled n = normalScope == null ? null : geom.array("N", Pod.FLOAT32, 3,
                "arrayExtent=1;geoScope=" + normalScope.code + ";interpretation=normal;isGeomParam=true;podExtent=3;podName=float32_t", timeSampling);
        return new PolyMesh(bounds, p, fi, fc, uv, n);
    }

    /** Xform op codes: (type << 4) | hint. */
    public static final int OP_TRANSLATE = 1 << 4, OP_ROTATE = 2 << 4;

    public static final class Xform {
        private final AlembicWriter.Sampled inherits, ops, vals, identity, chans;
        private final int[] opCodes;
        private double[] first;
        private final java.util.BitSet animated = new java.util.BitSet();

        Xform(AlembicWriter.Compound c, int[] opCodes, int channels, int timeSampling) {
            this.opCodes = opCodes;
            inherits = c.scalar(".inherits", Pod.BOOL, 1, "", timeSampling);
            ops = c.scalar(".ops", Pod.UINT8, opCodes.length, "", 0);
            vals = c.scalar(".vals", Pod.FLOAT64, channels, "", timeSampling);
            identity = c.scalar("isNotConstantIdentity", Pod.BOOL, 1, "", 0);
            chans = c.array(".animChans", Pod.UINT32, 1, "", timeSampling);
        }

        /** One sample of all op channels (translate: x y z; rotate: axis x y z, angle in degrees). */
        public void sample(double[] channels) throws IOException {
            if (first == null) first = channels.clone();
            for (int i = 0; i < channels.length; i++) if (channels[i] != first[i]) animated.set(i);
            inherits.add(new byte[] {1});
            byte[] o = new byte[opCodes.length];
            for (int i = 0; i < o.length; i++) o[i] = (byte) opCodes[i];
            ops.add(o);
            vals.add(channels);
        }

        /** Writes the once-only properties; call after the last sample. */
        public void finish() throws IOException {
            identity.add(new byte[] {1});
            chans.add(animated.stream().toArray());
        }
    }

    public static Xform xform(AlembicWriter.Obj parent, String name, int timeSampling, int[] opCodes, int channels) {
        AlembicWriter.Obj o = parent.child(name, XFORM_OBJECT);
        AlembicWriter.Compound c = o.properties().compound(".xform", XFORM_SCHEMA);
        return new Xform(c, opCodes, channels, timeSampling);
    }

    /** The child object of an Xform, for placing a mesh under it. */
    public static AlembicWriter.Obj lastChild(AlembicWriter.Obj parent) { return parent.children.get(parent.children.size() - 1); }
}
