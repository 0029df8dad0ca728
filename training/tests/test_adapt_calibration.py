"""Tracker calibration fit: recovers a known tracked -> true map and trusts only channels that follow."""

import json
import os
import tempfile
import unittest

import numpy as np

from adamesh_training import fit_adapt_calibration as FC


class FitAdaptCalibrationTest(unittest.TestCase):
    def test_recovers_a_biased_jaw_and_distrusts_a_noise_channel(self):
        rng = np.random.default_rng(0)
        with tempfile.TemporaryDirectory() as d:
            for s in range(12):
                f = 200
                true_ex = np.zeros((f, 43), np.float32)
                true_jaw = (0.1 + 0.05 * s / 12) * np.abs(np.sin(np.arange(f) / 5.0)).astype(np.float32)
                true_ex[:, 22] = 0.2 + 0.02 * s
                tracked_ex = np.zeros_like(true_ex)
                tracked_ex[:, 22] = rng.uniform(0, 1, f)                 # a channel that does not follow
                tracked_jaw = 1.5 * true_jaw + 0.02 + 0.002 * rng.standard_normal(f)   # biased but faithful
                np.savez(os.path.join(d, "spk%02d.npz" % s), tracked_expression=tracked_ex,
                         tracked_jaw=tracked_jaw.astype(np.float32), usable=np.ones(f, np.float32),
                         true_expression=true_ex, true_jaw=true_jaw,
                         true_style=np.array([s / 12.0, 1.0 - s / 12.0], np.float32))
            out = os.path.join(d, "cal.json")
            FC.main([d, "--out", out])
            doc = json.load(open(out))
        self.assertEqual(doc["format"], "adamesh-adapt-calibration")
        self.assertIn(43, doc["targets"]["used"])
        self.assertNotIn(22, doc["targets"]["used"])
        self.assertGreater(doc["targets"]["r2_heldout"][43], 0.9)
        self.assertEqual(len(doc["style"]["bias"]), 2)
        self.assertEqual(len(doc["style"]["weights"]), 2 * len(doc["channels_in"]))
        self.assertLess(doc["style"]["leave_one_out_error"], doc["style"]["mean_style_error"])


if __name__ == "__main__":
    unittest.main()
