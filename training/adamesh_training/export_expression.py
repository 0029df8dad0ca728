"""Exports a trained run (train_expression OUT) as the model bundle the studio loads.

    python3 -m adamesh_training.export_expression --run RUN --bundle ../models/default [--corpus DIR]

A run trained with ``--wav2vec2`` exports a bundle whose manifest says ``features.type = "wav2vec2"``:
the export is copied in as ``speech_encoder.onnx`` (``features.file``, with its SHA-256, dimension and
audio normalisation), and ``encoder.onnx`` is the frame-wise projection (input ``hidden``
[1, T, features.dimension]); the studio then runs the pair (io.adamesh.model.Wav2Vec2BundleEncoder).

Writes encoder.onnx, style_encoder.onnx, expression.onnx, adapt_cache.onnx, adapt_step.onnx (opset
17, initialisers named after the PyTorch parameters, no constant folding so no ``onnx::*`` names),
speakers/<id>.json, fixtures/*.json (inputs and PyTorch outputs for the Java tests) and
manifest.json. Every graph's interface is declared in the manifest; ``check_graph`` verifies it with
python3-onnx after export.
"""

import argparse
import json
import os
import shutil
import sys

import numpy as np
import onnx
import torch
from torch import nn

from . import adapt_step as AS
from . import expression_data as ED
from . import wav2vec2_features as W2V
from .expression_model import ADAPTED_LAYERS, JAW_SCALE, N_MELS, N_OUT, PHONES_FRONTEND, resample_to_30fps
from .head import DEFAULT_HEAD, Head
from .train_expression import BUILTIN_SPEAKERS, LIVE_CHUNK, load_base, load_state, training_data
from .atomic import write_json

OPSET = 17
SCHEMA_VERSION = 1


class EncoderGraph(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, mel, chunk_frames):
        return self.encoder(mel, chunk_frames)


class ProjectionGraph(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder

    def forward(self, hidden):
        return self.encoder(hidden)


class StyleGraph(nn.Module):
    def __init__(self, style):
        super().__init__()
        self.style = style

    def forward(self, expression, jaw):
        return self.style(torch.cat([expression, jaw[:, :, :1] * JAW_SCALE], dim=2))


class ExpressionGraph(nn.Module):
    """features + style + MoLoRA parameters (graph inputs, so speakers switch without a new session)."""

    def __init__(self, decoder):
        super().__init__()
        self.decoder = decoder
        self.ranks = decoder.ranks

    def forward(self, features, style, *lora):
        y = self.decoder(features, style, AS.unflatten(list(lora), self.ranks))
        jaw_x = torch.clamp(y[:, :, 43:44] / JAW_SCALE, min=0.0)          # the jaw never over-closes
        expression = torch.clamp(y[:, :, :43], 0.0, 1.0)                     # blend-shape weight range
        return expression, torch.cat([jaw_x, torch.zeros_like(jaw_x), torch.zeros_like(jaw_x)], dim=2)


class AdaptCacheGraph(nn.Module):
    def __init__(self, decoder):
        super().__init__()
        self.style_proj = decoder.style_proj

    def forward(self, features, style):
        return resample_to_30fps(features), self.style_proj(style)


def _export(module, args, path, inputs, outputs, dynamic):
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=dynamic,
                      opset_version=OPSET, do_constant_folding=False)


def declare_shapes(path, spec):
    """Writes the manifest's shapes into the graph's inputs and outputs (fixed sizes where torch left
    symbols, e.g. the batch of 1), so ONNX Runtime reports exactly what the manifest declares."""
    m = onnx.load(path)
    for values, decl in ((m.graph.input, spec["inputs"]), (m.graph.output, spec["outputs"])):
        by_name = {s["name"]: s for s in decl}
        for v in values:
            dims = v.type.tensor_type.shape.dim
            for k, size in enumerate(by_name[v.name]["shape"]):
                if size >= 0:
                    dims[k].dim_value = size
                elif not dims[k].dim_param:
                    dims[k].dim_param = "%s_%d" % (v.name.replace(".", "_"), k)
    onnx.save(m, path)


