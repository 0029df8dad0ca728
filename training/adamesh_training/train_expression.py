"""Trains the expression network and the built-in speakers' MoLoRA adapters.

    python3 -m adamesh_training.train_expression --corpus DIR --out DIR [--minutes M] [--resume]
        [--wav2vec2 EXPORT.onnx [--wav2vec2-normalise per-input|none] [--adamesh CMD]]

``--wav2vec2``: train on a wav2vec 2.0 / HuBERT ONNX export's features instead of our log-mel encoder
(wav2vec2_features.py computes and caches them with the studio's ``adamesh speech-features``); the
encoder is then a frame-wise projection of those features (expression_model.FeatureProjection) and
everything after it is unchanged. The export's path, SHA-256 and settings go into OUT/state.json, so
``--resume``, the speakers stage and export_expression use the same features.

Stages (state in OUT/state.json; ``--resume`` continues where a run stopped):

1. ``base``: speech encoder + style encoder + decoder on the training speakers, end to end. Loss: MSE on
   the 44 outputs (43 expression weights, jaw x * 10), 0.5 x MSE of their frame-to-frame velocity, and
   0.2 x cross-entropy of an auxiliary 15-viseme head on the encoder (not exported). Half the batches
   use full attention (*quality*), half a chunk mask (*live*: chunks of 4 frames, sometimes 2-8).
   ``--lip-weight W`` adds W x the rig-level lip-contact loss of lip_contact.py (inner-lip gap in mm).
   AdamW, warm-up then cosine decay over ``progress = max(step / steps, minutes used / minutes)``.
   Checkpoint OUT/base.pt every ``--save-every`` seconds and at the end.
2. ``speakers``: frozen base; one MoLoRA adapter per built-in speaker, trained with the explicit
   adaptation step of adapt_step.py (the function exported as adapt_step.onnx) on that speaker's data.

Seeded (``--seed``); CUDA when available (``--device``). Progress goes to stderr.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import expression_data as ED
from . import wav2vec2_features as W2V
from .expression_model import ExpressionModel, count
from .head import Head
from .lip_contact import TorchLipGap, lip_contact_loss
from .atomic import write_json

BUILTIN_SPEAKERS = ("spk05", "spk11", "spk22", "spk40")
SPEAKER_UTTERANCES, SPEAKER_STEPS, SPEAKER_LR = 24, 150, 3e-3   # built-in speakers' adapters
LIVE_CHUNK = 4


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def save_atomic(obj, path):
    tmp = path + ".partial"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def load_state(out):
    p = os.path.join(out, "state.json")
    return json.load(open(p)) if os.path.exists(p) else {}


def save_state(out, state):
    write_json(os.path.join(out, "state.json"), state)


class Batcher:
    """Random aligned crops (0.1 s units) and same-speaker reference crops."""

    def __init__(self, d, rng, max_units=30, min_units=12):
        self.d = d
        self.rng = rng
        self.max_units = max_units
        if "input" not in d:               # callers that build log-mel data themselves
            d["input"] = d["mel"]
        self.per_unit = input_frames_per_unit(d)
        self.units = np.array([min(x.shape[0] // self.per_unit, t.shape[0] // 3)
                               for x, t in zip(d["input"], d["target"])])
        self.ok = np.nonzero(self.units >= min_units)[0]
        self.by_speaker = {}
        for i in self.ok:
            self.by_speaker.setdefault(d["speaker"][i], []).append(i)

    def batch(self, size, device):
        idx = self.rng.choice(self.ok, size)
        n = int(min(self.max_units, self.units[idx].min()))
        mel, tgt, vis, refs = [], [], [], []
        ref_idx = [self.rng.choice(self.by_speaker[self.d["speaker"][i]]) for i in idx]
        r = int(min(150, min(self.d["target"][j].shape[0] for j in ref_idx)))
        r = int(self.rng.integers(max(20, r // 2), r + 1))
        self.last = []                     # (utterance, start unit) of every crop, for callers
        for i, j in zip(idx, ref_idx):
            k = int(self.rng.integers(0, self.units[i] - n + 1))
            self.last.append((int(i), k))
            u = self.per_unit
            mel.append(self.d["input"][i][u * k:u * (k + n)])
            tgt.append(self.d["target"][i][3 * k:3 * (k + n)])
            vis.append(self.d["viseme"][i][5 * k:5 * (k + n)])
            t = self.d["target"][j]
            s = int(self.rng.integers(0, t.shape[0] - r + 1))
            refs.append(t[s:s + r] if r > 0 else t)
        def tt(x, dt=torch.float32):
            return torch.as_tensor(np.stack(x), dtype=dt, device=device)
        return tt(mel), tt(tgt), tt(vis, torch.long), tt(refs)


def input_frames_per_unit(d):
    """Input frames per 0.1 s: 10 log-mel frames, or 5 wav2vec 2.0 frames."""
    return 5 if d.get("frontend") == "wav2vec2" else 10


def training_data(args_or_state_features, corpus, split, run_dir):
    """expression_data arrays plus ``input``: log-mel, or the wav2vec 2.0 features ``features`` names."""
    d = ED.build(corpus, split, os.path.join(run_dir, "cache-%s.npz" % split))
    spec = args_or_state_features
    if spec and spec.get("type") == "wav2vec2":
        W2V.attach(d, spec, run_dir, split)
        d["frontend"] = "wav2vec2"
    elif spec and spec.get("type") == "sphinx-phones":
        attach_phones(d, spec["caches"][split])
    else:
        d["input"] = d["mel"]
        d["frontend"] = "log-mel"
    return d


def attach_phones(d, cache):
    """``input`` = log-mel followed by the pocketsphinx phone log-posteriors of sphinx_am's ``cache``
    (one [M, 42] array per utterance, the log-mel frame count M): the "log-mel+phones" front end."""
    from . import sphinx_am
    phones = sphinx_am.load_cache(cache, len(d["mel"]))
    for i, (m, p) in enumerate(zip(d["mel"], phones)):
        if p.shape[0] != m.shape[0]:
            raise ValueError("%s: utterance %d has %d phone frames for %d log-mel frames" % (cache, i, p.shape[0],
                                                                                           m.shape[0]))
    d["input"] = [np.concatenate([m, p], 1) for m, p in zip(d["mel"], phones)]
    d["frontend"] = "log-mel+phones"


def features_spec(args, state):
    """The run's feature definition: from --wav2vec2, or what an earlier stage of the run recorded."""
    if getattr(args, "wav2vec2", None):
        if args.wav2vec2_normalise not in W2V.NORMALISATIONS:
            raise SystemExit("--wav2vec2-normalise takes %s" % " or ".join(W2V.NORMALISATIONS))
        if not os.path.isfile(args.wav2vec2):
            raise SystemExit("--wav2vec2: %s does not exist" % args.wav2vec2)
        spec = {"type": "wav2vec2", "model": os.path.abspath(args.wav2vec2), "sha256": W2V.sha256(args.wav2vec2),
                "normalise": args.wav2vec2_normalise, "command": args.adamesh}
        old = state.get("features")
        if old and old.get("type") == "wav2vec2" and old.get("sha256") != spec["sha256"] and state.get("base"):
            raise SystemExit("--wav2vec2 %s is not the export this run was trained on (%s)" % (args.wav2vec2, old["model"]))
        return spec
    return state.get("features") or {"type": "log-mel-80"}


