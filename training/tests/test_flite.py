"""The flite synthesiser backend and the flite speaker set (ADR 0036).

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import io
import os
import sys
import tempfile
import unittest

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import corpus, data, flite, speakers  # noqa: E402
from adamesh_training import visemes as V  # noqa: E402
from adamesh_training.head import Head  # noqa: E402

HEAD = Head()


def rms_db(x, sr, s, e):
    seg = x[int(s * sr):max(int(e * sr), int(s * sr) + 1)].astype(np.float64)
    return 10 * np.log10(np.mean(seg ** 2) + 1e-12)


class ParseTest(unittest.TestCase):
    def test_end_times_become_spans(self):
        self.assertEqual(flite.parse_psdur("pau:0.25 b:0.3 aa:0.45"),
                         [("pau", 0.0, 0.25), ("b", 0.25, 0.3), ("aa", 0.3, 0.45)])

    def test_segments_past_the_audio_are_cut(self):
        self.assertEqual(flite.clip_to([("pau", 0.0, 0.2), ("b", 0.2, 0.3), ("pau", 0.3, 0.5)], 0.4),
                         [("pau", 0.0, 0.2), ("b", 0.2, 0.3), ("pau", 0.3, 0.4)])
        self.assertEqual(flite.clip_to([("b", 0.0, 0.3), ("pau", 0.3, 0.5)], 0.3), [("b", 0.0, 0.3)])

    def test_malformed_and_backwards_segments_are_refused(self):
        with self.assertRaises(ValueError):
            flite.parse_psdur("pau:0.25 b0.3")
        with self.assertRaises(ValueError):
            flite.parse_psdur("pau:0.25 b:0.2")

    def test_unknown_voice_is_refused_with_the_list(self):
        with self.assertRaisesRegex(ValueError, "awb"):
            flite.synthesize("Bob.", "ked")


@unittest.skipUnless(flite.available(), "flite not installed (training/setup-debian.sh)")
class SynthesisTest(unittest.TestCase):
    def test_segments_cover_the_audio_and_bilabials_are_quiet(self):
        for voice in flite.VOICES:
            audio, sr, phones = flite.synthesize("Bob may pay a lot for apples.", voice)
            self.assertEqual(sr, 16000, voice)
            self.assertEqual(phones[0][0], "pau", voice)
            self.assertAlmostEqual(phones[-1][2], audio.size / sr, delta=0.05, msg=voice)
            bil = [(s, e) for p, s, e in phones if p in ("b", "p", "m")]
            vow = [(s, e) for p, s, e in phones if p in ("aa", "ey", "ao")]
            self.assertGreaterEqual(len(bil), 4, voice)
            quiet = np.mean([rms_db(audio, sr, s + 0.2 * (e - s), s + 0.6 * (e - s)) for s, e in bil])
            loud = np.mean([rms_db(audio, sr, s + 0.25 * (e - s), e - 0.25 * (e - s)) for s, e in vow])
            self.assertGreater(loud, quiet + 6.0, voice)

    def test_duration_stretch_and_pitch_shift_take_effect(self):
        a0, sr, p0 = flite.synthesize("Bob met my mum.", "awb")
        a1, _, p1 = flite.synthesize("Bob met my mum.", "awb", duration_stretch=1.3, f0_shift=1.4)
        self.assertGreater(p1[-1][2], 1.15 * p0[-1][2])
        self.assertGreater(dominant_f0(a1, sr), 1.2 * dominant_f0(a0, sr))


def dominant_f0(x, sr):
    """Median autocorrelation pitch (Hz) over loud 50 ms frames."""
    out = []
    n = int(0.05 * sr)
    for i in range(0, x.size - n, n // 2):
        fr = x[i:i + n].astype(np.float64)
        if np.abs(fr).mean() < 0.02:
            continue
        ac = np.correlate(fr, fr, "full")[n - 1:]
        lo, hi = sr // 400, sr // 60
        out.append(sr / (lo + int(np.argmax(ac[lo:hi]))))
    return float(np.median(out))


class TableTest(unittest.TestCase):
    def test_every_voice_in_three_variants_all_training_none_held_out(self):
        table = speakers.flite_table()
        self.assertEqual(len({s["id"] for s in table}), 12)
        self.assertEqual(sorted({s["voice"] for s in table}), sorted(flite.VOICES))
        self.assertTrue(all(s["split"] == "train" and s["synth"] == "flite" for s in table))
        held = {s["voice"] for s in speakers.speaker_table() if s["split"] == "heldout"}
        self.assertFalse(held & {s["voice"] for s in table})
        shifts = sorted(s["f0_shift"] for s in table if s["voice"] == "awb")
        self.assertLess(shifts[0], 0.9)
        self.assertGreater(shifts[-1], 1.1)


@unittest.skipUnless(flite.available(), "flite not installed (training/setup-debian.sh)")
class CorpusTest(unittest.TestCase):
    def test_quick_flite_corpus_closes_the_lips_on_bilabials(self):
        with tempfile.TemporaryDirectory() as out:
            summary = corpus.build(out, quick=True, speaker_set="flite", log=io.StringIO())
            self.assertEqual(summary["set"], "flite")
            self.assertEqual(summary["shards"], 4)
            seen, closed = 0, 0
            for path in data.shard_paths(out):
                for u in data.load_shard(path):
                    self.assertTrue(u.speaker.startswith("fl"))
                    self.assertEqual(u.info["synth"], "flite")
                    for phone, s, e, _ in u.phones:
                        if phone not in ("b", "p", "m") or e - s < 0.04:
                            continue
                        f = int(round(0.5 * (s + e) * u.fps))
                        if f >= u.expression.shape[0]:
                            continue
                        seen += 1
                        closed += HEAD.lip_gap(u.expression[f], u.pose[f]) < 0.001
            self.assertGreater(seen, 5)
            self.assertGreaterEqual(closed / seen, 0.95)


if __name__ == "__main__":
    unittest.main()
