"""The synthesiser-diversity set (issue 13 point 2): speaker table, phoneme input, build, and mixing
it into real-voice fine-tuning (train_realvoice --extra-corpus).

Run from training/: /usr/bin/python3 -m unittest tests.test_diversity
"""

import argparse
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
from adamesh_training import corpus, data, espeak, speakers, teacher, text  # noqa: E402
from adamesh_training import train_realvoice as TR  # noqa: E402
from adamesh_training import visemes as V  # noqa: E402
from adamesh_training.head import Head  # noqa: E402
from adamesh_training.train_expression import Batcher  # noqa: E402

HEAD = Head()
BUILT = {}


def setUpModule():
    BUILT["tmp"] = tempfile.mkdtemp(prefix="adamesh-div-test-")
    BUILT["root"] = os.path.join(BUILT["tmp"], "div")
    with open(os.devnull, "w") as quiet:
        BUILT["summary"] = corpus.build(BUILT["root"], seed=5, quick=True, log=quiet, speaker_set="diversity")


def tearDownModule():
    shutil.rmtree(BUILT["tmp"], ignore_errors=True)


class TableTest(unittest.TestCase):
    def setUp(self):
        self.table = speakers.diversity_table()
        self.default = speakers.speaker_table()

    def test_every_language_and_every_variant_once_or_more(self):
        self.assertEqual([s["language"] for s in self.table], list(speakers.DIVERSITY_LANGUAGES))
        used = {s["voice"].split("+", 1)[1] for s in self.table}
        self.assertEqual(used, set(speakers.DIVERSITY_VARIANTS))
        self.assertTrue({"klatt", "klatt2", "klatt3", "klatt4", "klatt5", "klatt6"} <= used)
        self.assertEqual(len({s["voice"] for s in self.table}), len(self.table))

    def test_no_default_speaker_id_or_voice_reused_and_all_train(self):
        ids = {s["id"] for s in self.table}
        self.assertFalse(ids & {s["id"] for s in self.default})
        self.assertFalse(ids & set(speakers.HELD_OUT))
        self.assertFalse({s["voice"] for s in self.table} & {s["voice"] for s in self.default})
        self.assertEqual({s["split"] for s in self.table}, {"train"})
        self.assertTrue(ids <= set(speakers.split("train")))
        self.assertFalse(ids & set(speakers.split("heldout")))
        self.assertEqual(set(speakers.split("heldout")), set(speakers.HELD_OUT))

    def test_table_is_fixed_and_styled(self):
        self.assertEqual(speakers.diversity_table(), self.table)
        styles = {json.dumps(s["style"], sort_keys=True) for s in self.table}
        self.assertEqual(len(styles), len(self.table))
        self.assertEqual(set(self.table[0]["style"]), set(self.default[0]["style"]))

    def test_read_english_variant_changes_only_the_unwritten_languages(self):
        read = speakers.diversity_table("read-english")
        for a, b in zip(self.table, read):
            self.assertEqual({k: v for k, v in a.items() if k != "text"}, {k: v for k, v in b.items() if k != "text"})
            self.assertEqual(b["text"], "read-english" if a["text"] == "phonemes" else a["text"])
        with self.assertRaises(ValueError):
            speakers.diversity_table("klingon")

    def test_every_voice_is_installed(self):
        self.assertEqual(espeak.missing_voices([s["voice"] for s in self.table]), [])
        self.assertEqual(espeak.missing_voices(["en+no-such-variant", "xx-none+m1"]),
                         ["en+no-such-variant", "xx-none+m1"])


