"""Speaker profile JSON (``models/default/speakers/*.json``) and the MoLoRA parameter naming, without torch.

A profile is ``{"format": "adamesh-speaker", "version": 1, "id", "ranks", "style", "lora", "provenance"}``;
arrays are ``{"shape", "data"}`` with float32 little-endian bytes in base64. Parameter order (also the
ONNX input order of expression.onnx and adapt_step.onnx): for each layer in ADAPTED_LAYERS, A for each
rank, B for each rank, logits. adapt_step.py (torch) re-exports these helpers.
"""

import base64
import json
import os

import numpy as np

from .expression_spec import ADAPTED_LAYERS, LORA_RANKS
from .atomic import write_json


def param_names(ranks):
    names = []
    for layer in ADAPTED_LAYERS:
        names += ["%s.A%d" % (layer, r) for r in ranks] + ["%s.B%d" % (layer, r) for r in ranks]
        names.append("%s.logits" % layer)
    return names


def unflatten(flat, ranks):
    """flat list -> per layer (A list, B list, logits)."""
    k, out = len(ranks), []
    per = 2 * k + 1
    for i in range(len(ADAPTED_LAYERS)):
        chunk = flat[i * per:(i + 1) * per]
        out.append((list(chunk[:k]), list(chunk[k:2 * k]), chunk[2 * k]))
    return out


def encode_array(a):
    a = np.ascontiguousarray(np.asarray(a, dtype="<f4"))
    return {"shape": list(a.shape), "data": base64.b64encode(a.tobytes()).decode("ascii")}


def decode_array(d):
    return np.frombuffer(base64.b64decode(d["data"]), dtype="<f4").reshape(d["shape"]).copy()


def write_profile(path, sid, style, params, provenance, ranks=None):
    """Writes a profile atomically (temp file + rename): style [S] and the flat parameter list (arrays)."""
    ranks = tuple(ranks or LORA_RANKS)
    names = param_names(ranks)
    if len(params) != len(names):
        raise ValueError("a profile of ranks %s needs %d parameters, got %d" % (ranks, len(names), len(params)))
    doc = {"format": "adamesh-speaker", "version": 1, "id": sid, "ranks": list(ranks),
           "style": encode_array(np.asarray(style)),
           "lora": {n: encode_array(np.asarray(p)) for n, p in zip(names, params)},
           "provenance": provenance}
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    write_json(path, doc)


def read_profile(path):
    """(document, style [S], flat parameter list) as float32 numpy arrays."""
    with open(path) as fh:
        doc = json.load(fh)
    names = param_names(tuple(doc["ranks"]))
    return doc, decode_array(doc["style"]), [decode_array(doc["lora"][n]) for n in names]
