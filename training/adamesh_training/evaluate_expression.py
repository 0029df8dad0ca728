"""Evaluates a trained run against the teacher and two baselines; writes the report into the bundle.

    python3 -m adamesh_training.evaluate_expression --run RUN [--bundle ../models/default]
        [--per-speaker 8] [--clips DIR] [--java-adapted FILE] [--no-real] [--onnx-driver [BUNDLE]]

Held-out synthetic speakers (never trained on): the first ~10 s of each speaker's utterances are the
reference (style embedding and adaptation data), the next ``--per-speaker`` utterances the test set.
Systems:

* ``loudness``: baseline 1, jaw opening from loudness alone (least-squares line from frame RMS in dB
  to jaw angle, fitted on training speakers), every expression channel at its training mean;
* ``base``: the network with the reference's style embedding, no adapter (baseline 2);
* ``base_live``: the same in live mode (chunked attention, 100 ms look-ahead);
* ``molora``: base + MoLoRA (ranks 2, 4, 8) adapted on the 10 s reference with the explicit
  adaptation step (the function exported as adapt_step.onnx; it adapts the ``inp`` and ``conv1``
  layers, ``adapt_step.STEP_LAYERS``);
* ``lora14``: base + one rank-14 LoRA per layer (same parameter count, minus the 3 mixture logits),
  adapted the same way;
* ``molora_onnx`` (with ``--onnx-driver``): "MoLoRA 10 s through adapt_step.onnx, Python ONNX driver":
  the same reference adapted by adapt_onnx.py with the bundle's graphs only (style_encoder.onnx,
  encoder.onnx, adapt_cache.onnx, adapt_step.onnx in the numpy interpreter, no autograd) and predicted
  with expression.onnx; per speaker the largest difference of its parameters from ``molora``'s.

Metrics (OpenHead rig via head.py's equations, head pose zeroed so only the face is compared):
LVE = per frame the largest L2 error over lip vertices, mean over frames (mm); FDD = mean over
upper-face vertices of |std over time of the displacement norm (prediction) - (teacher)| (mm);
expression MAE (43 weights); jaw MAE (degrees); style error = mean |difference| of per-channel mean
and standard deviation over a speaker's test set (44 channels in network units).
Real speech: the LibriVox set of align.py against its teacher animation (style from the other clips).
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from . import adapt_step as AS
from . import expression_data as ED
from .expression_model import JAW_SCALE
from .features import log_mel
from .expression_scoring import (LipRig, Scorer, head_parts, split_reference, style_error,  # noqa: F401
                                 summarise, vertex_sets)
from .head import Head
from .train_expression import load_base, load_state
from .atomic import write_json

ADAPT_STEPS, ADAPT_LR = AS.ADAPT_STEPS, AS.ADAPT_LR
DEFAULT_BUNDLE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                              "models", "default")
ONNX_ROW = "MoLoRA 10 s through adapt_step.onnx, Python ONNX driver"


def frame_loudness_db(audio, frames):
    t = np.arange(frames) / 30.0
    out = np.empty(frames)
    for i, c in enumerate(t):
        s = audio[max(0, int((c - 0.02) * 16000)):int((c + 0.02) * 16000)]
        out[i] = 20 * np.log10(np.sqrt(np.mean(s.astype(np.float64) ** 2)) + 1e-5) if s.size else -100.0
    return out


class LoudnessBaseline:
    def __init__(self, train):
        xs, ys, ex = [], [], []
        for i in range(0, len(train["audio"]), 10):
            tgt = train["target"][i]
            xs.append(frame_loudness_db(train["audio"][i], tgt.shape[0]))
            ys.append(tgt[:, 43] / JAW_SCALE)
            ex.append(tgt[:, :43])
        x, y = np.concatenate(xs), np.concatenate(ys)
        self.coef = np.polyfit(x, y, 1)
        self.mean_expr = np.concatenate(ex).mean(0)

    def predict(self, audio, frames):
        jaw = np.clip(np.polyval(self.coef, frame_loudness_db(audio, frames)), 0.0, None)
        return np.concatenate([np.tile(self.mean_expr, (frames, 1)), (jaw * JAW_SCALE)[:, None]], 1)


@torch.no_grad()
def predict(model, mel, style, chunk=0, lora=None):
    feats = model.encoder(torch.as_tensor(mel[None], dtype=torch.float32), torch.tensor([chunk]))
    y = model.decoder(feats, style[None], lora)[0].numpy()
    y[:, :43] = np.clip(y[:, :43], 0.0, 1.0)            # as expression.onnx does
    y[:, 43] = np.maximum(y[:, 43], 0.0)
    return y


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--bundle", default=None)
    ap.add_argument("--corpus", default=None, help="default: the corpus the run was trained on")
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--clips", default=None, help="write teacher and predicted clip JSON of one test utterance here")
    ap.add_argument("--java-adapted", default=None, help="JSON written by the Java adaptation experiment")
    ap.add_argument("--no-real", action="store_true")
    ap.add_argument("--onnx-driver", nargs="?", const=DEFAULT_BUNDLE, default=None, metavar="BUNDLE",
                    help="add the row adapted through adapt_step.onnx by the Python ONNX driver (graphs of BUNDLE, "
                         "default ../models/default; it must be the bundle exported from --run)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    model, ckpt = load_base(args.run)
    state = load_state(args.run)
    corpus = args.corpus or state["corpus"]
    held = ED.build(corpus, "heldout", os.path.join(args.run, "cache-heldout.npz"))
    train = ED.build(corpus, "train", os.path.join(args.run, "cache-train.npz"))
    head = Head()
    scorer = Scorer(head)
    loud = LoudnessBaseline(train)
    systems = ("loudness", "base", "base_live", "molora", "lora14")
    onnx_bundle = None
    if args.onnx_driver:
        from . import adapt_onnx as AO
        onnx_bundle = AO.Bundle(args.onnx_driver)
        systems += ("molora_onnx",)
    rows = {s: [] for s in systems}
    style_err = {s: [] for s in systems}
    adapt_log = {}
    speakers = sorted(set(held["speaker"]))
    java = None
    if args.java_adapted and os.path.exists(args.java_adapted):
        doc = json.load(open(args.java_adapted))
        names = AS.param_names(model.decoder.ranks)
        java = {"doc": doc, "lora": AS.unflatten([torch.as_tensor(AS.decode_array(doc["lora"][n])) for n in names],
                                                 model.decoder.ranks), "rows": {"base": [], "molora": [], "java": []},
                "flat": [AS.decode_array(doc["lora"][n]) for n in names]}
        if onnx_bundle:
            java["rows"]["molora_onnx"] = []
    for sid in speakers:
        ref, test, secs = split_reference(held, sid, test_count=args.per_speaker)
        style = AS.style_from_targets(model, [held["target"][i] for i in ref])
        cache = AS.cache_activations(model, [held["mel"][i] for i in ref], [held["target"][i] for i in ref], style)
        ta = time.time()
        p_mo, l_mo = AS.adapt(model, cache, steps=ADAPT_STEPS, lr=ADAPT_LR, seed=0)
        p_14, l_14 = AS.adapt(model, cache, steps=ADAPT_STEPS, lr=ADAPT_LR, seed=0, ranks=(14,))
        adapt_log[sid] = {"reference_s": round(secs, 1), "molora_loss": [round(l_mo[0], 5), round(l_mo[-1], 5)],
                          "lora14_loss": [round(l_14[0], 5), round(l_14[-1], 5)], "seconds": round(time.time() - ta, 1)}
        if onnx_bundle:
            onnx_run = AO.adapt_reference(onnx_bundle, [held["mel"][i] for i in ref], [held["target"][i] for i in ref],
                                          ADAPT_STEPS, ADAPT_LR, seed=0)
            adapt_log[sid]["onnx_driver"] = dict(parameter_differences(onnx_run["params"], [p.numpy() for p in p_mo]), **{
                "loss": [round(onnx_run["losses"][0], 5), round(onnx_run["losses"][-1], 5)],
                "style_max_abs_diff": float(np.abs(onnx_run["style"] - style.numpy()).max()),
                "seconds": round(onnx_run["seconds_cache"] + onnx_run["seconds_steps"], 2),
                "per_step_ms": round(1000 * float(np.median(onnx_run["step_times"])), 1)})
            if java and sid == java["doc"]["speaker"]:
                java["onnx_vs_java"] = parameter_differences(onnx_run["params"], java["flat"])
        lo_mo = AS.unflatten(p_mo, model.decoder.ranks)
        lo_14 = AS.unflatten(p_14, (14,))
        preds = {s: [] for s in systems}
        gts = []
        for i in test:
            mel, gt = held["mel"][i], held["target"][i]
            out = {"loudness": loud.predict(held["audio"][i], gt.shape[0]),
                   "base": predict(model, mel, style), "base_live": predict(model, mel, style, chunk=4),
                   "molora": predict(model, mel, style, lora=lo_mo), "lora14": predict(model, mel, style, lora=lo_14)}
            if onnx_bundle:
                out["molora_onnx"] = AO.predict(onnx_bundle, mel, onnx_run["style"], onnx_run["params"])
            gts.append(gt)
            if java and sid == java["doc"]["speaker"]:
                java["rows"]["java"].append(scorer.utterance(predict(model, mel, style, lora=java["lora"]), gt))
                java["rows"]["base"].append(scorer.utterance(out["base"], gt))
                java["rows"]["molora"].append(scorer.utterance(out["molora"], gt))
                if onnx_bundle:
                    java["rows"]["molora_onnx"].append(scorer.utterance(out["molora_onnx"], gt))
            for s in systems:
                rows[s].append(scorer.utterance(out[s], gt))
                preds[s].append(out[s])
            if args.clips and sid == speakers[0] and i == test[0]:
                write_clips(args.clips, head, gt, out, held["text"][i], held["audio"][i])
        for s in systems:
            style_err[s].append(style_error(preds[s], gts))
        print("%s: adapted in %.1f s; molora loss %.4f -> %.4f" % (sid, adapt_log[sid]["seconds"], l_mo[0], l_mo[-1]),
              file=sys.stderr, flush=True)
    report = {"heldout_synthetic": {s: dict(summarise(rows[s]), style_error=round(float(np.mean(style_err[s])), 4))
                                    for s in systems},
              "heldout_speakers": speakers, "test_utterances_per_speaker": args.per_speaker,
              "adaptation": {"reference_seconds": 10, "steps": ADAPT_STEPS, "lr": ADAPT_LR,
                             "layers": list(AS.STEP_LAYERS), "per_speaker": adapt_log,
                             "via": "explicit step of adapt_step.py (the function exported as adapt_step.onnx)"},
              "lip_vertices": scorer.n_lip, "upper_face_vertices": scorer.n_upper,
              "model": {"base_steps": ckpt["step"], "base_minutes": round(ckpt["seconds"] / 60, 1)}}
    if java:
        report["adaptation"]["java"] = dict(java["doc"]["summary"], **{
            "lve_mm_unadapted": summarise(java["rows"]["base"])["lve_mm"],
            "lve_mm_adapted_in_java": summarise(java["rows"]["java"])["lve_mm"],
            "lve_mm_adapted_in_pytorch": summarise(java["rows"]["molora"])["lve_mm"]})
        if onnx_bundle:
            report["adaptation"]["java"]["lve_mm_adapted_by_onnx_driver"] = summarise(java["rows"]["molora_onnx"])["lve_mm"]
            report["adaptation"]["java"]["onnx_driver_vs_java"] = java.get("onnx_vs_java")
    if onnx_bundle:
        report["adaptation"]["onnx_driver"] = {
            "row": "molora_onnx", "label": ONNX_ROW, "bundle": os.path.abspath(args.onnx_driver),
            "runtime": "adamesh_training.onnx_numpy (numpy %s), OPENBLAS_NUM_THREADS=%s"
                       % (np.__version__, os.environ.get("OPENBLAS_NUM_THREADS", "unset")),
            "per_speaker": "adaptation.per_speaker.*.onnx_driver (differences: against the molora row's parameters)"}
    if not args.no_real:
        report["librivox_real_speech"] = evaluate_real(model, scorer, loud, head)
    report["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(report, indent=1))
    if args.bundle:
        mpath = os.path.join(args.bundle, "manifest.json")
        m = json.load(open(mpath))
        keep = {k: v for k, v in m.get("metrics", {}).items() if k == "real_voice"}   # real_voice_eval's table
        m["metrics"] = dict(report, **keep)
        write_json(mpath, m, indent=2, newline=True)          # the manifest's own layout


def parameter_differences(mine, ref):
    """Largest absolute difference over all MoLoRA tensors, and the largest relative to each tensor's max |ref|."""
    absd = [float(np.abs(np.asarray(a) - np.asarray(b)).max()) for a, b in zip(mine, ref)]
    rel = [d / max(float(np.abs(np.asarray(b)).max()), 1e-12) for d, b in zip(absd, ref) if np.abs(np.asarray(b)).max() > 0]
    return {"max_param_abs_diff": float(max(absd)), "max_param_rel_diff": float(max(rel))}


