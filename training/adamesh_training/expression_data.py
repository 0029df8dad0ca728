"""Training arrays for the expression network, computed once per corpus and cached.

For each utterance: log-mel [M, 80] (features.py, float16 in the cache), targets [F, 44] in the
network's output space (43 expression weights, jaw x * JAW_SCALE), visemes at 50 Hz [T] (frame j is
centred at 0.02 j + 0.0125 s; -1 where no phone covers it), and the speaker id.

Crops are made in units of 0.1 s so that log-mel (10 frames), encoder (5) and animation (3) frames
stay aligned: a crop of n units starting at unit k uses mel [10k, 10k + 10n), visemes [5k, 5k + 5n)
and targets [3k, 3k + 3n).
"""

import os
import sys

import numpy as np

from . import data
from .expression_spec import JAW_SCALE
from .features import log_mel


def _visemes_50hz(phones, n):
    out = np.full(n, -1, np.int64)
    t = 0.02 * np.arange(n) + 0.0125
    for _, start, end, vis in phones:
        out[(t >= start) & (t < end)] = vis
    return out


def utterance_arrays(u):
    mel = log_mel(u.audio).astype(np.float32)
    tgt = np.concatenate([u.expression, u.pose[:, 2, :1] * JAW_SCALE], axis=1).astype(np.float32)
    vis = _visemes_50hz(u.phones, (mel.shape[0] - 1) // 2 + 1 if mel.shape[0] else 0)
    return mel, tgt, vis


def build(corpus, split, cache_path=None, log=True):
    """dict of lists: mel, target, viseme, speaker, text, audio (float32)."""
    if cache_path and os.path.exists(cache_path):
        with np.load(cache_path, allow_pickle=False) as zf:
            z = {k: zf[k] for k in zf.files}          # NpzFile re-reads an array on every access
        mo, to, vo = z["mel_off"], z["tgt_off"], z["vis_off"]
        ao = z["audio_off"]
        n = mo.size - 1
        mel, target, vis, audio = z["mel"], z["target"], z["viseme"], z["audio"]
        return {"mel": [mel[mo[i]:mo[i + 1]].astype(np.float32) for i in range(n)],
                "target": [target[to[i]:to[i + 1]] for i in range(n)],
                "viseme": [vis[vo[i]:vo[i + 1]] for i in range(n)],
                "audio": [audio[ao[i]:ao[i + 1]].astype(np.float32) / 32767.0 for i in range(n)],
                "speaker": [str(s) for s in z["speaker"]], "text": [str(s) for s in z["text"]],
                "phones": None}
    out = {"mel": [], "target": [], "viseme": [], "speaker": [], "text": [], "audio": [], "phones": []}
    for i, u in enumerate(data.load_corpus(corpus, split)):
        mel, tgt, vis = utterance_arrays(u)
        out["mel"].append(mel)
        out["target"].append(tgt)
        out["viseme"].append(vis)
        out["speaker"].append(u.speaker)
        out["text"].append(u.text)
        out["audio"].append(u.audio.astype(np.float32))
        out["phones"].append(u.phones)
        if log and i % 500 == 0:
            print("features: %s %d utterances" % (split, i), file=sys.stderr, flush=True)
    if cache_path:
        off = offsets
        tmp = cache_path + ".partial.npz"
        np.savez(tmp, mel=np.concatenate(out["mel"]).astype(np.float16), mel_off=off(out["mel"]),
                 target=np.concatenate(out["target"]), tgt_off=off(out["target"]),
                 viseme=np.concatenate(out["viseme"]), vis_off=off(out["viseme"]),
                 audio=np.round(np.concatenate(out["audio"]) * 32767).astype(np.int16),
                 audio_off=off(out["audio"]),
                 speaker=np.array(out["speaker"]), text=np.array(out["text"]))
        os.replace(tmp, cache_path)
    return out


def offsets(xs):
    """Start offsets of concatenated arrays (and the total at the end), as the caches store them."""
    return np.concatenate([[0], np.cumsum([len(x) for x in xs])]).astype(np.int64)


def units(mel, tgt):
    """Whole 0.1 s units available in an utterance."""
    return min(mel.shape[0] // 10, tgt.shape[0] // 3)