class PhonemeInputTest(unittest.TestCase):
    def test_pseudo_words_are_spoken_with_the_languages_own_phonemes(self):
        # Latin text in a Japanese voice switches to English; phoneme input speaks exactly what is written
        _, as_text = espeak.synthesize("[[b'amo p'ina]]", "ja")
        self.assertTrue(any(n.startswith("(") for n, _, _ in as_text))
        audio, phones = espeak.synthesize("[[b'amo p'ina]]", "ja", phonemes=True)
        names = [n.strip("'") for n, _, _ in phones if not n.startswith("_")]
        self.assertEqual([n[0] for n in names], list("bamopina"))
        self.assertEqual([V.espeak_visemes(n)[0] for n in names if n[0] in "bmp"], ["PP"] * 3)
        # the p's closure silence lies just before its event (espeak-ng puts it up to 30 ms early,
        # ADR 0013), 30 dB under the following vowel: the timings belong to the audio
        p = [s for n, s, e in phones if n.startswith("p")][0]
        i = [(s, e) for n, s, e in phones if n.startswith("i")][0]
        def db(s, e):
            x = audio[int(s * 22050):int(e * 22050)].astype(np.float64)
            return 10 * np.log10(np.mean(x ** 2) + 1e-12)
        quiet = min(db(t, t + 0.01) for t in np.arange(p - 0.03, p + 0.005, 0.005))
        self.assertLess(quiet, db(*i) - 30)
        self.assertGreater(db(*i), -30)

    def test_language_switch_markers_are_not_phonemes(self):
        # a Hindi voice reading Latin text switches to English and back: "(en)" ... "(hi)"
        _, phones = espeak.synthesize("Bob may pay.", "hi+m1")
        names = [n for n, _, _ in phones]
        self.assertIn("(en)", names)
        kept = corpus.drop_switch_markers(phones)
        self.assertFalse([n for n, _, _ in kept if n.startswith("(")])
        self.assertEqual(len(kept), len(phones) - sum(n.startswith("(") for n in names))
        self.assertEqual((kept[0][1], kept[-1][2]), (phones[0][1], phones[-1][2]))   # spans still tile
        for (_, _, e), (_, s, _) in zip(kept, kept[1:]):
            self.assertAlmostEqual(e, s)
        self.assertEqual(corpus.drop_switch_markers([("a", 0.0, 0.1), ("(en)", 0.1, 0.2)]), [("a", 0.0, 0.2)])

    def test_pseudo_phonemes_use_the_common_inventory(self):
        rng = np.random.default_rng(3)
        for _ in range(50):
            s = text.pseudo_phonemes(rng)
            self.assertTrue(s.startswith("[[") and s.endswith("]]"))
            body = s[2:-2].replace("'", "").replace(" ", "")
            self.assertTrue(set(body) <= set(text.PSEUDO_CONSONANTS) | set(text.PSEUDO_VOWELS), s)
            self.assertTrue(3 <= len(s[2:-2].split()) <= 9)


class DiversityBuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.root, cls.summary = BUILT["tmp"], BUILT["root"], BUILT["summary"]
        cls.utts = list(data.load_corpus(cls.root))

    def test_quick_build_holds_diversity_speakers_of_every_text_kind(self):
        self.assertEqual(self.summary["set"], "diversity")
        table = {s["id"]: s for s in speakers.diversity_table()}
        spk = {u.speaker for u in self.utts}
        self.assertEqual(len(spk), corpus.QUICK["shards"])
        self.assertTrue(spk <= set(table))
        self.assertEqual({table[s]["text"] for s in spk}, {"phonemes", "english"})
        self.assertEqual(len(list(data.load_corpus(self.root, split="train"))), len(self.utts))
        with open(os.path.join(self.root, "speakers.json")) as fh:
            stored = json.load(fh)
        self.assertEqual(stored["set"], "diversity")
        self.assertEqual(stored["speakers"], list(table.values()))

    def test_teacher_closes_the_lips_on_bilabials_of_pseudo_words(self):
        pseudo = [u for u in self.utts if u.text.startswith("[[")]
        self.assertTrue(pseudo)
        checked = 0
        for u in pseudo:
            for name, s, e, vis in u.phones:
                if V.VISEMES[vis] == "PP" and e - s > 0.06:
                    f = int(round(0.5 * (s + e) * teacher.FPS))
                    self.assertLess(HEAD.lip_gap(u.expression[f], u.pose[f]), 0.001, (u.text, name))
                    checked += 1
        self.assertGreater(checked, 5)

    def test_unknown_set_is_refused(self):
        with self.assertRaises(ValueError):
            corpus.build(os.path.join(self.tmp, "x"), quick=True, speaker_set="nope")


class ExtraCorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp, cls.root = BUILT["tmp"], BUILT["root"]

    def copy(self, name):
        dst = os.path.join(self.tmp, name)
        shutil.copytree(self.root, dst)
        return dst

    def test_loads_caches_and_refuses_a_stale_cache(self):
        cache = os.path.join(self.tmp, "c1.npz")
        d, info = TR.extra_data(self.root, cache)
        self.assertEqual(info["speakers"], corpus.QUICK["shards"])
        self.assertEqual(len(d["mel"]), info["utterances"])
        self.assertNotIn("audio", d)
        d2, _ = TR.extra_data(self.root, cache)                       # from the cache
        self.assertTrue(all(np.allclose(a, b, atol=1e-2) for a, b in zip(d["mel"], d2["mel"])))
        other = self.copy("changed")
        with open(os.path.join(other, "corpus.json")) as fh:
            js = json.load(fh)
        js["utterances"] += 1
        with open(os.path.join(other, "corpus.json"), "w") as fh:
            json.dump(js, fh)
        with self.assertRaisesRegex(ValueError, "delete it to rebuild"):
            TR.extra_data(other, cache)

    def test_text_kinds_keep_only_those_speakers(self):
        table = {s["id"]: s["text"] for s in speakers.diversity_table()}
        cache = os.path.join(self.tmp, "c3.npz")
        full, _ = TR.extra_data(self.root, cache)
        d, info = TR.extra_data(self.root, cache, ["phonemes"])
        self.assertTrue(d["speaker"])
        self.assertEqual({table[s] for s in d["speaker"]}, {"phonemes"})
        self.assertEqual(len(d["speaker"]), sum(table[s] == "phonemes" for s in full["speaker"]))
        self.assertEqual(len(d["mel"]), len(d["target"]))
        self.assertLess(info["hours"], sum(m.shape[0] for m in full["mel"]) / 360000.0)
        with self.assertRaisesRegex(ValueError, "no speakers with text"):
            TR.extra_data(self.root, cache, ["klingon"])

    def test_held_out_speakers_and_voices_are_refused(self):
        default = speakers.speaker_table()
        held = [s for s in default if s["split"] == "heldout"]
        for name, patch in (("heldid", {"id": held[0]["id"]}), ("heldvoice", {"voice": held[1]["voice"]})):
            root = self.copy(name)
            path = os.path.join(root, "speakers.json")
            with open(path) as fh:
                js = json.load(fh)
            js["speakers"][0].update(patch)
            with open(path, "w") as fh:
                json.dump(js, fh)
            with self.assertRaisesRegex(ValueError, "held-out"):
                TR.extra_data(root, os.path.join(self.tmp, name + ".npz"))

    def test_mix_replaces_the_first_items_with_extra_crops_and_own_references(self):
        d, _ = TR.extra_data(self.root, os.path.join(self.tmp, "c2.npz"))
        eb = Batcher(d, np.random.default_rng(0), min_units=10)
        B = 6
        main = (torch.full((B, 120, 80), 7.0), torch.full((B, 36, 44), 7.0),
                torch.full((B, 60), 3, dtype=torch.long), torch.full((B, 50, 44), 7.0))
        self.assertIs(TR.mix_extra(main, eb, 0), main)
        mel, tgt, vis, ref = TR.mix_extra(main, eb, 2)
        self.assertEqual(mel.shape[0], B)
        self.assertEqual(mel.shape[1] // 10, tgt.shape[1] // 3)
        self.assertEqual(mel.shape[1] // 10, vis.shape[1] // 5)
        self.assertTrue(torch.all(mel[2:] == 7.0) and torch.all(tgt[2:] == 7.0) and torch.all(ref[2:] == 7.0))
        self.assertFalse(torch.any(mel[:2] == 7.0) or torch.any(ref[:2] == 7.0))
        for b, (i, k) in enumerate(eb.last):                         # the extra crops are the real ones
            u = k * 3
            np.testing.assert_array_equal(tgt[b].numpy(), d["target"][i][u:u + tgt.shape[1]])

    def test_option_errors(self):
        def parse(*argv):
            ap = argparse.ArgumentParser()
            ap.error = lambda msg: (_ for _ in ()).throw(SystemExit(msg))
            ns = argparse.Namespace(extra_corpus=None, extra_p=0.0, control=False, phone_features=None)
            for k, v in zip(argv[::2], argv[1::2]):
                setattr(ns, k, v)
            TR.extra_option_errors(ap, ns)
        parse()
        parse("extra_corpus", self.root, "extra_p", 0.3)
        for bad in (("extra_corpus", self.root), ("extra_p", 0.3),
                    ("extra_corpus", self.root, "extra_p", 1.5),
                    ("extra_corpus", self.root, "extra_p", 0.3, "control", True),
                    ("extra_corpus", self.tmp, "extra_p", 0.3)):
            with self.assertRaises(SystemExit, msg=str(bad)):
                parse(*bad)


if __name__ == "__main__":
    unittest.main()
