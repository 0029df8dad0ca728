"""Closure as a trained decision (closure_decision.py, ADR 0031): its event counting follows
real_voice_eval's rules, the head is causal, it learns a closure cue, and a decision mask is scored on
the reference exactly as a face whose lips are closed on the same frames.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import sys
import unittest

import numpy as np
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import closure_decision as C  # noqa: E402
from adamesh_training import real_voice_eval as R  # noqa: E402


def mask(n, *runs):
    m = np.zeros(n, bool)
    for f, g in runs:
        m[f:g + 1] = True
    return m


class EventCounts(unittest.TestCase):
    def test_hits_misses_and_false_closures_by_the_evaluation_rules(self):
        n = 60
        speech = mask(n, (5, 54))
        closed = mask(n, (10, 12), (40, 41))                   # two trusted closures
        free = ~mask(n, (8, 14), (38, 43), (30, 31))           # clear of every bilabial (30-31: an untrusted one)
        decided = mask(n, (13, 13),                            # one frame after the first closure: a hit
                       (20, 22),                               # inside speech, clear of bilabials: false
                       (30, 30),                               # near an untrusted bilabial: not false
                       (3, 6))                                 # starts in silence: the rest pose, not false
        self.assertEqual(C.event_counts(decided, closed, speech, free), (2, 1, 1, 50 / 30.0))
        cl, fa, er = C.rates([C.event_counts(decided, closed, speech, free)])
        self.assertAlmostEqual(cl, 0.5)
        self.assertAlmostEqual(fa, 1 / (50 / 30.0 / 60.0))
        self.assertAlmostEqual(er, 2 / (50 / 30.0 / 60.0))

    def test_speech_frames_follow_the_nearest_50hz_label(self):
        vis = np.array([-1] * 10 + [3] * 20 + [C.SIL_INDEX] * 10 + [5] * 10)
        sp = C.speech_frames(vis, 30)
        t = np.arange(30) / 30.0
        j = np.clip(np.round((t - 0.0125) / 0.02).astype(int), 0, vis.size - 1)
        np.testing.assert_array_equal(sp, (vis[j] >= 0) & (vis[j] != C.SIL_INDEX))
        self.assertFalse(sp[:5].any())
        self.assertTrue(sp[8:17].all())


class Head(unittest.TestCase):
    def test_the_head_is_causal(self):
        torch.manual_seed(0)
        h = C.DecisionHead(5)
        x = torch.randn(1, 30, 5)
        y = h(x)
        x2 = x.clone()
        x2[:, 20:] += 3.0
        y2 = h(x2)
        torch.testing.assert_close(y[:, :20], y2[:, :20])
        self.assertGreater(float((y[:, 20:] - y2[:, 20:]).abs().max()), 1e-3)

    def test_it_learns_a_closure_cue_and_the_threshold_halves_the_errors(self):
        rng = np.random.default_rng(0)
        rows = []
        for _ in range(40):
            n = 90
            closed = np.zeros(n, bool)
            for s in rng.choice(np.arange(10, 80, 12), 3, replace=False):
                closed[s:s + 3] = True
            speech = mask(n, (3, 86))
            near = np.convolve(closed, np.ones(7), "same") > 0
            f = rng.normal(0, 1, (n, 4)).astype(np.float32)
            f[:, 0] += 2.5 * closed                       # the cue
            gap = np.where(rng.random(n) < 0.15, 0.5, 3.0).astype(np.float32)   # a face closing at random
            r = {"f": f, "gap": gap, "closed": closed, "speech": speech, "free": ~near}
            r["neg"] = speech & ~near & ~closed
            rows.append(r)
        head, inputs = C.train_head(rows[:30], steps=300, seed=0)
        val = rows[30:]
        tau, table = C.choose_threshold(val, [C.probabilities(head, inputs, r) for r in val])
        best = min(table, key=lambda x: x[3])
        self.assertEqual(best[0], tau)
        face = C.rates([C.event_counts(r["gap"] < 1.0, r["closed"], r["speech"], r["free"]) for r in val])
        self.assertGreater(best[1], 0.9)
        self.assertLess(best[3], face[2] / 2)
        never = C.rates([C.event_counts(np.zeros(90, bool), r["closed"], r["speech"], r["free"]) for r in val])
        self.assertLess(best[3], never[2])
        # as a veto the head can only remove closures the face makes: never more hits than the face,
        # and at the chosen threshold no more errors than the face (threshold 0 would be the face itself)
        probs = [C.probabilities(head, inputs, r) for r in val]
        vt, vtable = C.choose_threshold(val, probs, C.VETO_THRESHOLDS, veto_gap_mm=1.0)
        vbest = min(vtable, key=lambda x: x[3])
        self.assertEqual(vbest[0], vt)
        self.assertTrue(all(row[1] <= face[0] + 1e-9 for row in vtable))
        self.assertLess(vbest[3], face[2])
        direct = C.rates([C.event_counts((r["gap"] < 1.0) & (p > vt), r["closed"], r["speech"], r["free"])
                          for r, p in zip(val, probs)])
        self.assertAlmostEqual(direct[2], vbest[3])

    def test_holdout_takes_language_tags_or_a_whole_source(self):
        rows = [{"lang": x} for x in ("ast-en", "ast-ru", "kt-uk", "kt-lt", "he")]
        val, trn = C.split_holdout(rows, "ktuberling")
        self.assertEqual((["kt-uk", "kt-lt"], ["ast-en", "ast-ru", "he"]),
                         ([r["lang"] for r in val], [r["lang"] for r in trn]))
        val, trn = C.split_holdout(rows, "ast-en,he")
        self.assertEqual(["ast-en", "he"], [r["lang"] for r in val])
        self.assertEqual(3, len(trn))
        self.assertEqual(["he"], [r["lang"] for r in C.split_holdout(rows, "klettres")[0]])
        with self.assertRaises(ValueError):
            C.split_holdout(rows, "fr")


class ReferenceScoring(unittest.TestCase):
    def test_a_decision_mask_scores_as_a_face_closed_on_the_same_frames(self):
        item = {"id": "x/1", "source": "klettres", "language": "de",
                "visemes": [["sil", 0.0, 0.2], ["PP", 0.2, 0.3], ["aa", 0.3, 0.8], ["sil", 0.8, 1.0]],
                "bilabials": [{"closed": [0.2, 0.27], "trusted": True, "ps_closure": 0.2, "ps_release": 0.3}]}
        item["visemes"] = [tuple(v) for v in item["visemes"]]
        n = 30
        gap = np.full(n, 0.004)
        gap[6:9] = 0.0002                    # the bilabial
        gap[15:17] = 0.0005                  # a false closure inside the vowel
        frames = [{"gap": gap * 1000.0, "vis": np.zeros(50, int)}]
        rows = C.reference_rows({"items": [item]}, frames, lambda fr: fr["gap"] < 1.0)
        trusted, every = R._events(item)
        direct = R.score_item(gap, frames[0]["vis"], item["visemes"], trusted, every)
        for k in ("events", "hit", "false", "speech_s", "agree", "frames"):
            self.assertEqual(rows[0][k], direct[k], k)
        self.assertEqual((rows[0]["hit"], rows[0]["false"]), (1, 1))


class BadInput(unittest.TestCase):
    def test_missing_inputs_get_one_line_messages(self):
        bundle = os.path.join(os.path.dirname(TRAINING), "models", "default")
        with self.assertRaises(SystemExit) as cm:
            C.main(["--bundle", bundle, "--checkpoint", "/nonexistent/base.pt", "--real-closures", "/nonexistent/x.npz"])
        self.assertIn("checkpoint /nonexistent/base.pt does not exist", str(cm.exception))
        with self.assertRaises(SystemExit) as cm:
            C.main(["--bundle", bundle, "--checkpoint", __file__, "--real-closures", "/nonexistent/x.npz"])
        self.assertIn("cannot read /nonexistent/x.npz", str(cm.exception))


if __name__ == "__main__":
    unittest.main()
