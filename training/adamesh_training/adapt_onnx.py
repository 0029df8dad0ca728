"""MoLoRA adaptation to a held-out speaker through the bundle's ONNX graphs only (no torch, no autograd).

    python3 -m adamesh_training.adapt_onnx --bundle ../models/default --corpus /work/corpus-default \\
        --speaker spk03 [--seconds 10] [--steps 60] [--lr 1e-3] [--seed 0] [--test 6] [--out profile.json]

The proof that ``adapt_step.onnx`` adapts by itself, before the studio relies on it: the first
``--seconds`` of the speaker's utterances (evaluate_expression.split_reference) are the reference;
``encoder.onnx`` turns their log-mel (features.py, numpy) into speech features, ``style_encoder.onnx``
their teacher expression into the style embedding, ``adapt_cache.onnx`` features + style into the
cached activations ``x`` and ``style_bias``; then ``adapt_step.onnx`` runs ``--steps`` times, each
call's updated parameters and AdamW state fed back into the next (as io.adamesh.model.AdaptStepRunner
does in Java). Every graph runs in onnx_numpy.py's interpreter. Initialisation and settings are those
of adapt_step.adapt: A ~ N(0, 1/in) drawn exactly as ``torch.randn`` with ``torch.Generator().
manual_seed(seed)`` draws it (reproduced in numpy below), B = 0, logits = 0, moments 0, step 0,
constant learning rate.

The adapted profile is written (atomically) in the format of ``models/default/speakers/*.json``; the
speaker's next ``--test`` utterances are then scored with ``expression.onnx``, un-adapted (the style
alone, B = 0) against adapted, with evaluate_expression's scorer (LVE mm, FDD, expression and jaw
errors, style error), and a JSON report is printed. Nothing here imports torch (a test enforces it).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np

from . import data
from . import expression_data as ED
from . import speakers as S
from .expression_scoring import Scorer, split_reference, style_error, summarise
from .expression_spec import ADAPT_LR, ADAPT_STEPS, JAW_SCALE, N_OUT
from .head import Head
from .onnx_numpy import OnnxGraph
from .speaker_profile import param_names, write_profile

GRAPHS = ("encoder", "style_encoder", "adapt_cache", "adapt_step", "expression")
CACHE_INPUTS = ("x", "style_bias", "target", "mask")


class TorchNormal:
    """``torch.randn`` of a CPU ``torch.Generator().manual_seed(seed)``, in numpy (float32).

    torch's CPU generator is the 32-bit Mersenne Twister seeded as ``init_genrand(seed)`` (numpy's
    legacy ``RandomState(seed)`` is the same engine and seeding). For a float tensor of n >= 16 values
    torch draws n uniforms ``(u32 & (2^24 - 1)) * 2^-24`` and turns each block of 16 into normals by
    Box-Muller: ``r = sqrt(-2 log(1 - u[j]))``, ``t = 2 pi u[j + 8]``, ``z[j] = r cos t``,
    ``z[j + 8] = r sin t`` (j < 8); when n is not a multiple of 16 the last 16 values are drawn again
    from 16 new uniforms. Agrees with torch to float32 rounding of log/cos (tested).
    """

    def __init__(self, seed):
        self.rs = np.random.RandomState(seed)

    def _uniform(self, n):
        u = self.rs.randint(0, 2 ** 32, size=n, dtype=np.uint32)
        return (u & np.uint32((1 << 24) - 1)).astype(np.float32) * np.float32(2.0 ** -24)

    @staticmethod
    def _box_muller16(d, o):
        u1 = np.float32(1) - d[o:o + 8]
        u2 = d[o + 8:o + 16]
        r = np.sqrt(np.float32(-2) * np.log(u1))
        t = np.float32(2.0 * math.pi) * u2
        d[o:o + 8] = r * np.cos(t)
        d[o + 8:o + 16] = r * np.sin(t)

    def randn(self, *shape):
        n = int(np.prod(shape))
        if n < 16:
            raise ValueError("torch draws tensors of fewer than 16 values differently; not reproduced here")
        d = self._uniform(n)
        for o in range(0, n - 15, 16):
            self._box_muller16(d, o)
        if n % 16:
            d[n - 16:] = self._uniform(16)
            self._box_muller16(d, n - 16)
        return d.reshape(shape)


class Bundle:
    """The bundle's graphs (loaded on first use) and its MoLoRA parameter names and shapes."""

    def __init__(self, folder):
        self.folder = folder
        path = os.path.join(folder, "manifest.json")
        if not os.path.exists(path):
            raise SystemExit("%s is not a model bundle: it has no manifest.json" % folder)
        with open(path) as fh:
            self.manifest = json.load(fh)
        self.ranks = tuple(self.manifest["lora"]["ranks"])
        self.names = param_names(self.ranks)
        if self.manifest["lora"].get("parameter_names", self.names) != self.names:
            raise SystemExit("%s: the manifest's LoRA parameter names are not those of ranks %s" % (path, self.ranks))
        self._graphs = {}

    def graph(self, key):
        if key not in self._graphs:
            spec = self.manifest["graphs"].get(key)
            if spec is None:
                raise SystemExit("%s/manifest.json declares no graph '%s'" % (self.folder, key))
            self._graphs[key] = OnnxGraph(os.path.join(self.folder, spec["file"]))
        return self._graphs[key]

    def shapes(self):
        """Parameter name -> shape, from adapt_step.onnx's declared inputs."""
        declared = {n: d for n, _, d in self.graph("adapt_step").inputs}
        missing = [n for n in self.names if n not in declared]
        if missing:
            raise SystemExit("adapt_step.onnx has no input for %s" % missing)
        return {n: tuple(declared[n]) for n in self.names}


