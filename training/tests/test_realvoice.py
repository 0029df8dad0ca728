"""The real-voice reference and its scoring: split kept apart from training, landmark timing,
closure / false-closure / viseme-agreement counting.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import json
import os
import shutil
import sys
import unittest

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import real_voice_eval as E  # noqa: E402
from adamesh_training import realvoice_reference as R  # noqa: E402

REFERENCE = os.path.join(TRAINING, "reference", "real-voice.json")


class ReferenceSplit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = json.load(open(REFERENCE, encoding="utf-8"))

    def test_reference_never_enters_training(self):
        ref_ids = {it["id"] for it in self.doc["items"]}
        ref_langs = {it["id"].split("/")[1] for it in self.doc["items"] if it["source"] == "klettres"}
        self.assertTrue(ref_langs <= set(R.REFERENCE_LANGUAGES))
        if not os.path.isdir(R.KLETTRES):
            self.skipTest("klettres-data is not installed")
        train = R.training_items()
        self.assertGreater(len(train), 500)
        self.assertFalse(ref_ids & {it[0] for it in train})
        self.assertFalse(ref_langs & {it[1] for it in train}, "a reference reader would be heard in training")
        self.assertFalse(any(it[3] == r["path"] for it in train for r in self.doc["items"]))

    def test_reference_has_trusted_bilabials_in_several_languages(self):
        trusted = [e for it in self.doc["items"] for e in it["bilabials"] if e["trusted"]]
        self.assertGreater(len(trusted), 100)
        langs = {it["language"] for it in self.doc["items"] if any(e["trusted"] for e in it["bilabials"])}
        self.assertGreaterEqual(len(langs), 8)
        for it in self.doc["items"]:
            for e in it["bilabials"]:
                self.assertLess(e["closed"][0], e["closed"][1], it["id"])
                if e["trusted"]:
                    for edge in ("closure", "release"):
                        if e["ps_" + edge] is not None:
                            self.assertLessEqual(abs(e["lm_" + edge] - e["ps_" + edge]), R.FRAME + 1e-9)

    def test_reference_visemes_are_ordered_and_cover_the_bilabials(self):
        for it in self.doc["items"]:
            segs = it["visemes"]
            for (_, s0, e0), (_, s1, _) in zip(segs, segs[1:]):
                self.assertLessEqual(s0, e0 + 1e-9, it["id"])
                self.assertAlmostEqual(e0, s1, delta=1e-6, msg=it["id"])
            for e in it["bilabials"]:
                if e["trusted"]:
                    mid = 0.5 * sum(e["closed"])
                    self.assertTrue(any(v == "PP" and s <= mid <= en for v, s, en in segs), it["id"])


class Landmarks(unittest.TestCase):
    def test_release_and_closure_found_where_the_band_energy_jumps(self):
        rng = np.random.default_rng(0)
        sr = 16000
        x = 0.001 * rng.standard_normal(sr)                 # 1 s of near silence
        x[int(0.400 * sr):int(0.700 * sr)] += 0.3 * rng.standard_normal(int(0.3 * sr))
        band, times = R.band_db(x.astype(np.float32))
        rel = R.landmark(band, times, 0.42, rising=True)
        clo = R.landmark(band, times, 0.68, rising=False)
        self.assertAlmostEqual(rel[0], 0.400, delta=0.006)
        self.assertAlmostEqual(clo[0], 0.700, delta=0.006)
        self.assertGreater(rel[1], 20)
        self.assertIsNone(R.landmark(band, times, 0.2, rising=True), "no landmark in steady silence")

    def test_phonemes_of_a_letter_name(self):
        self.assertEqual(R.to_arpabet(["b", "e"]), ["B", "EH"])
        self.assertEqual(R.to_arpabet(["'E", "m"])[-1], "M")


class Channels(unittest.TestCase):
    @unittest.skipUnless(shutil.which("ffmpeg"), "ffmpeg is not installed")
    def test_codecs_keep_length_and_timing(self):
        from adamesh_training import augment
        rng = np.random.default_rng(3)
        x = np.zeros(16000 * 2, np.float32)
        t = np.arange(16000 * 2) / 16000.0
        for k, start in enumerate((0.3, 0.8, 1.4)):                    # three vowel-like bursts
            sel = (t >= start) & (t < start + 0.25)
            pulses = np.sin(2 * np.pi * (150 + 50 * k) * t[sel]) > 0.95        # a glottal-pulse train
            x[sel] = (0.3 * pulses + 0.1 * rng.standard_normal(sel.sum())) * np.hanning(sel.sum())
        for kind in ("mp3", "opus", "gsm", "telephone", "laptop"):
            p = {"kind": kind, "kbps": 16, "hp": 200.0, "lp": 6000.0, "peak_hz": 3000.0, "peak_db": 6.0,
                 "snr_db": 25.0, "seed": 1}
            y = augment.apply_channel(x, p)
            self.assertEqual(y.size, x.size, kind)
            n = 8000
            lags = [float(np.dot(x[4000:4000 + n], y[4000 + d:4000 + d + n])) for d in range(-80, 81)]
            self.assertLessEqual(abs(int(np.argmax(lags)) - 80), 24, kind + ": timing moved")
            self.assertGreater(np.max(np.abs(y)), 0.1, kind)


class ChannelCache(unittest.TestCase):
    """train_realvoice's OUT/channels.npz is only reused by a run it was made for."""

    @unittest.skipUnless(shutil.which("ffmpeg"), "ffmpeg is not installed")
    def test_cache_is_stamped_and_a_foreign_one_refused(self):
        import tempfile
        from adamesh_training import train_realvoice as T
        from adamesh_training.features import log_mel
        rng = np.random.default_rng(0)
        audio = [(0.1 * rng.standard_normal(8000)).astype(np.float32) for _ in range(4)]
        d = {"audio": audio, "mel": [log_mel(a).astype(np.float32) for a in audio]}
        with tempfile.TemporaryDirectory() as out:
            made, kinds = T.channel_copies(d, out, 2, seed=1)
            self.assertEqual(len(made), 2)
            self.assertEqual(sum(kinds.values()), 2)
            again, _ = T.channel_copies(d, out, 2, seed=1)
            self.assertEqual(sorted(again), sorted(made))
            for i in made:                                   # stored as float16
                np.testing.assert_allclose(again[i], made[i], atol=0.02, rtol=1e-2)
            with self.assertRaises(SystemExit) as e:
                T.channel_copies(d, out, 2, seed=2)
            self.assertIn("seed", str(e.exception))
            with self.assertRaises(SystemExit):
                T.channel_copies({"audio": audio * 2, "mel": d["mel"] * 2}, out, 2, seed=1)
            path = os.path.join(out, "channels.npz")        # an older, unstamped cache of another corpus
            with np.load(path) as z:
                fields = {k: z[k] for k in z.files if k != "stamp"}
            fields["index"] = np.array([0, 7])
            np.savez(path, **fields)
            with self.assertRaises(SystemExit) as e:
                T.channel_copies(d, out, 2, seed=1)
            self.assertIn("another corpus", str(e.exception))


