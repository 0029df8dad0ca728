"""Expression network: the hand-written adaptation backward against autograd, masks, resampling."""

import unittest

import torch

from adamesh_training import adapt_step as AS
from adamesh_training.expression_model import ExpressionModel, chunk_mask, resample_to_30fps

torch.set_num_threads(1)


def _setup(ranks=(2, 4, 8), seed=3):
    torch.manual_seed(seed)
    model = ExpressionModel(d=32, layers=1, heads=2, ff=48, s=8, h=24, ranks=ranks).double()
    dec = model.decoder
    params = [p.double() for p in AS.init_params(dec, ranks, seed)]
    params = [p + 0.1 * torch.randn_like(p) for p in params]    # non-zero B and logits
    n, f = 2, 13
    x = torch.randn(n, f, 32, dtype=torch.float64)
    sb = torch.randn(n, 24, dtype=torch.float64)
    target = torch.randn(n, f, 44, dtype=torch.float64)
    mask = torch.ones(n, f, dtype=torch.float64)
    mask[1, 9:] = 0.0
    return model, dec, params, x, sb, target, mask


def _autograd_loss(dec, ranks, x, sb, target, mask, params):
    lora = AS.unflatten(params, ranks)
    y = dec.from_resampled(x, sb, lora)
    return (mask.unsqueeze(-1) * (y - target) ** 2).sum() / (mask.sum() * 44)


