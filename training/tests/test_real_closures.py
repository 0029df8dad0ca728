"""Real-speech closure-interval supervision (real_closures.py): which real events become targets, where
their frames fall, what the lip loss rewards, and that reference material is never read.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

import numpy as np
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import real_closures as RC  # noqa: E402
from adamesh_training.features import log_mel  # noqa: E402
from adamesh_training import realvoice_reference as R  # noqa: E402
from adamesh_training import visemes as V  # noqa: E402
from adamesh_training.expression_model import JAW_SCALE  # noqa: E402
from adamesh_training.features import log_mel  # noqa: E402
from adamesh_training.head import Head  # noqa: E402
from adamesh_training.lip_contact import TorchLipGap  # noqa: E402

SR = 16000


def vcv(closure_s=0.50, release_s=0.62, end_s=1.0):
    """Vowel - silent bilabial closure - vowel: loud broadband noise with a near-silent gap."""
    rng = np.random.default_rng(1)
    x = 0.001 * rng.standard_normal(int(end_s * SR))
    for a, b in ((0.2, closure_s), (release_s, 0.9)):
        x[int(a * SR):int(b * SR)] += 0.3 * rng.standard_normal(int(b * SR) - int(a * SR))
    return x.astype(np.float32)


def built(items):
    """(build statistics, loaded set) of ``real_closures.build`` on ``items`` in a temporary folder, two
    alignments at once."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rc.npz")
        stats = RC.build(path, items=items, log=lambda *a: None, workers=2)
        return stats, RC.load(path)[0]


def vowel_over_closure_loudness(data):
    """Median log-mel energy (1-7 kHz bins) of open-vowel frames minus that of closed frames, over a
    loaded real-closures set: a check of its labels that uses none of the labelling methods."""
    loud_c, loud_o = [], []
    for mel, c, o in zip(data["mel"], data["closed"], data["opened"]):
        e = np.log(np.exp(mel[:, 20:70]).sum(1))
        f = np.minimum((np.arange(c.size) / 30.0 * 100).astype(int), e.size - 1)
        loud_c += e[f[c > 0]].tolist()
        loud_o += e[f[o > 0]].tolist()
    return float(np.median(loud_o) - np.median(loud_c))


