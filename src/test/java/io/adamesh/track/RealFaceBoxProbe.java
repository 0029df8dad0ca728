package io.adamesh.track;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Developer probe: does the landmark tracker's rigid-box refinement ({@link LandmarkTracker}) help
 * or hurt on real faces? On dlib's testing faces (annotated by dlib itself in dlib's own detector
 * box, so the annotation is what dlib gives from the box it was trained with), NME of dlib's points
 * predicted from: dlib's box; the OpenCV cascade's box (converted, as the tracker does) matched to
 * the face; and each of those followed by {@link LandmarkTracker#REFINE} predictions in the box of
 * the points' brows, eyes and nose. Args: none (the faces come from {@code DlibFaces.testingXml()}).
 */
public final class RealFaceBoxProbe {
    public static void main(String[] args) throws Exception {
        DlibShapePredictor sp = DlibFaces.predictor();
        LandmarkDataset data = LandmarkDataset.read(DlibFaces.testingXml());
        Path cascade = TrackingDataFiles.fromEnvironment().locate(TrackingDataFiles.DataFile.OPENCV_FRONTAL_FACE_CASCADE).orElseThrow();
        double[] sum = new double[4];
        int n = 0, matched = 0;
        try (FaceDetector det = new FaceDetector(cascade)) {
            for (LandmarkDataset.Face face : data.faces()) {
                GreyImage grey = GreyImage.of(ImageIO.read(face.image().toFile()));
                List<FaceBox> found = det.detect(grey);
                FaceBox best = null;
                for (FaceBox b : found) {
                    if (b.iou(face.box()) >= 0.3 && (best == null || b.iou(face.box()) > best.iou(face.box()))) {
                        best = b;
                    }
                }
                n++;
                float[] own = sp.predict(grey.pixels(), grey.width(), grey.height(), face.box());
                double ownNme = LandmarkDataset.nme(own, face.parts());
                double ownRefined = LandmarkDataset.nme(refine(sp, grey, own), face.parts());
                String line = String.format(Locale.ROOT, "%-20s dlib box %.4f refined %.4f", face.image().getFileName(), ownNme, ownRefined);
                sum[0] += ownNme;
                sum[1] += ownRefined;
                if (best != null) {
                    matched++;
                    float[] c = sp.predict(grey.pixels(), grey.width(), grey.height(), best);
                    double cn = LandmarkDataset.nme(c, face.parts()), cr = LandmarkDataset.nme(refine(sp, grey, c), face.parts());
                    sum[2] += cn;
                    sum[3] += cr;
                    line += String.format(Locale.ROOT, " | cascade box %.4f refined %.4f (box %.0f px for dlib's %.0f)", cn, cr, best.width(), face.box().width());
                }
                System.out.println(line);
            }
        }
        System.out.printf(Locale.ROOT, "mean NME over %d faces: dlib box %.4f, refined %.4f; over the %d the cascade found: cascade box %.4f, refined %.4f%n",
                n, sum[0] / n, sum[1] / n, matched, sum[2] / Math.max(1, matched), sum[3] / Math.max(1, matched));
    }

    private static float[] refine(DlibShapePredictor sp, GreyImage grey, float[] pts) {
        for (int i = 0; i < LandmarkTracker.REFINE; i++) {
            pts = sp.predict(grey.pixels(), grey.width(), grey.height(), sp.boxFor(pts, LandmarkTracker.RIGID_FROM, LandmarkTracker.RIGID_END));
        }
        return pts;
    }
}
