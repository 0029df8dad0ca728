package io.adamesh.ui;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Unattended runs for {@code adamesh bench} and for looking at the head, chosen by system properties:
 * <ul>
 * <li>{@code adamesh.startupProbe=true}: after the first pulse drawn with the head in the scene, prints
 *     {@code STARTUP_MS=<ms since JVM start>} and exits 0 (exit 2 with {@code STARTUP_ERROR=} when no head).</li>
 * <li>{@code adamesh.fpsProbe=<seconds>}: animates every vertex each frame (jaw, smile, blink, gaze,
 *     head yaw, a tiny translation) and prints {@code VIEWPORT_FPS=} and {@code FRAME_MS_P50=} (rig+upload).</li>
 * <li>{@code adamesh.screenshot=<png>} (+ {@code adamesh.screenshot.params=<json name->value>}): sets
 *     the controls, waits a few pulses, writes a PNG of the whole window and exits. With
 *     {@code adamesh.screenshot.demo=<audio file>} it first opens a sample project (generated animation,
 *     edit layers, markers) whose voice clip is that file, waits for its waveform and puts the playhead at
 *     {@code adamesh.screenshot.time} (default 1.3 s); with {@code adamesh.screenshot.dialog=export} it
 *     shoots the Export clip dialog instead of the window; {@code adapt}, {@code sidebyside} and
 *     {@code speakers} shoot learning a speaker from a reference video ({@link AdaptProbe}).</li>
 * <li>{@code adamesh.liveFpsProbe=<seconds>} + {@code adamesh.liveFpsProbe.input=<audio file>}: the live
 *     input is a simulated microphone looping that file in real time; once the models are loaded it
 *     starts live mode (capture -> streaming animation -> viewport, the real path), waits for the first
 *     live frame and two seconds more, then measures for that many seconds and prints
 *     {@code LIVE_VIEWPORT_FPS=} (pulses drawn per second), {@code LIVE_FRAMES_SHOWN_PER_S=} (new live
 *     frames put on screen per second), {@code LIVE_FRAMES_NOT_SHOWN=} (live frame numbers the viewport
 *     skipped), {@code LIVE_ANIMATOR_DROPPED=}, {@code LIVE_LATENCY_MS_P50=}/{@code _P99=},
 *     {@code LIVE_COMPUTE_MS_P50=}, {@code LIVE_RIG_UPLOAD_MS_P50=} and last {@code LIVE_DONE=1}; with
 *     {@code adamesh.liveFpsProbe.screenshot=<png>} it also writes a PNG of the window at the end.</li>
 * </ul>
 */
final class StudioProbes {
    private StudioProbes() {}

    static boolean anyRequested() {
        return Boolean.getBoolean("adamesh.startupProbe") || System.getProperty("adamesh.fpsProbe") != null
                || System.getProperty("adamesh.screenshot") != null || System.getProperty("adamesh.liveFpsProbe") != null;
    }

    /** The hook for the requested probe, or {@code null}. */
    static StudioWindow.PulseHook fromSystemProperties(Scene scene) throws IOException {
        if (Boolean.getBoolean("adamesh.startupProbe")) return new Startup();
        String fps = System.getProperty("adamesh.fpsProbe");
        if (fps != null) return new Fps(Double.parseDouble(fps));
        String live = System.getProperty("adamesh.liveFpsProbe");
        if (live != null) return new LiveFps(Double.parseDouble(live), scene);
        String shot = System.getProperty("adamesh.screenshot");
        if (shot != null) {
            String params = System.getProperty("adamesh.screenshot.params", "");
            Map<String, Double> values = params.isBlank() ? Map.of()
                    : new ObjectMapper().readValue(params, new TypeReference<Map<String, Double>>() {});
            return new Screenshot(Path.of(shot), values, scene);
        }
        return null;
    }