def choose_chunk(rng):
    u = rng.random()
    if u < 0.5:
        return 0
    if u < 0.85:
        return LIVE_CHUNK
    return int(rng.integers(2, 9))


def expression_loss(pred, tgt):
    mse = F.mse_loss(pred, tgt)
    vel = F.mse_loss(pred[:, 1:] - pred[:, :-1], tgt[:, 1:] - tgt[:, :-1])
    return mse + 0.5 * vel, mse


def viseme_step(model, opt, params, loss, feats, vis):
    """Adds the encoder's viseme cross-entropy (weight 0.2) to ``loss`` and takes one optimiser step with
    gradients clipped to norm 1. Returns the cross-entropy."""
    logits = model.encoder.viseme_head(feats)
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), vis[:, :logits.shape[1]].reshape(-1), ignore_index=-1)
    opt.zero_grad()
    (loss + 0.2 * ce).backward()
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    return ce


def train_base(args, state, device):
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    d = training_data(state.get("features"), args.corpus, "train", args.out)
    if d["frontend"] == "wav2vec2":
        feat_dim = int(d["input"][0].shape[1])
        state["features"]["dimension"] = feat_dim
        model = ExpressionModel(frontend="wav2vec2", feat_dim=feat_dim).to(device)
        allfeat = np.concatenate(d["input"][::7] if len(d["input"]) >= 7 * 4 else d["input"])
        model.encoder.feat_mean.copy_(torch.as_tensor(allfeat.mean(0)))
        model.encoder.feat_std.copy_(torch.as_tensor(allfeat.std(0) + 1e-3))
    else:
        model = ExpressionModel().to(device)
        allmel = np.concatenate(d["mel"][::7])
        model.encoder.mel_mean.copy_(torch.as_tensor(allmel.mean(0)))
        model.encoder.mel_std.copy_(torch.as_tensor(allmel.std(0) + 1e-3))
    params = [p for n, p in model.named_parameters() if "lora" not in n]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    step, used = 0, 0.0
    ckpt = os.path.join(args.out, "base.pt")
    if args.init_from and not (args.resume and os.path.exists(ckpt)):
        c = torch.load(args.init_from, map_location=device)
        model.load_state_dict(c["model"])
        state["init_from"] = {"checkpoint": os.path.abspath(args.init_from), "steps": c["step"],
                              "minutes": round(c["seconds"] / 60, 2)}
        log("warm start from %s (%d steps)" % (args.init_from, c["step"]))
    if args.resume and os.path.exists(ckpt):
        c = torch.load(ckpt, map_location=device)
        model.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        step, used = c["step"], c["seconds"]
        rng = np.random.default_rng([args.seed, step])
        torch.manual_seed(args.seed + step)
        log("resumed base at step %d (%.1f min)" % (step, used / 60))
    log("params: encoder %d, style %d, decoder base %d, decoder MoLoRA %d" % (
        count(model.encoder.parameters()) - count(model.encoder.viseme_head.parameters()),
        count(model.style.parameters()), count(model.decoder.base_parameters()),
        count(model.decoder.lora_parameters())))
    batcher = Batcher(d, rng)
    gapper = None
    if getattr(args, "lip_weight", 0.0):
        gapper = TorchLipGap(Head()).to(device)
        state["lip_contact"] = {"weight": args.lip_weight, "closed_weight": 5.0, "hinge_mm": 1.5}
    budget = args.minutes * 60.0
    t0, last_save, ema = time.time(), time.time(), None
    model.train()
    while True:
        elapsed = used + time.time() - t0
        progress = max(step / args.steps, elapsed / budget)
        if progress >= 1.0:
            break
        warm = min(1.0, (step + 1) / 200)
        lr = args.lr * warm * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr
        mel, tgt, vis, ref = batcher.batch(args.batch, device)
        chunk = torch.tensor([choose_chunk(rng)], dtype=torch.long, device=device)
        pred, feats = model(mel, chunk, ref)
        loss, mse = expression_loss(pred, tgt)
        if gapper is not None:
            loss = loss + args.lip_weight * lip_contact_loss(gapper, pred, tgt)[0]
        ce = viseme_step(model, opt, params, loss, feats, vis)
        step += 1
        ema = mse.item() if ema is None else 0.98 * ema + 0.02 * mse.item()
        if step % 50 == 0:
            log("base step %d  %.1f min  lr %.2e  mse %.4f (ema %.4f)  viseme-ce %.3f  chunk %d" % (
                step, elapsed / 60, lr, mse.item(), ema, ce.item(), int(chunk)))
        if time.time() - last_save > args.save_every:
            save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                         "seconds": used + time.time() - t0, "config": model.config}, ckpt)
            last_save = time.time()
    seconds = used + time.time() - t0
    save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "step": step,
                 "seconds": seconds, "config": model.config}, ckpt)
    state["base"] = {"done": True, "steps": step, "minutes": round(seconds / 60, 2), "final_mse_ema": ema,
                     "batch": args.batch, "crop_seconds": 3.0, "seed": args.seed}
    save_state(args.out, state)
    log("base done: %d steps in %.1f min" % (step, seconds / 60))


