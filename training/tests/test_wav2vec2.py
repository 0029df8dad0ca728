"""Training on wav2vec 2.0 / HuBERT features: frame alignment, the feature cache, the recipe and the export.

The studio computes the real features (``adamesh speech-features``; the Java test
io.adamesh.animate.Wav2Vec2BundleTest runs that path end to end); here a stand-in encoder with the
same frame layout keeps the test fast and free of the JVM.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import onnx
import torch

from adamesh_training import wav2vec2_features as W2V
from adamesh_training.expression_model import ExpressionModel
from adamesh_training.features import frame_count as mel_frames

torch.set_num_threads(1)
DIM = 24


def fake_encode(audios, model, command=None, normalise="per-input", log=None):
    """Frame j = a fixed random projection of samples [320 j, 320 j + 400): the export's frame layout."""
    proj = np.random.default_rng(5).standard_normal((400, DIM)).astype(np.float32) / 20.0
    fake_encode.calls += 1
    out = []
    for a in audios:
        a = np.asarray(a, np.float32)
        n = W2V.frame_count(a.size)
        idx = np.arange(400)[None, :] + 320 * np.arange(n)[:, None]
        out.append(np.tanh(a[idx] @ proj) if n else np.zeros((0, DIM), np.float32))
    return out


fake_encode.calls = 0