def init_params(bundle, seed=0):
    """Fresh adapter as adapt_step.init_params makes it: A ~ N(0, 1/in) (torch's draws), B = 0, logits = 0."""
    rng = TorchNormal(seed)
    out = []
    for n, shape in bundle.shapes().items():
        if ".A" in n:
            out.append((rng.randn(*shape) / np.float32(math.sqrt(shape[1]))).astype(np.float32))
        else:
            out.append(np.zeros(shape, np.float32))
    return out


def features(bundle, mel, chunk=0):
    """encoder.onnx: log-mel [M, 80] -> features [1, T, D] (chunk 0: quality mode)."""
    return bundle.graph("encoder").run({"mel": np.asarray(mel, np.float32)[None],
                                        "chunk_frames": np.array([chunk], np.int64)})["features"]


def style(bundle, targets):
    """style_encoder.onnx on the reference targets (network units, [F, 44] each) -> style [32]."""
    ref = np.concatenate(targets).astype(np.float32)
    jaw = np.zeros((ref.shape[0], 3), np.float32)
    jaw[:, 0] = ref[:, 43] / np.float32(JAW_SCALE)
    return bundle.graph("style_encoder").run({"expression": ref[None, :, :43], "jaw": jaw[None]})["style"][0]


def cache(bundle, mels, targets, style_vec):
    """Cached activations of the reference (adapt_cache.onnx), padded to one batch with a frame mask."""
    xs, ts, sb = [], [], None
    for mel, tgt in zip(mels, targets):
        out = bundle.graph("adapt_cache").run({"features": features(bundle, mel),
                                               "style": np.asarray(style_vec, np.float32)[None]})
        f = min(out["x"].shape[1], tgt.shape[0])
        xs.append(out["x"][0, :f])
        ts.append(np.asarray(tgt[:f], np.float32))
        sb = out["style_bias"][0]
    n, fmax = len(xs), max(x.shape[0] for x in xs)
    c = {"x": np.zeros((n, fmax, xs[0].shape[1]), np.float32), "target": np.zeros((n, fmax, N_OUT), np.float32),
         "mask": np.zeros((n, fmax), np.float32), "style_bias": np.repeat(sb[None], n, axis=0)}
    for i, (xi, ti) in enumerate(zip(xs, ts)):
        c["x"][i, :xi.shape[0]] = xi
        c["target"][i, :ti.shape[0]] = ti
        c["mask"][i, :xi.shape[0]] = 1.0
    return c


