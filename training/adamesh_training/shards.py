"""Deterministic ``.npz`` writing and reading for corpus shards (see training/CORPUS.md).

``numpy.savez`` stamps zip entries with the current time, so two identical builds would differ; this
writer fixes every entry's timestamp and order, refuses object arrays (no pickle), and writes
atomically (temporary file + rename), so a shard file exists only when it is complete.
"""

import json
import os
import zipfile

import numpy as np

FORMAT = "adamesh-corpus-shard"
VERSION = 1


def write_npz(path, arrays):
    tmp = path + ".partial"
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name in arrays:
            arr = np.asarray(arrays[name])
            arr = arr if arr.flags.c_contiguous else arr.copy()
            if arr.dtype == object:
                raise TypeError("%s: object arrays are not allowed in shards" % name)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with zf.open(info, "w", force_zip64=True) as fh:
                np.lib.format.write_array(fh, arr, allow_pickle=False)
    os.replace(tmp, path)


def json_array(obj):
    """A JSON document stored as a 0-d unicode array (sorted keys: stable bytes)."""
    return np.array(json.dumps(obj, sort_keys=True, separators=(",", ":")))


def pack(utterances, meta):
    """Concatenates utterance dicts into shard arrays with offsets."""
    def offsets(lengths):
        return np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)

    phones = [p for u in utterances for p in u["phones"]]
    return {
        "meta": json_array(meta),
        "audio": np.concatenate([u["audio"] for u in utterances]).astype(np.int16),
        "audio_offsets": offsets([u["audio"].size for u in utterances]),
        "phone_names": np.array([p[0] for p in phones], dtype="<U8"),
        "phone_times": np.array([[p[1], p[2]] for p in phones], dtype=np.float32).reshape(-1, 2),
        "phone_visemes": np.array([p[3] for p in phones], dtype=np.int8),
        "phone_offsets": offsets([len(u["phones"]) for u in utterances]),
        "expression": np.concatenate([u["expression"] for u in utterances]).astype(np.float32),
        "pose": np.concatenate([u["pose"] for u in utterances]).astype(np.float32),
        "frame_offsets": offsets([u["expression"].shape[0] for u in utterances]),
        "speaker": np.array([u["speaker"] for u in utterances], dtype="<U8"),
        "text": np.array([u["text"] for u in utterances]),
        "utterance_info": np.array([json.dumps(u["info"], sort_keys=True) for u in utterances]),
    }