class Scoring(unittest.TestCase):
    def segs(self):
        return [("sil", 0.0, 0.2), ("aa", 0.2, 0.5), ("PP", 0.5, 0.6), ("aa", 0.6, 1.0), ("sil", 1.0, 1.3)]

    def gap(self, closed_frames, n=39):
        g = np.full(n, 0.005)
        g[list(closed_frames)] = 0.0
        return g

    def test_closure_in_time_counts_and_late_closure_does_not(self):
        vis = np.zeros(65, int)
        ev = [(0.5, 0.6)]
        ok = E.score_item(self.gap([16, 17]), vis, self.segs(), ev, ev)
        self.assertEqual((ok["events"], ok["hit"]), (1, 1))
        late = E.score_item(self.gap([21]), vis, self.segs(), ev, ev)       # 0.70 s: 3 frames after release
        self.assertEqual(late["hit"], 0)
        self.assertEqual(late["false"], 1)

    def test_rest_pose_at_speech_edges_is_not_a_false_closure(self):
        vis = np.zeros(65, int)
        row = E.score_item(self.gap(list(range(0, 8)) + list(range(28, 39))), vis, self.segs(), [], [])
        self.assertEqual(row["false"], 0)
        mid = E.score_item(self.gap([10, 11]), vis, self.segs(), [], [])
        self.assertEqual(mid["false"], 1)
        self.assertAlmostEqual(mid["speech_s"], 0.8, delta=0.04)

    def test_articulation_guard_leaves_out_frames_near_bilabials(self):
        segs = [("SIL", 0.0, 0.2), ("AA1", 0.2, 0.5), ("M", 0.5, 0.6), ("b", 0.6, 0.7), ("IY", 0.7, 1.0)]
        ok = E.clear_of_bilabials(segs, 30)
        t = np.arange(30) / 30.0
        np.testing.assert_array_equal(ok, (t < 0.45) | (t > 0.75))
        np.testing.assert_array_equal(E.clear_of_bilabials(segs, 30, clear_s=0.0), (t < 0.5) | (t > 0.7))
        self.assertTrue(E.clear_of_bilabials([("AA", 0.0, 1.0)], 30).all())

    def test_threshold_decides_what_counts_as_closed(self):
        vis = np.zeros(65, int)
        ev = [(0.5, 0.6)]
        g = np.full(39, 0.005)
        g[16] = 0.0018                                   # lips near but not under 1 mm at the event
        g[10] = 0.0018                                   # and the same mid-vowel
        strict = E.score_item(g, vis, self.segs(), ev, ev)
        self.assertEqual((strict["hit"], strict["false"]), (0, 0))
        loose = E.score_item(g, vis, self.segs(), ev, ev, closed_m=0.002)
        self.assertEqual((loose["hit"], loose["false"]), (1, 1))

    def test_sweep_table_totals_each_threshold(self):
        row = {"events": 2, "hit": 1, "false": 1, "speech_s": 30.0, "agree": 0, "frames": 0}
        sweep = {0.001: [dict(row, source="klettres"), dict(row, source="librivox")],
                 0.002: [dict(row, hit=2, false=3, source="klettres"), dict(row, hit=2, false=0, source="librivox")]}
        t = E.sweep_table(sweep)
        self.assertEqual(list(t), ["1", "2"])
        self.assertEqual((t["1"]["closures"], t["1"]["false_per_min"]), (0.5, 2.0))
        self.assertEqual((t["2"]["closures"], t["2"]["false_per_min"]), (1.0, 3.0))
        self.assertEqual((t["2"]["librivox_closures"], t["2"]["librivox_false_per_min"]), (1.0, 0.0))

    def test_viseme_agreement_allows_20ms(self):
        segs = [("aa", 0.0, 0.5), ("PP", 0.5, 1.0)]
        t = 0.02 * np.arange(50) + 0.0125
        shifted = np.where(t < 0.515, E.V.VISEME_INDEX["aa"], E.PP_INDEX)   # boundary 15 ms late
        self.assertEqual(E.score_item(np.full(30, 0.005), shifted, segs, [], [])["agree"], 50)
        wrong = np.where(t < 0.56, E.V.VISEME_INDEX["aa"], E.PP_INDEX)      # 60 ms late: 2 frames off
        self.assertEqual(E.score_item(np.full(30, 0.005), wrong, segs, [], [])["agree"], 48)


