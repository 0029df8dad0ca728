"""How far apart the teacher keeps the lips on every viseme: the margin a network has against the 1 mm
closed-lip threshold of the real-voice scoring (real_voice_eval.CLOSED_M).

    python3 -m adamesh_training.teacher_gaps --corpus DIR [--source stored|teacher] [--every N]
                                             [--split train|heldout] [--json OUT]

For each viseme segment of the corpus that holds an animation frame (diphthongs split as the corpus
builder splits them) the smallest inner-lip gap inside the segment is taken, on the same six-landmark gap
real_voice_eval scores with. The table gives its 5th, 25th and 50th percentiles in mm and the share of
segments under 1 and 2 mm.

``--source stored`` reads the animation stored in the shards (the teacher the corpus was built with);
``--source teacher`` animates the stored phone timings again with the current ``teacher`` module, so a
teacher edit can be measured before a corpus is rebuilt. The re-animation takes its loudness from the
stored audio, which already carries the corpus augmentation (the builder used the clean audio), so its
mouth opening differs a little from a rebuilt corpus; the stored source is exact.
"""

import argparse
import os
import sys

import numpy as np

from . import corpus, data, teacher
from . import visemes as V
from .expression_model import JAW_SCALE
from .atomic import write_json


def viseme_segments(u):
    """[(viseme, start, end, phone)] of an utterance from its stored phone rows, as the corpus builder
    made them for the teacher (corpus.viseme_segments)."""
    mapper = corpus.VISEME_MAPPERS.get(u.info.get("synth"))
    if mapper is None:
        raise ValueError("utterance of %s: unknown synthesiser %r in its info" % (u.speaker, u.info.get("synth")))
    return corpus.viseme_segments([(p, float(s), float(e)) for p, s, e, _ in u.phones], mapper)[0]


def utterance_track(u, source):
    """[F, 44] in the network's layout (43 expressions, scaled jaw) for ``source`` 'stored' or 'teacher'."""
    if source == "stored":
        expr, jaw = u.expression, u.pose[:, 2, 0]
    else:
        an = teacher.animate(u.audio.astype(np.float32), 16000, viseme_segments(u), u.channels, u.style,
                             seed=0)
        expr, jaw = an["expression"], an["pose"][:, 2, 0]
    return np.concatenate([expr, jaw[:, None] * JAW_SCALE], 1).astype(np.float64)


def segment_minima(utterances, source, gapper=None):
    """{viseme: [smallest gap in m of each segment]} over ``utterances``."""
    if gapper is None:
        from .head import Head
        from .real_voice_eval import LipGap
        gapper = LipGap(Head())
    out = {}
    for u in utterances:
        gap = gapper(utterance_track(u, source))
        t = np.arange(gap.size) / teacher.FPS
        for vis, s, e, _ in viseme_segments(u):
            sel = (t >= s) & (t < e)
            if sel.any():
                out.setdefault(vis, []).append(float(gap[sel].min()))
    return out


def table(minima):
    """{viseme: {segments, p5_mm, p25_mm, p50_mm, under_1mm, under_2mm}} plus ``non_bilabial`` (every
    speech viseme but PP pooled)."""
    rows = {}
    pooled = []
    for vis in V.VISEMES:
        if vis not in minima:
            continue
        a = np.asarray(minima[vis]) * 1000.0
        if vis not in ("PP", "sil"):
            pooled.append(a)
        rows[vis] = _row(a)
    if pooled:
        rows["non_bilabial"] = _row(np.concatenate(pooled))
    return rows


def _row(a):
    p5, p25, p50 = np.percentile(a, [5, 25, 50])
    return {"segments": int(a.size), "p5_mm": round(float(p5), 2), "p25_mm": round(float(p25), 2),
            "p50_mm": round(float(p50), 2), "under_1mm": round(float(np.mean(a < 1.0)), 4),
            "under_2mm": round(float(np.mean(a < 2.0)), 4)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--source", choices=["stored", "teacher"], default="stored")
    ap.add_argument("--split", choices=["train", "heldout"], default=None, help="default: every speaker")
    ap.add_argument("--every", type=int, default=1, help="take every N-th utterance (faster on a full corpus)")
    ap.add_argument("--json", default=None, help="also write the table here")
    a = ap.parse_args(argv)
    if a.every < 1:
        ap.error("--every must be 1 or more")
    if not os.path.exists(os.path.join(a.corpus, "corpus.json")) and not data.shard_paths(a.corpus):
        raise SystemExit("no corpus at %s (no corpus.json or shard-*.npz)" % a.corpus)
    utts = (u for i, u in enumerate(data.load_corpus(a.corpus, a.split)) if i % a.every == 0)
    try:
        rows = table(segment_minima(utts, a.source))
    except (OSError, ValueError, KeyError) as e:          # an unreadable shard, a foreign utterance
        raise SystemExit("teacher_gaps: %s: %s" % (a.corpus, e))
    print("viseme   segments    p5    p25    p50 (mm)  under 1 mm  under 2 mm   [%s]" % a.source)
    for vis, r in rows.items():
        print("%-12s %6d %6.2f %6.2f %6.2f      %7.3f     %7.3f" % (
            vis, r["segments"], r["p5_mm"], r["p25_mm"], r["p50_mm"], r["under_1mm"], r["under_2mm"]))
    if a.json:
        write_json(a.json, {"corpus": os.path.abspath(a.corpus), "source": a.source, "every": a.every,
                            "split": a.split, "visemes": rows})
    return rows


if __name__ == "__main__":
    sys.exit(0 if main() is not None else 1)