class AdaptStepTest(unittest.TestCase):
    def test_explicit_gradients_match_autograd(self):
        for ranks in ((2, 4, 8), (14,)):
            model, dec, params, x, sb, target, mask = _setup(ranks)
            step = AS.AdaptStep(dec, ranks).double()
            loss, grads = step.loss_and_grads(x, sb, target, mask, params)
            leaves = [p.clone().requires_grad_(True) for p in params]
            ref = _autograd_loss(dec, ranks, x, sb, target, mask, leaves)
            ref.backward()
            self.assertLess(abs(loss.item() - ref.item()) / abs(ref.item()), 1e-10)
            for name, g, leaf in zip(AS.param_names(ranks), grads, leaves):
                rel = (g - leaf.grad).norm() / max(leaf.grad.norm(), 1e-30)
                self.assertLess(rel.item(), 1e-5, "%s %s" % (ranks, name))

    def test_explicit_gradients_match_autograd_with_a_loss_metric(self):
        ranks = (2, 4, 8)
        model, dec, params, x, sb, target, mask = _setup(ranks)
        g = torch.Generator().manual_seed(5)
        root = torch.randn(44, 44, generator=g, dtype=torch.float64)
        metric = root @ root.t() / 44 + torch.eye(44, dtype=torch.float64)
        step = AS.AdaptStep(dec, ranks, metric=metric).double()
        loss, grads = step.loss_and_grads(x, sb, target, mask, params)
        leaves = [p.clone().requires_grad_(True) for p in params]
        y = dec.from_resampled(x, sb, AS.unflatten(leaves, ranks))
        err = y - target
        ref = (mask.unsqueeze(-1) * (err @ metric) * err).sum() / (mask.sum() * 44)
        ref.backward()
        self.assertLess(abs(loss.item() - ref.item()) / abs(ref.item()), 1e-10)
        for name, gr, leaf in zip(AS.param_names(ranks), grads, leaves):
            rel = (gr - leaf.grad).norm() / max(leaf.grad.norm(), 1e-30)
            self.assertLess(rel.item(), 1e-5, name)

    def test_adamw_update_matches_torch_optimizer(self):
        ranks = (2, 4, 8)
        for layers in (AS.STEP_LAYERS, AS.ADAPTED_LAYERS):
            model, dec, params, x, sb, target, mask = _setup(ranks)
            step = AS.AdaptStep(dec, ranks, layers=layers).double()
            n = len(params)
            state = list(params) + [torch.zeros_like(p) for p in params] * 2
            leaves = [p.clone().requires_grad_(True) for p in params]
            per = 2 * len(ranks) + 1
            trained = [AS.ADAPTED_LAYERS[i // per] in layers for i in range(n)]
            opt = torch.optim.AdamW([
                {"params": [p for i, p in enumerate(leaves) if trained[i] and i % per != per - 1],
                 "weight_decay": AS.WEIGHT_DECAY},
                {"params": [p for i, p in enumerate(leaves) if trained[i] and i % per == per - 1],
                 "weight_decay": 0.0}],
                lr=0.01, betas=(AS.BETA1, AS.BETA2), eps=AS.EPS)
            lr = torch.tensor([0.01], dtype=torch.float64)
            t = torch.zeros(1, dtype=torch.float64)
            for _ in range(3):
                out = step(x, sb, target, mask, lr, t, *state)
                state, t = list(out[1:1 + 3 * n]), out[-1]
                opt.zero_grad()
                _autograd_loss(dec, ranks, x, sb, target, mask, leaves).backward()
                opt.step()
            for i, (name, mine, ref) in enumerate(zip(AS.param_names(ranks), state[:n], leaves)):
                rel = (mine - ref.detach()).norm() / ref.detach().norm()
                self.assertLess(rel.item(), 1e-9, name)
                if not trained[i]:   # passed through bit for bit, moments untouched
                    self.assertTrue(torch.equal(mine, params[i]), name)
                    self.assertEqual(float(state[n + i].abs().sum() + state[2 * n + i].abs().sum()), 0.0, name)
            self.assertEqual(sum(trained), n if layers == AS.ADAPTED_LAYERS else n // 2, layers)

    def test_unknown_layer_is_refused(self):
        model, dec, *_ = _setup((2,))
        with self.assertRaisesRegex(ValueError, "subset"):
            AS.AdaptStep(dec, (2,), layers=("inp", "decoder"))

    def test_adaptation_lowers_the_loss(self):
        ranks = (2, 4, 8)
        model, dec, params, x, sb, target, mask = _setup(ranks)
        model = model.float()
        cache = {"x": x.float(), "style_bias": sb.float(), "target": target.float(), "mask": mask.float()}
        _, losses = AS.adapt(model, cache, steps=30, lr=1e-2)
        self.assertLess(losses[-1], 0.9 * losses[0])


class MaskTest(unittest.TestCase):
    def test_live_mask_never_looks_beyond_its_chunk(self):
        m = chunk_mask(10, torch.tensor(4))
        allowed = m == 0
        for i in range(10):
            for j in range(10):
                self.assertEqual(bool(allowed[i, j]), j // 4 <= i // 4)
        self.assertTrue(bool((chunk_mask(7, torch.tensor(0)) == 0).all()))

    def test_live_encoder_output_does_not_depend_on_future_chunks(self):
        torch.manual_seed(0)
        model = ExpressionModel(d=32, layers=2, heads=2, ff=48, s=8, h=24).eval()
        mel = torch.randn(1, 80, 80)
        chunk = torch.tensor([4])
        with torch.no_grad():
            a = model.encoder(mel, chunk)
            mel2 = mel.clone()
            mel2[:, 42:] = torch.randn(1, 38, 80)      # changes mel frames >= 42 (encoder frame >= 20.5)
            b = model.encoder(mel2, chunk)
        # encoder frames 0..19 = chunks 0..4 need mel frames up to 2 * 19 + 2 = 40 only
        self.assertTrue(torch.allclose(a[:, :20], b[:, :20], atol=1e-6))
        self.assertFalse(torch.allclose(a[:, 20:], b[:, 20:], atol=1e-3))

    def test_resampling_gives_thirty_frames_per_second(self):
        x = torch.arange(50.0).reshape(1, 50, 1)
        y = resample_to_30fps(x)
        self.assertEqual(y.shape[1], 30)
        # frame f at f / 30 s sits at 50 Hz position (f / 30 - 0.0125) / 0.02
        self.assertAlmostEqual(float(y[0, 15, 0]), (0.5 - 0.0125) / 0.02, places=4)


class RecipeEndToEndTest(unittest.TestCase):
    """A few steps on a --quick corpus: train, speaker adapters, export with checked interfaces."""

    def test_train_resume_and_export_on_a_quick_corpus(self):
        import json
        import os
        import subprocess
        import sys
        import tempfile

        import onnx
        from adamesh_training import export_expression, train_expression
        with tempfile.TemporaryDirectory() as tmp:
            corpus, run, bundle = (os.path.join(tmp, x) for x in ("corpus", "run", "bundle"))
            subprocess.run([sys.executable, "-m", "adamesh_training.corpus", "build", "--out", corpus, "--quick"],
                           check=True, capture_output=True, cwd=os.path.dirname(os.path.dirname(__file__)))
            common = ["--corpus", corpus, "--out", run, "--steps", "3", "--batch", "2", "--speaker-steps", "2"]
            train_expression.main(common + ["--stage", "base", "--lip-weight", "0.05"])   # with the lip loss
            train_expression.main(common + ["--resume"])             # base done: goes on to the speakers
            state = json.load(open(os.path.join(run, "state.json")))
            self.assertEqual(state["base"]["steps"], 3)
            self.assertEqual(state["lip_contact"]["weight"], 0.05)
            self.assertTrue(state["speakers"])
            export_expression.main(["--run", run, "--bundle", bundle])   # raises on any interface mismatch
            manifest = json.load(open(os.path.join(bundle, "manifest.json")))
            for spec in manifest["graphs"].values():
                m = onnx.load(os.path.join(bundle, spec["file"]))
                self.assertEqual(m.opset_import[0].version, 17)
                self.assertFalse([i.name for i in m.graph.initializer if i.name.startswith("onnx::")])
            self.assertEqual(manifest["face"]["model_id"], "openhead-1")
            self.assertEqual(len(manifest["channels"]), 43)


class AdaptExperimentsTest(unittest.TestCase):
    def test_held_back_mask_takes_the_last_frames_across_utterances(self):
        from adamesh_training.adapt_experiments import held_back_masks
        mask = torch.zeros(3, 10)
        mask[0, :10], mask[1, :4], mask[2, :3] = 1, 1, 1
        train, held = held_back_masks(mask, 5)
        self.assertEqual(held[2].tolist(), [1, 1, 1] + [0] * 7)
        self.assertEqual(held[1].tolist(), [0, 0, 1, 1] + [0] * 6)
        self.assertEqual(float(held[0].sum()), 0.0)
        self.assertTrue(torch.equal(train + held, mask))

    def test_lip_metric_measures_squared_lip_displacement(self):
        import numpy as np
        from adamesh_training.adapt_experiments import lip_metric
        from adamesh_training.evaluate_expression import LipRig, vertex_sets
        from adamesh_training.expression_model import JAW_SCALE
        from adamesh_training.head import Head
        head = Head()
        M = lip_metric(head, jaw_points=(0.05,))
        self.assertAlmostEqual(float(np.trace(M)), 44.0, places=6)
        self.assertLess(np.abs(M - M.T).max(), 1e-9)
        self.assertGreater(np.linalg.eigvalsh(M).min(), -1e-9)
        rig = LipRig(head, vertex_sets(head)[0])
        rng = np.random.default_rng(0)
        ratios = []
        for _ in range(3):      # small errors around the linearisation point: quadratic form / rig, one scale
            e = rng.normal(0, 1e-3, 44)
            base = rig.vertices(np.zeros((1, 43)), np.array([0.05]))
            moved = rig.vertices(e[None, :43], np.array([0.05 + e[43] / JAW_SCALE]))
            ratios.append(float(e @ M @ e) / float(((moved - base) ** 2).sum(2).mean()))
        self.assertLess(max(ratios) / min(ratios) - 1.0, 1e-3, ratios)


if __name__ == "__main__":
    unittest.main()