class SpeakerProfile(unittest.TestCase):
    """Which profile scores a network: the one fitted on the weights being scored (ADR 0033)."""

    def setUp(self):
        import tempfile
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.bundle = os.path.join(self.tmp, "bundle")
        os.makedirs(os.path.join(self.bundle, "speakers"))
        with open(os.path.join(self.bundle, "manifest.json"), "w") as fh:
            json.dump({"speakers": [{"id": "spk05", "file": "speakers/spk05.json"}, "spk11"]}, fh)
        self.run_dir = os.path.join(self.tmp, "run")
        os.makedirs(self.run_dir)
        self.ckpt = os.path.join(self.run_dir, "base.pt")

    def test_bundle_weights_take_the_bundles_first_speaker(self):
        self.assertEqual(E.speaker_path(self.bundle, self.ckpt, "bundle"),
                         os.path.join(self.bundle, "speakers", "spk05.json"))

    def test_checkpoint_weights_take_that_speaker_as_fitted_in_the_run(self):
        os.makedirs(os.path.join(self.run_dir, "speakers"))
        own = os.path.join(self.run_dir, "speakers", "spk05.json")
        open(own, "w").close()
        self.assertEqual(E.speaker_path(self.bundle, self.ckpt, "checkpoint"), own)

    def test_checkpoint_without_a_fitted_profile_is_refused_not_scored_with_the_bundles(self):
        with self.assertRaises(SystemExit) as cm:
            E.speaker_path(self.bundle, self.ckpt, "checkpoint")
        self.assertIn("--speaker", str(cm.exception))
        self.assertIn(os.path.join("speakers", "spk05.json"), str(cm.exception))

    def test_a_named_profile_wins(self):
        self.assertEqual(E.speaker_path(self.bundle, self.ckpt, "checkpoint", "/x/spk22.json"), "/x/spk22.json")


