package io.adamesh.cli.bench;

import io.adamesh.animate.AnimationEngine;
import io.adamesh.animate.AnimationSettings;
import io.adamesh.animate.LiveAnimator;
import io.adamesh.animate.LiveFrame;
import io.adamesh.animate.OfflineAnimator;
import io.adamesh.audio.RingBuffer;
import io.adamesh.face.FaceModel;
import io.adamesh.face.RigEvaluator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The animation engine: offline generation speed (x real time), live per-hop compute (expression and
 * streamed head pose; hops that ran a PoseGPT step, one in four, are also reported apart) and end-to-end
 * latency (capture of the frame's sample -> frame ready, sound-card buffer excluded), rig + normals per
 * live frame, and heap after 10 minutes of simulated live input (fed faster than real time, the
 * animator stepping on every 8th hop as when it is behind).
 */
public final class AnimateBench implements BenchSection {
    @Override
    public String name() { return "animate"; }

    /** Speech-like test signal: voiced bursts (harmonics of a gliding f0) with pauses, 16 kHz. */
    public static float[] speechLike(double seconds) {
        float[] a = new float[(int) (seconds * 16_000)];
        double phase = 0;
        for (int i = 0; i < a.length; i++) {
            double t = i / 16_000.0;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2.3 * t)) * (((int) (t / 1.7)) % 3 == 2 ? 0 : 1);
            double f0 = 120 + 30 * Math.sin(2 * Math.PI * 0.4 * t);
            phase += 2 * Math.PI * f0 / 16_000;
            double s = 0;
            for (int h = 1; h <= 12; h++) s += Math.sin(h * phase) / h * (1 + Math.sin(2 * Math.PI * 3.1 * t + h));
            a[i] = (float) (0.15 * env * s);
        }
        return a;
    }

    @Override
    public Map<String, Object> run(BenchContext context) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        FaceModel face = FaceModel.load(context.root().resolve("assets/openhead.npz"));
        try (AnimationEngine engine = AnimationEngine.open(context.root().resolve("models/default"), face, true)) {
            out.put("provider", engine.provider());
            out.put("provider_why", engine.providerWhy());
            out.put("face_matches_bundle", engine.faceWarning().isEmpty());
            String speaker = engine.speakers().defaultId();
            // offline
            double seconds = context.quick() ? 10 : 30;
            float[] audio = speechLike(seconds);
            OfflineAnimator offline = new OfflineAnimator(engine);
            // The first full pass includes JIT compilation and first-inference set-up: report it as the
            // cold figure, then time a second pass as the steady (warm) figure.
            long c0 = System.nanoTime();
            offline.animate(audio, new OfflineAnimator.Request(speaker), OfflineAnimator.Progress.NONE, () -> false);
            double cold = (System.nanoTime() - c0) / 1e9;
            out.put("offline_cold_x_realtime", round(seconds / cold));
            context.progress().accept("animate: offline " + seconds + " s");
            Map<String, Long> stageStart = new LinkedHashMap<>();
            long t0 = System.nanoTime();
            offline.animate(audio, new OfflineAnimator.Request(speaker), (f, stage) -> stageStart.putIfAbsent(stage, System.nanoTime()),
                    () -> false);
            double s = (System.nanoTime() - t0) / 1e9;
            Long prev = null;
            String prevName = null;
            Map<String, Object> stages = new LinkedHashMap<>();
            for (var e : stageStart.entrySet()) {
                if (prev != null) stages.put(prevName, round((e.getValue() - prev) / 1e6));
                prev = e.getValue();
                prevName = e.getKey();
            }
            out.put("offline_stage_ms", stages);
            out.put("offline_audio_s", seconds);
            out.put("offline_s", round(s));
            out.put("offline_x_realtime", round(seconds / s));
            // live, every hop, real clock
            context.progress().accept("animate: live hops");
            RingBuffer ring = new RingBuffer(16_000 * 4);
            long[] blockNanos = {0};
            int hops = context.quick() ? 450 : 1800;
            double[] hopMs = new double[hops];
            double[] rigMs = new double[hops];
            boolean[] poseHop = new boolean[hops];
            double[] cpuMs = new double[hops];
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            boolean cpuTime = cpu.isCurrentThreadCpuTimeSupported();
            RigEvaluator rig = new RigEvaluator(face);
            float[] verts = new float[face.vertexCount() * 3];
            float[] normals = new float[verts.length];
            LiveAnimator.Stats live;
            try (LiveAnimator animator = new LiveAnimator(engine, ring, () -> blockNanos[0], System::nanoTime,
                    new AnimationSettings(), speaker, 1L)) {
                long pos = 0;
                for (int h = -60; h < hops; h++) {
                    int n = (int) (((long) (h + 61) * 16_000 / 30) - pos);
                    ring.write(audio, (int) (pos % (audio.length - 1000)), n);
                    pos += n;
                    blockNanos[0] = System.nanoTime();
                    long codesBefore = animator.stats().poseCodes();
                    long ca = cpuTime ? cpu.getCurrentThreadCpuTime() : 0;
                    long a = System.nanoTime();
                    animator.step();
                    long b = System.nanoTime();
                    long cb = cpuTime ? cpu.getCurrentThreadCpuTime() : 0;
                    boolean ranPose = animator.stats().poseCodes() > codesBefore;
                    LiveFrame f = animator.frames().acquire();
                    rig.evaluate(f.params, verts);
                    rig.computeNormals(verts, normals);
                    long c = System.nanoTime();
                    if (h >= 0) {
                        hopMs[h] = (b - a) / 1e6;
                        rigMs[h] = (c - b) / 1e6;
                        poseHop[h] = ranPose;
                        cpuMs[h] = (cb - ca) / 1e6;
                    }
                }
                live = animator.stats();
            }
            double[] withPose = java.util.stream.IntStream.range(0, hops).filter(i -> poseHop[i]).mapToDouble(i -> hopMs[i]).sorted().toArray();
            double[] cpuWithPose = java.util.stream.IntStream.range(0, hops).filter(i -> poseHop[i]).mapToDouble(i -> cpuMs[i]).sorted().toArray();
            double[] cpuAll = cpuMs.clone();
            Arrays.sort(cpuAll);
            double[] without = java.util.stream.IntStream.range(0, hops).filter(i -> !poseHop[i]).mapToDouble(i -> hopMs[i]).sorted().toArray();
            Arrays.sort(hopMs);
            Arrays.sort(rigMs);
            out.put("live_hops", hops);
            out.put("live_hop_compute_ms_p50", round(hopMs[hops / 2]));
            out.put("live_hop_compute_ms_p99", round(hopMs[(int) (hops * 0.99)]));
            out.put("live_hops_running_pose_gpt", withPose.length);
            if (withPose.length > 0) {
                out.put("live_hop_with_pose_gpt_ms_p50", round(withPose[withPose.length / 2]));
                out.put("live_hop_with_pose_gpt_ms_p99", round(withPose[(int) (withPose.length * 0.99)]));
            }
            if (without.length > 0) {
                out.put("live_hop_without_pose_gpt_ms_p50", round(without[without.length / 2]));
            }
            out.put("live_pose_restarts", live.poseRestarts());
            if (cpuTime) {
                // CPU time of the inference thread: the work itself, without time lost to other processes
                out.put("live_hop_cpu_ms_p50", round(cpuAll[hops / 2]));
                out.put("live_hop_cpu_ms_p99", round(cpuAll[(int) (hops * 0.99)]));
                if (cpuWithPose.length > 0) {
                    out.put("live_hop_with_pose_gpt_cpu_ms_p50", round(cpuWithPose[cpuWithPose.length / 2]));
                    out.put("live_hop_with_pose_gpt_cpu_ms_p99", round(cpuWithPose[(int) (cpuWithPose.length * 0.99)]));
                }
            }
            out.put("live_end_to_end_latency_ms_p50", round(live.latencyMsP50()));
            out.put("live_end_to_end_latency_ms_p99", round(live.latencyMsP99()));
            out.put("live_latency_note", "newest sample captured -> frame ready, incl. the window's look-ahead; "
                    + "excludes the sound card buffer and the viewport's next pulse (<= 1 display frame)");
            out.put("rig_normals_ms_p50", round(rigMs[hops / 2]));
            out.put("rig_normals_ms_p99", round(rigMs[(int) (hops * 0.99)]));
            // memory over 10 simulated minutes
            context.progress().accept("animate: 10 simulated minutes");
            long minutes = context.quick() ? 2 : 10;
            RingBuffer ring2 = new RingBuffer(16_000 * 4);
            long[] sim = {0};
            long heapStart;
            long heapEnd;
            LiveAnimator.Stats soak;
            try (LiveAnimator animator = new LiveAnimator(engine, ring2, () -> sim[0] * 62_500L, () -> sim[0] * 62_500L,
                    new AnimationSettings(), speaker, 2L)) {
                long pos = 0;
                long total = minutes * 60 * 30;
                heapStart = 0;
                for (long h = 0; h < total; h++) {
                    int n = (int) ((h + 1) * 16_000 / 30 - pos);
                    ring2.write(audio, (int) (pos % (audio.length - 1000)), n);
                    pos += n;
                    sim[0] = pos;
                    if (h % 8 == 0) animator.step();
                    if (h == 30 * 60) heapStart = usedAfterGc();
                }
                heapEnd = usedAfterGc();
                soak = animator.stats();
            }
            out.put("soak_simulated_minutes", minutes);
            out.put("soak_heap_mb_after_1_min", round(heapStart / 1e6));
            out.put("soak_heap_mb_at_end", round(heapEnd / 1e6));
            out.put("soak_latency_ms_p50_algorithmic", round(soak.latencyMsP50()));
            out.put("soak_steps", soak.steps());
        }
        return out;
    }

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
