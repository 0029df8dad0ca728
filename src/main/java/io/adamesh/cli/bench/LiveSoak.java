package io.adamesh.cli.bench;

import io.adamesh.animate.AnimateException;
import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.AnimationSettings;
import io.adamesh.animate.LiveAnimator;
import io.adamesh.animate.LiveFrame;
import io.adamesh.audio.CaptureStatus;
import io.adamesh.audio.MicrophoneCapture;
import io.adamesh.audio.RingBuffer;
import io.adamesh.audio.SimulatedMicrophone;
import io.adamesh.face.RigEvaluator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The whole live path on a simulated microphone, for as long as asked: {@link SimulatedMicrophone}
 * (paced by the wall clock) -> {@link MicrophoneCapture} (TarsosDSP dispatcher, resampler, ring) ->
 * {@link LiveAnimator} on its own inference thread (expression and streamed head pose) -> a render
 * loop on the calling thread that takes the newest frame 60 times a second and evaluates the rig and
 * normals, as the viewport's animation timer does. Every {@code sampleSeconds} it records heap after
 * GC, end-to-end latency and compute percentiles (over the animator's last 1024 frames), frames
 * published, dropped and shown, and how many seconds of audio the microphone delivered against the
 * wall clock (1.0 = real time).
 */
public final class LiveSoak {
    private final AnimationEngine engine;
    private final float[] loop;
    private final String speaker;
    private final double speed;

    public LiveSoak(AnimationEngine engine, float[] loop, String speaker, double speed) {
        this.engine = engine;
        this.loop = loop;
        this.speaker = speaker;
        this.speed = speed;
    }

    /** Runs for {@code seconds}, one sample every {@code sampleSeconds}; returns the figures. */
    public Map<String, Object> run(double seconds, double sampleSeconds, Consumer<String> progress)
            throws AnimateException, InterruptedException {
        RingBuffer ring = new RingBuffer(16_000 * 4);
        SimulatedMicrophone mic = new SimulatedMicrophone(loop, speed, System::nanoTime);
        List<Map<String, Object>> samples = new ArrayList<>();
        Map<String, Object> out = new LinkedHashMap<>();
        RigEvaluator rig = new RigEvaluator(engine.face());
        float[] verts = new float[engine.face().vertexCount() * 3];
        float[] normals = new float[verts.length];
        long[] rigNanos = new long[4096];
        int rigCount = 0;
        try (MicrophoneCapture capture = new MicrophoneCapture(ring, s -> { });
             LiveAnimator live = new LiveAnimator(engine, ring, capture::lastBlockNanos, System::nanoTime,
                     new AnimationSettings(), speaker, 11L)) {
            long micStart = System.nanoTime();           // the microphone's clock starts inside capture.start
            CaptureStatus status = capture.start(mic);
            if (status.state() != CaptureStatus.State.RUNNING) {
                throw new AnimateException("simulated microphone did not start: " + status.message());
            }
            live.start(r -> {
                Thread t = new Thread(r, "adamesh-soak-inference");
                t.setDaemon(true);
                return t;
            });
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            long nextSample = start + (long) (sampleSeconds * 1e9);
            long nextPulse = start;
            long pulse = 1_000_000_000L / 60;
            long lastShown = -1;
            long shown = 0;
            long shownAtSample = 0;
            long prevPublished = 0;
            long prevDropped = 0;
            long prevSampleNanos = start;
            while (true) {
                long now = System.nanoTime();
                if (now >= nextPulse) {
                    LiveFrame f = live.frames().acquire();
                    if (f.frame != lastShown && f.frame >= 0) {
                        long a = System.nanoTime();
                        rig.evaluate(f.params, verts);
                        rig.computeNormals(verts, normals);
                        rigNanos[rigCount++ % rigNanos.length] = System.nanoTime() - a;
                        lastShown = f.frame;
                        shown++;
                    }
                    nextPulse += pulse;
                    if (nextPulse < now) nextPulse = now + pulse;      // a missed pulse is skipped, as a display does
                }
                if (!live.isRunning()) {
                    Exception why = live.failure();
                    throw new AnimateException("the inference thread stopped: " + (why == null ? "?" : why.getMessage()), why);
                }
                if (now >= nextSample || now >= end) {
                    double wall = (now - start) / 1e9;
                    double interval = (now - prevSampleNanos) / 1e9;
                    LiveAnimator.Stats s = live.stats();
                    long heap = usedAfterGc();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("wall_s", round(wall));
                    row.put("audio_s", round(ring.written() / 16_000.0));
                    // audio the microphone delivered per second of wall clock since it opened (1 = real time)
                    row.put("audio_per_wall", round3(ring.written() / 16_000.0 / ((now - micStart) / 1e9) / speed));
                    row.put("heap_mb", round(heap / 1e6));
                    row.put("latency_ms_p50", round(s.latencyMsP50()));
                    row.put("latency_ms_p99", round(s.latencyMsP99()));
                    row.put("compute_ms_p50", round(s.computeMsP50()));
                    row.put("compute_ms_p99", round(s.computeMsP99()));
                    row.put("published_per_s", round((s.published() - prevPublished) / interval));
                    row.put("dropped", s.dropped() - prevDropped);
                    row.put("shown_per_s", round((shown - shownAtSample) / interval));
                    row.put("pose_codes", s.poseCodes());
                    row.put("pose_restarts", s.poseRestarts());
                    samples.add(row);
                    progress.accept("soak " + row);
                    prevPublished = s.published();
                    prevDropped = s.dropped();
                    shownAtSample = shown;
                    prevSampleNanos = System.nanoTime();
                    nextSample += (long) (sampleSeconds * 1e9);
                    if (now >= end) break;
                }
                long wake = Math.min(nextPulse, Math.min(nextSample, end));
                long wait = wake - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
            }
            live.stop();
            capture.stop();
            LiveAnimator.Stats s = live.stats();
            long[] r = Arrays.copyOf(rigNanos, Math.min(rigCount, rigNanos.length));
            Arrays.sort(r);
            out.put("minutes", round(seconds / 60));
            out.put("speed", speed);
            out.put("speaker", speaker);
            out.put("provider", engine.provider());
            out.put("published", s.published());
            out.put("dropped", s.dropped());
            out.put("pose_codes", s.poseCodes());
            out.put("pose_restarts", s.poseRestarts());
            out.put("rig_normals_ms_p50", r.length == 0 ? Double.NaN : round(r[r.length / 2] / 1e6));
            out.put("rig_normals_ms_p99", r.length == 0 ? Double.NaN : round(r[(int) (r.length * 0.99)] / 1e6));
            if (!samples.isEmpty()) {
                Map<String, Object> first = samples.get(0);
                Map<String, Object> last = samples.get(samples.size() - 1);
                out.put("start", first);
                out.put("end", last);
                out.put("heap_mb_growth", round((double) last.get("heap_mb") - (double) first.get("heap_mb")));
                out.put("latency_ms_p50_drift", round((double) last.get("latency_ms_p50") - (double) first.get("latency_ms_p50")));
                out.put("audio_per_wall_overall", last.get("audio_per_wall"));
            }
            out.put("samples", samples);
        }
        return out;
    }

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