class FrameAlignmentTest(unittest.TestCase):
    def test_wav2vec2_frames_are_the_log_mel_encoders_frames(self):
        # our encoder: T = (M - 1) // 2 + 1 frames of M log-mel frames; wav2vec 2.0: (N - 400) // 320 + 1
        for n in list(range(400, 2000, 7)) + [16000, 16399, 48000, 123457]:
            m = mel_frames(n)
            self.assertEqual(W2V.frame_count(n), (m - 1) // 2 + 1, n)
        self.assertEqual(W2V.frame_count(399), 0)

    def test_projection_shapes_and_frame_independence(self):
        torch.manual_seed(0)
        model = ExpressionModel(d=32, layers=1, heads=2, ff=48, s=8, h=24, frontend="wav2vec2", feat_dim=DIM)
        x = torch.randn(2, 50, DIM)
        y = model.encoder(x, torch.tensor([0]))
        self.assertEqual(tuple(y.shape), (2, 50, 32))
        x2 = x.clone()
        x2[:, 30:] = 0.0                      # frame-wise: earlier frames do not change
        self.assertTrue(torch.allclose(model.encoder(x2)[:, :30], y[:, :30]))
        with self.assertRaises(ValueError):
            ExpressionModel(frontend="whisper")


class PoseConditionTest(unittest.TestCase):
    def test_hidden_states_at_pose_frames_and_prosody(self):
        from adamesh_training.pose import data as PD
        t = 40
        hidden = np.stack([np.arange(t, dtype=np.float32), np.full(t, 7.0, np.float32)], axis=1)
        n = 30
        f = PD.hidden_at_frames(hidden, n)
        pos = np.clip((np.arange(n) / 30.0 - 0.0125) / 0.02, 0, t - 1)
        np.testing.assert_allclose(f[:, 0], pos, atol=1e-5)
        np.testing.assert_allclose(f[:, 1], 7.0)
        audio = np.random.default_rng(1).standard_normal(16000).astype(np.float32) * 0.1
        full = PD.speech_features_w2v(hidden, audio, n)
        self.assertEqual(full.shape, (n, 2 + 3))
        np.testing.assert_allclose(full[:, 2:], PD.speech_features(audio, n)[:, 80:83])


class FeatureCacheTest(unittest.TestCase):
    def test_cache_is_reused_for_the_same_export_and_recomputed_for_another(self):
        with tempfile.TemporaryDirectory() as tmp:
            a = os.path.join(tmp, "a.onnx")
            b = os.path.join(tmp, "b.onnx")
            open(a, "wb").write(b"export a")
            open(b, "wb").write(b"export b")
            audios = [np.random.default_rng(i).standard_normal(400 + 320 * i + i).astype(np.float32) for i in range(5)]
            cache = os.path.join(tmp, "w2v-train.npz")
            fake_encode.calls = 0
            first = W2V.cached(audios, a, cache, log=None, encoder=fake_encode)
            again = W2V.cached(audios, a, cache, log=None, encoder=fake_encode)
            self.assertEqual(fake_encode.calls, 1)
            for x, y in zip(first, again):
                self.assertEqual(x.shape, y.shape)
                np.testing.assert_allclose(x, y, atol=2e-3)          # float16 cache
            W2V.cached(audios, b, cache, log=None, encoder=fake_encode)
            self.assertEqual(fake_encode.calls, 2)
            W2V.cached(audios, b, cache, normalise="none", log=None, encoder=fake_encode)
            self.assertEqual(fake_encode.calls, 3)

    def test_bad_arguments_are_refused(self):
        with self.assertRaises(FileNotFoundError):
            W2V.encode([np.zeros(800, np.float32)], "/nonexistent/model.onnx")
        with self.assertRaises(ValueError):
            W2V.encode([np.zeros(800, np.float32)], __file__, normalise="loud")


class Wav2Vec2RecipeTest(unittest.TestCase):
    def test_train_and_export_a_wav2vec2_bundle(self):
        from adamesh_training import export_expression, train_expression
        real = W2V.encode
        W2V.encode = fake_encode
        try:
            with tempfile.TemporaryDirectory() as tmp:
                corpus, run, bundle = (os.path.join(tmp, x) for x in ("corpus", "run", "bundle"))
                model_file = os.path.join(tmp, "export.onnx")
                open(model_file, "wb").write(b"stand-in export")
                subprocess.run([sys.executable, "-m", "adamesh_training.corpus", "build", "--out", corpus, "--quick"],
                               check=True, capture_output=True, cwd=os.path.dirname(os.path.dirname(__file__)))
                train_expression.main(["--corpus", corpus, "--out", run, "--steps", "3", "--batch", "2",
                                       "--speaker-steps", "2", "--wav2vec2", model_file,
                                       "--wav2vec2-normalise", "none"])
                state = json.load(open(os.path.join(run, "state.json")))
                self.assertEqual(state["features"]["type"], "wav2vec2")
                self.assertEqual(state["features"]["dimension"], DIM)
                self.assertEqual(state["base"]["steps"], 3)
                self.assertTrue(state["speakers"])
                export_expression.main(["--run", run, "--bundle", bundle])
                m = json.load(open(os.path.join(bundle, "manifest.json")))
                f = m["features"]
                self.assertEqual((f["type"], f["file"], f["dimension"], f["audio_normalisation"]),
                                 ("wav2vec2", "speech_encoder.onnx", DIM, "none"))
                self.assertEqual(open(os.path.join(bundle, "speech_encoder.onnx"), "rb").read(), b"stand-in export")
                self.assertEqual(f["sha256"], W2V.sha256(model_file))
                self.assertEqual(len(f["normalisation"]["mean"]), DIM)
                enc = onnx.load(os.path.join(bundle, "encoder.onnx"))
                self.assertEqual([i.name for i in enc.graph.input], ["hidden"])
                dims = [d.dim_value for d in enc.graph.input[0].type.tensor_type.shape.dim]
                self.assertEqual((dims[0], dims[2]), (1, DIM))
                self.assertEqual(m["graphs"]["expression"]["inputs"][0]["shape"], [1, -1, 128])
                # the speakers stage on log-mel features refuses the wav2vec2 base model
                with self.assertRaises(SystemExit):
                    train_expression.main(["--corpus", corpus, "--out", run, "--stage", "speakers"])
        finally:
            W2V.encode = real


if __name__ == "__main__":
    unittest.main()
