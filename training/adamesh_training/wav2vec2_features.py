"""wav2vec 2.0 / HuBERT features of a corpus, from a user's ONNX export, computed once and cached.

The export follows the Hugging Face convention (input ``input_values`` float32 [1, N] at 16 kHz,
output ``last_hidden_state`` [1, T, D], T = floor((N - 400) / 320) + 1, 50 Hz; see
docs/wav2vec2-training.md for making one). Frame j covers samples [320 j, 320 j + 400), so it is
centred at 0.02 j + 0.0125 s: the same timing as our log-mel encoder's frames, and the same count for
any N, so targets and visemes line up exactly as they do for log-mel.

The graph runs in the studio's ONNX Runtime (``adamesh speech-features``, io.adamesh.model
.Wav2Vec2OnnxEncoder), the code that runs it at animation time, so training sees the features the
studio will compute. (Python's onnxruntime is not packaged for Debian and onnx 1.12 has no reference
evaluator; a graph-to-torch converter would be a second implementation to keep in step.)

Cache: ``RUN/w2v-<split>.npz`` with ``features`` float16 [sum T_i, D], ``offsets`` [n + 1], and the
export's SHA-256 and the audio normalisation, so a different export or setting recomputes.
"""

import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

import numpy as np

RECEPTIVE_FIELD = 400
HOP = 320
FRAME_RATE = 50.0
CHUNK = 256                     # utterances per file handed to the studio
NORMALISATIONS = ("per-input", "none")


def frame_count(samples):
    return 0 if samples < RECEPTIVE_FIELD else (samples - RECEPTIVE_FIELD) // HOP + 1


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def default_command():
    """How to run the studio's CLI: $ADAMESH_CMD, else the checkout's ./adamesh."""
    if os.environ.get("ADAMESH_CMD"):
        return os.environ["ADAMESH_CMD"]
    return os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "adamesh")


def encode(audios, model, command=None, normalise="per-input", log=sys.stderr):
    """Features [T_i, D] float32 of each float32 16 kHz utterance, by ``adamesh speech-features``."""
    if normalise not in NORMALISATIONS:
        raise ValueError("normalise must be one of %s, not %r" % (NORMALISATIONS, normalise))
    if not os.path.isfile(model):
        raise FileNotFoundError("wav2vec 2.0 / HuBERT export %s does not exist" % model)
    cmd = shlex.split(command or default_command())
    work = tempfile.mkdtemp(prefix="adamesh-w2v-")
    try:
        inputs = []
        for c in range(0, len(audios), CHUNK):
            part = [np.asarray(a, np.float32).reshape(-1) for a in audios[c:c + CHUNK]]
            off = np.concatenate([[0], np.cumsum([a.size for a in part])]).astype(np.int64)
            path = os.path.join(work, "in-%05d.npz" % (c // CHUNK))
            np.savez(path, audio=np.concatenate(part) if part else np.zeros(0, np.float32), offsets=off)
            inputs.append(path)
        out_dir = os.path.join(work, "out")
        full = cmd + ["speech-features", "--wav2vec2", os.path.abspath(model), "--out-dir", out_dir,
                      "--normalise", normalise] + inputs
        print("wav2vec2 features: %d utterances in %d files: %s ... speech-features --wav2vec2 %s"
              % (len(audios), len(inputs), cmd[0], model), file=log, flush=True)
        proc = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if log:
            log.write(proc.stdout)
            log.flush()
        if proc.returncode != 0:
            raise RuntimeError("adamesh speech-features failed (exit %d):\n%s" % (proc.returncode, proc.stdout[-3000:]))
        out = []
        for c, path in enumerate(inputs):
            with np.load(os.path.join(out_dir, os.path.basename(path))) as z:
                feats, off = z["features"], z["offsets"]
            for i in range(off.size - 1):
                out.append(np.asarray(feats[off[i]:off[i + 1]], np.float32))
        for i, (a, f) in enumerate(zip(audios, out)):
            if f.shape[0] != frame_count(np.asarray(a).size):
                raise RuntimeError("utterance %d: %d samples gave %d frames, expected %d (the export must use "
                                   "the standard 400-sample window and 320-sample hop)"
                                   % (i, np.asarray(a).size, f.shape[0], frame_count(np.asarray(a).size)))
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def cached(audios, model, cache_path, command=None, normalise="per-input", log=sys.stderr, encoder=None):
    """``encode`` with a cache file; reused only for the same export (SHA-256), setting and utterance count."""
    digest = sha256(model)
    if cache_path and os.path.exists(cache_path):
        with np.load(cache_path, allow_pickle=False) as z:
            ok = (str(z["sha256"]) == digest and str(z["normalise"]) == normalise
                  and z["offsets"].size == len(audios) + 1)
            if ok:
                feats, off = z["features"], z["offsets"]
                return [feats[off[i]:off[i + 1]].astype(np.float32) for i in range(len(audios))]
        if log:
            print("wav2vec2 features: %s is for another export or setting, recomputing" % cache_path, file=log)
    out = (encoder or encode)(audios, model, command=command, normalise=normalise, log=log)
    if cache_path:
        off = np.concatenate([[0], np.cumsum([f.shape[0] for f in out])]).astype(np.int64)
        dim = out[0].shape[1] if out else 0
        tmp = cache_path + ".partial.npz"
        np.savez(tmp, features=np.concatenate(out).astype(np.float16) if out else np.zeros((0, dim), np.float16),
                 offsets=off, sha256=np.array(digest), normalise=np.array(normalise))
        os.replace(tmp, cache_path)
    return out


def attach(d, spec, run_dir, split, log=sys.stderr):
    """Adds ``input`` (wav2vec 2.0 features [T, D] per utterance) to an expression_data dict."""
    d["input"] = cached(d["audio"], spec["model"], os.path.join(run_dir, "w2v-%s.npz" % split),
                        command=spec.get("command"), normalise=spec["normalise"], log=log)
    return d
