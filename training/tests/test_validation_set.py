"""The Fish Fillets validation set (realvoice_reference validation, ADR 0040): which lines it holds, that
real lines get the reference's labelling, and that real_voice_eval keeps it apart from training and from
the manifest.

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

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import fillets_dialogs as FD  # noqa: E402
from adamesh_training import real_voice_eval as E  # noqa: E402
from adamesh_training import realvoice_reference as R  # noqa: E402

HAVE_CS = FD.installed("cs")
REFERENCE = os.path.join(TRAINING, "reference", "real-voice.json")
VALIDATION = os.path.join(TRAINING, "reference", "validation-fillets.json")


def write_state(run, state):
    os.makedirs(run, exist_ok=True)
    with open(os.path.join(run, "state.json"), "w") as fh:
        json.dump(state, fh)


class Lines(unittest.TestCase):
    @unittest.skipUnless(HAVE_CS, "fillets-ng-data-cs is not installed")
    def test_lines_are_spread_over_the_language_and_have_three_words(self):
        every = [it for it in FD.items(["cs"]) if len(it[2].split()) >= 3]
        picked = R.validation_items(("cs",), 40)
        self.assertEqual(len(picked), 40)
        self.assertEqual(len({p[0] for p in picked}), 40)
        self.assertTrue(all(len(text.split()) >= 3 and lang == "cs" for _, lang, text, _ in picked))
        levels = {iid.split("/")[2] for iid, _, _, _ in picked}
        self.assertGreater(len(levels), 15, "spread over the game's levels, not the first few")
        order = [it[0] for it in every]
        self.assertEqual([p[0] for p in picked], sorted((p[0] for p in picked), key=order.index))
        self.assertEqual(picked, R.validation_items(("cs",), 40), "the same lines every time")

    @unittest.skipUnless(HAVE_CS, "fillets-ng-data-cs is not installed")
    def test_real_lines_get_the_references_labelling(self):
        ref_keys = set(json.load(open(REFERENCE))["items"][0])
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "val.json")
            doc = R.build_validation(out, ("cs",), 3, log=lambda *a: None, workers=2)
            self.assertEqual(json.load(open(out)), doc)
            self.assertEqual(R.build_validation(out, ("cs",), 3, log=lambda *a: None), doc, "as with one process")
        self.assertTrue(doc["validation"])
        self.assertGreaterEqual(len(doc["items"]), 2, "pocketsphinx aligns most real lines")
        for it in doc["items"]:
            self.assertEqual(set(it), ref_keys)
            self.assertEqual((it["source"], it["language"]), ("fillets", "cs"))
            self.assertTrue(os.path.exists(it["path"]))
            speech = [s for s in it["pocketsphinx"] if s[0] != "SIL"]
            self.assertGreater(len(speech), len(it["word"].split()), "phones, not words")
            self.assertLess(speech[-1][2], it["seconds"] + 1e-6)
            ends = [v[2] for v in it["visemes"]]
            self.assertEqual(ends, sorted(ends))
        events = [e for it in doc["items"] for e in it["bilabials"]]
        texts = " ".join(it["word"] for it in doc["items"]).lower()
        self.assertEqual(bool(events), any(c in texts for c in "bpm"))

    def test_a_language_without_recordings_is_named_not_a_traceback(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "val.json")
            with self.assertRaises(SystemExit) as ctx:
                R.main(["validation", "--out", out, "--languages", "de"])
            self.assertIn("no Fish Fillets recordings for 'de'", str(ctx.exception.code))
            self.assertFalse(os.path.exists(out))

    @unittest.skipUnless(os.path.exists(VALIDATION), "no validation set built")
    def test_the_committed_set_is_apart_from_the_reference_and_big_enough(self):
        val = json.load(open(VALIDATION))
        ref = json.load(open(REFERENCE))
        self.assertTrue(val["validation"])
        self.assertFalse(ref.get("validation"))
        self.assertFalse({it["path"] for it in val["items"]} & {it["path"] for it in ref["items"]})
        trusted = sum(e["trusted"] for it in val["items"] for e in it["bilabials"])
        self.assertGreater(trusted, 100, "enough trusted closures to tell candidates apart")
        self.assertEqual({it["language"] for it in val["items"]}, set(val["validation_languages"]))


class KeptApart(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)

    def test_sources_are_found_through_interpolations_and_inits(self):
        teacher, lip, mix, cont = (os.path.join(self.tmp, n) for n in ("teacher", "lip", "mix", "cont"))
        write_state(cont, {"commands": ["python3 -m adamesh_training.train_realvoice --init /nowhere --out " + cont]})
        write_state(lip, {"commands": ["python3 -m adamesh_training.train_realvoice --init %s --out %s" % (cont, lip)]})
        write_state(teacher, {"real_closures": {"by_source": {"klettres": {}, "fillets": {}}},
                              "commands": ["python3 -m adamesh_training.train_realvoice --init %s" % cont]})
        write_state(mix, {"interpolation": {"a": lip, "b": teacher}})
        self.assertEqual(E.trained_sources(mix), {"klettres", "fillets"})
        self.assertEqual(E.trained_sources(lip), set())
        write_state(cont, {"commands": ["train_realvoice --init %s" % mix]})      # a cycle ends
        self.assertEqual(E.trained_sources(lip), {"klettres", "fillets"})

    def run_eval(self, argv):
        err = io.StringIO()
        with self.assertRaises(SystemExit) as ctx, contextlib.redirect_stderr(err):
            E.main(argv)
        return str(ctx.exception.code) + err.getvalue()

    def test_a_run_trained_on_the_validation_speech_is_refused_and_the_manifest_left_alone(self):
        run = os.path.join(self.tmp, "run")
        write_state(run, {"real_closures": {"by_source": {"fillets": {}}}})
        val = os.path.join(self.tmp, "val.json")
        with open(val, "w") as fh:
            json.dump({"validation": True, "items": [{"source": "fillets"}]}, fh)
        msg = self.run_eval(["--bundle", "/nowhere", "--checkpoint", os.path.join(run, "base.pt"),
                             "--weights", "checkpoint", "--reference", val])
        self.assertIn("trained on fillets speech", msg)
        msg = self.run_eval(["--bundle", "/nowhere", "--checkpoint", os.path.join(run, "base.pt"),
                             "--reference", val, "--write-manifest"])
        self.assertIn("validation set", msg)


if __name__ == "__main__":
    unittest.main()
