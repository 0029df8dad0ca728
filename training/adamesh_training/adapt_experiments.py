"""Why 10-s adaptation gains little, and what makes it gain more (issue 5, point 5).

    python3 -m adamesh_training.adapt_experiments --run /work/expr-run2 [--speakers spk03,spk14]
        [--variants base,ceiling_style,...] [--json OUT]

Every variant is scored like ``evaluate_expression`` (LVE, FDD, expression and jaw MAE, style error)
on each held-out speaker's test utterances (the 6 after its 10-s reference). Choices made per speaker
(early stopping) use only its 10 s. Ceilings use more of the speaker's data:

* ``ceiling_style``: base model, style embedding from all the speaker's non-test utterances (~4.5 min);
* ``ceiling_style_test``: base model, style from the test utterances themselves (no adapter can beat
  a style that already knows the test set's statistics; an upper bound for the style part);
* ``oracle_*``: MoLoRA trained on all non-test utterances (random 10-s batches, the 10-s budget of
  60 steps scaled by the data, 27x) with the all-data style.

Adaptation variants run the explicit step of ``adapt_step.AdaptStep`` (the function of
adapt_step.onnx) with the options of ``Recipe``.
"""

import argparse
import math
import os
import sys
import time
from dataclasses import dataclass, replace

import numpy as np
import torch

from . import adapt_step as AS
from . import expression_data as ED
from .evaluate_expression import Scorer, split_reference, style_error, summarise
from .expression_model import JAW_SCALE, resample_to_30fps
from .head import Head
from .train_expression import load_base, load_state
from .atomic import write_json


@dataclass(frozen=True)
class Recipe:
    steps: int = 60
    lr: float = 1e-3
    lip: float = 0.0                 # weight of the lip-vertex quadratic form (0: plain MSE)
    wd: float = 0.01
    ranks: tuple = (2, 4, 8)
    layers: tuple = ("inp", "conv1", "conv2", "out")
    warmup: int = 0                  # linear warm-up steps, then cosine to 10 % (0 and cosine False: constant)
    cosine: bool = False
    early: bool = False              # pick the step count on the last held-back seconds of the 10 s
    held_s: float = 2.0
    max_steps: int = 300
    refit: bool = True               # after early stopping: retrain on all 10 s for the chosen count
    scale_refit: bool = True         # ... scaled by 10 s / (10 s - held)
    seed: int = 0
    cv: bool = False                 # pick the step count by leave-one-utterance-out over the 10 s
    drop: float = 0.0                # dropout on the cached features, per step (driver side)
    keep_upper: bool = False         # brow, cheek and eye targets (channels 0-13) = the base model's own output


def lip_metric(head, jaw_points=(0.0, 0.05, 0.1, 0.15)):
    """M [44, 44] with err^T M err = mean over lip vertices of the squared displacement (linearised at
    neutral expression and a few jaw openings, network units: jaw * JAW_SCALE), scaled to trace 44 so
    that it is comparable with the identity of the plain MSE."""
    from .evaluate_expression import LipRig, vertex_sets
    lip, _ = vertex_sets(head)
    rig = LipRig(head, lip)
    acc = np.zeros((44, 44))
    h = 1e-4
    for j0 in jaw_points:
        cols = []
        for c in range(44):
            e = np.zeros((2, 43))
            jaw = np.full(2, j0)
            if c < 43:
                e[0, c], e[1, c] = h, -h
                d = 2 * h
            else:
                jaw = np.array([j0 + h / JAW_SCALE, j0 - h / JAW_SCALE])
                d = 2 * h
            v = rig.vertices(e, jaw)
            cols.append(((v[0] - v[1]) / d).reshape(-1))
        J = np.stack(cols, 1)                                    # [3V, 44] metres per network unit
        acc += J.T @ J / len(lip)
    acc /= len(jaw_points)
    return acc * (44.0 / np.trace(acc))


def metric_for(recipe, lipM):
    if recipe.lip <= 0:
        return None
    return torch.as_tensor((1.0 - recipe.lip) * np.eye(44) + recipe.lip * lipM, dtype=torch.float32)


def _schedule(recipe, i, total):
    if not recipe.cosine and recipe.warmup <= 0:
        return recipe.lr
    if i < recipe.warmup:
        return recipe.lr * (i + 1) / recipe.warmup
    t = (i - recipe.warmup) / max(1, total - recipe.warmup)
    return recipe.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, t)))) if recipe.cosine else recipe.lr