class ErrorBars(unittest.TestCase):
    """Bootstrap intervals over reference items and the paired comparison of two results."""

    @staticmethod
    def rows(hits, false=None, speech_s=6.0):
        false = false if false is not None else [0] * len(hits)
        return [{"id": "item-%03d" % i, "events": 1, "hit": h, "false": f, "speech_s": speech_s, "agree": 8,
                 "frames": 10} for i, (h, f) in enumerate(zip(hits, false))]

    def test_interval_width_follows_the_binomial_standard_error(self):
        n, p = 400, 0.7
        rows = self.rows([1] * int(n * p) + [0] * int(n * (1 - p)))
        t = E.total(rows)
        self.assertEqual((t["closures"], t["errors_per_min"]), (0.7, 3.0))
        lo, hi = t["closures_ci95"]
        self.assertLess(lo, 0.7)
        self.assertGreater(hi, 0.7)
        normal = 2 * 1.96 * (p * (1 - p) / n) ** 0.5            # 0.0898
        self.assertAlmostEqual(hi - lo, normal, delta=0.15 * normal)
        # a quarter of the items: twice the width
        quarter = E.total(self.rows([1] * 70 + [0] * 30))["closures_ci95"]
        self.assertAlmostEqual((quarter[1] - quarter[0]) / (hi - lo), 2.0, delta=0.4)

    def test_identical_items_leave_no_doubt(self):
        t = E.total(self.rows([1] * 50, false=[1] * 50))
        self.assertEqual(t["closures_ci95"], [1.0, 1.0])
        self.assertEqual(t["false_per_min_ci95"], [10.0, 10.0])
        self.assertNotIn("closures_ci95", E.total(self.rows([1])), "one item has no interval")
        self.assertNotIn("closures_ci95", E.total(self.rows([1, 0]), ci=False))

    def test_paired_difference_is_exact_on_the_full_set_and_zero_for_the_same_result(self):
        a = self.rows([1] * 60 + [0] * 40, false=[0] * 100)
        same = E.paired_difference(a, [dict(r) for r in reversed(a)])       # matched by id, not order
        self.assertEqual(same["closures"], [0.0, 0.0, 0.0])
        b = [dict(r) for r in a]
        for r in b[60:70]:
            r["hit"] = 1                                        # ten more closures
        b[0]["false"] = 3                                       # three more false closures on one item
        d = E.paired_difference(a, b)
        self.assertEqual(d["closures"][0], 0.1)
        self.assertEqual(d["false_per_min"][0], 0.3)            # 3 in 600 s
        self.assertEqual(d["errors_per_min"][0], -0.7)          # (-10 + 3) in 10 min
        self.assertGreater(d["closures"][1], 0.0, "ten more closures in 100 is more than sampling noise")
        with self.assertRaises(ValueError):
            E.paired_difference(a, b[:-1])

    def test_compare_prints_the_paired_table(self):
        import io
        import tempfile
        a = self.rows([1] * 60 + [0] * 40)
        b = [dict(r, hit=1) for r in a]
        table = {"quality": {"real_all": E.total(a), "librivox": {}, "synthetic_heldout": {}}}
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for name, rows in (("before", a), ("after", b)):
                paths.append(os.path.join(tmp, name + ".json"))
                with open(paths[-1], "w") as fh:
                    json.dump({"label": name, "table": table, "item_rows": {"quality": rows}}, fh)
            out = io.StringIO()
            E.compare(paths, out)
        text = out.getvalue()
        self.assertIn("Paired differences from before", text)
        self.assertIn("| after | quality | +0.4 [", text)

    def test_seeds_pool_into_their_mean_and_pair_item_by_item(self):
        import io
        import tempfile

        def doc(label, hits, false):
            rows = self.rows(hits, false)
            return {"label": label, "table": {"quality": {"real_all": E.total(rows), "librivox": {},
                                                          "synthetic_heldout": {"closures": 0.9}}},
                    "item_rows": {"quality": rows}}
        s1 = doc("a-s1", [1] * 60 + [0] * 40, [0] * 100)
        s2 = doc("a-s2", [1] * 80 + [0] * 20, [1] * 10 + [0] * 90)
        pooled = E.pool_seeds([s1, s2])
        self.assertEqual(pooled["pooled"], ["a-s1", "a-s2"])
        self.assertEqual(pooled["table"]["quality"]["real_all"]["closures"], 0.7)
        self.assertEqual(pooled["table"]["quality"]["real_all"]["false_per_min"], 0.5)     # (0 + 1) / 2
        self.assertNotIn("closures_ci95", pooled["table"]["quality"]["real_all"])
        rows = pooled["item_rows"]["quality"]
        self.assertEqual(sum(r["hit"] for r in rows) / sum(r["events"] for r in rows), 0.7)
        self.assertAlmostEqual(60 * sum(r["false"] for r in rows) / sum(r["speech_s"] for r in rows), 0.5)
        self.assertIs(E.pool_seeds([s1]), s1)
        other = doc("b", [1] * 99, [0] * 99)
        with self.assertRaisesRegex(ValueError, "other items"):
            E.pool_seeds([s1, other])
        with tempfile.TemporaryDirectory() as tmp:
            paths = {}
            for d in (s1, s2, doc("b-s1", [1] * 100, [0] * 100), doc("b-s2", [1] * 100, [0] * 100)):
                paths[d["label"]] = os.path.join(tmp, d["label"] + ".json")
                with open(paths[d["label"]], "w") as fh:
                    json.dump(d, fh)
            out = io.StringIO()
            E.compare([paths["a-s1"] + "," + paths["a-s2"], paths["b-s1"] + "," + paths["b-s2"]], out)
        text = out.getvalue()
        self.assertIn("| a-s1 (mean of 2) | quality | 0.700 (100) | 0.50 |", text)
        self.assertIn("pools its training seeds (2 / 2 runs)", text)
        self.assertIn("| b-s1 (mean of 2) | quality | +0.3 [", text)      # 1.0 against the mean 0.7


if __name__ == "__main__":
    unittest.main()
