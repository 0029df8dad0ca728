"""KTuberling's recorded words as real isolated-word training speech (ktuberling_words.py, ADR 0032):
which recordings are used, that the isolated-word recogniser accepts right texts and refuses wrong ones
on recordings whose text is known from their file name, and that real_closures labels them.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import shutil
import sys
import unittest

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import ktuberling_words as KT  # noqa: E402
from adamesh_training import real_closures as RC  # noqa: E402
from adamesh_training import realvoice_reference as R  # noqa: E402
from tests.test_real_closures import built, vowel_over_closure_loudness  # noqa: E402

HAVE = KT.installed() and shutil.which("ffmpeg") and shutil.which("pocketsphinx_continuous") \
    and shutil.which("espeak-ng")


class Tables(unittest.TestCase):
    def test_no_reference_language_is_read(self):
        langs = set(KT.LANGUAGES)
        self.assertFalse(langs & set(R.REFERENCE_LANGUAGES), "the reference's readers stay out of training")
        self.assertFalse(langs & {lang.split("_")[0] for lang in R.REFERENCE_LANGUAGES})
        with self.assertRaises(ValueError):
            RC._item_is_training(KT.TAG + "fr")
        RC._item_is_training(KT.TAG + "uk")            # a training language passes

    def test_every_translated_language_has_candidates_and_every_language_a_voice(self):
        for lang in KT.LANGUAGES:
            self.assertIn(lang, KT.ESPEAK)
            if lang not in KT.NAMED_BY_WORD:
                self.assertIn(lang, KT.WORDS)
        for lang, table in KT.WORDS.items():
            for name, cands in table.items():
                self.assertTrue(cands and all(c and "/" not in c for c in cands), (lang, name))
        self.assertEqual(["бант", "бантик", "метелик"], KT.WORDS["uk"]["bow"])

    def test_file_names_give_the_word(self):
        self.assertEqual("pilota", KT._word_from_file("/x/ca/patata_pilota.ogg"))
        self.assertEqual("ochelari de soare", KT._word_from_file("/x/ro/ochelari-de-soare.wav"))
        self.assertEqual("piramide", KT._word_from_file("/x/wa/egypt_piramide.ogg"))
        self.assertTrue(KT.UNKNOWN.search("tux-wow") and KT.UNKNOWN.search("robin-tux"))
        self.assertFalse(KT.UNKNOWN.search("tv_train") or KT.UNKNOWN.search("patata_pilota"))

    def test_words_become_en_us_phones_per_word(self):
        words = KT.word_phones("ochelari de soare", "ro")
        self.assertEqual(3, len(words))
        self.assertEqual("D", words[1][0])
        self.assertEqual("M", KT.word_phones("мама", "uk")[0][0])
        self.assertIn("B", KT.word_phones("bicicleta", "ca")[0])


@unittest.skipUnless(HAVE, "needs ktuberling-data, ffmpeg, espeak-ng and pocketsphinx")
class Recordings(unittest.TestCase):
    def test_audio_is_read_at_16_khz_and_the_file_rate_reported(self):
        path = os.path.join(KT.ROOT, "ro", "gura.wav")
        audio, rate = KT.read_audio(path)
        self.assertEqual(44100, rate)
        seconds = (os.path.getsize(path) - 44) / 2.0 / rate     # 16-bit mono PCM after a 44-byte header
        self.assertAlmostEqual(seconds, audio.size / 16000.0, delta=0.02)
        self.assertGreater(float(np.abs(audio).max()), 0.1, "speech, not silence")
        with self.assertRaises(Exception):
            KT.read_audio(os.path.join(KT.ROOT, "no-such.ogg"))
        with self.assertRaises(ValueError):
            KT.items(["fr"])                                     # a reference language is refused

    def test_the_recogniser_finds_known_words_and_refuses_wrong_texts(self):
        # Romanian files are named by their word: the recogniser must find it among the 13 ...
        cands = KT.candidates("ro")
        self.assertEqual(13, len(cands))
        right = KT.verify("ro")
        found = sum(text is not None and text == cs[0] for text, _, cs, _ in right.values())
        self.assertGreaterEqual(found, 11, "measured 13 of 13")
        # ... and, given each recording another recording's word as its only candidate (a wrong
        # translation), accept almost none of them
        paths = sorted(cands)
        wrong = {p: cands[paths[(k + 1) % len(paths)]] for k, p in enumerate(paths)}
        got = KT.verify("ro", cands=wrong)
        self.assertLessEqual(sum(text is not None for text, _, _, _ in got.values()), 1)

    def test_narrow_band_files_are_left_out(self):
        # the Swedish set is 8 kHz telephone band: nothing of it may pass
        cands = {p: [KT._word_from_file(p)] for _, p in KT.theme("sv") if os.path.exists(p)}
        self.assertGreater(len(cands), 5)
        self.assertEqual({}, KT.verify("sv", cands=cands))

    def test_verified_words_give_closures_on_their_quiet_bilabial_closures(self):
        items = [it for it in KT.items(["ro"]) if it[2] in ("papion", "palarie", "mustata", "sprinceana")]
        self.assertGreaterEqual(len(items), 3)
        self.assertTrue(all(it[1] == "kt-ro" for it in items))
        stats, data = built(items)
        self.assertEqual(len(items), stats["by_source"]["ktuberling"]["aligned"])
        self.assertGreaterEqual(stats["trusted_used"], 2)
        self.assertGreater(vowel_over_closure_loudness(data), 3.0, "closures sit in quiet frames")


if __name__ == "__main__":
    unittest.main()
