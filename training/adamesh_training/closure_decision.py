"""Closure as a trained decision (issue 13, ADR 0031): does a classifier trained to say "lips closed
now" tell real bilabials apart better than the lip gap the network's face shows?

    python3 -m adamesh_training.closure_decision --bundle ../models/default \\
        --checkpoint /work/expr-full/lip-real-mix/base.pt --real-closures /work/expr-full/real-closures.npz \\
        [--mode quality|live] [--holdout LANG] [--steps 3000] [--seed 0] [--json OUT]

The shipped network is frozen (the bundle's weights, its default speaker). On every real training
utterance of ``real_closures build`` (the Asterisk prompts and training-language klettres words) it
gives, per 30 fps animation frame, the encoder's features and the inner-lip gap of its face. A small
causal head (:class:`DecisionHead`: the decoder's shape, input -> causal temporal convolutions of
kernel 3 and dilations 1 and 2 -> one logit, so it sees what the decoder sees and works in live mode)
is trained on those frames with binary cross-entropy:

* positives: the trusted closure frames (both labelling methods agree);
* negatives: speech frames clear of every bilabial of either method (where a closure is a *false*
  closure in ``real_voice_eval``'s sense);
* positives are weighted by the square root of the negative-to-positive frame ratio, and the decision
  threshold is then chosen on a validation split to minimise missed plus false closures a minute,
  the two errors counted alike (``real_voice_eval``'s ``errors_per_min``).

The validation split is a random sixth of the utterances, or (``--holdout LANG``) every utterance of
one language tag (e.g. ``ast-en``: one Asterisk speaker the head never sees). The head then closes the
lips wherever its probability passes the threshold, and the trusted real reference is scored exactly
as ``real_voice_eval`` scores the face (:func:`real_voice_eval.score_item`), next to the face's own
gap under 1 mm; the two are paired item by item, and both are swept (thresholds, gaps) so a
different operating point cannot hide a better or worse trade-off. The head is also tried as a veto:
closed where the face's gap is under 1 mm and the head agrees.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

from . import real_voice_eval as R
from . import visemes as V
from .expression_model import resample_to_30fps, stack_frames
from .features import log_mel
from .real_closures import source_of
from .atomic import write_json

CROP = 45                     # training crops: 1.5 s of animation frames
SIL_INDEX = V.VISEME_INDEX["sil"]


class DecisionHead(nn.Module):
    """[B, F, n_in] -> [B, F] closure logits; causal (frame t reads frames t - 6 .. t only)."""

    def __init__(self, n_in, hidden=64):
        super().__init__()
        self.inp = nn.Linear(n_in, hidden)
        self.conv1 = nn.Linear(3 * hidden, hidden)
        self.conv2 = nn.Linear(3 * hidden, hidden)
        self.out = nn.Linear(hidden, 1)

    def forward(self, x):
        h = F.silu(self.inp(x))
        h = h + F.silu(self.conv1(stack_frames(h, 1)))
        h = h + F.silu(self.conv2(stack_frames(h, 2)))
        return self.out(h)[..., 0]


@torch.no_grad()
def frozen_frames(model, speaker, mel, chunk, gapper):
    """{"f": encoder features at 30 fps [F, D], "gap": inner-lip gap of the face in mm [F],
    "vis": the encoder's viseme class per 50 Hz frame}, from one pass of real_voice_eval.run."""
    y, vis, feats = R.run(model, mel, speaker.style, speaker.lora, chunk, features=True)
    f30 = resample_to_30fps(feats)[0].numpy()
    n = min(f30.shape[0], y.shape[0])
    return {"f": f30[:n].astype(np.float32), "gap": (gapper(y[:n]) * 1000.0).astype(np.float32), "vis": vis}


def speech_frames(visemes, n):
    """30 fps mask of speech from 50 Hz viseme labels (-1 none): the label nearest each frame's time."""
    j = np.clip(np.round((np.arange(n) / 30.0 - 0.0125) / 0.02).astype(int), 0, max(0, visemes.size - 1))
    v = visemes[j] if visemes.size else np.full(n, -1)
    return (v >= 0) & (v != SIL_INDEX)


def label_frames(row, closed, visemes, free):
    """Adds the masks to one utterance's frames: closed (trusted closure), speech, free (clear of every
    bilabial) and neg (speech, free, not closed: where closing is a false closure)."""
    n = row["f"].shape[0]
    c = np.zeros(n, bool)
    c[:min(n, closed.size)] = closed[:n] != 0
    fr = np.zeros(n, bool)
    fr[:min(n, free.size)] = free[:n] != 0
    row.update(closed=c, speech=speech_frames(visemes, n), free=fr)
    row["neg"] = row["speech"] & row["free"] & ~c
    return row


def event_counts(decided, closed, speech, free):
    """(events, hit, false, speech_s) of one labelled utterance under the decision mask ``decided``,
    by real_voice_eval's rules: a closure event is hit when the lips are closed within one frame of
    it; a false closure is a closed run strictly inside speech that touches no frame near a bilabial."""
    ev = hit = fa = 0
    for f, g in V.true_runs(closed):
        ev += 1
        hit += bool(decided[max(0, f - 1):g + 2].any())
    for f, g in V.true_runs(decided & speech):
        inside = f > 0 and speech[f - 1] and g + 1 < speech.size and speech[g + 1]
        fa += bool(inside and free[max(0, f - 1):g + 2].all())
    return ev, hit, fa, float(speech.sum()) / 30.0


def rates(counts):
    """(closures, false a minute, errors a minute) of summed event_counts tuples."""
    ev, hit, fa, sp = (sum(c[k] for c in counts) for k in range(4))
    minutes = max(sp, 1e-9) / 60.0
    return (hit / ev if ev else float("nan")), fa / minutes, (ev - hit + fa) / minutes


def labelled_rows(model, speaker, data, chunk, gapper):
    """:func:`frozen_frames` of every utterance of a real-closures cache (real_closures.load), labelled
    by :func:`label_frames`, each with its ``lang``."""
    rows = []
    for i, mel in enumerate(data["mel"]):
        r = frozen_frames(model, speaker, mel, chunk, gapper)
        r["lang"] = data["language"][i]
        rows.append(label_frames(r, data["closed"][i], data["viseme"][i], data["free"][i]))
    return rows


def gap_rates(rows, closed_mm=1.0):
    """:func:`rates` of the face's own decision, lips closed where its gap is under ``closed_mm``."""
    return rates([event_counts(r["gap"] < closed_mm, r["closed"], r["speech"], r["free"]) for r in rows])


class Inputs:
    """Per-frame head inputs ([encoder features, log gap]) standardised with the training statistics."""

    def __init__(self, rows):
        x = np.concatenate([self.raw(r) for r in rows])
        self.mean, self.std = x.mean(0), x.std(0) + 1e-3

    @staticmethod
    def raw(r):
        return np.concatenate([r["f"], np.log(np.maximum(r["gap"], 0.05))[:, None]], 1).astype(np.float32)

    def __call__(self, r):
        return torch.as_tensor((self.raw(r) - self.mean) / self.std, dtype=torch.float32)


def train_head(rows, steps=3000, seed=0, batch=32, lr=1e-3, log=None):
    """(head, inputs) trained on ``rows`` (label_frames) for ``steps`` AdamW steps, cosine schedule."""
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    inputs = Inputs(rows)
    xs = [inputs(r) for r in rows]
    ok = [i for i, r in enumerate(rows) if r["closed"].any() and r["f"].shape[0] >= CROP]
    if not ok:
        raise ValueError("no training utterance holds a closure and %d frames" % CROP)
    pos_w = float(sum(r["neg"].sum() for r in rows) / max(1, sum(r["closed"].sum() for r in rows))) ** 0.5
    head = DecisionHead(xs[0].shape[1])
    opt = torch.optim.AdamW(head.parameters(), lr, weight_decay=1e-2)
    for step in range(steps):
        xb, yb, wb = [], [], []
        for i in rng.choice(ok, batch):
            k = int(rng.integers(0, rows[i]["f"].shape[0] - CROP + 1))
            c = rows[i]["closed"][k:k + CROP].astype(np.float32)
            xb.append(xs[i][k:k + CROP])
            yb.append(c)
            wb.append(c * pos_w + rows[i]["neg"][k:k + CROP])
        y, w = torch.as_tensor(np.stack(yb)), torch.as_tensor(np.stack(wb), dtype=torch.float32)
        loss = (F.binary_cross_entropy_with_logits(head(torch.stack(xb)), y, reduction="none") * w).sum() / w.sum()
        opt.zero_grad()
        loss.backward()
        opt.step()
        for g in opt.param_groups:
            g["lr"] = lr * 0.5 * (1.0 + np.cos(np.pi * (step + 1) / steps))
        if log and step % 1000 == 0:
            log("step %d loss %.4f" % (step, float(loss)))
    head.eval()
    return head, inputs


@torch.no_grad()
def probabilities(head, inputs, r):
    return torch.sigmoid(head(inputs(r)[None]))[0].numpy()


THRESHOLDS = tuple(np.round(np.arange(0.05, 0.951, 0.05), 2))


def choose_threshold(rows, probs, thresholds=THRESHOLDS, veto_gap_mm=None):
    """(threshold, [(threshold, closures, false/min, errors/min)]): the threshold with the fewest
    missed plus false closures a minute on ``rows``. With ``veto_gap_mm`` the decision is the head as a
    veto: closed where the face's gap is under that many mm *and* the head's probability passes."""
    table = []
    for t in thresholds:
        cl, fa, er = rates([event_counts((p > t) if veto_gap_mm is None else (r["gap"] < veto_gap_mm) & (p > t),
                                         r["closed"], r["speech"], r["free"]) for r, p in zip(rows, probs)])
        table.append((float(t), cl, fa, er))
    return min(table, key=lambda x: x[3])[0], table


def split_holdout(rows, holdout):
    """(validation rows, training rows) for ``--holdout``: a language tag, a comma-separated list of them,
    or a whole source ("klettres", "asterisk", "ktuberling": real_closures.source_of)."""
    want = {x.strip() for x in holdout.split(",") if x.strip()}
    pick = [r["lang"] in want or source_of(r["lang"]) in want for r in rows]
    val = [r for r, k in zip(rows, pick) if k]
    if not val:
        raise ValueError("no utterance has language tag or source %r (have %s)"
                         % (holdout, ", ".join(sorted({r["lang"] for r in rows}))))
    return val, [r for r, k in zip(rows, pick) if not k]


VETO_THRESHOLDS = (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7)


def reference_rows(ref, frames, decide):
    """real_voice_eval rows of the reference items under a closure mask ``decide(frames of the item)``."""
    out = []
    for it, fr in zip(ref["items"], frames):
        trusted, every = R._events(it)
        pseudo_gap = np.where(decide(fr), 0.0, 1.0)           # closed <-> under the 0.5 threshold below
        row = R.score_item(pseudo_gap, fr["vis"], it["visemes"], trusted, every, closed_m=0.5)
        row.update(id=it["id"], source=it["source"], language=it["language"])
        out.append(row)
    return out


def _brief(t):
    return {k: t[k] for k in ("closures", "false_per_min", "errors_per_min") if k in t}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--real-closures", required=True, metavar="NPZ", help="real_closures build output")
    ap.add_argument("--reference", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                        "reference", "real-voice.json"))
    ap.add_argument("--mode", choices=["quality", "live"], default="quality")
    ap.add_argument("--holdout", default=None, metavar="LANG",
                    help="validate on these language tags (comma-separated) or this source (klettres, asterisk, "
                         "ktuberling); else on a random sixth")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    from . import real_closures as RC
    from .head import Head
    for what, path in (("bundle", a.bundle), ("checkpoint", a.checkpoint), ("reference", a.reference)):
        if not os.path.exists(path):
            raise SystemExit("closure_decision: the %s %s does not exist" % (what, path))
    try:
        data, _ = RC.load(a.real_closures, "speech")
    except (OSError, KeyError, ValueError) as e:
        raise SystemExit("closure_decision: cannot read %s: %s" % (a.real_closures, e))
    if data.get("viseme") is None or data.get("free") is None:
        raise SystemExit("closure_decision: %s has no viseme labels or bilabial-free masks: rebuild it "
                         "(real_closures build)" % a.real_closures)
    try:
        model, _ = R.load_model(a.bundle, a.checkpoint)
        R.check_fixtures(model, a.bundle)
        speaker = R.Speaker(R.default_speaker_path(a.bundle))
        ref = json.load(open(a.reference))
    except (OSError, ValueError, KeyError, IndexError, RuntimeError) as e:   # a missing or foreign bundle / checkpoint
        raise SystemExit("closure_decision: %s" % e)
    gapper = R.LipGap(Head())
    chunk = 0 if a.mode == "quality" else R.LIVE_CHUNK
    rows = labelled_rows(model, speaker, data, chunk, gapper)
    R.log("%d training utterances encoded (%.0f s)" % (len(rows), time.time() - t0))
    if a.holdout:
        try:
            val, trn = split_holdout(rows, a.holdout)
        except ValueError as e:
            raise SystemExit("closure_decision: %s" % e)
    else:
        perm = np.random.default_rng(a.seed).permutation(len(rows))
        val, trn = [rows[i] for i in perm[:len(rows) // 6]], [rows[i] for i in perm[len(rows) // 6:]]
    head, inputs = train_head(trn, a.steps, a.seed, log=R.log)
    val_p = [probabilities(head, inputs, r) for r in val]
    tau, sweep = choose_threshold(val, val_p)
    veto_tau, veto_sweep = choose_threshold(val, val_p, VETO_THRESHOLDS, veto_gap_mm=1.0)
    gap_val = gap_rates(val)
    frames = []
    for it in ref["items"]:
        audio = R._read(it)
        fr = frozen_frames(model, speaker, log_mel(audio).astype(np.float32), chunk, gapper)
        fr["p"] = probabilities(head, inputs, fr)
        frames.append(fr)
    face = reference_rows(ref, frames, lambda fr: fr["gap"] < 1.0)
    decided = reference_rows(ref, frames, lambda fr: fr["p"] > tau)
    vetoed = reference_rows(ref, frames, lambda fr: (fr["gap"] < 1.0) & (fr["p"] > veto_tau))
    out = {"mode": a.mode, "holdout": a.holdout, "seed": a.seed, "steps": a.steps, "threshold": tau,
           "veto_threshold": veto_tau,
           "validation": {"utterances": len(val),
                          "face_gap_1mm": dict(zip(("closures", "false_per_min", "errors_per_min"), gap_val)),
                          "head": dict(zip(("closures", "false_per_min", "errors_per_min"), min(sweep, key=lambda x: x[3])[1:])),
                          "veto": dict(zip(("closures", "false_per_min", "errors_per_min"),
                                           min(veto_sweep, key=lambda x: x[3])[1:]))},
           "reference": {"face_gap_1mm": R.total(face), "head": R.total(decided),
                         "head_minus_face": R.paired_difference(face, decided),
                         "veto": R.total(vetoed), "veto_minus_face": R.paired_difference(face, vetoed),
                         "head_sweep": {str(t): _brief(R.total(reference_rows(ref, frames, lambda fr, t=t: fr["p"] > t), ci=False))
                                        for t in (0.3, 0.5, 0.7, 0.9)},
                         "veto_sweep": {str(t): _brief(R.total(reference_rows(ref, frames, lambda fr, t=t: (fr["gap"] < 1.0) & (fr["p"] > t)), ci=False))
                                        for t in (0.1, 0.3, 0.5)},
                         "face_sweep_mm": {str(mm): _brief(R.total(reference_rows(ref, frames, lambda fr, mm=mm: fr["gap"] < mm), ci=False))
                                           for mm in (0.5, 1.0, 1.5, 3.0)}},
           "seconds": round(time.time() - t0, 1)}
    v = out["validation"]
    print("%s mode, validation (%d utterances%s), threshold %.2f, veto threshold %.2f"
          % (a.mode, len(val), ", held-out " + a.holdout if a.holdout else "", tau, veto_tau))
    for name in ("face_gap_1mm", "head", "veto"):
        print("  %-13s closures %.3f  false/min %6.2f  errors/min %6.2f" % (name, *v[name].values()))
    print("trusted real reference")
    for name in ("face_gap_1mm", "head", "veto"):
        t = out["reference"][name]
        print("  %-13s closures %.3f %s  false/min %.2f %s  errors/min %.2f %s" % (
            name, t["closures"], t["closures_ci95"], t["false_per_min"], t["false_per_min_ci95"],
            t["errors_per_min"], t["errors_per_min_ci95"]))
    print("  head - face (paired): %s" % out["reference"]["head_minus_face"])
    print("  veto - face (paired): %s" % out["reference"]["veto_minus_face"])
    for k, t in out["reference"]["head_sweep"].items():
        print("  head p > %s: %s" % (k, t))
    for k, t in out["reference"]["veto_sweep"].items():
        print("  face gap < 1 mm and head p > %s: %s" % (k, t))
    for k, t in out["reference"]["face_sweep_mm"].items():
        print("  face gap < %s mm: %s" % (k, t))
    if a.json:
        write_json(a.json, out)
    R.log("%.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
