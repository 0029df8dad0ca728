"""Seen against unseen voices (seen_voices.py, ADR 0035): the seen speakers are spread over the ids, new
sentences are really new and follow the speaker's own training reference, the teacher closes its lips
on every bilabial of them, and own-style decoding uses the speaker's 10 s reference without MoLoRA.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import sys
import types
import unittest
from unittest import mock

import numpy as np
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import adapt_step as AS  # noqa: E402
from adamesh_training import real_voice_eval as E  # noqa: E402
from adamesh_training import seen_voices as SV  # noqa: E402
from adamesh_training import text as T  # noqa: E402
from adamesh_training.evaluate_expression import split_reference  # noqa: E402
from adamesh_training.expression_model import ExpressionModel  # noqa: E402
from adamesh_training.head import Head  # noqa: E402


def fake_train(rng, speakers, texts=None, count=4):
    """``count`` 3 s utterances per speaker (random log-mel and targets, one bilabial run at 1.0-1.1 s)."""
    out = {k: [] for k in ("mel", "target", "viseme", "speaker", "text")}
    for sid in speakers:
        for k in range(count):
            vis = np.full(150, 1, np.int64)
            vis[50:55] = E.PP_INDEX
            out["mel"].append(rng.standard_normal((300, 80)).astype(np.float32))
            out["target"].append((0.05 * rng.standard_normal((90, 44))).astype(np.float32))
            out["viseme"].append(vis)
            out["speaker"].append(sid)
            out["text"].append(texts[k % len(texts)] if texts else "%s sentence %d" % (sid, k))
    return out


class Speakers(unittest.TestCase):
    def test_seen_speakers_are_spread_over_the_ids(self):
        ids = ["spk%02d" % k for k in range(38)] * 3
        picked = SV.pick_speakers(ids, 4)
        self.assertEqual(picked, ["spk00", "spk09", "spk19", "spk28"])
        self.assertEqual(SV.pick_speakers(ids[:5], 12), ["spk%02d" % k for k in range(5)])


class NewTexts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        rng = np.random.default_rng(0)
        de_pool = sorted(set(T.FOREIGN["de"]))
        cls.train = fake_train(rng, ["spk00"])
        de = fake_train(rng, ["spk36"], de_pool, count=len(de_pool))     # training has read every German sentence
        for k in cls.train:
            cls.train[k] += de[k]
        cls.data, cls.kept = SV.new_text_data(cls.train, ["spk00", "spk36"], 2)

    def test_new_sentences_follow_the_training_reference_and_are_new(self):
        self.assertEqual(self.kept, ["spk00"])      # the German pool is used up, so spk36 is left out
        ref, test, secs = split_reference(self.data, "spk00", test_count=2)
        train_ref, _, _ = split_reference(self.train, "spk00")
        self.assertEqual(len(ref), len(train_ref))
        self.assertGreaterEqual(secs, 10.0)
        for i, j in zip(ref, train_ref):
            np.testing.assert_array_equal(self.data["mel"][i], self.train["mel"][j])
        self.assertEqual(len(test), 2)
        for i in test:
            self.assertNotIn(self.data["text"][i], self.train["text"])
            mel, tgt, vis = self.data["mel"][i], self.data["target"][i], self.data["viseme"][i]
            self.assertEqual(tgt.shape[1], 44)
            self.assertLess(abs(mel.shape[0] / 100.0 - tgt.shape[0] / 30.0), 0.1)
            self.assertEqual(vis.size, (mel.shape[0] - 1) // 2 + 1)
        self.assertNotEqual(self.data["text"][test[0]], self.data["text"][test[1]])

    def test_teacher_closes_the_lips_on_every_bilabial_of_the_new_sentences(self):
        rows = SV.teacher_rows(self.data, self.kept, E.LipGap(Head()), 2)
        tot = E.total(rows, ci=False)
        self.assertGreater(tot["events"], 0)
        self.assertEqual(tot["closures"], 1.0)
        self.assertEqual(tot["viseme_agreement_20ms"], None)     # the labels are the teacher's own


class OwnStyle(unittest.TestCase):
    def test_own_style_decodes_with_the_10s_reference_and_no_molora(self):
        torch.manual_seed(0)
        model = ExpressionModel(d=32, layers=1, heads=2, ff=48, s=8, h=24).eval()
        data = fake_train(np.random.default_rng(3), ["spk01"])
        data["mel"].append(np.random.default_rng(4).standard_normal((300, 80)).astype(np.float32))
        data["target"].append(np.zeros((90, 44), np.float32))
        data["viseme"].append(data["viseme"][0])
        data["speaker"].append("spk01")
        data["text"].append("test")
        ref, test, _ = split_reference(data, "spk01", test_count=1)
        self.assertEqual(test, [4])
        with torch.no_grad():
            style = AS.style_from_targets(model, [data["target"][i] for i in ref])
        ranks = (2, 4)
        profile = types.SimpleNamespace(style=torch.zeros_like(style) + 3.0,
                                        lora=AS.unflatten(AS.init_params(model.decoder, ranks), ranks))
        gapper = E.LipGap(Head())
        with mock.patch.object(E, "run", wraps=E.run) as spy:
            E.synthetic_rows(model, profile, data, gapper, 0, 1, ["spk01"], own_style=True)
            (_, mel, used_style, used_lora, _), _ = spy.call_args
            np.testing.assert_array_equal(mel, data["mel"][4])
            torch.testing.assert_close(used_style, style)
            self.assertIsNone(used_lora)
            self.assertIsNone(used_lora)
            E.synthetic_rows(model, profile, data, gapper, 0, 1, ["spk01"])
            (_, _, used_style, used_lora, _), _ = spy.call_args
            self.assertIs(used_style, profile.style)
            self.assertIs(used_lora, profile.lora)

if __name__ == "__main__":
    unittest.main()
