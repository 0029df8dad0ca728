"""Speaker profiles fitted with real speech beside synthetic (real_speaker_fit.py, ADR 0034): the real
frames are the trusted ones with the teacher's targets, a zero weight leaves the synthetic fit exactly,
and real frames of weight 1 pull the adapters toward them.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import sys
import unittest

import numpy as np
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import adapt_step as AS  # noqa: E402
from adamesh_training import real_closures as RC  # noqa: E402
from adamesh_training import real_speaker_fit as F  # noqa: E402
from adamesh_training import visemes as V  # noqa: E402
from adamesh_training.expression_model import ExpressionModel  # noqa: E402
from adamesh_training.features import log_mel  # noqa: E402
from adamesh_training.head import Head  # noqa: E402
from adamesh_training.teacher import DEFAULT_STYLE  # noqa: E402


def fake_real(n_items=2, seconds=1.5, seed=0):
    """Real-closures data in the layout of real_closures.load: noise audio, its log-mel, 50 Hz viseme
    runs with one bilabial, a trusted closure at it (30 fps) and free frames away from it."""
    rng = np.random.default_rng(seed)
    d = {k: [] for k in ("mel", "closed", "opened", "free", "audio", "viseme", "language")}
    pp, aa = V.VISEME_INDEX["PP"], V.VISEME_INDEX["aa"]
    for i in range(n_items):
        audio = (0.05 * rng.standard_normal(int(16000 * seconds))).astype(np.float32)
        n50, n30 = int(50 * seconds), int(30 * seconds)
        vis = np.full(n50, aa, np.int64)
        vis[:5] = -1
        vis[30 + i:36 + i] = pp                        # 0.6 s
        closed = np.zeros(n30, np.int8)
        closed[19 + i:21 + i] = 1
        free = np.ones(n30, np.int8)
        free[16 + i:25 + i] = 0
        free[35:37] = 0                                # near an untrusted bilabial of the other method
        d["mel"].append(log_mel(audio).astype(np.float32))
        d["closed"].append(closed)
        d["opened"].append(np.zeros(n30, np.int8))
        d["free"].append(free)
        d["audio"].append(audio)
        d["viseme"].append(vis)
        d["language"].append("ast-en")
    return d


class TrustedFrames(unittest.TestCase):
    def test_closures_and_free_frames_only(self):
        closed = np.array([0, 1, 1, 0, 0, 0, 0])
        free = np.array([1, 0, 0, 0, 1, 1, 0])
        np.testing.assert_array_equal(F.trusted_frames(closed, free, 9),
                                      np.array([1, 1, 1, 0, 1, 1, 0, 0, 0], np.float32))


class Fit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        cls.model = ExpressionModel(d=32, layers=1, heads=2, ff=48, s=8, h=24).eval()
        cls.real = fake_real()
        rng = np.random.default_rng(1)
        mels = [rng.standard_normal((120 + 17 * k, 80)).astype(np.float32) for k in range(3)]
        targets = [0.1 * rng.standard_normal((36 + 5 * k, 44)).astype(np.float32) for k in range(3)]
        cls.style = AS.style_from_targets(cls.model, targets[:1])
        cls.syn = AS.cache_activations(cls.model, mels, targets, cls.style)

    def test_real_cache_holds_teacher_targets_on_the_trusted_frames(self):
        names = Head().expression_names
        style = dict(DEFAULT_STYLE, jaw_range=1.2)
        for mask in ("trusted", "all"):
            c = F.real_cache(self.model, self.real, [1, 0], self.style, style, names, mask)
            self.assertEqual(c["x"].shape[0], 2)
            for j, i in enumerate((1, 0)):
                t = RC.teacher_track(self.real, i, names, style, closures=True)
                f = int((AS.cache_activations(self.model, [self.real["mel"][i]], [t], self.style)["mask"][0]).sum())
                np.testing.assert_allclose(c["target"][j, :f].numpy(), t[:f], atol=1e-6)
                want = np.zeros(c["mask"].shape[1], np.float32)
                want[:f] = 1.0
                if mask == "trusted":
                    want *= F.trusted_frames(self.real["closed"][i], self.real["free"][i], want.size)
                    self.assertEqual(want[19 + i], 1.0, "a trusted closure frame is fitted")
                    self.assertEqual(want[17 + i], 0.0, "a frame beside the bilabial is not")
                    self.assertEqual(want[35], 0.0, "nor one near an untrusted bilabial")
                np.testing.assert_array_equal(c["mask"][j].numpy(), want)
        with self.assertRaises(ValueError):
            F.real_cache(self.model, self.real, [0], self.style, style, names, "some")

    def test_zero_weight_leaves_the_synthetic_fit_and_weight_one_pulls_toward_real(self):
        names = Head().expression_names
        rc = F.real_cache(self.model, self.real, [0, 1], self.style, DEFAULT_STYLE, names, "trusted")
        j0 = F.join(self.syn, rc, 0.0)
        self.assertEqual(j0["x"].shape[0], 5)
        self.assertEqual(float(j0["mask"][3:].sum()), 0.0)
        alone, _ = AS.adapt(self.model, self.syn, steps=20, lr=3e-3, layers=AS.ADAPTED_LAYERS)
        zero, _ = AS.adapt(self.model, j0, steps=20, lr=3e-3, layers=AS.ADAPTED_LAYERS)
        for p, q in zip(alone, zero):
            np.testing.assert_allclose(p.numpy(), q.numpy(), atol=1e-5)
        both, _ = AS.adapt(self.model, F.join(self.syn, rc, 1.0), steps=20, lr=3e-3, layers=AS.ADAPTED_LAYERS)

        def real_loss(params):
            step = AS.AdaptStep(self.model.decoder, tuple(self.model.decoder.ranks), layers=AS.ADAPTED_LAYERS)
            return float(step.loss_and_grads(rc["x"], rc["style_bias"], rc["target"], rc["mask"], params)[0])
        self.assertLess(real_loss(both), real_loss(alone))


if __name__ == "__main__":
    unittest.main()