@torch.no_grad()
def run_steps(stepper, cache, mask, params, recipe, steps, held_mask=None, every=5, batches=None):
    """``steps`` AdamW steps; returns params (and, with held_mask, the held-back loss curve)."""
    n = len(params)
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    frozen = frozen_indices(recipe)
    init = [p.clone() for p in params]
    step = torch.zeros(1)
    curve = []
    zero = torch.zeros(1)
    if held_mask is not None:
        out = stepper(cache["x"], cache["style_bias"], cache["target"], held_mask, zero, zero, *params, *m, *v)
        curve.append((0, float(out[0]), [p.clone() for p in params]))
    gen = torch.Generator().manual_seed(1234)
    for i in range(steps):
        c = cache if batches is None else batches(i)
        mk = mask if batches is None else c["mask"]
        if recipe.drop > 0:
            keep = (torch.rand(c["x"].shape, generator=gen) >= recipe.drop).float() / (1.0 - recipe.drop)
            c = dict(c, x=c["x"] * keep)
        lr = torch.tensor([_schedule(recipe, i, steps)])
        out = stepper(c["x"], c["style_bias"], c["target"], mk, lr, step, *params, *m, *v)
        params, m, v, step = list(out[1:1 + n]), list(out[1 + n:1 + 2 * n]), list(out[1 + 2 * n:1 + 3 * n]), out[-1]
        for k in frozen:
            params[k] = init[k]
        if held_mask is not None and (i + 1) % every == 0:
            out = stepper(cache["x"], cache["style_bias"], cache["target"], held_mask, zero, zero, *params, *m, *v)
            curve.append((i + 1, float(out[0]), [p.clone() for p in params]))
    return params, curve


def frozen_indices(recipe):
    per = 2 * len(recipe.ranks) + 1
    out = []
    for li, name in enumerate(AS.ADAPTED_LAYERS):
        if name not in recipe.layers:
            out += list(range(li * per, (li + 1) * per))
    return out


def held_back_masks(mask, frames):
    """Train / held-back masks: the last ``frames`` valid frames of the reference (in utterance order)."""
    train, held = mask.clone(), torch.zeros_like(mask)
    left = frames
    for i in range(mask.shape[0] - 1, -1, -1):
        valid = int(mask[i].sum())
        take = min(left, valid)
        if take > 0:
            train[i, valid - take:valid] = 0.0
            held[i, valid - take:valid] = 1.0
            left -= take
        if left <= 0:
            break
    return train, held


def adapt_recipe(model, cache, recipe, lipM, log=None):
    if recipe.keep_upper:
        with torch.no_grad():
            y0 = model.decoder.from_resampled(cache["x"], cache["style_bias"])
        t = cache["target"].clone()
        t[..., :14] = y0[..., :14]
        cache = dict(cache, target=t)
    stepper = AS.AdaptStep(model.decoder, recipe.ranks, metric_for(recipe, lipM), recipe.wd)
    params = AS.init_params(model.decoder, recipe.ranks, recipe.seed)
    if recipe.cv:
        return adapt_cv(stepper, model, cache, recipe, log)
    if not recipe.early:
        p, _ = run_steps(stepper, cache, cache["mask"], params, recipe, recipe.steps)
        return p, recipe.steps
    held_frames = int(round(recipe.held_s * 30))
    train, held = held_back_masks(cache["mask"], held_frames)
    p, curve = run_steps(stepper, cache, train, params, replace(recipe, steps=recipe.max_steps), recipe.max_steps, held)
    best = min(curve, key=lambda c: c[1])
    if log is not None:
        log.append({"best_step": best[0], "held_before": round(curve[0][1], 6), "held_best": round(best[1], 6)})
    if not recipe.refit:
        return best[2], best[0]
    total = float(cache["mask"].sum())
    n = int(round(best[0] * (total / (total - held_frames) if recipe.scale_refit else 1.0)))
    if n == 0:
        return AS.init_params(model.decoder, recipe.ranks, recipe.seed), 0
    p, _ = run_steps(stepper, cache, cache["mask"], AS.init_params(model.decoder, recipe.ranks, recipe.seed),
                     replace(recipe, steps=n), n)
    return p, n


def adapt_cv(stepper, model, cache, recipe, log):
    mask = cache["mask"]
    n_utt = mask.shape[0]
    total = None
    for k in range(n_utt):
        train, held = mask.clone(), torch.zeros_like(mask)
        train[k] = 0.0
        held[k] = mask[k]
        _, curve = run_steps(stepper, cache, train, AS.init_params(model.decoder, recipe.ranks, recipe.seed),
                             replace(recipe, steps=recipe.max_steps), recipe.max_steps, held)
        w = float(mask[k].sum())
        c = np.array([l for _, l, _ in curve]) * w
        total = c if total is None else total + c
    steps = [s for s, _, _ in curve]
    best = steps[int(np.argmin(total))]
    n = int(round(best * (n_utt / (n_utt - 1.0) if recipe.scale_refit else 1.0)))
    if log is not None:
        log.append({"best_step": best, "cv_before": round(float(total[0] / mask.sum()), 6),
                    "cv_best": round(float(total.min() / mask.sum()), 6)})
    p, _ = run_steps(stepper, cache, mask, AS.init_params(model.decoder, recipe.ranks, recipe.seed),
                     replace(recipe, steps=n), n)
    return p, n