def adapt(bundle, ref_cache, init, steps=ADAPT_STEPS, lr=ADAPT_LR, progress=None):
    """Loops adapt_step.onnx ``steps`` times from ``init``; returns (parameters, losses, seconds per step).

    Inputs are fed by the names the graph declares: the cache (x, style_bias, target, mask), lr, step,
    each parameter ``n``, its moments ``m.n`` and ``v.n``; outputs ``loss``, ``new.n``, ``new.m.n``,
    ``new.v.n`` and ``new.step`` are fed back.
    """
    graph = bundle.graph("adapt_step")
    params = dict(zip(bundle.names, (np.array(p, np.float32) for p in init)))
    state = {"": params, "m.": {n: np.zeros_like(p) for n, p in params.items()},
             "v.": {n: np.zeros_like(p) for n, p in params.items()}}
    fixed = {k: np.asarray(ref_cache[k], np.float32) for k in CACHE_INPUTS}
    fixed["lr"] = np.array([lr], np.float32)
    step = np.zeros(1, np.float32)
    losses, times = [], []
    for i in range(steps):
        feeds = {}
        for name, _, _ in graph.inputs:
            if name in fixed:
                feeds[name] = fixed[name]
            elif name == "step":
                feeds[name] = step
            elif name[:2] in ("m.", "v.") and name[2:] in params:
                feeds[name] = state[name[:2]][name[2:]]
            elif name in params:
                feeds[name] = params[name]
            else:
                raise SystemExit("adapt_step.onnx has an input '%s' this driver does not know" % name)
        t0 = time.perf_counter()
        out = graph.run(feeds)
        times.append(time.perf_counter() - t0)
        losses.append(float(out["loss"][0]))
        for prefix in state:
            for n in params:
                state[prefix][n] = out["new." + prefix + n]
        params = state[""]
        step = out["new.step"]
        if progress:
            progress(i + 1, steps, losses[-1])
    return [params[n] for n in bundle.names], losses, times


def predict(bundle, mel, style_vec, params):
    """expression.onnx -> [F, 44] in network units (expression in [0, 1], jaw x * JAW_SCALE >= 0)."""
    feeds = {"features": features(bundle, mel), "style": np.asarray(style_vec, np.float32)[None]}
    feeds.update(zip(bundle.names, params))
    out = bundle.graph("expression").run(feeds)
    return np.concatenate([out["expression"][0], out["jaw"][0, :, :1] * np.float32(JAW_SCALE)], axis=1)


def adapt_reference(bundle, mels, targets, steps=ADAPT_STEPS, lr=ADAPT_LR, seed=0, progress=None):
    """Style, cache and adaptation of one reference: dict with style, params, losses, timings."""
    t0 = time.perf_counter()
    style_vec = style(bundle, targets)
    ref_cache = cache(bundle, mels, targets, style_vec)
    t1 = time.perf_counter()
    params, losses, times = adapt(bundle, ref_cache, init_params(bundle, seed), steps, lr, progress)
    return {"style": style_vec, "params": params, "losses": losses, "cache": ref_cache,
            "seconds_cache": t1 - t0, "seconds_steps": float(sum(times)), "step_times": times}


def score(bundle, scorer, mels, gts, style_vec, params):
    preds = [predict(bundle, m, style_vec, params) for m in mels]
    return dict(summarise([scorer.utterance(p, g) for p, g in zip(preds, gts)]),
                style_error=round(style_error(preds, gts), 4))


