package io.adamesh.track;

import io.adamesh.face.FaceModel;
import io.adamesh.face.FaceParams;
import io.adamesh.face.RigEvaluator;
import io.adamesh.face.render.MeshRasterizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Renders the face model with known parameters into a video: the closed-loop test's input and the
 * benchmark's 720p clip. Camera: {@link MeshRasterizer} on the +z axis at
 * ({@value #CAMERA_Y} m up, {@value #DISTANCE} m away), so the tracker's camera-space translation is the
 * world translation minus that position.
 */
public final class SyntheticFaceVideo {
    public static final double CAMERA_Y = -0.02;
    public static final double DISTANCE = 0.55;

    /** Sets frame {@code i}'s parameters (identity stays as given). */
    public interface Schedule {
        void apply(int frame, double seconds, FaceParams p);
    }

    private SyntheticFaceVideo() {}

    /** A talking-head schedule: jaw, smile, pucker, blinks and head motion (what the closed loop recovers). */
    public static Schedule talkingHead(FaceModel model) {
        int smileL = model.expressionIndex("mouthSmileLeft"), smileR = model.expressionIndex("mouthSmileRight");
        int pucker = model.expressionIndex("mouthPucker");
        int blinkL = model.expressionIndex("eyeBlinkLeft"), blinkR = model.expressionIndex("eyeBlinkRight");
        return (i, t, p) -> {
            p.resetExpressionAndPose();
            double jaw = Math.toRadians(9) * (1 - Math.cos(2 * Math.PI * t / 1.3));        // 0..18 deg
            p.setJointRotation(FaceModel.JAW, (float) jaw, 0, 0);
            double yaw = Math.toRadians(18) * Math.sin(2 * Math.PI * t / 4.0);
            double pitch = Math.toRadians(8) * Math.sin(2 * Math.PI * t / 3.1);
            p.setJointRotation(FaceModel.NECK, (float) pitch, (float) yaw, 0);
            double smile = Math.max(0, Math.sin(2 * Math.PI * t / 2.2));
            p.setExpression(smileL, (float) (0.8 * smile));
            p.setExpression(smileR, (float) (0.8 * smile));
            p.setExpression(pucker, (float) (0.8 * Math.max(0, -Math.sin(2 * Math.PI * t / 2.2))));
            double phase = t % 1.7;
            float blink = phase > 1.2 && phase < 1.4 ? 1f : 0f;
            p.setExpression(blinkL, blink);
            p.setExpression(blinkR, blink);
        };
    }

    /** Renders {@code frames} frames at {@code fps} into {@code out} (H.264 in an mp4/mkv/avi by extension). */
    public static void render(FaceModel model, Schedule schedule, int width, int height, double fps, int frames,
                              double fovY, Path out, FaceParams[] truthOut) throws IOException {
        render(model, schedule, width, height, fps, frames, fovY, out, truthOut, null);
    }

    /**
     * As above, with a sound track: {@code audio16k} (16 kHz mono, -1..1; null for none) is muxed in as AAC,
     * sample {@code n} at {@code n / 16000} s, so frame {@code i} and the sound at {@code i / fps} line up.
     */
    public static void render(FaceModel model, Schedule schedule, int width, int height, double fps, int frames,
                              double fovY, Path out, FaceParams[] truthOut, float[] audio16k) throws IOException {
        RigEvaluator rig = new RigEvaluator(model);
        MeshRasterizer raster = new MeshRasterizer(width, height).lookAtHead(0, CAMERA_Y, 0, DISTANCE, fovY)
                .background(0x3a3f47);
        float[] verts = new float[model.vertexCount() * 3];
        float[] normals = new float[verts.length];
        FaceParams p = model.newParams();
        int rate = 16_000;
        int audioDone = 0;
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(out.toFile(), width, height, audio16k == null ? 0 : 1);
             Java2DFrameConverter conv = new Java2DFrameConverter()) {
            rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            rec.setFrameRate(fps);
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setVideoQuality(18);
            rec.setVideoOption("preset", "veryfast");
            if (audio16k != null) {
                rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                rec.setSampleRate(rate);
                rec.setAudioChannels(1);
                rec.setAudioBitrate(96_000);
            }
            rec.start();
            for (int i = 0; i < frames; i++) {
                schedule.apply(i, i / fps, p);
                rig.evaluate(p, verts);
                rig.computeNormals(verts, normals);
                BufferedImage img = raster.render(verts, model, normals);
                BufferedImage bgr = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                bgr.getGraphics().drawImage(img, 0, 0, null);
                rec.record(conv.convert(bgr));
                if (audio16k != null) {
                    int until = (int) Math.min(audio16k.length, Math.round((i + 1) * rate / fps));
                    if (i == frames - 1) {
                        until = audio16k.length;
                    }
                    if (until > audioDone) {
                        short[] pcm = new short[until - audioDone];
                        for (int k = 0; k < pcm.length; k++) {
                            float v = Math.max(-1f, Math.min(1f, audio16k[audioDone + k]));
                            pcm[k] = (short) Math.round(v * 32767);
                        }
                        rec.recordSamples(rate, 1, java.nio.ShortBuffer.wrap(pcm));
                        audioDone = until;
                    }
                }
                if (truthOut != null && i < truthOut.length) {
                    truthOut[i] = model.newParams();
                    truthOut[i].copyFrom(p);
                }
            }
            rec.stop();
        } catch (org.bytedeco.javacv.FrameRecorder.Exception e) {
            throw new IOException(out + ": cannot write the video (" + e.getMessage() + ")", e);
        }
    }
}