def style_fit(model, cache, style, steps=60, lr=1e-2, lora=None, ranks=(2, 4, 8), layers=("inp", "conv1")):
    """Experiment only (autograd, not a graph): the 32-d style embedding fitted by gradient on the 10 s,
    alone or jointly with the MoLoRA adapters of ``layers`` (lr 1e-3 for those)."""
    s = style.clone().requires_grad_(True)
    groups = [{"params": [s], "lr": lr, "weight_decay": 0.0}]
    params = None
    if lora:
        params = [p.clone().requires_grad_(True) for p in AS.init_params(model.decoder, ranks, 0)]
        per = 2 * len(ranks) + 1
        train = [p for i, p in enumerate(params) if AS.ADAPTED_LAYERS[i // per] in layers]
        groups.append({"params": train, "lr": 1e-3, "weight_decay": AS.WEIGHT_DECAY})
    opt = torch.optim.AdamW(groups, betas=(AS.BETA1, AS.BETA2), eps=AS.EPS)
    m = cache["mask"].unsqueeze(-1)
    for _ in range(steps):
        sb = model.decoder.style_proj(s)[None].expand(cache["x"].shape[0], -1)
        y = model.decoder.from_resampled(cache["x"], sb, AS.unflatten(params, ranks) if params else None)
        loss = (m * (y - cache["target"]) ** 2).sum() / (m.sum() * 44)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return s.detach(), ([p.detach() for p in params] if params else None)


def oracle_adapt(model, utts, style, recipe, lipM, seconds=10.0, seed=0):
    """MoLoRA on many utterances: each step a random ~10 s batch of them."""
    rng = np.random.default_rng(seed)
    cache = AS.cache_activations(model, [u[0] for u in utts], [u[1] for u in utts], style)
    lens = cache["mask"].sum(1).numpy()

    def batches(i):
        order = rng.permutation(len(utts))
        pick, tot = [], 0
        for k in order:
            pick.append(k)
            tot += lens[k]
            if tot >= seconds * 30:
                break
        idx = torch.as_tensor(sorted(pick))
        return {"x": cache["x"][idx], "style_bias": cache["style_bias"][idx], "target": cache["target"][idx],
                "mask": cache["mask"][idx]}
    stepper = AS.AdaptStep(model.decoder, recipe.ranks, metric_for(recipe, lipM), recipe.wd)
    p, _ = run_steps(stepper, cache, None, AS.init_params(model.decoder, recipe.ranks, recipe.seed), recipe,
                     recipe.steps, batches=batches)
    return p


VARIANTS = {
    "molora_60": Recipe(),
    "lora14_60": Recipe(ranks=(14,)),
    "lr3e-4_200": Recipe(lr=3e-4, steps=200),
    "wd0.1": Recipe(wd=0.1),
    "wd1": Recipe(wd=1.0),
    "early": Recipe(early=True),
    "early_cos": Recipe(early=True, lr=3e-3, warmup=10, cosine=True),
    "early_keep": Recipe(early=True, refit=False),
    "lip0.5_60": Recipe(lip=0.5),
    "lip0.9_60": Recipe(lip=0.9),
    "lip1_60": Recipe(lip=1.0),
    "lip0.5_early": Recipe(lip=0.5, early=True),
    "lip0.9_early": Recipe(lip=0.9, early=True),
    "out_only": Recipe(layers=("out",)),
    "no_inp": Recipe(layers=("conv1", "conv2", "out")),
    "inp_only": Recipe(layers=("inp",)),
    "rank2_only": Recipe(ranks=(2,)),
}


def parse_variant(v):
    """A name of VARIANTS, or ``key=value/key=value`` over Recipe's fields (layers and ranks joined by +)."""
    if v in VARIANTS:
        return VARIANTS[v]
    kw = {}
    for part in v.split("/"):
        k, val = part.split("=")
        if k == "layers":
            kw[k] = tuple(val.split("+"))
        elif k == "ranks":
            kw[k] = tuple(int(r) for r in val.split("+"))
        elif k in ("early", "cosine", "refit", "scale_refit", "cv", "keep_upper"):
            kw[k] = val in ("1", "true", "yes")
        else:
            kw[k] = type(getattr(Recipe(), k))(float(val)) if k in ("steps", "warmup", "max_steps", "seed") else float(val)
    return Recipe(**kw)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--corpus", default=None)
    ap.add_argument("--speakers", default=None, help="comma-separated held-out speakers (default: all)")
    ap.add_argument("--variants", default="base,molora_60")
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--oracle-steps", type=int, default=1620, help="60 steps x 27 (data ratio)")
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, _ = load_base(args.run)
    corpus = args.corpus or load_state(args.run)["corpus"]
    held = ED.build(corpus, "heldout", os.path.join(args.run, "cache-heldout.npz"))
    head = Head()
    scorer = Scorer(head)
    lipM = lip_metric(head)
    speakers = args.speakers.split(",") if args.speakers else sorted(set(held["speaker"]))
    names = args.variants.split(",")
    rows = {v: [] for v in names}
    per_spk = {v: {} for v in names}
    logs = {v: [] for v in names}
    for sid in speakers:
        t0 = time.time()
        ref, test, _ = split_reference(held, sid, test_count=args.per_speaker)
        idx = [i for i, s in enumerate(held["speaker"]) if s == sid]
        rest = [i for i in idx if i not in test]
        style10 = AS.style_from_targets(model, [held["target"][i] for i in ref])
        style_all = AS.style_from_targets(model, [held["target"][i] for i in rest])
        style_test = AS.style_from_targets(model, [held["target"][i] for i in test])
        cache = AS.cache_activations(model, [held["mel"][i] for i in ref], [held["target"][i] for i in ref], style10)
        with torch.no_grad():
            x30 = [resample_to_30fps(model.encoder(torch.as_tensor(held["mel"][i][None]), torch.tensor([0])))
                   for i in test]
        gts = [held["target"][i] for i in test]

        def score(style, lora, ranks):
            lo = AS.unflatten(lora, ranks) if lora is not None else None
            preds = []
            with torch.no_grad():
                sb = model.decoder.style_proj(style)[None]
                for x in x30:
                    y = model.decoder.from_resampled(x, sb, lo)[0].numpy().copy()
                    y[:, :43] = np.clip(y[:, :43], 0.0, 1.0)
                    y[:, 43] = np.maximum(y[:, 43], 0.0)
                    preds.append(y)
            r = [scorer.utterance(p, g) for p, g in zip(preds, gts)]
            return r, style_error(preds, gts)
        for v in names:
            if v == "base":
                r, se = score(style10, None, None)
            elif v == "ceiling_style":
                r, se = score(style_all, None, None)
            elif v == "ceiling_style_test":
                r, se = score(style_test, None, None)
            elif v in ("style_fit", "style_fit_lora"):
                st, p = style_fit(model, cache, style10, lora=v.endswith("lora"))
                r, se = score(st, p, (2, 4, 8) if p else None)
            elif v.startswith("oracle"):
                rec = Recipe(steps=args.oracle_steps, lip=0.9 if "lip" in v else 0.0, warmup=50, cosine=True,
                             layers=("inp", "conv1") if v.endswith("_ic") else Recipe().layers)
                utts = [(held["mel"][i], held["target"][i]) for i in rest]
                p = oracle_adapt(model, utts, style_all, rec, lipM)
                r, se = score(style_all, p, rec.ranks)
            else:
                rec = parse_variant(v)
                lg = []
                p, n = adapt_recipe(model, cache, rec, lipM, lg)
                logs[v].append(dict(lg[0] if lg else {}, speaker=sid, steps=n))
                r, se = score(style10, p, rec.ranks)
            rows[v] += r
            s = summarise(r)
            per_spk[v][sid] = {"lve_mm": s["lve_mm"], "style_error": round(se, 4)}
        print("%s done in %.0f s: %s" % (sid, time.time() - t0,
              " ".join("%s=%.3f" % (v, per_spk[v][sid]["lve_mm"]) for v in names)), file=sys.stderr, flush=True)
    report = {}
    for v in names:
        s = summarise(rows[v])
        s["style_error"] = round(float(np.mean([per_spk[v][k]["style_error"] for k in speakers])), 4)
        if "base" in names:
            s["lve_improved_on"] = sum(per_spk[v][k]["lve_mm"] < per_spk["base"][k]["lve_mm"] for k in speakers)
            s["style_improved_on"] = sum(per_spk[v][k]["style_error"] < per_spk["base"][k]["style_error"]
                                         for k in speakers)
        s["per_speaker"] = per_spk[v]
        if logs[v]:
            s["log"] = logs[v]
        report[v] = s
    out = {"speakers": speakers, "variants": report}
    print("%-20s %7s %7s %7s %6s %7s %s" % ("variant", "LVE", "FDD", "expr", "jaw", "style", "improved"))
    for v in names:
        s = report[v]
        print("%-20s %7.3f %7.4f %7.4f %6.3f %7.4f %s/%s" % (v, s["lve_mm"], s["fdd_mm"], s["expression_mae"],
              s["jaw_mae_deg"], s["style_error"], s.get("lve_improved_on", "-"), s.get("style_improved_on", "-")))
    if args.json:
        write_json(args.json, out)


if __name__ == "__main__":
    main()
