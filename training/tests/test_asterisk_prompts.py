"""The Asterisk voice prompts as real connected speech for closure supervision (asterisk_prompts.py):
which prompts are used, how their text becomes phones, and that real prompts give closure targets on
the quiet closures of their bilabials.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import gzip
import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import asterisk_prompts as AP  # noqa: E402
from adamesh_training import real_closures as RC  # noqa: E402
from tests.test_real_closures import built, vowel_over_closure_loudness  # noqa: E402

HAVE_EN = AP.installed("en")


class Texts(unittest.TestCase):
    def _docs(self, tmp, lines):
        os.makedirs(os.path.join(tmp, "en"))
        with gzip.open(os.path.join(tmp, "en", "core-sounds-en.txt.gz"), "wt", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        return os.path.join(tmp, "%s", "core-sounds-%s.txt.gz")

    def test_tone_descriptions_and_symbols_are_left_out(self):
        with tempfile.TemporaryDirectory() as tmp:
            docs = self._docs(tmp, ["; Core Asterisk Sounds in English", "", "beep: [this is a simple beep tone]",
                                    "letters/at: at [@]", "agent-pass: Please enter your password followed by the pound key.",
                                    "dictate/forhelp: press 0 for help", "conf-x: press * to mute"])
            with mock.patch.object(AP, "DOCS", docs):
                texts = AP.prompt_texts("en")
        self.assertNotIn("beep", texts, "a prompt that is only a bracketed note has no text")
        self.assertEqual("at", texts["letters/at"])
        self.assertEqual("press 0 for help", texts["dictate/forhelp"])
        self.assertTrue(AP.usable_text(texts["agent-pass"]))
        self.assertTrue(AP.usable_text(texts["dictate/forhelp"]))
        self.assertFalse(AP.usable_text(texts["conf-x"]), "'*' is read as 'star', which the text does not say")
        self.assertFalse(AP.usable_text("..."))

    def test_a_missing_package_is_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            with mock.patch.object(AP, "SOUNDS", tmp):
                with self.assertRaises(FileNotFoundError) as cm:
                    AP.items(["fr"])
        self.assertIn("asterisk-core-sounds-fr-g722", str(cm.exception))
        with self.assertRaises(ValueError):
            AP.items(["de"])

    def test_prompts_may_train_but_klettres_reference_languages_may_not(self):
        RC._item_is_training(AP.TAG + "en")            # another speaker of a reference language: allowed
        with self.assertRaises(ValueError):
            RC._item_is_training("en")                 # klettres English is reference material
        with self.assertRaises(ValueError):
            RC.source_items(["librivox"])


@unittest.skipUnless(shutil.which("espeak-ng"), "espeak-ng is not installed")
class Phones(unittest.TestCase):
    def test_english_words_take_the_pocketsphinx_dictionary_and_numbers_are_spoken(self):
        lex = {"please": ["P", "L", "IY", "Z"], "press": ["P", "R", "EH", "S"]}
        words = AP.prompt_words("Please press 2.", "en", lex)
        self.assertEqual(["P", "L", "IY", "Z"], words[0])
        self.assertEqual(["P", "R", "EH", "S"], words[1])
        self.assertEqual(3, len(words), words)
        self.assertIn("T", words[2], "'2' is read as 'two'")

    def test_other_languages_map_espeak_phonemes_to_en_us_phones_of_the_same_viseme(self):
        words = AP.prompt_words("Buongiorno, mamma", "it")
        self.assertEqual(2, len(words), words)
        self.assertEqual("B", words[0][0])
        self.assertEqual(["M"], [p for p in words[1] if p == "M"][:1])
        self.assertGreaterEqual(words[1].count("M"), 1)


@unittest.skipUnless(HAVE_EN and shutil.which("ffmpeg") and shutil.which("pocketsphinx_continuous"),
                     "needs asterisk-core-sounds-en-g722, ffmpeg and pocketsphinx")
class RealPrompts(unittest.TestCase):
    def test_g722_decodes_at_16_khz(self):
        path = os.path.join(AP.SOUNDS, AP.SPEAKERS["en"], "agent-pass.g722")
        audio = AP.read_g722(path)
        # G.722 is 64 kbit/s: 8,000 bytes a second of 16 kHz audio
        self.assertAlmostEqual(os.path.getsize(path) / 8000.0, audio.size / 16000.0, delta=0.01)
        self.assertGreater(float(np.abs(audio).max()), 0.1, "speech, not silence")

    def test_closures_of_a_real_prompt_fall_on_its_quiet_bilabial_closures(self):
        # "Please enter your password followed by the pound key." and "Goodbye.": p, p, b, p; b
        want = {"ast/en/agent-pass", "ast/en/vm-goodbye"}
        items = [it for it in AP.items(["en"]) if it[0] in want]
        self.assertEqual(2, len(items))
        stats, data = built(items)
        self.assertEqual(2, stats["by_source"]["asterisk"]["aligned"])
        self.assertGreaterEqual(stats["events"], 5)
        self.assertGreaterEqual(stats["trusted_used"], 3)
        self.assertEqual(["ast-en"], stats["languages"])
        # independent of the labelling: closed frames are far quieter than open-vowel frames
        self.assertGreater(vowel_over_closure_loudness(data), 3.0, "closures sit in quiet frames")
        # the 50 Hz viseme labels (for --real-visemes) say PP where the lips are to be closed, and
        # something open where an open vowel is
        pp, vowel = [], []
        for vis, c, o, mel in zip(data["viseme"], data["closed"], data["opened"], data["mel"]):
            self.assertEqual(mel.shape[0] // 2, vis.size, "one label per encoder frame")
            j = np.minimum(np.round((np.arange(c.size) / 30.0 - 0.0125) / 0.02).astype(int), vis.size - 1)
            pp += (vis[j[c > 0]] == RC.V.VISEME_INDEX["PP"]).tolist()
            vowel += np.isin(vis[j[o > 0]], [RC.V.VISEME_INDEX[v] for v in RC.OPEN_VISEMES]).tolist()
            self.assertTrue((vis >= -1).all() and (vis < len(RC.V.VISEMES)).all())
        self.assertGreater(np.mean(pp), 0.8)
        self.assertGreater(np.mean(vowel), 0.8)
        crops = RC.RealCrops(data, np.random.default_rng(0))
        units = int(crops.units.max())
        crops.batch(2, units)
        self.assertEqual((2, 5 * units), tuple(crops.last_visemes.shape))


if __name__ == "__main__":
    unittest.main()