def check_graph(path, spec):
    """Checks names, element types and ranks of a graph against its manifest entry; no onnx::* names."""
    m = onnx.load(path)
    onnx.checker.check_model(m)
    bad = [i.name for i in m.graph.initializer if i.name.startswith("onnx::")]
    if bad:
        raise ValueError("%s: unnamed initialisers %s" % (path, bad[:5]))
    types = {1: "float", 7: "int64"}
    for kind, values in (("inputs", m.graph.input), ("outputs", m.graph.output)):
        got = [(v.name, types.get(v.type.tensor_type.elem_type, "?"),
                [d.dim_value if d.HasField("dim_value") else -1 for d in v.type.tensor_type.shape.dim])
               for v in values]
        want = [(s["name"], s["type"], s["shape"]) for s in spec[kind]]
        if got != want:
            raise ValueError("%s %s: graph has %s, manifest says %s" % (path, kind, got, want))
    return len(m.graph.initializer), [i.name for i in m.graph.initializer]


def _first(corpus, split):
    from .data import load_corpus
    for u in load_corpus(corpus, split):
        yield u
        return


def _io(name, typ, shape):
    return {"name": name, "type": typ, "shape": shape}


def _arr(t):
    return AS.encode_array(t.detach().numpy() if isinstance(t, torch.Tensor) else t)


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", required=True)
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--corpus", default=None, help="for fixtures from a held-out speaker (default: the run's)")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, ckpt = load_base(args.run)
    state = load_state(args.run)
    cfg = model.config
    if cfg.get("frontend") == PHONES_FRONTEND:
        raise SystemExit("%s was trained with pocketsphinx phone features (an experiment, ADR 0021): the studio "
                         "has no Java front end for them, so it cannot be exported" % args.run)
    ranks = tuple(cfg["ranks"])
    D, S, H = cfg["d"], cfg["s"], cfg["h"]
    out = args.bundle
    os.makedirs(os.path.join(out, "fixtures"), exist_ok=True)
    names = AS.param_names(ranks)
    zero_lora = AS.init_params(model.decoder, ranks, 0)
    zero_lora = [torch.zeros_like(p) if ".B" in n else p for n, p in zip(names, zero_lora)]
    lora_shapes = [list(p.shape) for p in zero_lora]

    w2v = cfg.get("frontend", "log-mel") == "wav2vec2"
    fspec = state.get("features") or {}
    if w2v:
        encoder_spec = {"file": "encoder.onnx", "inputs": [_io("hidden", "float", [1, -1, cfg["feat_dim"]])],
                        "outputs": [_io("features", "float", [1, -1, D])]}
    else:
        encoder_spec = {"file": "encoder.onnx",
                        "inputs": [_io("mel", "float", [1, -1, N_MELS]), _io("chunk_frames", "int64", [1])],
                        "outputs": [_io("features", "float", [1, -1, D])]}
    graphs = {
        "encoder": encoder_spec,
        "style_encoder": {"file": "style_encoder.onnx",
                          "inputs": [_io("expression", "float", [1, -1, 43]), _io("jaw", "float", [1, -1, 3])],
                          "outputs": [_io("style", "float", [1, S])]},
        "expression": {"file": "expression.onnx",
                       "inputs": [_io("features", "float", [1, -1, D]), _io("style", "float", [1, S])]
                       + [_io(n, "float", s) for n, s in zip(names, lora_shapes)],
                       "outputs": [_io("expression", "float", [1, -1, 43]), _io("jaw", "float", [1, -1, 3])]},
        "adapt_cache": {"file": "adapt_cache.onnx",
                        "inputs": [_io("features", "float", [1, -1, D]), _io("style", "float", [1, S])],
                        "outputs": [_io("x", "float", [1, -1, D]), _io("style_bias", "float", [1, H])]},
        "adapt_step": {"file": "adapt_step.onnx",
                       "inputs": [_io("x", "float", [-1, -1, D]), _io("style_bias", "float", [-1, H]),
                                  _io("target", "float", [-1, -1, N_OUT]), _io("mask", "float", [-1, -1]),
                                  _io("lr", "float", [1]), _io("step", "float", [1])]
                       + [_io(n, "float", s) for n, s in zip(names, lora_shapes)]
                       + [_io("m." + n, "float", s) for n, s in zip(names, lora_shapes)]
                       + [_io("v." + n, "float", s) for n, s in zip(names, lora_shapes)],
                       "outputs": [_io("loss", "float", [1])]
                       + [_io("new." + n, "float", s) for n, s in zip(names, lora_shapes)]
                       + [_io("new.m." + n, "float", s) for n, s in zip(names, lora_shapes)]
                       + [_io("new.v." + n, "float", s) for n, s in zip(names, lora_shapes)]
                       + [_io("new.step", "float", [1])]},
    }

    # held-out reference for fixtures: the first held-out speaker's first utterances (~10 s)
    corpus = args.corpus or state.get("corpus")
    split = "heldout" if any(True for _ in _first(corpus, "heldout")) else "train"   # --quick has none
    held = training_data(fspec, corpus, split, args.run)
    spk = held["speaker"][0]
    idx = [i for i, s in enumerate(held["speaker"]) if s == spk]
    ref_idx, total = [], 0
    for i in idx:
        if total >= 300:
            break
        ref_idx.append(i)
        total += held["target"][i].shape[0]
    mel = torch.as_tensor(held["input"][idx[-1]][None])
    tgt0 = torch.as_tensor(held["target"][ref_idx[0]][None])
    fixtures = {}
    with torch.no_grad():
        p = os.path.join(out, "encoder.onnx")
        if w2v:
            _export(ProjectionGraph(model.encoder), (mel,), p, ["hidden"], ["features"],
                    {"hidden": {1: "frames"}, "features": {1: "frames"}})
            feats_q = model.encoder(mel)
            fixtures["encoder_quality"] = {"graph": "encoder", "inputs": {"hidden": _arr(mel)},
                                           "outputs": {"features": _arr(feats_q)}}
        else:
            _export(EncoderGraph(model.encoder), (mel, torch.tensor([LIVE_CHUNK])), p, ["mel", "chunk_frames"],
                    ["features"], {"mel": {1: "mel_frames"}, "features": {1: "frames"}})
            feats_q = model.encoder(mel, torch.tensor([0]))
            feats_l = model.encoder(mel, torch.tensor([LIVE_CHUNK]))
            fixtures["encoder_quality"] = {"graph": "encoder", "inputs": {"mel": _arr(mel), "chunk_frames": [0]},
                                           "outputs": {"features": _arr(feats_q)}}
            fixtures["encoder_live"] = {"graph": "encoder",
                                        "inputs": {"mel": _arr(mel), "chunk_frames": [LIVE_CHUNK]},
                                        "outputs": {"features": _arr(feats_l)}}

        sg = StyleGraph(model.style)
        e_ref, j_ref = tgt0[:, :, :43], torch.cat([tgt0[:, :, 43:] / JAW_SCALE, torch.zeros(1, tgt0.shape[1], 2)], 2)
        _export(sg, (e_ref, j_ref), os.path.join(out, "style_encoder.onnx"), ["expression", "jaw"], ["style"],
                {"expression": {1: "frames"}, "jaw": {1: "frames"}})
        style = sg(e_ref, j_ref)
        fixtures["style_encoder"] = {"graph": "style_encoder", "inputs": {"expression": _arr(e_ref), "jaw": _arr(j_ref)},
                                     "outputs": {"style": _arr(style)}}

        first = sorted(state.get("speakers", {}) or BUILTIN_SPEAKERS)[0]
        profile_path = os.path.join(args.run, "speakers", first + ".json")
        lora = AS.load_profile(profile_path)[2] if os.path.exists(profile_path) else zero_lora
        eg = ExpressionGraph(model.decoder)
        _export(eg, (feats_q, style, *lora), os.path.join(out, "expression.onnx"), ["features", "style"] + names,
                ["expression", "jaw"], {"features": {1: "frames"}, "expression": {1: "anim_frames"},
                                        "jaw": {1: "anim_frames"}})
        ex, jw = eg(feats_q, style, *lora)
        fixtures["expression"] = {"graph": "expression",
                                  "inputs": dict({"features": _arr(feats_q), "style": _arr(style)},
                                                 **{n: _arr(t) for n, t in zip(names, lora)}),
                                  "outputs": {"expression": _arr(ex), "jaw": _arr(jw)}}

        cg = AdaptCacheGraph(model.decoder)
        _export(cg, (feats_q, style), os.path.join(out, "adapt_cache.onnx"), ["features", "style"],
                ["x", "style_bias"], {"features": {1: "frames"}, "x": {1: "anim_frames"}})
        x, sb = cg(feats_q, style)
        fixtures["adapt_cache"] = {"graph": "adapt_cache", "inputs": {"features": _arr(feats_q), "style": _arr(style)},
                                   "outputs": {"x": _arr(x), "style_bias": _arr(sb)}}

        # adaptation data: ~10 s of the held-out speaker, its own style from the same reference
        ref_style = AS.style_from_targets(model, [held["target"][i] for i in ref_idx])
        cache = AS.cache_activations(model, [held["input"][i] for i in ref_idx],
                                     [held["target"][i] for i in ref_idx], ref_style)
        stepper = AS.AdaptStep(model.decoder, ranks)
        init = AS.init_params(model.decoder, ranks, 0)
        zeros = [torch.zeros_like(p) for p in init]
        lr, step = torch.tensor([AS.ADAPT_LR]), torch.zeros(1)
        a_in = (cache["x"], cache["style_bias"], cache["target"], cache["mask"], lr, step, *init, *zeros, *zeros)
        in_names = [s["name"] for s in graphs["adapt_step"]["inputs"]]
        out_names = [s["name"] for s in graphs["adapt_step"]["outputs"]]
        _export(stepper, a_in, os.path.join(out, "adapt_step.onnx"), in_names, out_names,
                {"x": {0: "n", 1: "frames"}, "style_bias": {0: "n"}, "target": {0: "n", 1: "frames"},
                 "mask": {0: "n", 1: "frames"}})
        first = stepper(*a_in)
        fixtures["adapt_step"] = {"graph": "adapt_step",
                                  "inputs": {k: _arr(v) for k, v in zip(in_names, a_in)},
                                  "outputs": {k: _arr(v) for k, v in zip(out_names, first)}}
        _, losses = AS.adapt(model, cache, steps=AS.ADAPT_STEPS, lr=AS.ADAPT_LR, seed=0)
        fixtures["adapt_heldout"] = {"speaker": spk, "seconds": round(total / 30.0, 2), "steps": AS.ADAPT_STEPS,
                                     "lr": AS.ADAPT_LR, "pytorch_losses": losses,
                                     "inputs": {k: _arr(v) for k, v in zip(in_names[:6], a_in[:6])},
                                     "init": {n: _arr(t) for n, t in zip(names, init)}}

    for name, fx in fixtures.items():
        with open(os.path.join(out, "fixtures", name + ".json"), "w") as fh:
            json.dump(fx, fh)

    # speaker profiles
    speakers = []
    sp_dir = os.path.join(out, "speakers")
    os.makedirs(sp_dir, exist_ok=True)
    for sid in sorted(state.get("speakers", {})):
        src = os.path.join(args.run, "speakers", sid + ".json")
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(sp_dir, sid + ".json"))
            speakers.append({"id": sid, "file": "speakers/%s.json" % sid})

    report = {}
    for key, spec in graphs.items():
        declare_shapes(os.path.join(out, spec["file"]), spec)
        n_init, _ = check_graph(os.path.join(out, spec["file"]), spec)
        spec["bytes"] = os.path.getsize(os.path.join(out, spec["file"]))
        spec["initializers"] = n_init
        report[key] = spec["bytes"]
    head = Head()
    old = {}
    mpath = os.path.join(out, "manifest.json")
    if os.path.exists(mpath):
        old = json.load(open(mpath))
    enc_params = sum(p.numel() for n, p in model.encoder.named_parameters() if "viseme_head" not in n)
    if w2v:
        target = os.path.join(out, "speech_encoder.onnx")
        if not (os.path.exists(target) and W2V.sha256(target) == fspec["sha256"]):
            if W2V.sha256(fspec["model"]) != fspec["sha256"]:
                raise SystemExit("%s changed since training (SHA-256 differs from state.json)" % fspec["model"])
            shutil.copyfile(fspec["model"], target + ".partial")
            os.replace(target + ".partial", target)
        features = {"type": "wav2vec2", "file": "speech_encoder.onnx", "sha256": fspec["sha256"],
                    "source": os.path.basename(fspec["model"]), "sample_rate": 16000,
                    "input": "input_values", "output": "last_hidden_state",
                    "receptive_field": W2V.RECEPTIVE_FIELD, "hop": W2V.HOP, "frame_rate": W2V.FRAME_RATE,
                    "dimension": cfg["feat_dim"], "audio_normalisation": fspec["normalise"],
                    "normalisation": {"applied": "inside encoder.onnx",
                                      "mean": model.encoder.feat_mean.tolist(), "std": model.encoder.feat_std.tolist()}}
        encoder = {"kind": "wav2vec2-projection", "frame_rate": 50.0, "dimension": D, "input_dimension": cfg["feat_dim"],
                   "parameters": int(enc_params),
                   "modes": {"quality": {"lookahead_ms": "whole utterance"},
                             "live": {"lookahead_ms": "window", "lookahead_detail": "the live window (0.8-1.2 s) "
                                      "is encoded whole by the export; the newest frame has no look-ahead"}}}
    else:
        features = {"type": "log-mel-80", "sample_rate": 16000, "window": 400, "hop": 160, "n_fft": 512,
                    "mel_scale": "htk", "log_floor": 1e-10, "frame_rate": 100.0,
                    "normalisation": {"applied": "inside encoder.onnx", "mean": model.encoder.mel_mean.tolist(),
                                      "std": model.encoder.mel_std.tolist()}}
        encoder = {"kind": "own", "frame_rate": 50.0, "dimension": D, "layers": cfg["layers"], "heads": cfg["heads"],
                   "parameters": int(enc_params),
                   "modes": {"quality": {"chunk_frames": 0, "lookahead_ms": "whole utterance"},
                             "live": {"chunk_frames": LIVE_CHUNK, "lookahead_ms": 100,
                                      "lookahead_detail": "at most 3 encoder frames (60 ms) + 2 log-mel frames "
                                                          "of the conv front end (20 ms) + 30 fps interpolation "
                                                          "(<= 20 ms)",
                                      "left_context": "all earlier chunks inside the window the caller passes"}}}
    manifest = {
        "format": "adamesh-bundle", "schema_version": SCHEMA_VERSION, "name": os.path.basename(os.path.abspath(out)),
        "face": {"model_id": head.model_id, "file": "assets/openhead.npz", "sha256": W2V.sha256(DEFAULT_HEAD)},
        "fps": 30.0, "lookahead_ms": {"quality": "whole utterance", "live": "window" if w2v else 100}, "channels": head.expression_names, "jaw": "jaw axis-angle (rad), x only is predicted",
        "features": features,
        "encoder": encoder,
        "style": {"dimension": S, "reference": "expression + jaw sequence at 30 fps (style_encoder.onnx)"},
        "decoder": {"hidden": H, "parameters": sum(p.numel() for p in model.decoder.base_parameters())},
        "lora": {"layers": list(ADAPTED_LAYERS), "ranks": list(ranks), "mixture": "softmax(logits) per layer",
                 "parameters": sum(p.numel() for p in model.decoder.lora_parameters()),
                 "parameter_names": names, "parameter_shapes": lora_shapes,
                 "why": "inp, conv1, conv2 and out are all the decoder's linear and (causal, kernel 3) "
                        "convolution layers: they map speaker-independent speech features to this speaker's "
                        "articulation; the encoder stays shared and frozen",
                 "adapt_step_layers": list(AS.STEP_LAYERS),
                 "adamw": {"beta1": AS.BETA1, "beta2": AS.BETA2, "eps": AS.EPS, "weight_decay": AS.WEIGHT_DECAY,
                           "weight_decay_on_logits": 0.0}},
        "graphs": graphs, "opset": OPSET, "speakers": speakers,
        "provenance": {"corpus": corpus, "corpus_summary": json.load(open(os.path.join(corpus, "corpus.json"))),
                       "training": {k: v for k, v in state.items() if k != "corpus"},
                       "rebuild": "see README.md",
                       **{k: v for k, v in old.get("provenance", {}).items() if k == "face_update"}},
        "metrics": old.get("metrics", {}),
    }
    write_json(mpath, manifest, indent=2, newline=True)          # the manifest's own layout
    total_bytes = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(out) for f in fs)
    print("bundle %s: %.2f MB; graphs %s" % (out, total_bytes / 1e6, report), file=sys.stderr)


if __name__ == "__main__":
    main()
