"""Pose networks: quantiser, causal/streaming consistency, retrieval, metrics, and the whole pipeline
(features -> VQ -> PoseGPT -> style matrix -> ONNX export -> evaluation) on a --quick corpus.

Run from training/: python3 -m unittest tests.test_pose
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
import torch  # noqa: E402

from adamesh_training.pose import evaluate, gpt as G, style as St, vq as V  # noqa: E402

torch.set_num_threads(1)


class QuantiserTest(unittest.TestCase):
    def test_nearest_is_the_closest_codebook_row(self):
        q = V.EmaQuantizer(16, 4)
        z = torch.randn(3, 5, 4)
        codes = q.nearest(z)
        brute = ((z[..., None, :] - q.codebook) ** 2).sum(-1).argmin(-1)
        self.assertTrue(torch.equal(codes, brute))

    def test_vq_roundtrip_shapes_follow_downsampling(self):
        m = V.PoseVQVAE(down=4, codebook=8, code_dim=4, hidden=8).eval()
        rec, codes, _, z = m(torch.randn(2, 24, 3))
        self.assertEqual(tuple(rec.shape), (2, 24, 3))
        self.assertEqual(tuple(codes.shape), (2, 6))
        self.assertEqual(tuple(m.decode(codes).shape), (2, 24, 3))


class PoseGptTest(unittest.TestCase):
    def test_windowed_step_equals_full_causal_forward(self):
        torch.manual_seed(0)
        g = G.PoseGPT(codebook=8, down=2, n_styles=2, feat_dim=5, d_model=16, layers=2, ff=32, window=6).eval()
        prev = torch.randint(0, 9, (1, 6))
        f = torch.randn(1, 12, 5)
        s = torch.randn(1, 32)
        with torch.no_grad():
            full = g(prev, f, s)
            step = G.StepGraph(g)
            for j in range(6):
                self.assertTrue(torch.allclose(step(prev[:, :j + 1], f[:, :2 * (j + 1)], s), full[:, j], atol=1e-5))

    def test_greedy_sampling_takes_the_argmax_and_top_k_stays_in_the_top(self):
        rng = np.random.default_rng(0)
        logits = np.array([0.1, 3.0, 2.0, -1.0])
        self.assertEqual(G.sample_logits(logits, 0.0, 1, rng), 1)
        picks = {G.sample_logits(logits, 1.0, 2, rng) for _ in range(200)}
        self.assertEqual(picks, {1, 2})


class RetrievalTest(unittest.TestCase):
    def test_reference_of_a_stored_style_is_nearest_and_gets_the_largest_weight(self):
        rng = np.random.default_rng(0)
        mats = rng.normal(size=(5, 4, 3))
        units = rng.integers(0, 4, 60)
        lat = mats[2][units] + 0.01 * rng.normal(size=(60, 3))
        M, n = St.matrix(units, lat, 4)
        d = St.distances(M, n, mats)
        w = St.soft_weights(d, 0.1)
        self.assertEqual(int(d.argmin()), 2)
        self.assertEqual(int(w.argmax()), 2)
        self.assertAlmostEqual(float(w.sum()), 1.0, places=6)

    def test_empty_units_take_the_mean_latent(self):
        M, n = St.matrix(np.array([0, 0, 2]), np.array([[1.0], [3.0], [5.0]]), 3)
        np.testing.assert_allclose(M[:, 0], [2.0, 3.0, 5.0])
        np.testing.assert_allclose(n, [2, 0, 1])


class MetricTest(unittest.TestCase):
    def test_pose_moving_at_every_onset_aligns_perfectly_and_a_still_one_does_not(self):
        T = 120
        feats = np.zeros((T, 83), np.float32)
        for on in (20, 60, 100):
            feats[on:, 80] += 0.3
        pose = np.zeros((T, 3), np.float32)
        for on in (20, 60, 100):
            pose[on:, 0] += 0.05
        self.assertGreater(evaluate.beat_align(feats, pose), 0.9)
        shifted = np.roll(pose, 10, axis=0)
        self.assertLess(evaluate.beat_align(feats, shifted), 0.1)


class PipelineTest(unittest.TestCase):
    def test_quick_pipeline_exports_graphs_tables_manifest_and_an_evaluation(self):
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        with tempfile.TemporaryDirectory() as tmp:
            corpus, work, out = (os.path.join(tmp, x) for x in ("corpus", "work", "models/default"))

            def run(*args):
                r = subprocess.run([sys.executable, "-m", *args], cwd=TRAINING, env=env, capture_output=True,
                                   text=True, timeout=120)
                self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

            run("adamesh_training.corpus", "build", "--out", corpus, "--quick")
            p = ["adamesh_training.pose.cli"]
            h = ["--work", work, "--heldout", "spk33"]
            run(*p, "features", "--corpus", corpus, *h)
            run(*p, "vq", "--steps", "10", *h)
            run(*p, "gpt", "--steps", "10", "--quick", *h)
            run(*p, "style", "--quick", *h)
            run(*p, "export", "--out", out, *h)
            run(*p, "eval", "--out", out, "--quick", *h)
            with open(os.path.join(out, "pose.json")) as fh:
                doc = json.load(fh)["pose"]
            for g in ("vq_encoder", "vq_decoder", "gpt_step"):
                self.assertTrue(os.path.exists(os.path.join(out, doc["graphs"][g]["file"])))
            self.assertEqual(set(doc["graphs"]["gpt_step"]["inputs"]), {"prev_codes", "feats", "style"})
            self.assertIn("soft", doc["evaluation"]["table"])
            import onnx
            m = onnx.load(os.path.join(out, doc["graphs"]["gpt_step"]["file"]))
            names = {i.name for i in m.graph.initializer}
            self.assertIn("gpt.head.weight", names)                 # stable names, no onnx::MatMul_N
            self.assertEqual([i.name for i in m.graph.input], ["prev_codes", "feats", "style"])
            self.assertTrue(os.path.exists(os.path.join(tmp, "src/test/resources/io/adamesh/model/pose-fixture.npz")))


if __name__ == "__main__":
    unittest.main()
