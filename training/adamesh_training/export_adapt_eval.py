"""Exports held-out speakers of a corpus for the studio-path adaptation evaluation (Java).

    python3 -m adamesh_training.export_adapt_eval --corpus /work/corpus-default --out DIR
        [--reference-seconds 10.5] [--test 6] [--speakers spk03,spk09]

For each held-out speaker (never trained on): ``ref.wav`` + ``ref.npz`` are the speaker's first
utterances laid end to end until at least ``--reference-seconds`` (the video the studio adapts
from is rendered from them: teacher expression and head/jaw pose at 30 fps, the utterance audio at
16 kHz, frame k at k / 30 s); ``test-NN.wav`` + ``test-NN.npz`` are the next ``--test`` utterances,
the speaker's OTHER speech the adapted model is scored on. npz arrays: ``expression`` [F, 43]
float32 (the corpus's channel order, ``channels``), ``pose`` [F, 5, 3] float32 (root, neck, jaw,
eyes; axis-angle radians). WAV: 16-bit PCM mono 16 kHz.
"""

import argparse
import json
import os
import wave

import numpy as np

from . import data
from . import speakers as S

RATE, FPS = 16000, 30.0


def write_wav(path, audio):
    pcm = np.round(np.clip(audio, -1, 1) * 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


def concat(utts):
    """Utterances end to end on a common clock: utterance j's audio starts at its first frame's time."""
    frames = sum(u.expression.shape[0] for u in utts)
    audio = np.zeros(int(round(frames * RATE / FPS)), np.float32)
    start = 0
    for u in utts:
        a0 = int(round(start * RATE / FPS))
        n = min(len(u.audio), len(audio) - a0)
        audio[a0:a0 + n] = u.audio[:n]
        start += u.expression.shape[0]
    return (audio, np.concatenate([u.expression for u in utts]).astype(np.float32),
            np.concatenate([u.pose for u in utts]).astype(np.float32))


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reference-seconds", type=float, default=10.5)
    ap.add_argument("--test", type=int, default=6)
    ap.add_argument("--speakers", default=None)
    ap.add_argument("--split", default="heldout", choices=("heldout", "train"),
                    help="train: the training speakers, for the tracker calibration (fit_adapt_calibration)")
    args = ap.parse_args(argv)
    wanted = set(args.speakers.split(",")) if args.speakers else set(S.split(args.split))
    by = {}
    names = None
    for u in data.load_corpus(args.corpus, args.split):
        if u.speaker in wanted:
            by.setdefault(u.speaker, []).append(u)
    summary = {}
    for sid in sorted(by):
        utts = by[sid]
        ref, total = [], 0.0
        for u in utts:
            if total >= args.reference_seconds:
                break
            ref.append(u)
            total += u.expression.shape[0] / FPS
        test = utts[len(ref):len(ref) + args.test]
        d = os.path.join(args.out, sid)
        os.makedirs(d, exist_ok=True)
        audio, ex, pose = concat(ref)
        write_wav(os.path.join(d, "ref.wav"), audio)
        np.savez(os.path.join(d, "ref.npz"), expression=ex, pose=pose)
        for i, u in enumerate(test):
            audio, ex, pose = concat([u])
            write_wav(os.path.join(d, "test-%02d.wav" % i), audio)
            np.savez(os.path.join(d, "test-%02d.npz" % i), expression=ex, pose=pose)
        summary[sid] = {"reference_seconds": round(total, 2), "reference_utterances": len(ref), "test": len(test),
                        "test_seconds": round(sum(u.expression.shape[0] for u in test) / FPS, 2)}
    with open(os.path.join(args.out, "speakers.json"), "w") as fh:
        json.dump({"corpus": os.path.abspath(args.corpus), "speakers": summary}, fh, indent=1)
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
