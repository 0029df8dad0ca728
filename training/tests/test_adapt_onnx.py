"""The ONNX-only adaptation driver: torch-free, seeded like adapt_step.init_params, and its loop of
adapt_step.onnx equal to PyTorch's adapt_step.adapt on the bundle's held-out fixture."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

from adamesh_training import adapt_onnx as AO
from adamesh_training import adapt_step as AS
from adamesh_training.speaker_profile import read_profile

from tests.test_onnx_numpy import BUNDLE, FrozenDecoder, fixture_array, load_fixture

torch.set_num_threads(1)
TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Runs in a child interpreter where ``import torch`` fails: the driver's whole adaptation path (log-mel,
# encoder, style, cache, adapt_step loop, expression, scoring, profile) on real fixture data.
TORCH_FREE = r"""
import json, sys
sys.modules["torch"] = None                       # any 'import torch' now raises ImportError
import numpy as np
from adamesh_training import adapt_onnx as AO
from adamesh_training.expression_scoring import Scorer
from adamesh_training.features import log_mel
from adamesh_training.head import Head
from adamesh_training.speaker_profile import write_profile
from adamesh_training.speaker_profile import decode_array
BUNDLE, fixture_array = sys.argv[2], decode_array
load_fixture = lambda name: json.load(open("%s/fixtures/%s.json" % (BUNDLE, name)))

held = load_fixture("adapt_heldout")
target, mask = fixture_array(held["inputs"]["target"]), fixture_array(held["inputs"]["mask"])
audio = np.random.default_rng(0).standard_normal(16000 * 3).astype(np.float32) * 0.05
mels = [log_mel(audio).astype(np.float32), fixture_array(load_fixture("encoder_quality")["inputs"]["mel"])[0]]
targets = [target[i, :int(mask[i].sum())] for i in range(2)]
bundle = AO.Bundle(BUNDLE)
r = AO.adapt_reference(bundle, mels, targets, steps=4, lr=1e-2, seed=0)
write_profile(sys.argv[1], "probe", r["style"], r["params"], {"test": True}, bundle.ranks)
scores = AO.score(bundle, Scorer(Head()), mels[:1], targets[:1], r["style"], r["params"])
print(json.dumps({"losses": r["losses"], "lve": scores["lve_mm"], "frames": r["cache"]["mask"].sum(1).tolist(),
                  "torch_loaded": sorted(m for m, v in sys.modules.items() if v is not None and m.split(".")[0] == "torch")}))
"""


def fixture_cache():
    fx = load_fixture("adapt_heldout")
    return fx, {k: fixture_array(fx["inputs"][k]) for k in AO.CACHE_INPUTS}


class AdaptOnnxTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.bundle = AO.Bundle(BUNDLE)
        cls.decoder = FrozenDecoder(os.path.join(BUNDLE, "adapt_step.onnx"), cls.bundle.ranks)

    def test_adaptation_path_runs_without_torch(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "probe.json")
            out = subprocess.run([sys.executable, "-c", TORCH_FREE, path, BUNDLE], cwd=TRAINING, capture_output=True,
                                 text=True, timeout=120, env=dict(os.environ, OPENBLAS_NUM_THREADS="1"))
            self.assertEqual(out.returncode, 0, out.stderr[-3000:])
            res = json.loads(out.stdout.strip().splitlines()[-1])
            self.assertEqual(res["torch_loaded"], [])
            self.assertLess(res["losses"][-1], res["losses"][0])
            self.assertGreater(res["lve"], 0.0)
            doc, style, params = read_profile(path)
            with open(os.path.join(BUNDLE, "speakers", "spk05.json")) as fh:
                shipped = json.load(fh)
            self.assertEqual(set(doc) - {"provenance"}, set(shipped) - {"provenance"})
            self.assertEqual(set(doc["lora"]), set(shipped["lora"]))
            for n in shipped["lora"]:
                self.assertEqual(doc["lora"][n]["shape"], shipped["lora"][n]["shape"], n)
            self.assertEqual(style.shape, (32,))
            self.assertFalse(os.path.exists(path + ".partial"))

    def test_initialisation_is_that_of_adapt_step_init_params(self):
        for seed in (0, 11):
            mine = AO.init_params(self.bundle, seed)
            ref = AS.init_params(self.decoder, self.bundle.ranks, seed)
            self.assertEqual(len(mine), len(ref))
            for n, a, b in zip(self.bundle.names, mine, ref):
                self.assertEqual(a.shape, tuple(b.shape), n)
                self.assertLess(float(np.abs(a - b.numpy()).max()), 1e-6, "%s seed %d" % (n, seed))
        fx, _ = fixture_cache()                     # the start the Java experiment uses too
        for n, a in zip(self.bundle.names, AO.init_params(self.bundle, 0)):
            self.assertLess(float(np.abs(a - fixture_array(fx["init"][n])).max()), 1e-6, n)

    def test_loop_of_adapt_step_onnx_equals_pytorch_adapt(self):
        fx, cache = fixture_cache()
        steps, lr = 8, fx["lr"]
        params, losses, _ = AO.adapt(self.bundle, cache, AO.init_params(self.bundle, 0), steps, lr)
        model = type("Model", (), {"decoder": self.decoder})()
        ref, ref_losses = AS.adapt(model, {k: torch.as_tensor(v) for k, v in cache.items()}, steps=steps, lr=lr, seed=0)
        np.testing.assert_allclose(losses, ref_losses, rtol=1e-5)
        np.testing.assert_allclose(losses, fx["pytorch_losses"][:steps], rtol=1e-5)
        # float32 sums in a different order (numpy vs torch, 1 or 2 BLAS threads) move a gradient by ~1e-7;
        # Adam's first steps divide by sqrt(v), so a near-zero gradient element can move by a visible part
        # of one step (lr): measured up to 3e-4 of a tensor's largest value after 8 steps. A wrong graph
        # or driver is off by whole steps (> 1e-1).
        for n, a, b in zip(self.bundle.names, params, ref):
            scale = max(float(b.abs().max()), 1e-3)
            self.assertLess(float(np.abs(a - b.numpy()).max()) / scale, 2e-3, n)
        self.assertGreater(float(np.abs(params[self.bundle.names.index("conv1.B8")]).max()), 0.0)
        start = AO.init_params(self.bundle, 0)
        for n in ("conv2.A4", "out.B8", "out.logits"):           # layers the step leaves alone (ADR 0018)
            np.testing.assert_array_equal(params[self.bundle.names.index(n)], start[self.bundle.names.index(n)], n)

    def test_torch_free_constants_agree_with_the_network(self):
        from adamesh_training import expression_model as EM
        from adamesh_training import expression_spec as ES
        for name in ("N_MELS", "N_OUT", "JAW_SCALE", "LORA_RANKS", "ADAPTED_LAYERS"):
            self.assertEqual(getattr(ES, name), getattr(EM, name), name)
        self.assertEqual(self.bundle.ranks, ES.LORA_RANKS)

    def test_bad_speaker_and_corpus_are_refused_with_a_message(self):
        with self.assertRaises(SystemExit) as e:
            AO.main(["--corpus", TRAINING, "--speaker", "spk05"])
        self.assertIn("not a held-out speaker", str(e.exception))
        with self.assertRaises(SystemExit) as e:
            AO.main(["--corpus", TRAINING, "--speaker", "spk03"])
        self.assertIn("no corpus shards", str(e.exception))


if __name__ == "__main__":
    unittest.main()
