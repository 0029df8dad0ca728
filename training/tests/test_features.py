"""Checks the log-mel front end against an independent recomputation and the shared fixture.

Run from training/: python3 -m unittest discover -s tests -t .
"""

import math
import os
import sys
import unittest

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import features  # noqa: E402
import make_fixtures  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(TRAINING), "src", "test", "resources", "fixtures", "logmel")


def slow_log_mel(x):
    """Loop-and-formula version: explicit DFT sums and per-bin triangle evaluation."""
    x = [float(v) for v in x]
    sr, win, hop, nfft, nmel = 16000, 400, 160, 512, 80
    window = [0.5 - 0.5 * math.cos(2 * math.pi * n / win) for n in range(win)]
    mel = lambda f: 2595.0 * math.log10(1.0 + f / 700.0)
    inv = lambda m: 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    edges = [inv(mel(8000.0) * i / (nmel + 1)) for i in range(nmel + 2)]
    k = np.arange(nfft // 2 + 1)[:, None]
    n = np.arange(win)[None, :]
    cos_t = np.cos(2 * np.pi * k * n / nfft)
    sin_t = np.sin(2 * np.pi * k * n / nfft)
    out = []
    t = 0
    while t * hop + win <= len(x):
        seg = np.array([x[t * hop + i] * window[i] for i in range(win)])
        power = (cos_t @ seg) ** 2 + (sin_t @ seg) ** 2
        row = []
        for m in range(nmel):
            lo, mid, hi = edges[m], edges[m + 1], edges[m + 2]
            e = 0.0
            for b in range(nfft // 2 + 1):
                f = b * sr / nfft
                if lo < f < hi:
                    wgt = (f - lo) / (mid - lo) if f <= mid else (hi - f) / (hi - mid)
                    e += wgt * power[b]
            row.append(math.log(max(e, 1e-10)))
        out.append(row)
        t += 1
    return np.array(out).reshape(-1, nmel)


class FrameCountTest(unittest.TestCase):
    def test_frame_count_follows_no_padding_rule(self):
        self.assertEqual(features.frame_count(0), 0)
        self.assertEqual(features.frame_count(399), 0)
        self.assertEqual(features.frame_count(400), 1)
        self.assertEqual(features.frame_count(559), 1)
        self.assertEqual(features.frame_count(560), 2)
        self.assertEqual(features.frame_count(16000), 98)
        self.assertEqual(features.log_mel(np.zeros(1000)).shape, (4, 80))


class FilterbankTest(unittest.TestCase):
    def test_filters_peak_at_one_and_cover_band(self):
        fb = features.mel_filterbank()
        self.assertEqual(fb.shape, (257, 80))
        self.assertTrue(np.all(fb >= 0))
        self.assertLessEqual(fb.max(), 1.0 + 1e-12)
        self.assertTrue(np.all(fb.sum(axis=0) > 0), "every filter touches at least one bin")

    def test_silence_hits_log_floor(self):
        mel = features.log_mel(np.zeros(800))
        np.testing.assert_allclose(mel, math.log(1e-10))


class IndependentRecomputationTest(unittest.TestCase):
    def test_matches_loop_implementation(self):
        x = make_fixtures.test_signal(400 + 160 * 5 + 37)
        np.testing.assert_allclose(features.log_mel(x), slow_log_mel(x), atol=1e-8)

    def test_tone_energy_lands_in_expected_filter(self):
        t = np.arange(16000) / 16000.0
        mel = features.log_mel(np.sin(2 * np.pi * 1000.0 * t))
        centres = features.mel_to_hz(np.linspace(0, features.hz_to_mel(8000.0), 82))[1:-1]
        expected = int(np.argmin(np.abs(centres - 1000.0)))
        self.assertLessEqual(abs(int(np.argmax(mel[10])) - expected), 1)


class VocalTractWarpTest(unittest.TestCase):
    """VTLP (training augmentation): formants move by the warp factor, the contract's front end is warp 1."""

    def test_warp_one_is_the_front_end(self):
        x = make_fixtures.test_signal(400 + 160 * 20)
        np.testing.assert_array_equal(features.log_mel(x, 1.0), features.log_mel(x))
        np.testing.assert_array_equal(features.mel_filterbank(1.0), features.mel_filterbank())

    def test_warp_is_piecewise_linear_and_keeps_the_band(self):
        hz = np.linspace(0.0, 8000.0, 801)
        for w in (0.85, 0.9, 1.1, 1.2):
            f = features.vtlp_frequencies(hz, w)
            self.assertAlmostEqual(float(f[0]), 0.0)
            self.assertAlmostEqual(float(f[-1]), 8000.0)
            self.assertTrue(bool((np.diff(f) > 0).all()), "monotone: no two bins swap")
            low = hz <= 3000.0
            np.testing.assert_allclose(f[low], w * hz[low])
            self.assertLessEqual(int((np.abs(np.diff(f, 2)) > 1e-6).sum()), 2, "two straight pieces")
        with self.assertRaises(ValueError):
            features.vtlp_frequencies(hz, 3.0)

    def test_a_warped_tone_lands_where_a_scaled_tone_would(self):
        t = np.arange(16000) / 16000.0
        for w in (0.9, 1.1):
            warped = features.log_mel(np.sin(2 * np.pi * 1000.0 * t), w)[10]
            scaled = features.log_mel(np.sin(2 * np.pi * 1000.0 * w * t))[10]
            self.assertLessEqual(abs(int(np.argmax(warped)) - int(np.argmax(scaled))), 0)
            self.assertNotEqual(int(np.argmax(warped)), int(np.argmax(features.log_mel(np.sin(2 * np.pi * 1000.0 * t))[10])))


class SharedFixtureTest(unittest.TestCase):
    def test_fixture_matches_current_front_end(self):
        signal = np.fromfile(os.path.join(FIXTURE, "signal.f32"), dtype="<f4")
        expected = np.fromfile(os.path.join(FIXTURE, "logmel.f32"), dtype="<f4").reshape(-1, 80)
        self.assertEqual(expected.shape[0], features.frame_count(signal.size))
        np.testing.assert_allclose(features.log_mel(signal), expected, atol=1e-4)

    def test_fixture_signal_is_reproducible(self):
        signal = np.fromfile(os.path.join(FIXTURE, "signal.f32"), dtype="<f4")
        np.testing.assert_array_equal(signal, make_fixtures.test_signal())


if __name__ == "__main__":
    unittest.main()