class Intervals(unittest.TestCase):
    def test_trusted_closure_spans_the_landmarks(self):
        segs = [("SIL", 0.0, 0.2), ("AA", 0.2, 0.51), ("B", 0.51, 0.61), ("AA", 0.61, 0.9), ("SIL", 0.9, 1.0)]
        got, found = RC.closure_intervals(segs, vcv())
        self.assertEqual(found, 1)
        self.assertEqual(len(got), 1)
        c, r, phone = got[0]
        self.assertEqual(phone, "B")
        self.assertAlmostEqual(c, 0.50, delta=0.008)
        self.assertAlmostEqual(r, 0.62, delta=0.008)

    def test_an_alignment_the_landmarks_contradict_gives_no_target(self):
        # pocketsphinx puts the release 70 ms late: no 9 dB jump within 40 ms of it, so not trusted
        segs = [("SIL", 0.0, 0.2), ("AA", 0.2, 0.51), ("B", 0.51, 0.69), ("AA", 0.69, 0.9), ("SIL", 0.9, 1.0)]
        got, found = RC.closure_intervals(segs, vcv())
        self.assertEqual((got, found), ([], 1))

    def test_word_initial_closure_reaches_back_at_most_100ms(self):
        x = vcv()
        x[:int(0.62 * SR)] = 0.001 * np.random.default_rng(2).standard_normal(int(0.62 * SR))
        segs = [("SIL", 0.0, 0.3), ("M", 0.3, 0.61), ("AA", 0.61, 0.9), ("SIL", 0.9, 1.0)]
        (c, r, _), = RC.closure_intervals(segs, x)[0]
        self.assertAlmostEqual(r, 0.62, delta=0.008)
        self.assertAlmostEqual(r - c, RC.EDGE_REACH_S, delta=1e-9)
        short = [("SIL", 0.0, 0.57), ("M", 0.57, 0.61), ("AA", 0.61, 0.9), ("SIL", 0.9, 1.0)]
        (c, r, _), = RC.closure_intervals(short, x)[0]
        self.assertAlmostEqual(c, 0.57, delta=1e-9, msg="a short m starts where pocketsphinx starts it")
        (c, r, _), = RC.closure_intervals(segs, x, reach=0.034)[0]
        self.assertAlmostEqual(r - c, 0.034, delta=1e-9)

    def test_open_frames_are_loud_open_vowels_only(self):
        x = vcv()
        x[int(0.62 * SR):int(0.9 * SR)] *= 0.01                 # the second vowel 40 dB down
        segs = [("SIL", 0.0, 0.2), ("AA", 0.2, 0.51), ("B", 0.51, 0.61), ("AA", 0.61, 0.9), ("SIL", 0.9, 1.0)]
        self.assertEqual(len(RC.open_vowel_intervals(segs, x)), 1)
        s, e = RC.open_vowel_intervals(segs, x)[0]
        self.assertAlmostEqual(s, 0.2 + RC.VOWEL_SHRINK_S)
        self.assertAlmostEqual(e, 0.51 - RC.VOWEL_SHRINK_S)
        rounded = [("SIL", 0.0, 0.2), ("UW", 0.2, 0.51), ("SIL", 0.51, 1.0)]
        self.assertEqual(RC.open_vowel_intervals(rounded, vcv()), [], "rounded vowels are not asked to open")

    def test_speech_open_frames_keep_clear_of_bilabials_and_pauses(self):
        segs = [("SIL", 0.0, 0.2), ("AA", 0.2, 0.51), ("B", 0.51, 0.61), ("S", 0.61, 0.9), ("SIL", 0.9, 1.0)]
        got = RC.speech_open_intervals(segs, vcv())
        self.assertEqual(len(got), 2)
        (s1, e1), (s2, e2) = got
        self.assertAlmostEqual(s1, 0.2 + RC.SPEECH_SHRINK_S)
        self.assertAlmostEqual(e1, 0.50 - RC.BILABIAL_CLEAR_S, delta=0.008)     # landmark closure 0.50
        self.assertAlmostEqual(s2, 0.62 + RC.BILABIAL_CLEAR_S, delta=0.008)     # landmark release 0.62
        self.assertAlmostEqual(e2, 0.9 - RC.SPEECH_SHRINK_S)

    def test_frame_masks_put_frame_f_at_f_over_30_s(self):
        c, o = RC.frame_masks(30, [(0.1, 0.2)], [(0.15, 0.5)])
        self.assertEqual(np.nonzero(c)[0].tolist(), [3, 4, 5, 6])
        self.assertEqual(np.nonzero(o)[0].tolist(), list(range(7, 16)), "closure wins where both hold")


class ReferenceStaysOut(unittest.TestCase):
    def test_build_refuses_reference_languages(self):
        with tempfile.TemporaryDirectory() as tmp:
            for lang in ("en", "it", "cs"):
                with self.assertRaises(ValueError) as cm:
                    RC.build(os.path.join(tmp, "x.npz"), items=[("klettres/%s/b" % lang, lang, "b", "/nonexistent")])
                self.assertIn("reference", str(cm.exception))
                self.assertFalse(os.path.exists(os.path.join(tmp, "x.npz")))


@unittest.skipUnless(os.path.isdir(R.KLETTRES) and shutil.which("sox") and shutil.which("pocketsphinx_continuous"),
                     "needs klettres-data, sox and pocketsphinx")
