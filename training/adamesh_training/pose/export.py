"""ONNX export of the pose networks, bundle tables, the pose.json manifest fragment and Java fixtures.

Files (under OUT = models/default):
  pose/pose_vq_encoder.onnx  pose [1, T, P] float (radians, T multiple of down)
                             -> latent [1, T/down, d] float, code [1, T/down] int64
  pose/pose_vq_decoder.onnx  code [1, N] int64 -> pose [1, N*down, P] float
  pose/pose_gpt_step.onnx    prev_codes [1, n] int64 (n <= window; BOS = codebook), feats [1, n*down, F]
                             float (raw data.py features), style [1, S] float -> logits [1, codebook]
  pose/pose_tables.npz       centroids [K, F], matrices [styles, K, d], counts [styles, K],
                             feat_mean [F], feat_std [F], style_embeddings [styles + 1, S] (last = none)
  pose.json                  {"pose": {...}} (merged into manifest.json by the bundle owner)
Fixtures for the Java test: src/test/resources/io/adamesh/model/pose-fixture.npz.
"""

import hashlib
import json
import os

import numpy as np
import torch

from . import gpt as G
from . import style as St
from .. import teacher
from .data import FEAT_DIM, W2V_TYPE, speech_features
from .vq import pad_to

OPSET = 14


class _Enc(torch.nn.Module):
    def __init__(self, vq):
        super().__init__()
        self.vq = vq

    def forward(self, pose):
        z = self.vq.encode(pose)
        return z, self.vq.quant.nearest(z)


class _Dec(torch.nn.Module):
    def __init__(self, vq):
        super().__init__()
        self.vq = vq

    def forward(self, code):
        return self.vq.decode(code)


def _export(module, args, path, inputs, outputs, axes):
    torch.onnx.export(module, args, path, input_names=inputs, output_names=outputs, dynamic_axes=axes,
                      opset_version=OPSET, do_constant_folding=False)