def speaker_utterances(corpus, sid):
    """The speaker's utterances of the corpus as evaluate_expression's held-out arrays (mel, target, speaker)."""
    held = {"mel": [], "target": [], "speaker": [], "text": []}
    for u in data.load_corpus(corpus, "heldout"):
        if u.speaker == sid:
            mel, tgt, _ = ED.utterance_arrays(u)
            held["mel"].append(mel)
            held["target"].append(tgt)
            held["speaker"].append(u.speaker)
            held["text"].append(u.text)
    return held


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bundle", default=os.path.join(os.path.dirname(__file__), "..", "..", "models", "default"))
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--speaker", required=True, help="a held-out speaker (%s)" % ", ".join(S.HELD_OUT))
    ap.add_argument("--seconds", type=float, default=10.0, help="reference length (whole utterances, at least this)")
    ap.add_argument("--steps", type=int, default=ADAPT_STEPS)
    ap.add_argument("--lr", type=float, default=ADAPT_LR)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--test", type=int, default=6, help="test utterances scored after the reference")
    ap.add_argument("--out", default=None, help="write the adapted speaker profile here (JSON)")
    args = ap.parse_args(argv)
    if args.speaker not in S.HELD_OUT:
        raise SystemExit("%s is not a held-out speaker; adaptation is judged on unseen speakers only: %s"
                         % (args.speaker, ", ".join(S.HELD_OUT)))
    if args.steps < 1 or args.lr <= 0 or args.seconds <= 0:
        raise SystemExit("--steps must be >= 1, --lr and --seconds > 0")
    if not data.shard_paths(args.corpus):
        raise SystemExit("%s holds no corpus shards (shard-*.npz)" % args.corpus)
    bundle = Bundle(args.bundle)
    t0 = time.perf_counter()
    held = speaker_utterances(args.corpus, args.speaker)
    if not held["target"]:
        raise SystemExit("%s has no utterances of %s" % (args.corpus, args.speaker))
    ref, test, secs = split_reference(held, args.speaker, seconds=args.seconds, test_count=args.test)
    t_read = time.perf_counter() - t0
    r = adapt_reference(bundle, [held["mel"][i] for i in ref], [held["target"][i] for i in ref],
                        args.steps, args.lr, args.seed,
                        lambda done, total, loss: print("step %d/%d loss %.5f" % (done, total, loss), file=sys.stderr)
                        if done == 1 or done % 10 == 0 else None)
    report = {"speaker": args.speaker, "bundle": os.path.abspath(args.bundle), "reference_s": round(secs, 2),
              "reference_utterances": len(ref), "test_utterances": len(test), "steps": args.steps, "lr": args.lr,
              "seed": args.seed, "loss_first": round(r["losses"][0], 6), "loss_last": round(r["losses"][-1], 6),
              "runtime": "onnx_numpy interpreter (numpy %s), OPENBLAS_NUM_THREADS=%s"
                         % (np.__version__, os.environ.get("OPENBLAS_NUM_THREADS", "unset")),
              "seconds": {"read_corpus": round(t_read, 2), "style_and_cache": round(r["seconds_cache"], 3),
                          "adaptation": round(r["seconds_steps"], 3),
                          "per_step_ms": round(1000 * float(np.median(r["step_times"])), 2)}}
    if args.out:
        write_profile(args.out, args.speaker, r["style"], r["params"], {
            "adapted_by": "adamesh_training.adapt_onnx (adapt_step.onnx in the onnx_numpy interpreter)",
            "bundle": os.path.abspath(args.bundle), "corpus": os.path.abspath(args.corpus),
            "reference_utterances": [held["text"][i] for i in ref], "reference_seconds": round(secs, 2),
            "steps": args.steps, "lr": args.lr, "seed": args.seed,
            "loss": [round(r["losses"][0], 6), round(r["losses"][-1], 6)]}, bundle.ranks)
        report["profile"] = os.path.abspath(args.out)
    if test:
        scorer = Scorer(Head())
        mels, gts = [held["mel"][i] for i in test], [held["target"][i] for i in test]
        report["unadapted"] = score(bundle, scorer, mels, gts, r["style"], init_params(bundle, args.seed))
        report["adapted"] = score(bundle, scorer, mels, gts, r["style"], r["params"])
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
