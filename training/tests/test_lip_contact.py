"""The rig-level lip-contact loss (lip_contact.py) and the closure timing measurement (closure_timing.py).

The torch inner-lip gap is checked against the numpy head (head.Head.lip_gap, the whole mesh posed by
FLAME's equations, and real_voice_eval's LipGap), its gradients against finite differences, and the
loss by what it must reward and punish.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import sys
import unittest

import numpy as np
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import closure_timing as CT  # noqa: E402
from adamesh_training import real_voice_eval as E  # noqa: E402
from adamesh_training.expression_model import JAW_SCALE  # noqa: E402
from adamesh_training.head import Head  # noqa: E402
from adamesh_training.lip_contact import TorchLipGap, lip_contact_loss  # noqa: E402


def outputs(rng, n, jaw_max=0.25):
    """Random network outputs [n, 44]: expression weights in [0, 0.6], jaw up to ``jaw_max`` rad (x 10)."""
    return np.concatenate([rng.uniform(0.0, 0.6, (n, 43)), rng.uniform(0.0, jaw_max * JAW_SCALE, (n, 1))], 1)


class TorchGap(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.head = Head()
        cls.gap = TorchLipGap(cls.head)

    def test_matches_the_whole_mesh_posed_in_numpy(self):
        y = outputs(np.random.default_rng(3), 6)
        got = self.gap(torch.tensor(y, dtype=torch.float32)).numpy()
        for k in range(len(y)):
            pose = np.zeros((5, 3))
            pose[2, 0] = y[k, 43] / JAW_SCALE
            want = self.head.lip_gap(y[k, :43], pose)
            self.assertAlmostEqual(float(got[k]), want, delta=1e-7)   # 0.1 micrometre
        self.assertGreater(float(np.ptp(got)), 0.002, "random faces should differ in lip gap by millimetres")

    def test_matches_the_evaluation_rig_with_batch_dimensions(self):
        y = outputs(np.random.default_rng(4), 24).reshape(2, 12, 44)
        got = self.gap(torch.tensor(y, dtype=torch.float32)).numpy()
        want = E.LipGap(self.head)(y.reshape(24, 44)).reshape(2, 12)
        np.testing.assert_allclose(got, want, atol=1e-7)

    def test_clamps_like_the_exported_network(self):
        y = outputs(np.random.default_rng(5), 4)
        wild = y.copy()
        wild[:, :43] += np.where(np.arange(43) % 2 == 0, -0.7, 0.7)   # out of [0, 1] both ways
        wild[:, 43] = -1.0                                              # jaw closed past rest
        clamped = wild.copy()
        clamped[:, :43] = np.clip(clamped[:, :43], 0, 1)
        clamped[:, 43] = 0.0
        got = self.gap(torch.tensor(wild, dtype=torch.float32)).numpy()
        np.testing.assert_allclose(got, E.LipGap(self.head)(clamped), atol=1e-7)

    def test_gradients_match_finite_differences(self):
        g64 = TorchLipGap(self.head, clamp=False).double()
        y = torch.tensor(outputs(np.random.default_rng(6), 3), dtype=torch.float64, requires_grad=True)
        self.assertTrue(torch.autograd.gradcheck(lambda x: g64(x), (y,), eps=1e-6, atol=1e-7))

    def test_opening_the_jaw_opens_the_lips(self):
        y = np.zeros((5, 44))
        y[:, 43] = np.linspace(0.0, 2.0, 5)                        # 0 .. 0.2 rad
        g = self.gap(torch.tensor(y, dtype=torch.float32)).numpy()
        self.assertTrue(np.all(np.diff(g) > 0), g)
        self.assertLess(g[0], 0.001, "OpenHead's rest pose has its lips together")


class Loss(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gap = TorchLipGap(Head())

    def frames(self):
        closed = np.zeros(44)                              # rest: lips together
        open_ = np.zeros(44)
        open_[43] = 1.5                                    # jaw 0.15 rad: clearly open
        return closed, open_

    def test_zero_when_the_prediction_is_the_teacher(self):
        closed, open_ = self.frames()
        t = torch.tensor(np.stack([closed, open_, closed])[None], dtype=torch.float32)
        loss, stats = lip_contact_loss(self.gap, t.clone(), t)
        self.assertAlmostEqual(float(loss), 0.0, places=5)
        self.assertEqual(stats["closed_reached"], 1.0)

    def test_missing_a_teacher_closure_costs_more_than_the_same_error_elsewhere(self):
        closed, open_ = self.frames()
        half = open_.copy()
        half[43] = 0.75
        wider = open_.copy()
        wider[43] = 2.25
        tc = torch.tensor(closed[None, None], dtype=torch.float32)
        to = torch.tensor(open_[None, None], dtype=torch.float32)
        g_half = float(self.gap(torch.tensor(half, dtype=torch.float32))) * 1000
        miss, _ = lip_contact_loss(self.gap, torch.tensor(half[None, None], dtype=torch.float32), tc, 5.0)
        self.assertAlmostEqual(float(miss), 5.0 * g_half, delta=0.02)
        over, _ = lip_contact_loss(self.gap, torch.tensor(wider[None, None], dtype=torch.float32), to, 5.0)
        g_open, g_wider = (float(self.gap(torch.tensor(x, dtype=torch.float32))) * 1000 for x in (open_, wider))
        self.assertAlmostEqual(float(over), g_wider - g_open, delta=0.02)
        self.assertGreater(float(miss), float(over) * 2)

    def test_false_closure_where_the_teacher_is_open_is_hinged(self):
        closed, open_ = self.frames()
        to = torch.tensor(open_[None, None], dtype=torch.float32)
        shut, stats = lip_contact_loss(self.gap, torch.tensor(closed[None, None], dtype=torch.float32), to,
                                       open_hinge_mm=1.5)
        g_open = float(self.gap(to)) * 1000
        g_shut = float(self.gap(torch.tensor(closed, dtype=torch.float32))) * 1000
        self.assertAlmostEqual(float(shut), (g_open - g_shut) + (1.5 - g_shut), delta=0.02)
        self.assertEqual(stats["false_contact"], 1.0)

    def test_gradient_descent_on_the_loss_closes_the_lips(self):
        closed, open_ = self.frames()
        target = torch.tensor(closed[None, None], dtype=torch.float32)
        y = torch.tensor(open_[None, None], dtype=torch.float32, requires_grad=True)
        loss, _ = lip_contact_loss(self.gap, y, target)
        loss.backward()
        self.assertGreater(float(y.grad[0, 0, 43]), 0.0, "an open jaw where the teacher is closed must be pushed shut")
        with torch.no_grad():                                   # one small step down the gradient narrows the gap
            step = y - 1e-4 * y.grad / y.grad.norm()
        self.assertLess(float(self.gap(step)), float(self.gap(y.detach())))
        jaw = torch.tensor([1.5], requires_grad=True)           # the jaw alone, driven by the loss
        opt = torch.optim.Adam([jaw], lr=0.05)
        rest = torch.zeros(1, 1, 43)
        for _ in range(150):
            loss, _ = lip_contact_loss(self.gap, torch.cat([rest, jaw.view(1, 1, 1)], -1), target)
            opt.zero_grad()
            loss.backward()
            opt.step()
        self.assertLess(float(self.gap(torch.cat([rest, jaw.detach().view(1, 1, 1)], -1))) * 1000, 1.0)


class Options(unittest.TestCase):
    def test_fine_tune_refuses_a_control_with_the_loss_and_negative_weights(self):
        import contextlib
        import io
        import tempfile
        from adamesh_training import train_realvoice
        with tempfile.TemporaryDirectory() as tmp:
            for bad in (["--control", "--lip-weight", "0.05"], ["--lip-weight", "-1"], ["--lip-hinge-mm", "-0.5"]):
                err = io.StringIO()
                with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
                    train_realvoice.main(["--init", tmp, "--out", os.path.join(tmp, "run")] + bad)
                self.assertIn("lip", err.getvalue())
                self.assertFalse(os.path.exists(os.path.join(tmp, "run")), "nothing is written for bad options")


class Timing(unittest.TestCase):
    def curve(self, closed_frames, n=40, open_mm=5.0):
        g = np.full(n, open_mm)
        g[list(closed_frames)] = 0.0
        return g

    def test_late_closure_is_a_positive_onset_offset(self):
        # event: lips should be closed 0.50-0.60 s (frames 15-18); they close from frame 18 to 20
        g = self.curve(range(18, 21))
        r = CT.event_timing(g, (0.5, 0.6), 0.5, 0.6, 0.25)
        self.assertTrue(r["hit"] and r["run"])
        # the gap falls through 1 mm at 17.8 frames (5 mm -> 0 mm), opens at 20.2 frames
        self.assertAlmostEqual(r["onset_offset_s"], 17.8 / 30 - 0.5, places=6)
        self.assertAlmostEqual(r["release_offset_s"], 20.2 / 30 - 0.6, places=6)
        self.assertEqual(r["position"], "medial")
        early = CT.event_timing(self.curve(range(6, 9)), (0.5, 0.6), 0.5, 0.6, 0.25)   # 0.20-0.27 s
        self.assertFalse(early["hit"])
        self.assertEqual([early["hit_shifted"][ms] for ms in CT.SHIFTS_MS], [False, False, False, False])
        two_early = CT.event_timing(self.curve(range(11, 13)), (0.5, 0.6), 0.5, 0.6, 0.25)  # ends 0.400 s
        self.assertEqual([two_early["hit_shifted"][ms] for ms in CT.SHIFTS_MS], [True, False, False, False])
        initial = CT.event_timing(g, (0.5, 0.6), None, 0.6, 0.25)
        self.assertEqual(initial["position"], "initial")
        self.assertNotIn("onset_offset_s", initial)

    def test_a_closure_outside_one_frame_is_a_timing_miss(self):
        g = self.curve(range(8, 11))                        # 0.27-0.33 s: early
        r = CT.event_timing(g, (0.5, 0.6), 0.5, 0.6, 0.25)
        self.assertFalse(r["hit"])
        self.assertTrue(r["run"])
        self.assertLess(r["onset_offset_s"], -0.15)
        s = CT.summarise([r])
        self.assertEqual((s["misses_with_closed_run_in_window"], s["misses_never_closed_in_window"]), (1, 0))

    def test_lips_that_never_close_are_a_depth_miss(self):
        g = self.curve([], open_mm=5.0)
        g[17] = 2.0                                          # nearest approach, 1 frame after the centre
        r = CT.event_timing(g, (0.5, 0.6), 0.5, 0.6, 0.25)
        self.assertFalse(r["run"])
        self.assertAlmostEqual(r["min_gap_mm"], 2.0)
        self.assertAlmostEqual(r["min_gap_offset_s"], 17 / 30 - 0.55, places=6)
        self.assertNotIn("onset_offset_s", r)

    def test_paired_comparison_counts_discordant_events(self):
        import io
        import json
        import tempfile
        ev = [["a", "M", "initial"], ["b", "P", "medial"], ["c", "B", "final"], ["d", "M", "initial"]]
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for name, hits in (("A", [1, 0, 0, 1]), ("B", [1, 1, 1, 1])):
                paths.append(os.path.join(tmp, name + ".json"))
                with open(paths[-1], "w") as fh:
                    json.dump({"events": {"quality": [e + [h] for e, h in zip(ev, hits)]}}, fh)
            r = CT.paired(paths[0], paths[1], out=io.StringIO())["quality"]
            self.assertEqual((r["hits_a"], r["hits_b"], r["only_a"], r["only_b"]), (2, 4, 0, 2))
            self.assertAlmostEqual(r["mcnemar_p"], 0.5)                 # 2 discordant, both one way: 2 * 1/4
            with open(paths[1], "w") as fh:
                json.dump({"events": {"quality": [e + [1] for e in ev[:3]]}}, fh)
            with self.assertRaises(ValueError):
                CT.paired(paths[0], paths[1], out=io.StringIO())


if __name__ == "__main__":
    unittest.main()