def load_base(out, device="cpu"):
    c = torch.load(os.path.join(out, "base.pt"), map_location=device)
    cfg = dict(c["config"])
    model = ExpressionModel(**cfg).to(device)
    model.load_state_dict(c["model"])
    model.eval()
    return model, c


def refit_speakers(out, state, only=None):
    """Fits the built-in speakers (``only``: a subset of ids) on the network in OUT, with the default
    settings, on CPU; the fine-tune stages call this after changing the weights."""
    args = argparse.Namespace(out=out, corpus=None, seed=0, speaker_utterances=SPEAKER_UTTERANCES,
                              speaker_steps=SPEAKER_STEPS, speaker_lr=SPEAKER_LR, only_speakers=only)
    train_speakers(args, state, "cpu")


def train_speakers(args, state, device):
    from . import adapt_step as AS
    model, _ = load_base(args.out, device)
    d = training_data(state.get("features"), args.corpus, "train", args.out)
    if model.config.get("frontend", "log-mel") != d["frontend"]:
        raise SystemExit("the base model of %s was trained on %s features, not %s: pass the same --wav2vec2 "
                         "(or --resume)" % (args.out, model.config.get("frontend", "log-mel"), d["frontend"]))
    done = state.setdefault("speakers", {})
    present = sorted(set(d["speaker"]))
    chosen = [s for s in BUILTIN_SPEAKERS if s in present] or present[:len(BUILTIN_SPEAKERS)]
    if getattr(args, "only_speakers", None):
        chosen = [s for s in chosen if s in args.only_speakers]
    for sid in chosen:
        if sid in done:
            continue
        t0 = time.time()
        idx = [i for i, s in enumerate(d["speaker"]) if s == sid]
        rng = np.random.default_rng([args.seed, int(sid[3:])])
        rng.shuffle(idx)
        ref = idx[:3]                      # style reference (also part of the fitted data)
        fit = idx[: args.speaker_utterances]
        style = AS.style_from_targets(model, [d["target"][i] for i in ref])
        cache = AS.cache_activations(model, [d["input"][i] for i in fit], [d["target"][i] for i in fit], style)
        # built-in speakers fit ~80 s of data: all four layers (the 10-s studio step adapts only two, ADR 0018)
        params, losses = AS.adapt(model, cache, steps=args.speaker_steps, lr=args.speaker_lr, seed=args.seed,
                                  layers=AS.ADAPTED_LAYERS)
        AS.save_profile(os.path.join(args.out, "speakers", sid + ".json"), sid, style, params,
                        {"utterances": len(fit), "seconds": round(sum(d["target"][i].shape[0] for i in fit) / 30, 1),
                         "steps": args.speaker_steps, "loss_first": losses[0], "loss_last": losses[-1]})
        done[sid] = {"loss_first": losses[0], "loss_last": losses[-1], "minutes": round((time.time() - t0) / 60, 2)}
        save_state(args.out, state)
        log("speaker %s: loss %.4f -> %.4f (%.1f s)" % (sid, losses[0], losses[-1], time.time() - t0))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=110.0, help="wall-clock budget of the base stage")
    ap.add_argument("--steps", type=int, default=40000, help="schedule length of the base stage")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--save-every", type=float, default=120.0)
    ap.add_argument("--threads", type=int, default=1, help="1 was 10x faster than 2 on shared cores")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--speaker-utterances", type=int, default=SPEAKER_UTTERANCES)
    ap.add_argument("--speaker-steps", type=int, default=SPEAKER_STEPS)
    ap.add_argument("--speaker-lr", type=float, default=SPEAKER_LR)
    ap.add_argument("--lip-weight", type=float, default=0.0,
                    help="base stage: weight of the rig-level lip-contact loss (lip_contact.py; 0 = off)")
    ap.add_argument("--init-from", default=None, help="warm start: weights of another run's base.pt (new schedule)")
    ap.add_argument("--stage", choices=["all", "base", "speakers"], default="all")
    ap.add_argument("--wav2vec2", default=None, metavar="EXPORT.onnx",
                    help="train on this wav2vec 2.0 / HuBERT ONNX export's features (Hugging Face convention)")
    ap.add_argument("--wav2vec2-normalise", default="per-input",
                    help="audio normalisation before the export: per-input (Hugging Face do_normalize, e.g. "
                         "wav2vec2-base-960h) or none (e.g. hubert-base-ls960)")
    ap.add_argument("--adamesh", default=None, help="command running the studio CLI (default: $ADAMESH_CMD, "
                                                     "else the checkout's ./adamesh)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    state = load_state(args.out) if args.resume else {}
    state["corpus"] = os.path.abspath(args.corpus)
    state["device"] = args.device
    state["features"] = features_spec(args, state)
    state.setdefault("commands", []).append(
        "python3 -m adamesh_training.train_expression " + " ".join(argv if argv is not None else sys.argv[1:]))
    save_state(args.out, state)
    if args.stage in ("all", "base") and not state.get("base", {}).get("done"):
        train_base(args, state, args.device)
    if args.stage in ("all", "speakers"):
        train_speakers(args, state, args.device)


if __name__ == "__main__":
    main()