def librivox_targets(head, segments=False):
    """[(clip id, 16 kHz audio, teacher targets [F, 44])] of the LibriVox clips: the teacher animation
    of their pocketsphinx alignment, in the network's output layout (43 expressions, scaled jaw); with
    ``segments`` each item also carries the alignment [(phone, start_s, end_s)]."""
    from . import align
    items = []
    for cid, audio, segs, anim, _ in align.evaluation_set(head.expression_names):
        gt = np.concatenate([anim["expression"], anim["pose"][:, 2, :1] * JAW_SCALE], 1).astype(np.float32)
        items.append((cid, np.asarray(audio, np.float32), gt) + ((segs,) if segments else ()))
    return items


def evaluate_real(model, scorer, loud, head):
    try:
        items = librivox_targets(head)
    except Exception as e:  # pocketsphinx missing: say so in the report
        return {"error": "LibriVox set unavailable: %s" % e}
    rows = {s: [] for s in ("loudness", "base", "base_live")}
    for k, (cid, audio, gt) in enumerate(items):
        others = [g for j, (_, _, g) in enumerate(items) if j != k]
        style = AS.style_from_targets(model, others)
        mel = log_mel(audio).astype(np.float32)
        rows["loudness"].append(scorer.utterance(loud.predict(audio, gt.shape[0]), gt))
        rows["base"].append(scorer.utterance(predict(model, mel, style), gt))
        rows["base_live"].append(scorer.utterance(predict(model, mel, style, chunk=4), gt))
    return {s: summarise(r) for s, r in rows.items()} | {"clips": [c for c, _, _ in items],
                                                         "reference": "teacher animation of the pocketsphinx alignment"}


def write_clips(out, head, gt, preds, text, audio):
    from .clips import write_clip
    os.makedirs(out, exist_ok=True)
    for name, y in [("teacher", gt)] + [(k, preds[k]) for k in ("base", "molora", "loudness")]:
        T = y.shape[0]
        pose = np.zeros((T, 5, 3), np.float32)
        pose[:, 2, 0] = y[:, 43] / JAW_SCALE
        write_clip(os.path.join(out, name + ".json"), np.clip(y[:, :43], 0, 1), pose, head.expression_names,
                   head.model_id)
    import wave
    with wave.open(os.path.join(out, "audio.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    with open(os.path.join(out, "text.txt"), "w") as fh:
        fh.write(text + "\n")


if __name__ == "__main__":
    main()