class RealItems(unittest.TestCase):
    def test_closed_frames_fall_on_the_quiet_closure_of_real_words(self):
        want = {"klettres/ml/pha", "klettres/nb/U0070", "klettres/hu/m", "klettres/ml/ba", "klettres/ml/ma"}
        items = [it for it in R.training_items() if it[0] in want]
        self.assertGreaterEqual(len(items), 3)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rc.npz")
            stats = RC.build(path, items=items, log=lambda *a: None)
            data, summary = RC.load(path)
            speech, _ = RC.load(path, "speech")
            with self.assertRaises(ValueError):
                RC.load(path, "everything")
        self.assertEqual(summary, stats)
        self.assertGreaterEqual(stats["trusted_used"], 2)
        self.assertGreater(stats["open_frames"], 0)
        # independent check of the joined timeline: closed frames are far quieter than open-vowel frames
        self.assertGreater(vowel_over_closure_loudness(data), 3.0, "closures sit in quiet frames")
        for c, o, sp, fr in zip(data["closed"], data["opened"], speech["opened"], data["free"]):
            self.assertFalse((c & sp).any(), "no frame is both closed and open")
            self.assertFalse((c & fr).any(), "a closure frame is never a free (anchored) frame")
            self.assertTrue(fr.any() and not fr.all())
        self.assertGreater(sum(x.sum() for x in speech["opened"]), sum(x.sum() for x in data["opened"]))

        crops = RC.RealCrops(data, np.random.default_rng(0))
        units = int(crops.units.max())
        mel, cm, om = crops.batch(3, units)
        self.assertEqual(tuple(mel.shape), (3, 10 * units, 80))
        self.assertEqual(tuple(cm.shape), (3, 3 * units))
        self.assertTrue(bool((cm.sum(1) > 0).all()), "crops are drawn from utterances with a closure")
        self.assertEqual(tuple(crops.last_free.shape), (3, 3 * units))
        self.assertFalse(bool((crops.last_free * cm).any()))
        # augmented crops: the first crop has the same utterance and place (same random draws up to
        # there), other audio and the same labels
        plain = RC.RealCrops(data, np.random.default_rng(5)).batch(2, units)
        m2, c2, _ = RC.RealCrops(data, np.random.default_rng(5), augment=1.0).batch(2, units)
        self.assertEqual(tuple(m2.shape), tuple(plain[0].shape))
        self.assertTrue(bool((c2[0] == plain[1][0]).all()))
        self.assertGreater(float((m2[0] - plain[0][0]).abs().mean()), 0.05, "augmentation changes the log-mel")
        # a vocal-tract-length warp: same utterance, place and labels; the log-mel is that of the
        # stored audio through the warped filterbank
        m3, c3, _ = RC.RealCrops(data, np.random.default_rng(5), vtlp=1.0, vtlp_range=0.15).batch(2, units)
        self.assertTrue(bool((c3[0] == plain[1][0]).all()))
        self.assertGreater(float((m3[0] - plain[0][0]).abs().mean()), 0.02, "a warp changes the log-mel")
        # the first crop again from the same random draws: utterance, start, warp
        rng = np.random.default_rng(5)
        ok = np.nonzero((crops.units >= units) & crops.has)[0]
        i = int(rng.choice(ok, 2)[0])
        k = int(rng.integers(0, crops.units[i] - units + 1))
        self.assertLess(rng.random(), 1.0)
        w = float(rng.uniform(0.85, 1.15))
        want = log_mel(data["audio"][i].astype(np.float32), w).astype(np.float32)[10 * k:10 * (k + units)]
        np.testing.assert_allclose(m3[0].numpy(), want, atol=1e-5)
        no_audio = dict(data, audio=None)
        with self.assertRaises(ValueError):
            RC.RealCrops(no_audio, np.random.default_rng(0), augment=0.5)
        with self.assertRaises(ValueError):
            RC.RealCrops(no_audio, np.random.default_rng(0), vtlp=0.5)
        with self.assertRaises(ValueError):
            RC.RealCrops(data, np.random.default_rng(0), vtlp=0.5, vtlp_range=0.7)
        with self.assertRaises(ValueError):
            RC.RealCrops(no_audio, np.random.default_rng(0), teacher_styles=[None])

        # teacher animation of the reference labels: in step with the closure and open-vowel frames,
        # which come from the landmarks and loudness rather than from these labels alone
        head = Head()
        gapper = TorchLipGap(head)
        shut, wide = [], []
        for i, (c, o) in enumerate(zip(data["closed"], data["opened"])):
            t = RC.teacher_track(data, i, head.expression_names)
            self.assertEqual(t.shape, (c.size, 44))
            g = gapper(torch.as_tensor(t)[None])[0].numpy() * 1000
            shut += (g[c > 0] < 1.0).tolist()
            wide += (g[o > 0] > 1.5).tolist()
        self.assertGreater(np.mean(shut), 0.7, "the teacher's lips are closed in the trusted closures")
        self.assertGreater(np.mean(wide), 0.9, "and open in the loud open vowels")
        # labels that miss every bilabial (PP read as "aa"): the teacher then leaves the lips apart, unless
        # the trusted closures are set to PP first
        aa, pp = V.VISEME_INDEX["aa"], V.VISEME_INDEX["PP"]
        blind = dict(data, viseme=[np.where(v == pp, aa, v).astype(v.dtype) for v in data["viseme"]])
        shut_blind, shut_pp = [], []
        for i, c in enumerate(data["closed"]):
            for out, closures in ((shut_blind, False), (shut_pp, True)):
                t = RC.teacher_track(blind, i, head.expression_names, closures=closures)
                g = gapper(torch.as_tensor(t)[None])[0].numpy() * 1000
                out += (g[c > 0] < 1.0).tolist()
        self.assertLess(np.mean(shut_blind), 0.5, "labels without PP: lips mostly apart in the closures")
        self.assertGreater(np.mean(shut_pp), 0.95, "the trusted closures as PP: lips shut in them")
        # in a drawn style: a wide-jawed and a narrow-jawed speaker, crops and references in the same one
        from adamesh_training.teacher import DEFAULT_STYLE
        styles = [dict(DEFAULT_STYLE, jaw_range=1.3), dict(DEFAULT_STYLE, jaw_range=0.7)]
        crops = RC.RealCrops(data, np.random.default_rng(3), teacher_styles=styles, names=head.expression_names)
        crops.batch(6, units)
        self.assertEqual(tuple(crops.last_teacher.shape), (6, 3 * units, 44))
        self.assertEqual(set(crops.last_styles), {0, 1})
        refs = crops.teacher_refs(150)                         # longer than any one utterance
        self.assertEqual(tuple(refs.shape), (6, 150, 44))
        jaw = {st: [] for st in (0, 1)}
        for st, t, r in zip(crops.last_styles, crops.last_teacher, refs):
            jaw[st] += [float(t[:, 43].max()), float(r[:, 43].max())]
        self.assertGreater(min(jaw[0]), max(jaw[1]), "crop and reference are animated in the crop's style")
        joined = np.concatenate([crops.track(i, crops.last_styles[0]) for i in range(len(data["mel"]))] * 2)
        first = refs[0, :3].numpy()
        self.assertTrue(any(np.array_equal(joined[i:i + 3], first) for i in range(len(joined) - 2)),
                        "a reference is a stretch of teacher tracks")

