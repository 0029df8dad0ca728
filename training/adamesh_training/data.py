"""Loaders: corpus shards (training/CORPUS.md) and VOCASET-style FLAME data.

``Utterance`` holds one utterance: 16 kHz float audio, phone timings, per-frame expression [T, 43] and
pose [T, 5, 3] at 30 fps, the speaker and its style. ``load_corpus(dir, split="train")`` yields them
for the train or held-out speakers only.
"""

import glob
import json
import os
from dataclasses import dataclass, field

import numpy as np

from . import speakers as S


@dataclass
class Utterance:
    speaker: str
    text: str
    audio: np.ndarray            # float32 [N] at 16 kHz
    phones: list                 # [(name, start_s, end_s, viseme index)]
    expression: np.ndarray       # float32 [T, E]
    pose: np.ndarray             # float32 [T, J, 3] axis-angle
    fps: float = 30.0
    info: dict = field(default_factory=dict)
    style: dict = field(default_factory=dict)
    channels: list = field(default_factory=list)


def shard_paths(root):
    return sorted(glob.glob(os.path.join(root, "shard-*.npz")))


def load_shard(path):
    """All utterances of one shard, in order."""
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(str(z["meta"]))
        ao, po, fo = z["audio_offsets"], z["phone_offsets"], z["frame_offsets"]
        audio, names, times, vis = z["audio"], z["phone_names"], z["phone_times"], z["phone_visemes"]
        expr, pose = z["expression"], z["pose"]
        out = []
        for i in range(z["speaker"].size):
            phones = [(str(names[j]), float(times[j, 0]), float(times[j, 1]), int(vis[j]))
                      for j in range(po[i], po[i + 1])]
            out.append(Utterance(
                speaker=str(z["speaker"][i]), text=str(z["text"][i]),
                audio=audio[ao[i]:ao[i + 1]].astype(np.float32) / 32767.0, phones=phones,
                expression=expr[fo[i]:fo[i + 1]], pose=pose[fo[i]:fo[i + 1]], fps=meta["fps"],
                info=json.loads(str(z["utterance_info"][i])), style=meta["speaker"]["style"],
                channels=meta["channels"]))
        return out


def load_corpus(root, split=None):
    """Utterances of a corpus; ``split`` 'train' or 'heldout' keeps only those speakers."""
    keep = set(S.split(split)) if split else None
    for path in shard_paths(root):
        for u in load_shard(path):
            if keep is None or u.speaker in keep:
                yield u


# --- VOCASET-style FLAME data -------------------------------------------------------------------
# Expected layout (the VOCA release re-expressed as FLAME parameters, as in e.g. FaceFormer-style
# preprocessing of the VOCASET recordings; one folder per subject):
#
#   ROOT/<subject>/<sentence>.wav             speech (any rate, mono or stereo PCM)
#   ROOT/<subject>/<sentence>.npz             FLAME parameters per frame:
#        expression [T, 50..100]  FLAME expression coefficients (psi)
#        jaw        [T, 3]        jaw axis-angle (radians)     (or pose [T, 15] = root,neck,jaw,eyes)
#        neck       [T, 3]        optional head rotation
#        eyes       [T, 6]        optional eye rotations
#        fps        []            optional, default 60 (VOCASET's capture rate)
#
# Frames are resampled to 30 fps (linear) and audio to 16 kHz so the result matches our shards.

def _read_wav(path):
    import wave
    with wave.open(path, "rb") as w:
        sr, ch, width = w.getframerate(), w.getnchannels(), w.getsampwidth()
        raw = w.readframes(w.getnframes())
    if width != 2:
        raise ValueError("%s: only 16-bit PCM WAV is supported" % path)
    x = np.frombuffer(raw, "<i2").reshape(-1, ch).mean(axis=1) / 32768.0
    return x, sr


def _retime(values, src_fps, dst_fps):
    n = values.shape[0]
    if n == 0 or src_fps == dst_fps:
        return values.astype(np.float32)
    t_dst = np.arange(int(np.floor((n - 1) * dst_fps / src_fps)) + 1) / dst_fps
    t_src = np.arange(n) / src_fps
    flat = values.reshape(n, -1)
    out = np.stack([np.interp(t_dst, t_src, flat[:, c]) for c in range(flat.shape[1])], axis=1)
    return out.reshape((t_dst.size,) + values.shape[1:]).astype(np.float32)


def load_vocaset(root, fps=30.0):
    """Yields ``Utterance`` per (subject, sentence) of a VOCASET-style FLAME folder (layout above)."""
    from scipy.signal import resample_poly
    for subject in sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))):
        for npz in sorted(glob.glob(os.path.join(root, subject, "*.npz"))):
            wav = npz[:-4] + ".wav"
            if not os.path.exists(wav):
                raise FileNotFoundError("%s has no matching %s" % (npz, os.path.basename(wav)))
            with np.load(npz, allow_pickle=False) as z:
                src_fps = float(z["fps"]) if "fps" in z else 60.0
                expr = np.asarray(z["expression"], np.float32)
                pose = np.zeros((expr.shape[0], 5, 3), np.float32)
                if "pose" in z:
                    pose[:] = np.asarray(z["pose"], np.float32).reshape(expr.shape[0], 5, 3)
                if "jaw" in z:
                    pose[:, 2] = z["jaw"]
                if "neck" in z:
                    pose[:, 1] = z["neck"]
                if "eyes" in z:
                    pose[:, 3:5] = np.asarray(z["eyes"], np.float32).reshape(-1, 2, 3)
            x, sr = _read_wav(wav)
            if sr != 16000:
                from math import gcd
                g = gcd(16000, sr)
                x = resample_poly(x, 16000 // g, sr // g)
            yield Utterance(speaker=subject, text=os.path.basename(npz)[:-4], audio=x.astype(np.float32),
                            phones=[], expression=_retime(expr, src_fps, fps), pose=_retime(pose, src_fps, fps),
                            fps=fps, info={"source": "vocaset", "path": npz}, channels=[])