def _sha(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def feature_fixture_audio():
    """1.6 s: a gliding harmonic tone (voiced, 110-220 Hz) with a loudness swell, silence, then noise."""
    rng = np.random.default_rng(7)
    t = np.arange(int(0.9 * 16000)) / 16000.0
    f0 = 110 + 110 * t / t[-1]
    ph = 2 * np.pi * np.cumsum(f0) / 16000.0
    tone = sum(np.sin(k * ph) / k for k in range(1, 6)) * (0.1 + 0.3 * t / t[-1])
    return np.concatenate([tone, np.zeros(3200), 0.05 * rng.normal(size=int(0.5 * 16000))]).astype(np.float32)


def retrieve(tables, ref_feats, ref_pose, vq):
    """(nearest index, soft weights, nearest embedding, soft embedding) for a reference (numpy)."""
    units = St.Units(tables["feat_mean"], tables["feat_std"], vq.down)
    p, _ = pad_to(ref_pose, vq.down)
    f, _ = pad_to(ref_feats, vq.down)
    with torch.no_grad():
        lat = vq.encode(torch.from_numpy(p)[None])[0].numpy()
    v = units.vectors(f)
    M, n = St.matrix(St.assign(v, tables["centroids"]), lat[:len(v)], tables["centroids"].shape[0])
    d = St.distances(M, n, tables["matrices"])
    w = St.soft_weights(d, float(tables["tau"]))
    E = tables["style_embeddings"][:-1]
    return int(d.argmin()), w.astype(np.float32), E[d.argmin()], (w @ E).astype(np.float32)


def run(work, out, cache, vq, gpt, speakers, log=print):
    vq.eval(); gpt.eval()
    pd = os.path.join(out, "pose")
    os.makedirs(pd, exist_ok=True)
    st = dict(np.load(os.path.join(work, "style.npz")))
    assert list(st["speakers"]) == list(speakers), "style matrices and PoseGPT speakers differ"
    tables = dict(centroids=st["centroids"], matrices=st["matrices"], counts=st["counts"],
                  feat_mean=st["feat_mean"], feat_std=st["feat_std"],
                  style_embeddings=gpt.styles.detach().numpy().astype(np.float32))
    np.savez_compressed(os.path.join(pd, "pose_tables.npz"), **tables)
    tables["tau"] = st["tau"]
    D, P, W = vq.down, vq.pose_dim, gpt.window
    enc, dec, step = _Enc(vq).eval(), _Dec(vq).eval(), G.StepGraph(gpt).eval()   # export restores these modes
    T = 16 * D
    _export(enc, (torch.zeros(1, T, P),), os.path.join(pd, "pose_vq_encoder.onnx"), ["pose"], ["latent", "code"],
            {"pose": {1: "frames"}, "latent": {1: "codes"}, "code": {1: "codes"}})
    _export(dec, (torch.zeros(1, 16, dtype=torch.long),), os.path.join(pd, "pose_vq_decoder.onnx"), ["code"],
            ["pose"], {"code": {1: "codes"}, "pose": {1: "frames"}})
    _export(step, (torch.zeros(1, 5, dtype=torch.long), torch.zeros(1, 5 * D, gpt.config["feat_dim"]),
                   torch.zeros(1, gpt.config["style_dim"])), os.path.join(pd, "pose_gpt_step.onnx"),
            ["prev_codes", "feats", "style"], ["logits"],
            {"prev_codes": {1: "n"}, "feats": {1: "n_frames"}})
    for m in (enc, dec, step, vq, gpt):
        m.eval()
    # Fixtures: a held-out utterance (reference = first 10 s of a held-out speaker).
    held = cache.indices("heldout")
    spk0 = str(cache.speaker[held[0]])
    idx = [i for i in held if str(cache.speaker[i]) == spk0]
    lens = cache.offsets[1:] - cache.offsets[:-1]
    ref, rest = St.reference_split(idx, lens)
    rf = np.concatenate([cache.utt(i)[0] for i in ref])
    rp = np.concatenate([cache.utt(i)[1] for i in ref])
    rf, rp = rf[:len(rf) // D * D], rp[:len(rp) // D * D]
    near, w, e_near, e_soft = retrieve(tables, rf, rp, vq)
    f, p = cache.utt(rest[0])
    n = min(len(f) // D, W + 8)                                 # longer than the window: exercises sliding
    f, p = f[:n * D], p[:n * D]
    with torch.no_grad():
        lat, code = enc(torch.from_numpy(p)[None])
        dpose = dec(code)
        k = min(W, n)
        prev = torch.cat([torch.tensor([[gpt.bos]]), code[:, :k - 1]], 1)
        logits = step(prev, torch.from_numpy(f[:k * D])[None], torch.from_numpy(e_soft)[None])
    greedy = G.generate(gpt, f, e_soft, temperature=0.0, top_k=1)
    with torch.no_grad():
        gpose = vq.decode(torch.from_numpy(greedy)[None])[0].numpy()
    fix = dict(ref_feats=rf.astype(np.float32), ref_pose=rp.astype(np.float32), nearest=np.array([near]),
               soft_weights=w, style_nearest=e_near.astype(np.float32), style_soft=e_soft,
               pose=p.astype(np.float32), latent=lat[0].numpy(), code=code[0].numpy(), decoded=dpose[0].numpy(),
               step_prev=prev[0].numpy(), step_feats=f[:k * D].astype(np.float32), step_logits=logits[0].numpy(),
               feats=f.astype(np.float32), greedy_codes=greedy, greedy_pose=gpose.astype(np.float32))
    spec = cache.feature_spec
    w2v = spec.get("type") == W2V_TYPE
    if w2v:
        # no log-mel feature fixture; the graph fixture stays with the run, not in the repository
        fx = os.path.join(work, "pose-fixture.npz")
    else:
        audio = feature_fixture_audio()
        fix.update(audio=audio, audio_feats=speech_features(audio, teacher.frame_count(audio.size / 16000.0)))
        fx = os.path.join(os.path.dirname(os.path.abspath(out)), "..", "src", "test", "resources", "io", "adamesh",
                          "model", "pose-fixture.npz")
    os.makedirs(os.path.dirname(fx), exist_ok=True)
    np.savez_compressed(fx, **fix)
    res = json.load(open(os.path.join(work, "results.json")))
    manifest_path = os.path.join(out, "pose.json")
    old = json.load(open(manifest_path))["pose"] if os.path.exists(manifest_path) else {}
    files = {k: "pose/" + k + ".onnx" for k in ("pose_vq_encoder", "pose_vq_decoder", "pose_gpt_step")}
    doc = {"pose": {
        "schema": 1, "fps": 30, "joint": "neck", "pose_dim": P, "pose_components": ["rx", "ry", "rz"],
        "translation": False, "down": D, "codebook": vq.codebook_size, "code_dim": vq.code_dim,
        "bos": gpt.bos, "window": W, "style_dim": gpt.config["style_dim"], "feat_dim": gpt.config["feat_dim"],
        "features": ({"type": W2V_TYPE, "dim": gpt.config["feat_dim"], "hidden_dimension": spec["dimension"],
                      "sha256": spec["sha256"], "audio_normalisation": spec["normalise"],
                      "layout": "0-%d the bundle's wav2vec 2.0 / HuBERT export (manifest features.file, same SHA-256) "
                                "interpolated at the pose frame time; %d loudness; %d log(f0/150), 0 unvoiced; "
                                "%d voiced flag" % (spec["dimension"] - 1, spec["dimension"], spec["dimension"] + 1,
                                                    spec["dimension"] + 2),
                      "shared_encoder": True} if w2v else
                     {"type": "adamesh-pose-speech-v1", "dim": FEAT_DIM,
                      "layout": "0-79 log-mel (features.py) mean of the 3 mel frames nearest the pose frame; "
                                "80 loudness (teacher.loudness); 81 log(f0/150), 0 unvoiced (teacher.pitch_track); "
                                "82 voiced flag",
                      "shared_encoder": False}),
        "graphs": {
            "vq_encoder": {"file": files["pose_vq_encoder"], "sha256": _sha(os.path.join(out, files["pose_vq_encoder"])),
                           "inputs": {"pose": ["float", [1, "frames", P]]},
                           "outputs": {"latent": ["float", [1, "codes", vq.code_dim]], "code": ["int64", [1, "codes"]]}},
            "vq_decoder": {"file": files["pose_vq_decoder"], "sha256": _sha(os.path.join(out, files["pose_vq_decoder"])),
                           "inputs": {"code": ["int64", [1, "codes"]]},
                           "outputs": {"pose": ["float", [1, "frames", P]]}},
            "gpt_step": {"file": files["pose_gpt_step"], "sha256": _sha(os.path.join(out, files["pose_gpt_step"])),
                         "inputs": {"prev_codes": ["int64", [1, "n"]],
                                    "feats": ["float", [1, "n_frames", gpt.config["feat_dim"]]],
                                    "style": ["float", [1, gpt.config["style_dim"]]]},
                         "outputs": {"logits": ["float", [1, vq.codebook_size]]}}},
        "tables": {"file": "pose/pose_tables.npz", "sha256": _sha(os.path.join(pd, "pose_tables.npz")),
                   "arrays": {k: list(v.shape) for k, v in tables.items() if k != "tau"}},
        "styles": list(speakers), "no_style_index": len(speakers),
        "retrieval": {"units": int(st["centroids"].shape[0]), "tau": float(st["tau"]),
                      "distance": "count-weighted mean squared row distance over the reference's units",
                      "soft": "w = softmax(-(d - min d) / (tau * min d)); style = w @ style_embeddings[:-1]"},
        "sampling": {"temperature": 0.9, "top_k": 10},
        "provenance": {"corpus": "/work/corpus-default (corpus build --seed 0)" if not w2v else "see the run", "vq": res.get("vq"),
                       "gpt": res.get("gpt"), "vq_sweep": res.get("vq_sweep"), "style_sweep": res.get("style_sweep")},
    }}
    if "evaluation" in old:
        doc["pose"]["evaluation"] = old["evaluation"]
    with open(manifest_path, "w") as fh:
        json.dump(doc, fh, indent=1)
    log("exported to %s (%s)" % (pd, ", ".join("%s %d KB" % (f, os.path.getsize(os.path.join(pd, f)) // 1024)
                                              for f in sorted(os.listdir(pd)))))