class MergeAndShares(unittest.TestCase):
    @staticmethod
    def _cache(path, langs, seed, closures=True):
        """A cache as build writes it, of one utterance per language tag, with random content."""
        rng = np.random.default_rng(seed)
        mels, masks, auds, viss = [], [], [], []
        for _ in langs:
            n = int(rng.integers(40, 60))                  # 0.1 s units
            mels.append(rng.normal(size=(10 * n, 80)).astype(np.float16))
            m = np.zeros(3 * n, np.uint8)
            if closures:
                m[5:7] = 1
            masks.append(m)
            auds.append(rng.normal(size=1600 * n).astype(np.float16))
            viss.append(rng.integers(-1, 5, 5 * n).astype(np.int64))
        off = lambda xs: np.concatenate([[0], np.cumsum([x.shape[0] for x in xs])]).astype(np.int64)  # noqa: E731
        summary = {"items": len(langs), "aligned": len(langs), "trusted_used": len(langs), "seconds": 1.5,
                   "edge_reach_s": 0.1, "languages": sorted(set(langs)),
                   "by_source": {RC.source_of(langs[0]): {"items": len(langs), "aligned": len(langs)}},
                   "by_phone": {"B": len(langs)}}
        np.savez(path, mel=np.concatenate(mels), mel_off=off(mels), closed=np.concatenate(masks),
                 opened=1 - np.concatenate(masks), spoken=1 - np.concatenate(masks), free=1 - np.concatenate(masks),
                 mask_off=off(masks), audio=np.concatenate(auds), audio_off=off(auds),
                 viseme=np.concatenate(viss), vis_off=off(viss), language=np.array(langs), summary=json.dumps(summary))

    def test_merge_joins_utterances_and_sums_the_summaries(self):
        with tempfile.TemporaryDirectory() as tmp:
            a, b, c = (os.path.join(tmp, x + ".npz") for x in "abc")
            self._cache(a, ["ast-en", "ast-ru"], 0)
            self._cache(b, ["kt-uk", "kt-uk", "kt-lt"], 1)
            stats = RC.merge([a, b], c)
            da, _ = RC.load(a)
            db, _ = RC.load(b)
            dc, sc = RC.load(c)
            self.assertEqual(sc, stats)
            self.assertEqual(da["language"] + db["language"], dc["language"])
            for key in ("mel", "closed", "opened", "free", "audio", "viseme"):
                for x, y in zip(da[key] + db[key], dc[key]):
                    np.testing.assert_array_equal(x, y)
            self.assertEqual(5, stats["items"])
            self.assertEqual(3.0, stats["seconds"])
            self.assertEqual(0.1, stats["edge_reach_s"])
            self.assertEqual({"asterisk": {"items": 2, "aligned": 2}, "ktuberling": {"items": 3, "aligned": 3}},
                             stats["by_source"])
            self.assertEqual({"B": 5}, stats["by_phone"])
            self.assertEqual(["ast-en", "ast-ru", "kt-lt", "kt-uk"], stats["languages"])
            with np.load(a) as zf:                   # a cache from another edge reach is refused
                z = dict(zf)
            z["summary"] = json.dumps(dict(json.loads(str(z["summary"])), edge_reach_s=0.2))
            np.savez(os.path.join(tmp, "d.npz"), **z)
            with self.assertRaises(ValueError):
                RC.merge([b, os.path.join(tmp, "d.npz")], c)

    def test_source_shares_set_how_often_each_source_is_drawn(self):
        with tempfile.TemporaryDirectory() as tmp:
            a, b, c = (os.path.join(tmp, x + ".npz") for x in "abc")
            self._cache(a, ["ast-en"] * 18, 0)
            self._cache(b, ["kt-uk"] * 2, 1)
            RC.merge([a, b], c)
            data, _ = RC.load(c)
        src = np.array([RC.source_of(x) for x in data["language"]])

        def share_of_kt(**kw):
            crops = RC.RealCrops(data, np.random.default_rng(3), **kw)
            crops.batch(2000, 30)
            return float(np.mean(src[crops.last_items] == "ktuberling"))

        self.assertAlmostEqual(0.1, share_of_kt(), delta=0.03)          # 2 of 20 utterances
        self.assertAlmostEqual(0.5, share_of_kt(source_share={"asterisk": 1, "ktuberling": 1}), delta=0.04)
        self.assertEqual(0.0, share_of_kt(source_share={"asterisk": 1, "ktuberling": 0}))
        with self.assertRaises(ValueError):
            RC.RealCrops(data, np.random.default_rng(0), source_share={"klettres": 1})   # none in the cache
        with self.assertRaises(ValueError):
            RC.RealCrops(data, np.random.default_rng(0), source_share={"librivox": 1})


