"""Weight interpolation of two fine-tunes (ADR 0028): the mix, its refusals and its run folder.

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

import torch

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import interpolate as I  # noqa: E402
from adamesh_training.expression_model import ExpressionModel  # noqa: E402

SMALL = dict(d=32, layers=1, heads=2, ff=48, s=8, h=24)


def read_json(path):
    with open(path) as fh:
        return json.load(fh)


def fine_tunes(seed_a=1, seed_b=2):
    """Two differently perturbed copies of one small network."""
    torch.manual_seed(0)
    base = ExpressionModel(**SMALL)
    out = []
    for seed in (seed_a, seed_b):
        g = torch.Generator().manual_seed(seed)
        sd = {k: (v + 0.1 * torch.randn(v.shape, generator=g) if v.is_floating_point() else v.clone())
              for k, v in base.state_dict().items()}
        out.append(sd)
    return base, out


class Mix(unittest.TestCase):
    def test_ends_are_the_inputs_and_the_middle_is_their_mean(self):
        _, (a, b) = fine_tunes()
        for alpha, want in ((0.0, a), (1.0, b)):
            got = I.mix(a, b, alpha)
            for k in a:
                self.assertTrue(torch.allclose(got[k], want[k], atol=1e-7), k)
        half = I.mix(a, b, 0.3)
        floats = [k for k in a if a[k].is_floating_point()]
        self.assertGreater(len(floats), 10)
        for k in floats:
            self.assertTrue(torch.allclose(half[k], 0.7 * a[k] + 0.3 * b[k], atol=1e-6), k)
        changed = sum(not torch.allclose(half[k], a[k]) for k in floats)
        self.assertGreater(changed, len(floats) // 2, "the mix moved the weights")

    def test_the_mixed_weights_load_into_the_network_and_run(self):
        base, (a, b) = fine_tunes()
        base.load_state_dict(I.mix(a, b, 0.5))
        with torch.no_grad():
            y, _ = base.eval()(torch.randn(1, 60, 80), torch.tensor([4]), torch.randn(1, 30, 44))
        self.assertTrue(torch.isfinite(y).all())

    def test_networks_of_different_shape_or_names_are_refused_by_name(self):
        _, (a, b) = fine_tunes()
        k = next(k for k in a if a[k].dim() == 2)
        wrong = dict(b)
        wrong[k] = torch.zeros(a[k].shape[0] + 1, a[k].shape[1])
        with self.assertRaises(ValueError) as ctx:
            I.mix(a, wrong, 0.5)
        self.assertIn(k, str(ctx.exception))
        fewer = dict(b)
        fewer.pop(k)
        with self.assertRaises(ValueError) as ctx:
            I.mix(a, fewer, 0.5)
        self.assertIn("not fine-tunes of one base", str(ctx.exception))

    def test_differing_integer_buffers_are_refused(self):
        a = {"w": torch.ones(2), "n": torch.tensor([3])}
        b = {"w": torch.zeros(2), "n": torch.tensor([4])}
        with self.assertRaises(ValueError) as ctx:
            I.mix(a, b, 0.5)
        self.assertIn("integer tensor n", str(ctx.exception))
        b["n"] = torch.tensor([3])
        self.assertTrue(torch.equal(I.mix(a, b, 0.25)["w"], torch.full((2,), 0.75)))


class RunFolder(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        base, sds = fine_tunes()
        self.runs = []
        for i, sd in enumerate(sds):
            run = os.path.join(self.tmp, "run%d" % i)
            os.makedirs(run)
            torch.save({"model": sd, "step": 100 + i, "seconds": 1.0, "config": base.config},
                       os.path.join(run, "base.pt"))
            with open(os.path.join(run, "state.json"), "w") as fh:
                json.dump({"corpus": {"name": "c"}, "speakers": {"spk05": {}}, "run": i}, fh)
            open(os.path.join(run, "cache-train.npz"), "w").close()
            self.runs.append(run)
        self.out = os.path.join(self.tmp, "mix")

    def call(self, *extra, alpha="0.7"):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            I.main(["--a", self.runs[0], "--b", self.runs[1], "--alpha", alpha, "--out", self.out,
                    "--speakers", "none"] + list(extra))
        return err.getvalue()

    def test_writes_the_mix_with_the_second_runs_state_and_a_record(self):
        self.call()
        c = torch.load(os.path.join(self.out, "base.pt"))
        a = torch.load(os.path.join(self.runs[0], "base.pt"))["model"]
        b = torch.load(os.path.join(self.runs[1], "base.pt"))["model"]
        k = next(k for k in a if a[k].is_floating_point())
        self.assertTrue(torch.allclose(c["model"][k], 0.3 * a[k] + 0.7 * b[k], atol=1e-6))
        self.assertEqual(c["step"], 101)
        state = read_json(os.path.join(self.out, "state.json"))
        self.assertEqual(state["run"], 1)
        self.assertNotIn("speakers", state, "adapters of the second run do not fit the mix")
        self.assertEqual(state["interpolation"]["alpha"], 0.7)
        self.assertEqual(os.path.realpath(os.path.join(self.out, "cache-train.npz")),
                         os.path.realpath(os.path.join(self.runs[1], "cache-train.npz")))

    def test_a_rerun_keeps_the_weights_and_a_new_alpha_remixes(self):
        self.assertIn("interpolate:", self.call())
        stamp = os.path.getmtime(os.path.join(self.out, "base.pt"))
        self.assertNotIn("interpolate:", self.call())
        self.assertEqual(os.path.getmtime(os.path.join(self.out, "base.pt")), stamp)
        self.assertIn("interpolate:", self.call(alpha="0.5"))
        self.assertEqual(read_json(os.path.join(self.out, "state.json"))["interpolation"]["alpha"], 0.5)

    def test_bad_arguments_are_refused_before_anything_is_written(self):
        for args, msg in ((["--alpha", "1.5"], "--alpha"), (["--alpha", "0.5", "--out", self.runs[1]], "new run")):
            err = io.StringIO()
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
                I.main(["--a", self.runs[0], "--b", self.runs[1], "--out", self.out] + args)
            self.assertIn(msg, err.getvalue())
        os.remove(os.path.join(self.runs[0], "base.pt"))
        err = io.StringIO()
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
            I.main(["--a", self.runs[0], "--b", self.runs[1], "--alpha", "0.5", "--out", self.out])
        self.assertIn("has no base.pt", err.getvalue())
        self.assertFalse(os.path.exists(self.out))

    def test_different_configurations_are_refused(self):
        other = ExpressionModel(**dict(SMALL, h=16))
        torch.save({"model": other.state_dict(), "step": 1, "seconds": 1.0, "config": other.config},
                   os.path.join(self.runs[1], "base.pt"))
        with self.assertRaises(SystemExit) as ctx:
            self.call()
        self.assertIn("different network configurations", str(ctx.exception))
        self.assertFalse(os.path.exists(os.path.join(self.out, "base.pt")))


if __name__ == "__main__":
    unittest.main()
