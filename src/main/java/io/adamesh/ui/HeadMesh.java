package io.adamesh.ui;

import io.adamesh.face.FaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javafx.scene.Group;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.paint.PhongMaterial;
import javafx.scene.shape.CullFace;
import javafx.scene.shape.DrawMode;
import javafx.scene.shape.MeshView;
import javafx.scene.shape.TriangleMesh;
import javafx.scene.shape.VertexFormat;
import javafx.scene.transform.Rotate;

/**
 * The head in the scene graph: one {@link MeshView} per face part with its own material, sharing a
 * texture baked from the vertex colours. {@link #update} copies evaluated vertices and normals into
 * each part with one bulk {@code set} per array, through index remaps computed once.
 *
 * <p>The model is y-up with the face toward +z; the group turns it 180° about x into JavaFX's
 * y-down world, so the face looks toward -z (where the camera starts).
 */
public final class HeadMesh {
    public static final int TEXTURE_SIZE = 1024;

    private final Group group = new Group();
    private final List<MeshView> views = new ArrayList<>();
    private final List<String> viewParts = new ArrayList<>();
    private final TriangleMesh[] meshes;
    private final int[][] localToGlobal;
    private final float[][] points;
    private final float[][] normals;
    private final Image texture;

    /** The model's own painted texture (sRGB bytes, row 0 at v = 1, as the image's top row). */
    private static Image paintedTexture(FaceModel model) {
        int w = model.textureWidth(), h = model.textureHeight();
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getByteRgbInstance(), model.textureRgb(), 0, w * 3);
        return img;
    }

    /** Vertex colours baked into a texture, for heads without one (e.g. a user's FLAME file). */
    private static Image bakedTexture(FaceModel model) {
        int size = TEXTURE_SIZE;
        int[] argb = TextureBaker.bake(model, size, 6);
        WritableImage img = new WritableImage(size, size);
        img.getPixelWriter().setPixels(0, 0, size, size, PixelFormat.getIntArgbInstance(), argb, 0, size);
        return img;
    }

    public HeadMesh(FaceModel model) {
        texture = model.hasTexture() ? paintedTexture(model) : bakedTexture(model);

        int[] f = model.faces();
        int[] ft = model.uvFaces();
        float[] uv = model.uvs();
        int[] parts = model.faceParts();
        int partCount = model.partNames().size();
        int v = model.vertexCount();
        List<TriangleMesh> built = new ArrayList<>();
        List<int[]> remaps = new ArrayList<>();
        for (int part = 0; part < partCount; part++) {
            int faceCount = 0;
            for (int p : parts) if (p == part) faceCount++;
            if (faceCount == 0) continue;
            int[] globalToLocal = new int[v];
            Arrays.fill(globalToLocal, -1);
            int[] uvToLocal = new int[uv.length / 2];
            Arrays.fill(uvToLocal, -1);
            int[] l2g = new int[v];
            int[] l2uv = new int[uv.length / 2];
            int nv = 0, nt = 0;
            int[] meshFaces = new int[faceCount * 9];
            int k = 0;
            for (int t = 0; t < parts.length; t++) {
                if (parts[t] != part) continue;
                for (int c = 0; c < 3; c++) {
                    int g = f[t * 3 + c];
                    if (globalToLocal[g] < 0) { globalToLocal[g] = nv; l2g[nv++] = g; }
                    int u = ft[t * 3 + c];
                    if (uvToLocal[u] < 0) { uvToLocal[u] = nt; l2uv[nt++] = u; }
                    meshFaces[k++] = globalToLocal[g];   // point
                    meshFaces[k++] = globalToLocal[g];   // normal (one per point)
                    meshFaces[k++] = uvToLocal[u];       // texcoord
                }
            }
            float[] tex = new float[nt * 2];
            for (int i = 0; i < nt; i++) {
                tex[i * 2] = uv[l2uv[i] * 2];
                tex[i * 2 + 1] = TextureBaker.texV(uv[l2uv[i] * 2 + 1]);
            }
            TriangleMesh mesh = new TriangleMesh(VertexFormat.POINT_NORMAL_TEXCOORD);
            mesh.getPoints().setAll(new float[nv * 3]);
            mesh.getNormals().setAll(new float[nv * 3]);
            mesh.getTexCoords().setAll(tex);
            mesh.getFaces().setAll(meshFaces);
            built.add(mesh);
            remaps.add(Arrays.copyOf(l2g, nv));
            MeshView view = new MeshView(mesh);
            String name = model.partNames().get(part);
            view.setId("head-" + name);
            view.setMaterial(materialFor(name));
            view.setCullFace(CullFace.BACK);
            view.setDrawMode(DrawMode.FILL);
            views.add(view);
            viewParts.add(name);
        }
        meshes = built.toArray(new TriangleMesh[0]);
        localToGlobal = remaps.toArray(new int[0][]);
        points = new float[meshes.length][];
        normals = new float[meshes.length][];
        for (int i = 0; i < meshes.length; i++) {
            points[i] = new float[localToGlobal[i].length * 3];
            normals[i] = new float[localToGlobal[i].length * 3];
        }
        group.getChildren().addAll(views);
        group.getTransforms().add(new Rotate(180, Rotate.X_AXIS));
        group.setId("head");
    }

    private PhongMaterial materialFor(String part) {
        PhongMaterial m = new PhongMaterial();
        m.setDiffuseMap(texture);
        String p = part.toLowerCase(java.util.Locale.ROOT);
        if (p.startsWith("eye")) {
            m.setDiffuseColor(Color.WHITE);
            m.setSpecularColor(Color.gray(0.9));
            m.setSpecularPower(160);
        } else if (p.contains("mouth") || p.contains("cavity")) {
            // The inside of the mouth only sees light through the lips' opening, which JavaFX's
            // shadowless lights ignore: its parts are darkened to about the brightness the offline
            // renderer's MouthInterior gives them (an open mouth averages ~0.2 of the lips').
            m.setDiffuseColor(Color.gray(0.14));
            m.setSpecularColor(Color.BLACK);
        } else if (p.contains("teeth")) {
            m.setDiffuseColor(Color.rgb(170, 166, 158));
            m.setSpecularColor(Color.gray(0.18));
            m.setSpecularPower(60);
        } else if (p.contains("tongue")) {
            m.setDiffuseColor(Color.gray(0.42));
            m.setSpecularColor(Color.gray(0.08));
            m.setSpecularPower(40);
        } else if (p.contains("brow") || p.contains("hair") || p.contains("lash")) {
            m.setDiffuseColor(Color.WHITE);
            m.setSpecularColor(Color.gray(0.05));
            m.setSpecularPower(8);
        } else {
            // Skin: soft, broad highlight.
            m.setDiffuseColor(Color.WHITE);
            m.setSpecularColor(Color.rgb(56, 50, 46));
            m.setSpecularPower(18);
        }
        return m;
    }

    public Group node() { return group; }
    public List<MeshView> views() { return views; }
    public List<String> partNames() { return viewParts; }
    public Image texture() { return texture; }

    /** Copies world vertices and normals ([V, 3], model space) into every part. Allocates nothing. */
    public void update(float[] verts, float[] vertNormals) {
        for (int m = 0; m < meshes.length; m++) {
            int[] map = localToGlobal[m];
            float[] pts = points[m], nrm = normals[m];
            for (int i = 0, o = 0; i < map.length; i++, o += 3) {
                int g = map[i] * 3;
                pts[o] = verts[g]; pts[o + 1] = verts[g + 1]; pts[o + 2] = verts[g + 2];
                nrm[o] = vertNormals[g]; nrm[o + 1] = vertNormals[g + 1]; nrm[o + 2] = vertNormals[g + 2];
            }
            meshes[m].getPoints().set(0, pts, 0, pts.length);
            meshes[m].getNormals().set(0, nrm, 0, nrm.length);
        }
    }
}