class ClosuresAsPP(unittest.TestCase):
    def test_a_closed_run_becomes_pp_over_the_time_it_covers(self):
        aa, pp = V.VISEME_INDEX["aa"], V.VISEME_INDEX["PP"]
        labels = np.full(50, aa, np.int8)                       # 1 s of "aa" at 50 Hz
        labels[45:] = pp                                        # the alignment's own (late) PP stays
        closed = np.zeros(30, np.uint8)
        closed[9:12] = 1                                        # frames 9-11: 0.3 to 0.367 s, +- half a frame
        tj = 0.02 * np.arange(50) + 0.0125
        for pad, count in ((0.0, 5), (1.0, 9)):               # 0.1 s of 50 Hz frames; 1/30 s more each side
            out = RC.closures_as_pp(labels, closed, pad)
            inside = (tj >= (8.5 - pad) / 30) & (tj < (11.5 + pad) / 30)
            self.assertTrue((out[inside] == pp).all())
            self.assertTrue((out[~inside & (np.arange(50) < 45)] == aa).all(), "no other frame changes")
            self.assertTrue((out[45:] == pp).all())
            self.assertEqual(int(inside.sum()), count)
        self.assertTrue((labels[:45] == aa).all(), "the cached labels are not changed in place")


class Loss(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.gap = TorchLipGap(Head())

    def outputs(self, jaw, frames=6):
        y = torch.zeros(1, frames, 44)
        y[..., 43] = jaw * JAW_SCALE
        return y

    def test_satisfied_targets_cost_nothing_and_violations_do(self):
        closed = torch.tensor([[1, 1, 1, 0, 0, 0]], dtype=torch.float32)
        opened = torch.tensor([[0, 0, 0, 1, 1, 1]], dtype=torch.float32)
        rest_mm = float(self.gap(self.outputs(0.0))[0, 0]) * 1000
        open_mm = float(self.gap(self.outputs(0.2))[0, 0]) * 1000
        self.assertLess(rest_mm, 0.5)
        self.assertGreater(open_mm, 3.0)
        y = self.outputs(0.0)
        y[0, 3:, 43] = 0.2 * JAW_SCALE
        loss, st = RC.closure_interval_loss(self.gap, y, closed, opened)
        self.assertAlmostEqual(float(loss), 0.0, places=6)
        self.assertEqual((st["closed_reached"], st["open_contact"]), (1.0, 0.0))
        bad = torch.flip(y, [1])                                # open where closed, closed where open
        loss, st = RC.closure_interval_loss(self.gap, bad, closed, opened)
        self.assertAlmostEqual(float(loss), (open_mm - 0.5) + (1.5 - rest_mm), places=3)
        self.assertEqual((st["closed_reached"], st["open_contact"]), (0.0, 1.0))
        heavy, _ = RC.closure_interval_loss(self.gap, bad, closed, opened, open_weight=3.0)
        self.assertAlmostEqual(float(heavy), (open_mm - 0.5) + 3 * (1.5 - rest_mm), places=3)

    def test_gradient_descent_closes_the_lips_in_the_interval_and_nowhere_else(self):
        closed = torch.tensor([[0, 1, 1, 0]], dtype=torch.float32)
        opened = torch.zeros(1, 4)
        y = self.outputs(0.2, 4).requires_grad_(True)
        opt = torch.optim.Adam([y], lr=0.05)
        for _ in range(150):
            loss, _ = RC.closure_interval_loss(self.gap, y, closed, opened)
            opt.zero_grad()
            loss.backward()
            opt.step()
        g = self.gap(y.detach())[0].numpy() * 1000
        self.assertTrue((g[1:3] < 1.0).all(), g)
        self.assertTrue((g[[0, 3]] > 3.0).all(), "frames outside the interval are left alone")


class Options(unittest.TestCase):
    def test_fine_tune_refuses_bad_real_closure_options(self):
        from adamesh_training import train_realvoice
        with tempfile.TemporaryDirectory() as tmp:
            for bad in (["--control", "--real-closures", "0.25"], ["--real-closures", "1"],
                        ["--real-closures", "0.2", "--klettres", "0.2"], ["--real-closures-weight", "-1"],
                        ["--real-anchor", "1"], ["--real-closures", "0.2", "--real-anchor", "-1"],
                        ["--real-visemes"], ["--real-closures", "0.2", "--real-visemes-weight", "3"],
                        ["--real-closures", "0.2", "--real-visemes", "--real-visemes-weight", "-1"],
                        ["--real-teacher", "1"], ["--real-closures", "0.2", "--real-teacher", "-1"],
                        ["--real-closures", "0.2", "--real-teacher-floor", "0.8"], ["--real-envelope", "1"],
                        ["--real-closures", "0.2", "--real-envelope", "-1"],
                        ["--real-closures", "0.2", "--real-envelope-by", "viseme"],
                        ["--real-closures", "0.2", "--real-teacher-closures"], ["--real-vtlp", "0.5"],
                        ["--real-closures", "0.2", "--real-vtlp", "1.5"],
                        ["--real-closures", "0.2", "--real-vtlp", "0.5", "--real-vtlp-range", "0.6"]):
                err = io.StringIO()
                with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
                    train_realvoice.main(["--init", tmp, "--out", os.path.join(tmp, "run")] + bad)
                self.assertIn("real-", err.getvalue())
                self.assertFalse(os.path.exists(os.path.join(tmp, "run")), "nothing is written for bad options")


class Envelope(unittest.TestCase):
    def test_teacher_envelope_is_the_range_each_channel_is_driven_in(self):
        from adamesh_training.train_realvoice import teacher_envelope
        rng = np.random.default_rng(0)
        t = np.zeros((2000, 44), np.float32)
        t[:, 5] = rng.uniform(0.2, 0.6, 2000)                  # a channel the teacher moves
        t[:, 43] = rng.uniform(0.0, 2.0, 2000)                 # the scaled jaw
        lo, hi = teacher_envelope([t[:1000], t[1000:]])
        self.assertEqual(tuple(lo.shape), (44,))
        self.assertAlmostEqual(float(lo[5]), 0.2, delta=0.01)
        self.assertAlmostEqual(float(hi[5]), 0.6, delta=0.01)
        self.assertAlmostEqual(float(hi[43]), 2.0, delta=0.02)
        self.assertEqual(float(hi[7]), 0.0, "a channel the teacher never moves has an empty range")

    def test_viseme_envelope_gives_each_class_its_own_range(self):
        from adamesh_training import visemes as V
        from adamesh_training.train_realvoice import viseme_envelope
        rng = np.random.default_rng(1)
        pp, aa = V.VISEME_INDEX["PP"], V.VISEME_INDEX["aa"]
        targets, labels = [], []
        for k in range(20):                                   # 3 s utterances: 1.5 s of PP, then 1.5 s of aa
            vis = np.full(150, aa, np.int8)
            vis[:75] = pp
            t = np.zeros((90, 44), np.float32)
            f = np.arange(90) / 30.0
            closed = f < 1.52                                  # frame 45 (1.5 s) reads 50 Hz label 74
            t[:, 43] = np.where(closed, rng.uniform(0.0, 0.3, 90), rng.uniform(1.0, 2.0, 90))  # jaw
            targets.append(t)
            labels.append(vis)
        lo, hi = viseme_envelope(targets, labels, q=1.0)
        self.assertEqual(tuple(lo.shape), (len(V.VISEMES) + 1, 44))
        self.assertLess(float(hi[pp, 43]), 0.35, "a closure's jaw stays near shut")
        self.assertGreater(float(lo[aa, 43]), 0.95, "an open vowel's jaw opens at least this far")
        self.assertLess(float(lo[-1, 43]), 0.05, "the last row is the range over all frames")
        self.assertGreater(float(hi[-1, 43]), 1.9)
        for v in (V.VISEME_INDEX["FF"], V.VISEME_INDEX["O"]):  # classes never seen take the overall range
            self.assertEqual(float(lo[v, 43]), float(lo[-1, 43]))
            self.assertEqual(float(hi[v, 43]), float(hi[-1, 43]))

    def test_envelope_rows_trust_closures_and_labels_clear_of_bilabials_only(self):
        from adamesh_training import visemes as V
        from adamesh_training.train_realvoice import envelope_rows
        aa, pp, overall = V.VISEME_INDEX["aa"], V.VISEME_INDEX["PP"], len(V.VISEMES)
        vis = torch.full((1, 50), aa, dtype=torch.long)         # 1 s of labels, all "aa"
        vis[0, 40:] = -1                                          # silence at the end
        closed = torch.zeros(1, 30)
        closed[0, 10:13] = 1                                      # a trusted closure the labels missed
        free = torch.ones(1, 30)
        free[0, 7:16] = 0                                         # the frames near it
        rows = envelope_rows(vis, closed, free, 30)[0].tolist()
        self.assertEqual(rows[10:13], [pp] * 3, "inside a trusted closure: PP, whatever the label")
        self.assertEqual(rows[7:10] + rows[13:16], [overall] * 6, "near a bilabial the label is not trusted")
        self.assertEqual(rows[:7], [aa] * 7, "clear of bilabials the frame's own label")
        self.assertEqual(rows[25:], [overall] * 5, "unlabelled frames take the overall range")


if __name__ == "__main__":
    unittest.main()