    /**
     * The window's services; under the live probe the live input is a simulated microphone that loops
     * {@code adamesh.liveFpsProbe.input} in real time.
     */
    static StudioWindow.Services services(Path recovery) {
        StudioWindow.Services defaults = StudioWindow.Services.defaults(recovery);
        if (System.getProperty("adamesh.liveFpsProbe") == null) return defaults;
        String input = System.getProperty("adamesh.liveFpsProbe.input");
        float[] loop;
        try {
            if (input == null) throw new IOException("adamesh.liveFpsProbe.input is not set");
            loop = new io.adamesh.audio.AudioFileDecoder().decodeAll(Path.of(input)).samples();
        } catch (IOException | io.adamesh.audio.AudioDecodeException e) {
            System.out.println("LIVE_ERROR=" + e.getMessage());
            exit(2);
            return defaults;
        }
        defaults.liveInput().close();
        return new StudioWindow.Services(defaults.tasks(), defaults.recoveryDir(), defaults.outputLines(),
                new io.adamesh.ui.audio.LiveInputViewModel(() -> List.of("simulated microphone"),
                        name -> new io.adamesh.audio.SimulatedMicrophone(loop)));
    }

    /** Live mode on a simulated microphone: viewport rate and live frames shown (see the class comment). */
    static final class LiveFps implements StudioWindow.PulseHook {
        private final double seconds;
        private final FrameStats work = new FrameStats(16384);
        private boolean started;
        private long firstFrameNanos = -1;
        private long startNanos = -1;
        private long pulses;
        private long shown;
        private long notShown;
        private long lastFrame = -1;
        private long droppedAtStart;
        private long giveUpNanos = -1;
        private final Scene scene;

        LiveFps(double seconds, Scene scene) {
            this.seconds = seconds;
            this.scene = scene;
        }

        @Override
        public void beforeFrame(long now, StudioWindow w) {
            if (giveUpNanos < 0) giveUpNanos = now + 120_000_000_000L;
            if (now > giveUpNanos) {
                System.out.println("LIVE_ERROR=no live frames within 120 s: " + w.animation().providerProperty().get()
                        + " / " + w.liveInput().statusProperty().get());
                exit(2);
            }
            if (!started) {
                if (!w.animation().ready()) return;
                w.liveInput().start();
                started = true;
            }
        }

        @Override
        public void afterFrame(long now, StudioWindow w) {
            var frames = w.animation().liveFrames();
            if (frames == null) return;
            long f = frames.acquire().frame;
            if (f < 0) return;
            if (firstFrameNanos < 0) firstFrameNanos = now;
            if (startNanos < 0) {
                if (now - firstFrameNanos < 2_000_000_000L) {
                    lastFrame = f;
                    return;
                }
                startNanos = now;
                droppedAtStart = w.animation().liveStats().dropped();
                lastFrame = f;
                return;
            }
            pulses++;
            if (f != lastFrame) {
                shown++;
                if (f > lastFrame + 1) notShown += f - lastFrame - 1;
                lastFrame = f;
                work.recordWork(w.lastHeadUpdateNanos());
            }
            if (now - startNanos >= seconds * 1e9) {
                double s = (now - startNanos) / 1e9;
                var st = w.animation().liveStats();
                System.out.println(String.format(Locale.ROOT, "LIVE_VIEWPORT_FPS=%.1f", pulses / s));
                System.out.println(String.format(Locale.ROOT, "LIVE_FRAMES_SHOWN_PER_S=%.1f", shown / s));
                System.out.println("LIVE_FRAMES_NOT_SHOWN=" + notShown);
                System.out.println("LIVE_ANIMATOR_DROPPED=" + (st.dropped() - droppedAtStart));
                System.out.println(String.format(Locale.ROOT, "LIVE_LATENCY_MS_P50=%.1f", st.latencyMsP50()));
                System.out.println(String.format(Locale.ROOT, "LIVE_LATENCY_MS_P99=%.1f", st.latencyMsP99()));
                System.out.println(String.format(Locale.ROOT, "LIVE_COMPUTE_MS_P50=%.2f", st.computeMsP50()));
                System.out.println(String.format(Locale.ROOT, "LIVE_RIG_UPLOAD_MS_P50=%.3f", work.workMsP50()));
                System.out.println(String.format(Locale.ROOT, "LIVE_SECONDS=%.1f", s));
                String shot = System.getProperty("adamesh.liveFpsProbe.screenshot");
                if (shot != null) {
                    try {
                        Path abs = Path.of(shot).toAbsolutePath();
                        ImageIO.write(SwingFXUtils.fromFXImage(scene.snapshot(null), null), "png", abs.toFile());
                        System.out.println("LIVE_SCREENSHOT=" + abs);
                    } catch (IOException | RuntimeException e) {
                        System.out.println("LIVE_SCREENSHOT_ERROR=" + e);
                    }
                }
                System.out.println("LIVE_DONE=1");
                exit(0);
            }
        }
    }

