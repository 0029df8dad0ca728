package io.adamesh.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.adamesh.face.FaceModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fitter on its own: landmarks projected from known parameters, moved by the head's
 * {@link LandmarkOffsets} (where dlib puts its mouth points on OpenHead), plus 1 px Gaussian noise on
 * a 720p frame (face ~170 px between the eye corners, like a webcam close-up), must come back.
 */
class RigFitterTest {
    @Test void recoversPoseJawAndMouthAndEyeChannelsFromNoisyLandmarks() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        RigFitter fitter = new RigFitter(model, new PinholeCamera(1280, 720, PinholeCamera.DEFAULT_FOV_Y));
        int ch = RigFitter.FITTED_CHANNELS.size();
        double[] truth = new double[RigFitter.POSE_PARAMS + ch];
        truth[0] = Math.toRadians(8);     // pitch
        truth[1] = Math.toRadians(-15);   // yaw
        truth[2] = Math.toRadians(3);
        truth[3] = 0.02; truth[4] = -0.01; truth[5] = -0.55;
        truth[6] = Math.toRadians(12);    // jaw
        set(truth, "mouthSmileLeft", 0.7);
        set(truth, "mouthSmileRight", 0.6);
        set(truth, "eyeBlinkLeft", 0.9);
        set(truth, "browInnerUp", 0.5);
        float[] clean = observed(fitter, truth);
        Random r = new Random(3);
        float[] obs = new float[136];
        for (int i = 0; i < 136; i++) {
            obs[i] = (float) (clean[i] + r.nextGaussian());
        }
        RigFitter.FrameFit fit = fitter.fitFrame(obs, null, 30);
        double[] x = fit.params();
        System.out.printf("fitter alone: yaw %.2f pitch %.2f jaw %.2f deg, smileL %.2f blinkL %.2f browInnerUp %.2f, rms %.2f px%n",
                Math.toDegrees(x[1]), Math.toDegrees(x[0]), Math.toDegrees(x[6]), get(x, "mouthSmileLeft"),
                get(x, "eyeBlinkLeft"), get(x, "browInnerUp"), fit.rmsPixels());
        assertEquals(-15, Math.toDegrees(x[1]), 2.0);
        assertEquals(8, Math.toDegrees(x[0]), 2.0);
        assertEquals(12, Math.toDegrees(x[6]), 2.0);
        assertEquals(0.7, get(x, "mouthSmileLeft"), 0.25);
        assertTrue(get(x, "eyeBlinkLeft") > 0.6, "blink");
        assertTrue(get(x, "eyeBlinkRight") < 0.3, "no right blink");
        assertTrue(fit.rmsPixels() < 1.6, "rms " + fit.rmsPixels());
    }

    @Test void measuredBlinksAndWideEyesOverrideLidPointsThatDoNotMove() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        RigFitter fitter = new RigFitter(model, new PinholeCamera(1280, 720, PinholeCamera.DEFAULT_FOV_Y));
        double[] truth = new double[RigFitter.POSE_PARAMS + RigFitter.FITTED_CHANNELS.size()];
        truth[1] = Math.toRadians(10);
        truth[5] = -0.55;
        float[] obs = observed(fitter, truth);   // eyes open in the points
        double[] x = fitter.fitFrame(obs, new double[] {1.0, 0.5}, null, 30).params();
        assertEquals(1.0, get(x, "eyeBlinkRight"), 0.1, "right eye measured shut");
        assertEquals(0.5, get(x, "eyeBlinkLeft"), 0.1, "left eye measured half shut");
        assertEquals(10, Math.toDegrees(x[1]), 1.0, "pose unaffected");
        x = fitter.fitFrame(obs, new double[] {Double.NaN, Double.NaN}, null, 30).params();
        assertTrue(get(x, "eyeBlinkRight") < 0.1 && get(x, "eyeBlinkLeft") < 0.1, "unmeasured: the points decide");
        x = fitter.fitFrame(obs, new double[] {0, 0, 1.0, Double.NaN}, null, 30).params();
        assertEquals(1.0, get(x, "eyeWideRight"), 0.15, "right eye measured wide");
        assertTrue(get(x, "eyeWideLeft") < 0.1, "left eyeWide unmeasured: the points decide");
    }

    /**
     * Open jaws, smiles and puckers at several poses are plausible mouths; the same frames with the
     * mouth points moved halfway up towards the nose tip (where dlib puts them on a render's shadow
     * under the nose) are not, and neither is a chin pulled halfway up to the nose.
     */
    @Test void mouthPointsOnTheNoseAreNotAMouth() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        RigFitter fitter = new RigFitter(model, new PinholeCamera(1280, 720, PinholeCamera.DEFAULT_FOV_Y));
        double[][] poses = {{0, 0}, {8, -18}, {-8, 25}};
        for (double[] pose : poses) {
            for (String channel : new String[] {"mouthSmileLeft", "mouthPucker", "mouthUpperUpLeft", "mouthClose"}) {
                double[] x = new double[RigFitter.POSE_PARAMS + RigFitter.FITTED_CHANNELS.size()];
                x[0] = Math.toRadians(pose[0]);
                x[1] = Math.toRadians(pose[1]);
                x[5] = -0.55;
                x[6] = channel.equals("mouthClose") ? 0 : Math.toRadians(18);
                set(x, channel, 1.0);
                double[] clean = new double[136];
                fitter.project(x, fitter.identity(), clean);
                float[] obs = new float[136];
                for (int i = 0; i < 136; i++) {
                    obs[i] = (float) clean[i];
                }
                String what = channel + " at pitch " + pose[0] + " yaw " + pose[1];
                assertTrue(fitter.mouthPlausible(obs, x), what);
                float[] lifted = obs.clone();
                for (int i = 48; i < 68; i++) {
                    lifted[2 * i + 1] += (float) (0.5 * (obs[2 * 33 + 1] - obs[2 * i + 1]));
                    lifted[2 * i] += (float) (0.5 * (obs[2 * 33] - obs[2 * i]));
                }
                assertFalse(fitter.mouthPlausible(lifted, x), "mouth halfway to the nose, " + what);
                float[] shortChin = obs.clone();
                shortChin[2 * 8] = (obs[2 * 8] + obs[2 * 33]) / 2;
                shortChin[2 * 8 + 1] = (obs[2 * 8 + 1] + obs[2 * 33 + 1]) / 2;
                assertFalse(fitter.mouthPlausible(shortChin, x), "chin halfway to the nose, " + what);
            }
        }
    }

    /**
     * A head turned 28 degrees whose far-side jaw-line points lie on the cheek's outline (20-40 %
     * of the eye distance outside the embedded points, as dlib puts them on OpenHead renders) reads
     * its true yaw, and the frame is usable: those points are left out at that yaw, and so is their
     * residual. The near side and the chin stay in.
     */
    @Test void theFarSidesJawLineDoesNotPullTheYaw() throws Exception {
        FaceModel model = LandmarkRigTest.openHead();
        RigFitter fitter = new RigFitter(model, new PinholeCamera(1280, 720, PinholeCamera.DEFAULT_FOV_Y));
        for (double yaw : new double[] {28, -28}) {
            double[] truth = new double[RigFitter.POSE_PARAMS + RigFitter.FITTED_CHANNELS.size()];
            truth[0] = Math.toRadians(6);
            truth[1] = Math.toRadians(yaw);
            truth[5] = -0.55;
            float[] obs = observed(fitter, truth);
            double iod = RigFitter.interOcular(obs);
            double noseX = obs[2 * 30];
            int far = 0;
            for (int k = 0; k <= 16; k++) {
                double side = Math.signum(obs[2 * k] - noseX);
                boolean farSide = k < 6 && yaw < 0 || k > 10 && yaw > 0;
                if (farSide) {
                    obs[2 * k] += (float) (side * (0.2 + 0.2 * Math.min(k, 16 - k) / 5.0) * iod);
                    far++;
                }
            }
            assertEquals(6, far, "the far side's jaw line");
            RigFitter.FrameFit fit = fitter.fitFrame(obs, null, 30);
            assertEquals(yaw, Math.toDegrees(fit.params()[1]), 1.0, "yaw");
            assertTrue(fit.rmsPercentIod() < 1, "residual " + fit.rmsPercentIod());
            for (int k = 0; k <= 16; k++) {
                boolean farSide = k < 6 && yaw < 0 || k > 10 && yaw > 0;
                assertEquals(farSide, fitter.landmarkWeight(k) == 0, "weight of " + k + " at yaw " + yaw);
            }
        }
    }

    /** The model's landmarks at frame parameters {@code x}, where dlib is expected to put them on this head. */
    static float[] observed(RigFitter fitter, double[] x) {
        double[] clean = new double[136];
        fitter.project(x, fitter.identity(), clean);
        float[] obs = new float[136];
        for (int i = 0; i < 136; i++) {
            obs[i] = (float) clean[i];
        }
        double[] offset = new double[136];
        LandmarkOffsets.forModel(fitter.model()).pixelOffsets(x[1], obs, offset);
        for (int i = 0; i < 136; i++) {
            obs[i] += (float) offset[i];
        }
        return obs;
    }

    static int index(String name) {
        return RigFitter.POSE_PARAMS + RigFitter.FITTED_CHANNELS.indexOf(name);
    }

    static void set(double[] x, String name, double v) { x[index(name)] = v; }
    static double get(double[] x, String name) { return x[index(name)]; }
}
