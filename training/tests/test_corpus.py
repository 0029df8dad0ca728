"""Corpus behaviour: phoneme timing against audio, teacher invariants, determinism, split, loaders.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import hashlib
import json
import os
import shutil
import sys
import tempfile
import unittest
import wave

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import corpus, data, espeak, festival, speakers, teacher, teacher_gaps  # noqa: E402
from adamesh_training import visemes as V  # noqa: E402
from adamesh_training.head import Head  # noqa: E402

HEAD = Head()
IDX = {n: i for i, n in enumerate(HEAD.expression_names)}


def rms_db(x, sr, t, half=0.01):
    seg = x[max(0, int((t - half) * sr)):int((t + half) * sr)].astype(np.float64)
    return 10 * np.log10(np.mean(seg ** 2) + 1e-12)


def animate_espeak(text, voice="en-us", style=None, seed=0):
    audio, phones = espeak.synthesize(text, voice, 160)
    vs = V.segments_to_visemes(phones, V.espeak_visemes)
    pad = 0.4
    audio = np.concatenate([np.zeros(int(pad * 22050), np.float32), audio, np.zeros(int(pad * 22050), np.float32)])
    vs = [("sil", 0.0, pad, "_")] + [(v, s + pad, e + pad, p) for v, s, e, p in vs]
    vs.append(("sil", vs[-1][2], audio.size / 22050, "_"))
    return audio, vs, teacher.animate(audio, 22050, vs, HEAD.expression_names, style, seed)


class PhonemeTimingTest(unittest.TestCase):
    def test_espeak_stop_closures_are_quiet_and_vowels_loud(self):
        audio, phones = espeak.synthesize("a papa, a tata, a papa.", "en-us", 150)
        closures = [(s, e) for p, s, e in phones if p in ("p", "t")]
        vowels = [(s, e) for p, s, e in phones if p in ("a", "A:", "a#", "@", "V", "A")]
        self.assertGreaterEqual(len(closures), 4)
        self.assertGreaterEqual(len(vowels), 4)
        # the first 60 % of a voiceless stop is the closure: much quieter than the vowels' middles
        closure_db = np.mean([rms_db(audio, 22050, s + 0.3 * (e - s)) for s, e in closures])
        vowel_db = np.mean([rms_db(audio, 22050, 0.5 * (s + e)) for s, e in vowels])
        self.assertGreater(vowel_db - closure_db, 12.0)

    def test_energy_rises_at_vowel_onsets_after_voiceless_stops(self):
        audio, phones = espeak.synthesize("pa pa ta ta ka ka", "en-us", 140)
        rises = []
        for (p0, s0, e0), (p1, s1, e1) in zip(phones, phones[1:]):
            if p0 in ("p", "t", "k") and p1 not in ("p", "t", "k") and not p1.startswith("_"):
                rises.append(rms_db(audio, 22050, s1 + 0.03) - rms_db(audio, 22050, s0 + 0.25 * (e0 - s0)))
        self.assertGreaterEqual(len(rises), 4)
        self.assertGreater(min(rises), 6.0)
        self.assertGreater(np.mean(rises), 10.0)

    def test_festival_segments_cover_the_audio(self):
        audio, sr, phones = festival.synthesize_batch(["Bob may pay."], "kal_diphone")[0]
        self.assertEqual(phones[0][0], "pau")
        self.assertAlmostEqual(phones[-1][2], audio.size / sr, delta=0.05)
        bil = [(s, e) for p, s, e in phones if p in ("b", "p", "m")]
        vow = [(s, e) for p, s, e in phones if p in ("aa", "ey")]
        self.assertGreater(np.mean([rms_db(audio, sr, 0.5 * (s + e)) for s, e in vow]),
                           np.mean([rms_db(audio, sr, s + 0.3 * (e - s)) for s, e in bil]) + 6.0)


class TeacherTest(unittest.TestCase):
    def setUp(self):
        self.audio, self.vs, self.out = animate_espeak("Bob may pay five moms a lot of apples.")

    def frames_in(self, visemes, margin=0.02):
        sel = []
        for v, s, e, _ in self.vs:
            if v in visemes:
                for f in range(self.out["expression"].shape[0]):
                    if s + margin <= f / teacher.FPS <= e - margin:
                        sel.append(f)
        return sel

    def test_lips_touch_on_bilabials_measured_on_the_rig(self):
        frames = self.frames_in(("PP",))
        self.assertGreater(len(frames), 5)
        gaps = [HEAD.lip_gap(self.out["expression"][f], self.out["pose"][f]) for f in frames]
        self.assertLess(max(gaps), 0.001, "lip gap on p/b/m must be under 1 mm")

    def test_sibilants_and_alveolars_keep_the_lips_apart(self):
        # Real-voice scoring calls lips closed under 1 mm. The /s/ pose is the teacher's nearest to it
        # (about 1.8 mm here); ADR 0030 measured a wider one (4 mm) and it bought nothing on real speech,
        # so this holds the margin that is there rather than asking for more.
        _, vs, out = animate_espeak("Sis sees six sassy seals. Nice hats, said Tess.")
        gaps = {}
        for v, s, e, _ in vs:
            frames = [f for f in range(out["expression"].shape[0]) if s + 0.02 <= f / 30 <= e - 0.02]
            if v not in ("PP", "sil") and frames:
                gaps.setdefault(v, []).append(min(HEAD.lip_gap(out["expression"][f], out["pose"][f])
                                                  for f in frames))
        self.assertGreaterEqual(len(gaps.get("SS", [])), 8)
        self.assertIn("DD", gaps)
        self.assertIn("nn", gaps)
        worst = {v: min(g) for v, g in gaps.items()}
        self.assertGreater(min(worst.values()), 0.0015, worst)

    def test_jaw_opens_on_open_vowels_more_than_on_close_ones(self):
        jaw = self.out["pose"][:, 2, 0]
        open_ = np.mean(jaw[self.frames_in(("aa",))])
        close = np.mean(jaw[self.frames_in(("I", "U", "PP"))])
        self.assertGreater(open_, 0.12)
        self.assertGreater(open_, 2 * close)
        self.assertGreater(HEAD.lip_gap(self.out["expression"][self.frames_in(("aa",))[1]],
                                        self.out["pose"][self.frames_in(("aa",))[1]]), 0.01)

    def test_labiodentals_tuck_the_lower_lip(self):
        roll = self.out["expression"][self.frames_in(("FF",)), IDX["mouthRollLower"]]
        self.assertGreater(roll.min(), 0.4)

    def test_rounded_vowels_pucker_or_funnel(self):
        _, vs, out = animate_espeak("who knew two blue shoes", "en-us")
        frames = [f for v, s, e, _ in vs if v == "U" for f in range(out["expression"].shape[0])
                  if s + 0.02 <= f / 30 <= e - 0.02]
        ex = out["expression"][frames]
        self.assertGreater(np.mean(ex[:, IDX["mouthPucker"]] + ex[:, IDX["mouthFunnel"]]), 0.5)

    def test_rest_pose_in_silence(self):
        ex, pose = self.out["expression"], self.out["pose"]
        lead = [f for f in range(ex.shape[0]) if f / 30 < 0.25]
        mouth = [i for n, i in IDX.items() if n.startswith(("mouth", "jaw", "tongue"))]
        self.assertLess(np.abs(ex[np.ix_(lead, mouth)]).max(), 0.03)
        self.assertLess(np.abs(pose[lead, 2, 0]).max(), 0.01)

    def test_channels_stay_in_range(self):
        ex, pose = self.out["expression"], self.out["pose"]
        self.assertTrue(np.all(ex >= 0) and np.all(ex <= 1))
        self.assertTrue(np.all(pose[:, 2, 0] >= 0) and np.all(pose[:, 2, 0] <= teacher.MAX_JAW))
        self.assertLess(np.abs(pose[:, 1]).max(), 0.3)
        self.assertTrue(np.all(pose[:, 0] == 0))

    def test_blink_intervals_follow_a_natural_distribution(self):
        audio = np.zeros(22050 * 120, np.float32)
        out = teacher.animate(audio, 22050, [("sil", 0.0, 120.0, "_")], HEAD.expression_names, seed=3)
        b = out["expression"][:, IDX["eyeBlinkLeft"]]
        onsets = np.flatnonzero((b[1:] > 0.5) & (b[:-1] <= 0.5))
        gaps = np.diff(onsets) / 30.0
        self.assertTrue(2.5 < gaps.mean() < 6.0, gaps.mean())
        self.assertGreater(gaps.std(), 0.8)

    def test_speaker_styles_change_the_animation(self):
        t = speakers.speaker_table()
        a = animate_espeak("Papa bought a map.", style=t[0]["style"])[2]
        b = animate_espeak("Papa bought a map.", style=t[5]["style"])[2]
        self.assertGreater(np.abs(a["pose"][:, 1] - b["pose"][:, 1]).mean(), 1e-3)
        self.assertGreater(np.abs(a["expression"] - b["expression"]).mean(), 1e-3)


class CorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="adamesh-corpus-test-")
        cls.a = os.path.join(cls.tmp, "a")
        cls.b = os.path.join(cls.tmp, "b")
        with open(os.devnull, "w") as quiet:
            cls.summary = corpus.build(cls.a, seed=7, quick=True, log=quiet)
            corpus.build(cls.b, seed=7, quick=True, log=quiet)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def digest(root):
        def sha(p):
            with open(os.path.join(root, p), "rb") as fh:
                return hashlib.sha256(fh.read()).hexdigest()
        return {p: sha(p)
                for p in sorted(os.listdir(root)) if p.endswith(".npz")}

    def test_same_seed_gives_the_same_bytes(self):
        self.assertEqual(self.digest(self.a), self.digest(self.b))
        self.assertEqual(len(self.digest(self.a)), corpus.QUICK["shards"])

    def test_build_resumes_by_skipping_finished_shards(self):
        first = os.path.join(self.a, "shard-00000.npz")
        stamp = os.path.getmtime(first)
        log = tempfile.TemporaryFile("w+")
        corpus.build(self.a, seed=7, quick=True, log=log)
        log.seek(0)
        self.assertIn("skipped", log.read())
        self.assertEqual(os.path.getmtime(first), stamp)

    def test_shards_load_with_consistent_lengths(self):
        utts = list(data.load_corpus(self.a))
        self.assertEqual(len(utts), self.summary["utterances"])
        for u in utts:
            self.assertEqual(u.expression.shape[1], 43)
            self.assertEqual(u.pose.shape[1:], (5, 3))
            self.assertEqual(u.expression.shape[0], teacher.frame_count(u.audio.size / 16000))
            self.assertAlmostEqual(u.phones[-1][2], u.audio.size / 16000, delta=0.01)
            self.assertIn("jaw_range", u.style)

    def test_teacher_gap_table_separates_bilabials_from_the_rest(self):
        utts = list(data.load_corpus(self.a))
        stored = teacher_gaps.table(teacher_gaps.segment_minima(utts, "stored"))
        self.assertEqual(stored["PP"]["under_1mm"], 1.0)
        self.assertGreater(stored["PP"]["segments"], 5)
        self.assertLess(stored["non_bilabial"]["under_1mm"], 0.05)
        self.assertGreater(stored["non_bilabial"]["p50_mm"], 3.0)
        self.assertGreater(stored["aa"]["p50_mm"], 2 * stored["SS"]["p50_mm"])
        # every segment long enough to hold an animation frame is counted
        counted = sum(r["segments"] for v, r in stored.items() if v != "non_bilabial")
        framed = sum(1 for u in utts for _, s, e, _ in teacher_gaps.viseme_segments(u)
                     if np.any((np.arange(u.expression.shape[0]) / teacher.FPS >= s)
                               & (np.arange(u.expression.shape[0]) / teacher.FPS < e)))
        self.assertEqual(counted, framed)
        # animating the stored timings again with the same teacher lands near the stored animation (the
        # stored audio is augmented, the builder's loudness came from the clean audio)
        again = teacher_gaps.table(teacher_gaps.segment_minima(utts, "teacher"))
        self.assertEqual(again["PP"]["under_1mm"], 1.0)
        self.assertAlmostEqual(again["non_bilabial"]["p50_mm"], stored["non_bilabial"]["p50_mm"], delta=0.5)

    def test_teacher_gap_segments_need_a_known_synthesiser(self):
        u = next(iter(data.load_corpus(self.a)))
        u.info = dict(u.info, synth="unknown")
        with self.assertRaisesRegex(ValueError, "unknown synthesiser"):
            teacher_gaps.viseme_segments(u)

    def test_held_out_speakers_never_in_training_split(self):
        table = speakers.speaker_table()
        held = {s["id"] for s in table if s["split"] == "heldout"}
        self.assertGreaterEqual(len(held), 8)
        self.assertGreaterEqual(len(table), 32)
        self.assertEqual(held, set(speakers.HELD_OUT))
        self.assertFalse(held & set(speakers.split("train")))
        # the quick corpus holds spk33 (train) and spk11/22/00; none of the held-out leak into train
        for u in data.load_corpus(self.a, split="train"):
            self.assertNotIn(u.speaker, held)
        with open(os.path.join(self.a, "speakers.json")) as fh:
            stored = json.load(fh)["speakers"]
        self.assertEqual(stored, table)

    def test_voices_and_languages_of_the_speaker_table(self):
        table = speakers.speaker_table()
        voices = {s["voice"] for s in table}
        self.assertGreaterEqual(len(voices), 40)
        english = sum(s["language"] == "en" for s in table)
        self.assertGreater(english, len(table) / 2)
        self.assertGreaterEqual(len({s["language"] for s in table}), 5)


class VocasetLoaderTest(unittest.TestCase):
    def test_reads_a_tiny_vocaset_style_folder(self):
        with tempfile.TemporaryDirectory() as root:
            subj = os.path.join(root, "FaceTalk_170725_00137_TA")
            os.makedirs(subj)
            with wave.open(os.path.join(subj, "sentence01.wav"), "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(22000)
                w.writeframes((np.sin(np.arange(22000) * 0.05) * 8000).astype("<i2").tobytes())
            expr = np.tile(np.linspace(0, 1, 60)[:, None], (1, 100)).astype(np.float32)
            jaw = np.zeros((60, 3), np.float32)
            jaw[:, 0] = np.linspace(0, 0.2, 60)
            np.savez(os.path.join(subj, "sentence01.npz"), expression=expr, jaw=jaw, fps=np.float32(60))
            (u,) = list(data.load_vocaset(root))
            self.assertEqual(u.speaker, "FaceTalk_170725_00137_TA")
            self.assertEqual(u.audio.size, 16000)
            self.assertEqual(u.expression.shape, (30, 100))
            self.assertAlmostEqual(float(u.pose[-1, 2, 0]), 0.2 * 58 / 59, places=4)
            self.assertAlmostEqual(float(u.expression[15, 0]), 30 / 59, places=4)


if __name__ == "__main__":
    unittest.main()