    static void exit(int code) {
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /** The first handle() after a pulse that drew the head means that frame is on screen. */
    static final class Startup implements StudioWindow.PulseHook {
        private int pulsesWithHead;

        @Override
        public void afterFrame(long now, StudioWindow w) {
            if (!w.viewport().hasHead()) {
                System.out.println("STARTUP_ERROR=" + w.head().problem());
                exit(2);
            }
            if (++pulsesWithHead == 2) {
                long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                System.out.println("STARTUP_MS=" + ms);
                exit(0);
            }
        }
    }

    static final class Fps implements StudioWindow.PulseHook {
        private static final int WARMUP = 10;
        private final double seconds;
        private final FrameStats work = new FrameStats(16384);
        private int smileL = -1, smileR = -1, blinkL = -1, blinkR = -1;
        private long startNanos;
        private long frames;
        private int warm;

        Fps(double seconds) { this.seconds = seconds; }

        @Override
        public void beforeFrame(long now, StudioWindow w) {
            FaceControlsViewModel vm = w.viewModel();
            if (vm.params() == null) {
                System.out.println("FPS_ERROR=" + w.head().problem());
                exit(2);
            }
            if (warm == 0) {
                smileL = vm.model().expressionIndex("mouthSmileLeft");
                smileR = vm.model().expressionIndex("mouthSmileRight");
                blinkL = vm.model().expressionIndex("eyeBlinkLeft");
                blinkR = vm.model().expressionIndex("eyeBlinkRight");
            }
            if (warm < WARMUP) {
                warm++;
                startNanos = now;
            }
            double t = (now - startNanos) / 1e9;
            double jaw = 12 + 12 * Math.sin(t * 2 * Math.PI * 1.3);
            float smile = (float) (0.5 + 0.5 * Math.sin(t * 2 * Math.PI * 0.7));
            float blink = (float) Math.max(0, Math.sin(t * 2 * Math.PI * 0.9) * 3 - 2);
            var p = vm.params();
            if (smileL >= 0) p.setExpression(smileL, smile);
            if (smileR >= 0) p.setExpression(smileR, smile);
            if (blinkL >= 0) p.setExpression(blinkL, blink);
            if (blinkR >= 0) p.setExpression(blinkR, blink);
            p.translation()[0] = (float) (0.0005 * Math.sin(t * 5));
            vm.animatePose(jaw, 10 * Math.sin(t * 1.7), 25 * Math.sin(t * 0.8));
            if (warm >= WARMUP) {
                long t0 = System.nanoTime();
                w.updateHead();
                work.recordWork(System.nanoTime() - t0);
                frames++;
                if (now - startNanos >= seconds * 1e9 && frames > 1) {
                    double fps = (frames - 1) * 1e9 / (now - startNanos);
                    System.out.println(String.format(Locale.ROOT, "VIEWPORT_FPS=%.1f", fps));
                    System.out.println(String.format(Locale.ROOT, "FRAME_MS_P50=%.3f", work.workMsP50()));
                    exit(0);
                }
                vm.consumeDirty(); // already uploaded this frame
            }
        }
    }

    static final class Screenshot implements StudioWindow.PulseHook {
        private final Path out;
        private final Map<String, Double> values;
        private final Scene scene;
        private int pulses;

        Screenshot(Path out, Map<String, Double> values, Scene scene) {
            this.out = out;
            this.values = values;
            this.scene = scene;
        }

        private javafx.scene.control.Dialog<?> dialog;
        private int readyAt = -1;

        @Override
        public void beforeFrame(long now, StudioWindow w) {
            if (pulses == 0 && !values.isEmpty()) {
                w.previewToggle().setSelected(false);
                List<String> unknown = w.viewModel().apply(values);
                if (!unknown.isEmpty()) System.err.println("screenshot: unknown controls " + unknown);
            }
            if (pulses == 0 && System.getProperty("adamesh.screenshot.demo") != null) openDemo(w);
        }

        private static void openDemo(StudioWindow w) {
            Path wav = Path.of(System.getProperty("adamesh.screenshot.demo")).toAbsolutePath();
            double seconds;
            try {
                seconds = new io.adamesh.audio.AudioFileDecoder().decodeAll(wav).samples().length / 16_000.0;
            } catch (io.adamesh.audio.AudioDecodeException e) {
                System.out.println("SCREENSHOT_ERROR=" + e.getMessage());
                exit(3);
                return;
            }
            io.adamesh.timeline.Project p = io.adamesh.timeline.SampleProjects.speech(Math.max(4, seconds), 30);
            p.setName("Demo take");
            p.voice().setAll(List.of(io.adamesh.timeline.MediaClip.whole("voice1", wav.toString(), seconds, 0)));
            w.document().install(io.adamesh.timeline.io.ProjectSession.create(p, Path.of(System.getProperty("java.io.tmpdir"),
                    "adamesh-demo.adamesh.autosave")));
            w.document().timeline().seek(Double.parseDouble(System.getProperty("adamesh.screenshot.time", "1.3")));
        }

        private AdaptProbe adapt;

        private boolean ready(StudioWindow w, long now) {
            if (System.getProperty("adamesh.screenshot.demo") != null && w.document().audio().isEmpty() && pulses < 600) return false;
            String which = System.getProperty("adamesh.screenshot.dialog");
            if (AdaptProbe.handles(which)) {
                if (adapt == null) adapt = new AdaptProbe(which);
                return adapt.ready(w, now);
            }
            if ("export".equals(System.getProperty("adamesh.screenshot.dialog")) && dialog == null) {
                var form = new io.adamesh.ui.export.ExportViewModel(w.document().project(), java.util.Set.of());
                form.outputProperty().set(Path.of(System.getProperty("user.home"), "take.fbx"));
                var d = new io.adamesh.ui.export.ExportDialog(scene.getWindow(), form);
                dialog = d.dialog();
                dialog.show();
                return false;
            }
            return true;
        }

        @Override
        public void afterFrame(long now, StudioWindow w) {
            ++pulses;
            if (pulses < 6) return;
            if (readyAt < 0) {
                if (!ready(w, now)) return;
                readyAt = pulses;
            }
            if (pulses < readyAt + 8) return;
            try {
                java.awt.image.BufferedImage probeImage = adapt == null ? null : adapt.image();
                WritableImage img = probeImage != null ? null
                        : dialog != null ? dialog.getDialogPane().getScene().snapshot(null) : scene.snapshot(null);
                Path abs = out.toAbsolutePath();
                if (abs.getParent() != null) Files.createDirectories(abs.getParent());
                ImageIO.write(probeImage != null ? probeImage : SwingFXUtils.fromFXImage(img, null), "png", abs.toFile());
                System.out.println("SCREENSHOT=" + abs);
                if (adapt != null && adapt.failure() != null) {
                    System.out.println("SCREENSHOT_ERROR=" + adapt.failure());
                    exit(3);
                }
                exit(0);
            } catch (IOException | RuntimeException e) {
                System.out.println("SCREENSHOT_ERROR=" + e);
                exit(3);
            }
        }
    }
}
