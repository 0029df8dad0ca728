package io.adamesh.track;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * dlib's image-metadata XML ({@code testing_with_face_landmarks.xml}): images, face boxes and 68
 * annotated parts; and the normalised mean error (NME) of a predictor on it.
 */
public final class LandmarkDataset {
    /** One annotated face: image file, box and 2 x 68 part coordinates (x, y interleaved). */
    public record Face(Path image, FaceBox box, float[] parts) {}

    private final List<Face> faces;

    private LandmarkDataset(List<Face> faces) {
        this.faces = List.copyOf(faces);
    }

    public List<Face> faces() { return faces; }

    public static LandmarkDataset read(Path xml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(xml.toFile());
            List<Face> faces = new ArrayList<>();
            NodeList images = doc.getElementsByTagName("image");
            for (int i = 0; i < images.getLength(); i++) {
                Element image = (Element) images.item(i);
                Path file = xml.resolveSibling(image.getAttribute("file"));
                NodeList boxes = image.getElementsByTagName("box");
                for (int b = 0; b < boxes.getLength(); b++) {
                    Element box = (Element) boxes.item(b);
                    NodeList parts = box.getElementsByTagName("part");
                    if (parts.getLength() == 0) {
                        continue;
                    }
                    float[] pts = new float[2 * parts.getLength()];
                    for (int p = 0; p < parts.getLength(); p++) {
                        Element part = (Element) parts.item(p);
                        int idx = Integer.parseInt(part.getAttribute("name"));
                        pts[2 * idx] = Float.parseFloat(part.getAttribute("x"));
                        pts[2 * idx + 1] = Float.parseFloat(part.getAttribute("y"));
                    }
                    FaceBox fb = FaceBox.ofSize(num(box, "left"), num(box, "top"), num(box, "width"), num(box, "height"));
                    faces.add(new Face(file, fb, pts));
                }
            }
            return new LandmarkDataset(faces);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(xml + ": not a dlib landmark dataset (" + e.getMessage() + ")", e);
        }
    }

    private static double num(Element e, String attr) {
        return Double.parseDouble(e.getAttribute(attr));
    }

    /**
     * Result of {@link #evaluate}: mean NME over faces, worst face, the mean NME after rounding our
     * points to whole pixels (dlib's {@code point} is integer, so its annotations are rounded), the
     * fraction of points equal to the annotation after that rounding, and faces/s of prediction alone.
     */
    public record Accuracy(int faces, double meanNme, double maxNme, double meanRoundedNme, double exactFraction,
                           double facesPerSecond) {}

    /**
     * dlib's test protocol: predict inside the annotated box and divide the mean point-to-point error
     * by the distance between the outer eye corners (points 36 and 45).
     */
    public Accuracy evaluate(DlibShapePredictor predictor) throws IOException {
        double sum = 0, max = 0, sumRounded = 0;
        long nanos = 0, exact = 0, points = 0;
        Path loaded = null;
        GreyImage grey = null;
        for (Face face : faces) {
            if (!face.image().equals(loaded)) {
                if (!Files.isRegularFile(face.image())) {
                    throw new IOException("missing image " + face.image());
                }
                grey = GreyImage.of(ImageIO.read(face.image().toFile()));
                loaded = face.image();
            }
            long t0 = System.nanoTime();
            float[] pred = predictor.predict(grey.pixels(), grey.width(), grey.height(), face.box());
            nanos += System.nanoTime() - t0;
            double nme = nme(pred, face.parts());
            sum += nme;
            max = Math.max(max, nme);
            float[] rounded = new float[pred.length];
            for (int i = 0; i < pred.length; i++) {
                rounded[i] = Math.round(pred[i]);
            }
            sumRounded += nme(rounded, face.parts());
            for (int i = 0; i < pred.length; i += 2) {
                points++;
                if (rounded[i] == face.parts()[i] && rounded[i + 1] == face.parts()[i + 1]) {
                    exact++;
                }
            }
        }
        int n = faces.size();
        return new Accuracy(n, sum / n, max, sumRounded / n, (double) exact / points, n / (nanos / 1e9));
    }

    /** Mean point error of {@code pred} against {@code truth}, over the outer-eye-corner distance. */
    public static double nme(float[] pred, float[] truth) {
        double iod = Math.hypot(truth[2 * 36] - truth[2 * 45], truth[2 * 36 + 1] - truth[2 * 45 + 1]);
        double err = 0;
        int n = truth.length / 2;
        for (int i = 0; i < n; i++) {
            err += Math.hypot(pred[2 * i] - truth[2 * i], pred[2 * i + 1] - truth[2 * i + 1]);
        }
        return err / n / iod;
    }
}
