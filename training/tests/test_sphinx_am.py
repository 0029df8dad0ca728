"""sphinx_am: our reading of the pocketsphinx en-us model and its front end, checked against
pocketsphinx's own tools (pocketsphinx_mdef_convert, pocketsphinx_batch dumps), and the
log-mel+phones encoder variant starting exactly where its log-mel checkpoint was.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import sphinx_am as S  # noqa: E402
from adamesh_training.expression_model import PHONES_FRONTEND, ExpressionModel  # noqa: E402

HAVE_MODEL = os.path.exists(os.path.join(S.MODEL_DIR, "sendump"))
CLIP = os.path.join(S.LIBRIVOX, "sense_and_sensibility_01_austen_64kb-0880.wav")


@unittest.skipUnless(HAVE_MODEL, "pocketsphinx-en-us is not installed")
class ModelFiles(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.am = S.AcousticModel()

    def test_shapes_of_a_tied_mixture_model(self):
        am = self.am
        self.assertEqual(len(am.phones), 42)
        self.assertEqual((am.n_cb, am.n_feat, am.n_den, am.dim), (42, 3, 128, 13))
        self.assertEqual(am.sen2ci.size, 5126)
        self.assertEqual(am.phones[am.sen2ci[am.ci_senones[am.phones.index("M"), 1]]], "M")
        self.assertTrue((np.bincount(am.sen2ci, minlength=42) >= 3).all())

    def test_mixture_weights_are_distributions(self):
        # bytes read with the wrong layout or scale would not sum to one per senone and stream;
        # pocketsphinx's byte quantisation (steps of 0.1 nat) leaves them a little under
        sums = self.am.weight_sums
        self.assertGreater(sums.min(), 0.85)
        self.assertLess(sums.max(), 1.001)

    @unittest.skipUnless(shutil.which("pocketsphinx_mdef_convert"), "pocketsphinx is not installed")
    def test_senone_phones_match_pocketsphinx_text_mdef(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "mdef.txt")
            subprocess.run(["pocketsphinx_mdef_convert", "-text", os.path.join(S.MODEL_DIR, "mdef"), out],
                           check=True, capture_output=True)
            checked = 0
            with open(out) as fh:
                lines = fh.read().splitlines()
            for line in lines:                 # base left right position attribute tmat s1 s2 s3 N
                parts = line.split()
                if len(parts) == 10 and parts[-1] == "N" and parts[0] in self.am.phones:
                    base = self.am.phones.index(parts[0])
                    self.assertEqual(int(parts[5]), base, line)
                    for sen in parts[6:9]:
                        self.assertEqual(self.am.sen2ci[int(sen)], base, line)
                    checked += 1
        self.assertGreater(checked, 100000)


class Deltas(unittest.TestCase):
    def test_cmn_and_1s_c_d_dd_on_a_ramp(self):
        T = 20
        cep = np.tile(np.arange(T, dtype=np.float64)[:, None], (1, 13)) + 5.0
        f = S.delta_features(cep)
        self.assertEqual(f.shape, (T, 39))
        np.testing.assert_allclose(f[:, 0], np.arange(T) - (T - 1) / 2.0)     # batch CMN
        np.testing.assert_allclose(f[5:-5, 13], 4.0)                            # c(t+2) - c(t-2)
        np.testing.assert_allclose(f[5:-5, 26], 0.0)                            # a ramp has no acceleration
        self.assertEqual(f[0, 13], 2.0)                                         # edges repeat the first frame
        self.assertEqual(f[0, 26], (3 - 0) - (1 - 0))


@unittest.skipUnless(HAVE_MODEL and shutil.which("pocketsphinx_batch") and os.path.exists(CLIP),
                     "pocketsphinx, its en-us model or its test data are not installed")
class AgainstPocketsphinx(unittest.TestCase):
    """1.5 s of a LibriVox clip through pocketsphinx_batch (allphone search, every senone scored,
    cepstra and senone scores dumped) and through sphinx_am."""

    @classmethod
    def setUpClass(cls):
        cls.am = S.AcousticModel()
        cls.tmp = tempfile.TemporaryDirectory()
        w = cls.tmp.name
        for sub in ("raw", "mfc", "sen"):
            os.makedirs(os.path.join(w, sub))
        raw = os.path.join(w, "raw", "clip.raw")
        subprocess.run(["sox", "-D", CLIP, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1", "-r", "16000",
                        raw, "trim", "1.0", "1.5"], check=True)
        with open(os.path.join(w, "ctl"), "w") as fh:
            fh.write("clip\n")
        top = os.path.dirname(S.MODEL_DIR)
        subprocess.run(["pocketsphinx_batch", "-hmm", S.MODEL_DIR, "-allphone", os.path.join(top, "en-us-phone.lm.bin"),
                        "-ctl", os.path.join(w, "ctl"), "-cepdir", os.path.join(w, "raw"), "-cepext", ".raw",
                        "-adcin", "yes", "-remove_noise", "no", "-remove_silence", "no", "-compallsen", "yes",
                        "-mfclogdir", os.path.join(w, "mfc"), "-senlogdir", os.path.join(w, "sen"),
                        "-logfn", os.path.join(w, "log")], check=True, capture_output=True)
        cls.x = np.fromfile(raw, "<i2").astype(np.float64) / 32768.0
        cls.mfc = S.read_mfc(os.path.join(w, "mfc", "000000000.mfc"))
        cls.sen = S.read_senlog(os.path.join(w, "sen", "000000000.sen"), cls.am.sen2ci.size)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_cepstra_equal_pocketsphinx(self):
        ours = self.am.mfcc(self.x)
        self.assertEqual(ours.shape, self.mfc.shape)
        self.assertLess(np.abs(ours - self.mfc).max(), 1e-3)
        self.assertGreater(np.abs(self.mfc).mean(), 1.0)              # not two empty signals

    def test_senone_scores_follow_pocketsphinx(self):
        feat = S.delta_features(self.am.mfcc(self.x))
        T = min(feat.shape[0], self.sen.shape[0])
        ours = self.am.senone_scores(feat[:T], topn=4).astype(np.float64)
        ours -= ours.max(1, keepdims=True)
        theirs = self.sen[:T]
        corr = np.mean([np.corrcoef(ours[t], theirs[t])[0, 1] for t in range(T)])
        self.assertGreater(corr, 0.98)
        near = ours > -20
        self.assertLess(np.median(np.abs(ours - theirs)[near]), 0.3)   # pocketsphinx rounds to 0.1 nat
        best = self.am.phone_scores(ours[:, self.am.order]).argmax(1)
        self.assertGreater(np.mean(best == self.am.phone_scores(theirs[:, self.am.order]).argmax(1)), 0.9)

    def test_phone_posteriors_line_up_with_log_mel(self):
        from adamesh_training.features import log_mel
        M = log_mel(self.x).shape[0]
        post = self.am.phone_logpost(self.x, frames=M)
        self.assertEqual(post.shape, (M, 42))
        np.testing.assert_allclose(np.exp(post).sum(1), 1.0, atol=1e-4)
        self.assertEqual(self.am.phone_logpost(self.x[:300], frames=7).shape, (7, 42))   # too short: uniform


class PhonesFrontend(unittest.TestCase):
    def test_warm_start_computes_what_the_log_mel_checkpoint_did(self):
        from adamesh_training.train_realvoice import warm_start
        torch.manual_seed(0)
        small = dict(d=32, layers=1, heads=2, ff=48, s=8, h=32)
        base = ExpressionModel(**small).eval()
        model = ExpressionModel(**small, frontend=PHONES_FRONTEND, feat_dim=42)
        rng = np.random.default_rng(0)
        d = {"input": [rng.normal(size=(120, 122)).astype(np.float32) for _ in range(8)]}
        warm_start(model, base.state_dict(), d)
        model.eval()
        x = torch.as_tensor(d["input"][0][None])
        ref = torch.zeros(1, 20, 44)
        with torch.no_grad():
            a, _ = base(x[..., :80], torch.tensor([0]), ref)
            b, _ = model(x, torch.tensor([0]), ref)
            torch.nn.init.normal_(model.encoder.extra.weight)
            c, _ = model(x, torch.tensor([0]), ref)
        self.assertEqual(float((a - b).abs().max()), 0.0)
        self.assertGreater(float((a - c).abs().max()), 1e-3)            # the phone scores do reach the output
        with self.assertRaises(ValueError):
            warm_start(ExpressionModel(**small), model.state_dict(), d)  # a phones checkpoint is no log-mel one


@unittest.skipUnless(HAVE_MODEL, "pocketsphinx-en-us is not installed")
class Plumbing(unittest.TestCase):
    def test_evaluation_feeds_phone_scores_only_to_a_phones_model(self):
        from adamesh_training import real_voice_eval as E
        from adamesh_training.features import log_mel
        rng = np.random.default_rng(1)
        audio = (0.05 * rng.standard_normal(16000)).astype(np.float32)
        mel = log_mel(audio).astype(np.float32)
        small = dict(d=32, layers=1, heads=2, ff=48, s=8, h=32)
        self.assertIs(E.model_input(ExpressionModel(**small), audio, mel), mel)
        x = E.model_input(ExpressionModel(**small, frontend=PHONES_FRONTEND, feat_dim=42), audio, mel)
        self.assertEqual(x.shape, (mel.shape[0], 122))
        np.testing.assert_array_equal(x[:, :80], mel)
        np.testing.assert_allclose(np.exp(x[:, 80:]).sum(1), 1.0, atol=1e-4)

    def test_cache_that_does_not_fit_the_utterances_is_refused(self):
        from adamesh_training.train_expression import attach_phones
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "c.npz")
            S._save(path, [np.zeros((50, 42), np.float32), np.zeros((30, 42), np.float32)])
            d = {"mel": [np.zeros((50, 80), np.float32), np.zeros((31, 80), np.float32)]}
            with self.assertRaisesRegex(ValueError, "utterance 1 has 30 phone frames for 31"):
                attach_phones(d, path)
            with self.assertRaisesRegex(ValueError, "holds 2 utterances, 3 expected"):
                S.load_cache(path, 3)
            d["mel"][1] = np.zeros((30, 80), np.float32)
            attach_phones(d, path)
            self.assertEqual(d["input"][1].shape, (30, 122))
            self.assertEqual(d["frontend"], PHONES_FRONTEND)

    def test_viseme_track_is_50_hz(self):
        am = S.AcousticModel()
        lp = np.full((9, 42), -10.0, np.float32)
        lp[:, am.phones.index("M")] = 0.0
        v = S.viseme_track(am, lp)
        self.assertEqual(v.shape, (5,))                         # (9 - 1) // 2 + 1, like the encoder
        self.assertTrue((v == 1).all())                         # M -> PP


if __name__ == "__main__":
    unittest.main()
