"""The Fish Fillets NG dialogues as real connected speech for closure supervision (fillets_dialogs.py):
how the game's dialogue scripts are read, which lines are used, and that real Czech lines give closure
targets on the quiet closures of their bilabials.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest
from unittest import mock

import numpy as np

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import fillets_dialogs as FD  # noqa: E402
from adamesh_training import ktuberling_words as KT  # noqa: E402
from adamesh_training import real_closures as RC  # noqa: E402
from tests.test_real_closures import built, vowel_over_closure_loudness  # noqa: E402

HAVE_CS = FD.installed("cs")

SCRIPT = '''
dialogId("let-m-divna", "font_small", "What kind of strange ship is that?")
dialogStr("Co je to za divnou lo\u010f?")


dialogId("m-restartuj", "font_small", "Restart it, right now!")
dialogStr(
"V dal\u0161\u00ed m\u00edstnosti bude ur\u010dit\u011b \\"zase\\" \u010dekat. Restartuj to!")

dialogId("let-v-oko", "font_big", "Can you see that eye?")

dialogId("text0", "font_white",  "mplayer kufrik.ogg")
dialogStr("mplayer kufrik.ogg")
'''


class Scripts(unittest.TestCase):
    def test_translations_across_lines_and_escaped_quotes(self):
        self.assertEqual([("let-m-divna", "Co je to za divnou lo\u010f?"),
                          ("m-restartuj", "V dal\u0161\u00ed m\u00edstnosti bude ur\u010dit\u011b \"zase\" \u010dekat. Restartuj to!"),
                          ("text0", "mplayer kufrik.ogg")],
                         FD.parse_dialogs(SCRIPT, "cs"))

    def test_english_is_the_original_of_every_line(self):
        self.assertEqual(["What kind of strange ship is that?", "Restart it, right now!", "Can you see that eye?",
                          "mplayer kufrik.ogg"], [t for _, t in FD.parse_dialogs(SCRIPT, "en")])

    def test_roles(self):
        self.assertEqual(["m", "v", "m", "pap"], [FD.role(i) for i in ("let-m-divna", "kan-v-proc", "m-restartuj",
                                                                        "pap-pap-ahoj")])

    def test_cues_and_file_names_are_not_speech(self):
        self.assertFalse(FD.usable_text("mplayer kufrik.ogg"))
        self.assertFalse(FD.usable_text("..."))
        self.assertFalse(FD.usable_text("[laughs]"))
        self.assertTrue(FD.usable_text("Hoezo?"))
        self.assertTrue(FD.usable_text("To je vrak dopravn\u00edho letadla LC-10 Lemura."))

    def test_items_pair_each_usable_line_with_its_recording(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "script", "airplane"))
            os.makedirs(os.path.join(root, "sound", "airplane", "cs"))
            with open(os.path.join(root, "script", "airplane", "dialogs_cs.lua"), "w", encoding="utf-8") as fh:
                fh.write(SCRIPT)
            for name in ("let-m-divna", "text0", "let-v-oko"):      # let-v-oko has no translation
                open(os.path.join(root, "sound", "airplane", "cs", name + ".ogg"), "wb").close()
            with mock.patch.object(FD, "ROOT", root):
                self.assertTrue(FD.installed("cs"))
                self.assertFalse(FD.installed("nl"))
                got = FD.items(["cs"])
                with self.assertRaises(FileNotFoundError) as caught:
                    FD.items(["nl"])
                self.assertIn("apt-get install fillets-ng-data fillets-ng-data-nl", str(caught.exception))
                with self.assertRaises(ValueError):
                    FD.items(["de"])
        self.assertEqual([("fng/cs/airplane/let-m-divna", "fng-cs", "Co je to za divnou lo\u010f?",
                           os.path.join(root, "sound", "airplane", "cs", "let-m-divna.ogg"))], got)

    def test_the_actors_are_training_speakers_of_their_own_source(self):
        RC._item_is_training("fng-cs")          # no error: not a klettres reference language item
        self.assertEqual("fillets", RC.source_of("fng-nl"))
        self.assertEqual("klettres", RC.source_of("nl"))
        with self.assertRaises(ValueError):
            RC._item_is_training("cs")


@unittest.skipUnless(shutil.which("espeak-ng"), "espeak-ng is not installed")
class Phones(unittest.TestCase):
    def test_czech_words_keep_their_bilabials(self):
        words = FD.line_words("Pro\u010d nehraje? Bude m\u00edt bombu.", "cs")
        self.assertEqual(5, len(words))
        self.assertEqual("P", words[0][0])
        self.assertEqual("B", words[2][0])
        self.assertEqual("M", words[3][0])
        self.assertEqual(["B", "M", "B"], [p for p in words[4] if p in ("P", "B", "M")])


@unittest.skipUnless(HAVE_CS and shutil.which("ffmpeg") and shutil.which("pocketsphinx_continuous"),
                     "needs fillets-ng-data, fillets-ng-data-cs, ffmpeg and pocketsphinx")
class RealLines(unittest.TestCase):
    def test_the_installed_czech_lines(self):
        items = FD.items(["cs"])
        self.assertGreater(len(items), 1500)
        self.assertEqual(len(items), len({i[0] for i in items}))
        byid = {i[0]: i for i in items}
        self.assertEqual("Co je to za divnou lo\u010f?", byid["fng/cs/airplane/let-m-divna"][2])
        roles = {FD.role(i[0].rsplit("/", 1)[1]) for i in items}
        self.assertTrue({"m", "v"} <= roles)
        for iid, lang, text, path in items[:50]:
            self.assertEqual("fng-cs", lang)
            self.assertTrue(path.endswith(iid.split("/", 2)[2].replace("/", "/cs/", 1) + ".ogg"), path)

    def test_a_line_decodes_at_16_khz(self):
        path = os.path.join(FD.ROOT, "sound", "airplane", "cs", "let-m-divna.ogg")
        audio, rate = KT.read_audio(path)
        seconds = float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                                        "csv=p=0", path], capture_output=True, text=True, check=True).stdout)
        self.assertEqual(22050, rate)
        self.assertAlmostEqual(seconds, audio.size / 16000.0, delta=0.03)
        self.assertGreater(float(np.abs(audio).max()), 0.1, "speech, not silence")

    def test_closures_of_real_lines_fall_on_their_quiet_bilabial_closures(self):
        # the big fish: "Budem z toho mít dobrý pocit." (b, m, m, b, p) and "Ano, vím o tom. Nebudeme to
        # komentovat." (m, m, b, m, m); the small fish: "Ještě kousek, ať pod tebou můžu projet." (p, b, m, p)
        want = {"fng/cs/atlantis/sp-v-pocit", "fng/cs/bathroom/br-v-nerozvadet2", "fng/cs/briefcase/kuf-m-kousek"}
        picked = [it for it in FD.items(["cs"]) if it[0] in want]
        self.assertEqual(3, len(picked))
        stats, data = built(picked)
        self.assertEqual(3, stats["by_source"]["fillets"]["aligned"])
        self.assertGreaterEqual(stats["events"], 10)
        self.assertGreaterEqual(stats["trusted_used"], 4)
        self.assertEqual(["fng-cs"], stats["languages"])
        # independent of the labelling: closed frames are quieter (1-7 kHz) than open-vowel frames. Less so
        # than on the Asterisk prompts (4-7): an m's murmur is voiced, and these lines have many. Over the
        # whole build the Czech lines give 2.7, the Dutch 3.6; labels on the vowels would give about 0.
        self.assertGreater(vowel_over_closure_loudness(data), 1.0, "closures sit in quieter frames")


if __name__ == "__main__":
    unittest.main()
