"""When do the animated lips close and open, against the reference's bilabial edges (issue 13)?

    python3 -m adamesh_training.closure_timing --bundle ../models/default --checkpoint /work/expr-run2/base.pt \\
        [--weights checkpoint --speaker RUN/speakers/spk05.json] [--run /work/expr-run2] [--json OUT.json]
    python3 -m adamesh_training.closure_timing --paired A.json B.json

real_voice_eval counts a closure when the lips are closed (inner-lip gap under 1 mm) within one
animation frame of the event's closed interval. This command asks whether the misses are *timing*
misses (the lips do close, but early or late) or *depth* misses (the lips never get under 1 mm near the
event), and whether the network closes systematically early or late.

Per scored event (real reference: trusted events; synthetic held-out: every p/b/m run of the corpus's
espeak-ng phone timing) and mode:

* the closed run of the predicted lips (gap < 1 mm) nearest the event within ``--window`` seconds;
* *onset offset*: when the gap falls through 1 mm (linear interpolation between 30 fps frames) minus
  the reference closure edge, for events with a closure edge (a sound before the bilabial; the
  acoustic landmark where one was found, else pocketsphinx). Positive = the lips close late;
* *release offset*: when the gap rises through 1 mm minus the reference release edge (a sound after);
  positive = the lips open late;
* what-if counts (never the metric): hits had the scored interval been 1 or 2 frames earlier or later;
* the lip gap in pauses of the real items (at least 100 ms from speech): OpenHead rests with its
  lips together; this tells a rest posture held open (which would miss every word-initial bilabial
  after a pause) from lips that part too early before a release;
* events without a closed run in the window: the time of the smallest gap minus the event's centre,
  and that gap.

``--paired`` compares two results event by event (which real events each one closes on; exact
McNemar test), the fair way to ask whether a training change closed more of the same 116 events.

On the synthetic held-out speakers the same is done for the teacher's own animation (the training
target) against the same espeak-ng timing, as a yardstick: whatever offset the teacher has, the network
learns.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

from . import expression_data as ED
from . import real_voice_eval as RV
from .head import Head
from . import visemes as V
from .atomic import write_json

FRAME = RV.FRAME
SHIFTS_MS = (-67, -33, 33, 67)


def crossings(gap_mm, f0, f1, thr=1.0):
    """(closing time, opening time) in seconds of the closed run [f0, f1] (frame indices, gap < thr),
    interpolated linearly between frames; None where the run touches the clip's edge."""
    def interp(a, b):                       # frame a open, frame b closed (or the reverse)
        ga, gb = gap_mm[a], gap_mm[b]
        return (a + (ga - thr) / (ga - gb) * (b - a)) * FRAME
    on = interp(f0 - 1, f0) if f0 > 0 else None
    off = interp(f1, f1 + 1) if f1 + 1 < gap_mm.size else None
    return on, off


def closed_runs(gap_mm, thr=1.0):
    return V.true_runs(gap_mm < thr)


def event_timing(gap_mm, closed, closure_edge, release_edge, window):
    """Timing of the lips around one event; ``closed`` = (start, end) of its scored closed interval."""
    c, r = closed
    t = np.arange(gap_mm.size) * FRAME
    sel = (t >= c - FRAME - 1e-6) & (t <= r + FRAME + 1e-6)
    hit = bool((gap_mm[sel] < 1.0).any())
    shifted = {}                             # what-if only: the same count with the interval moved
    for ms in SHIFTS_MS:
        d = ms / 1000.0
        s2 = (t >= c + d - FRAME - 1e-6) & (t <= r + d + FRAME + 1e-6)
        shifted[ms] = bool((gap_mm[s2] < 1.0).any())
    mid = 0.5 * (c + r)
    runs = [(f0, f1) for f0, f1 in closed_runs(gap_mm) if f1 * FRAME >= c - window and f0 * FRAME <= r + window]
    out = {"hit": hit, "run": bool(runs), "hit_shifted": shifted,
           "position": ("medial" if closure_edge is not None and release_edge is not None else
                        "initial" if release_edge is not None else "final" if closure_edge is not None else "isolated")}
    near = (t >= c - window) & (t <= r + window)
    if near.any():
        k = np.nonzero(near)[0][np.argmin(gap_mm[near])]
        out["min_gap_mm"] = float(gap_mm[k])
        out["min_gap_offset_s"] = float(t[k] - mid)
    if runs:
        def dist(run):
            a, b = run[0] * FRAME, run[1] * FRAME
            return 0.0 if (a <= r and b >= c) else min(abs(a - r), abs(b - c))
        f0, f1 = min(runs, key=dist)
        on, off = crossings(gap_mm, f0, f1)
        if closure_edge is not None and on is not None:
            out["onset_offset_s"] = float(on - closure_edge)
        if release_edge is not None and off is not None:
            out["release_offset_s"] = float(off - release_edge)
    return out


def summarise(rows):
    def stats(xs):
        xs = np.asarray(xs, float)
        if xs.size == 0:
            return {"n": 0}
        return {"n": int(xs.size), "median_ms": round(float(np.median(xs)) * 1000, 1),
                "q25_ms": round(float(np.percentile(xs, 25)) * 1000, 1),
                "q75_ms": round(float(np.percentile(xs, 75)) * 1000, 1),
                "mean_ms": round(float(xs.mean()) * 1000, 1),
                "late_share": round(float((xs > 0).mean()), 3),
                "beyond_1_frame_early": int((xs < -FRAME).sum()), "beyond_1_frame_late": int((xs > FRAME).sum())}
    miss = [r for r in rows if not r["hit"]]
    return {"events": len(rows), "hits": sum(r["hit"] for r in rows),
            "hits_if_interval_shifted_ms": {str(ms): sum(r["hit_shifted"][ms] for r in rows) for ms in SHIFTS_MS},
            "misses_with_closed_run_in_window": sum(r["run"] for r in miss),
            "misses_never_closed_in_window": sum(not r["run"] for r in miss),
            "miss_min_gap_mm_median": round(float(np.median([r["min_gap_mm"] for r in miss if "min_gap_mm" in r])), 2)
            if miss else None,
            "onset": stats([r["onset_offset_s"] for r in rows if "onset_offset_s" in r]),
            "release": stats([r["release_offset_s"] for r in rows if "release_offset_s" in r]),
            "miss_min_gap_offset": stats([r["min_gap_offset_s"] for r in miss if "min_gap_offset_s" in r]),
            "timing_miss_onset": stats([r["onset_offset_s"] for r in miss if "onset_offset_s" in r]),
            "timing_miss_release": stats([r["release_offset_s"] for r in miss if "release_offset_s" in r])}


def real_events(model, speaker, ref, gapper, chunk, window, pauses=None):
    """Rows per trusted event; ``pauses`` (a list) collects the gap (mm) of every frame of a pause at
    least 100 ms away from speech, where the lips should be at rest (OpenHead's rest: together)."""
    rows = []
    for it in ref["items"]:
        evs = [e for e in it["bilabials"] if e["trusted"]]
        if not evs:
            continue
        y, _ = RV.run(model, RV.log_mel(RV._read(it)).astype(np.float32), speaker.style, speaker.lora, chunk)
        g = gapper(y) * 1000.0
        if pauses is not None:
            t = np.arange(g.size) * FRAME
            for v, s0, e0 in it["visemes"]:
                if v == "sil":
                    pauses.extend(g[(t >= s0 + 0.1) & (t <= e0 - 0.1)].tolist())
        for e in evs:
            ce = e["lm_closure"] if e["lm_closure"] is not None else e["ps_closure"]
            re_ = e["lm_release"] if e["lm_release"] is not None else e["ps_release"]
            row = event_timing(g, tuple(e["closed"]), ce, re_, window)
            row.update(id=it["id"], source=it["source"], phone=e["phone"])
            rows.append(row)
    return rows


def synthetic_events(model, speaker, held, gapper, chunk, per_speaker, window):
    """(network rows, teacher rows) on the held-out speakers' test utterances."""
    from .evaluate_expression import split_reference
    net, teach = [], []
    for sid in sorted(set(held["speaker"])):
        _, test, _ = split_reference(held, sid, test_count=per_speaker)
        for i in test:
            y, _ = RV.run(model, held["mel"][i], speaker.style, speaker.lora, chunk)
            g = gapper(y) * 1000.0
            gt = gapper(np.asarray(held["target"][i], np.float64)) * 1000.0
            lab = held["viseme"][i]
            _, pp = RV.synthetic_segments(lab)
            for s, e in pp:                       # pp: the scored interval (label run shrunk by 10 ms)
                c0, r0 = s - 0.01, e + 0.01       # the label's own edges
                j0 = int(round((c0 - 0.0025) / 0.02))
                j1 = int(round((r0 - 0.0025) / 0.02)) - 1
                ce = c0 if j0 > 0 and lab[j0 - 1] not in (-1, RV.SIL_INDEX) else None
                re_ = r0 if j1 + 1 < lab.size and lab[j1 + 1] not in (-1, RV.SIL_INDEX) else None
                net.append(event_timing(g, (s, e), ce, re_, window))
                teach.append(event_timing(gt, (s, e), ce, re_, window))
    return net, teach


def paired(a_path, b_path, out=sys.stdout):
    """Event-by-event comparison of two ``--json`` results on the same real events (exact McNemar test):
    the runs are scored on the same 116 events, so what differs is which events each one gets."""
    from math import comb
    A, B = json.load(open(a_path)), json.load(open(b_path))
    res = {}
    for mode in A["events"]:
        ea = {(e[0], k): e[3] for k, e in enumerate(A["events"][mode])}
        eb = {(e[0], k): e[3] for k, e in enumerate(B["events"][mode])}
        if set(ea) != set(eb):
            raise ValueError("%s and %s were not scored on the same events" % (a_path, b_path))
        only_a = sum(ea[k] and not eb[k] for k in ea)
        only_b = sum(eb[k] and not ea[k] for k in ea)
        n = only_a + only_b
        tail = sum(comb(n, i) for i in range(min(only_a, only_b) + 1)) / 2.0 ** n if n else 1.0
        res[mode] = {"events": len(ea), "hits_a": sum(ea.values()), "hits_b": sum(eb.values()),
                     "only_a": only_a, "only_b": only_b, "mcnemar_p": round(min(1.0, 2 * tail), 4)}
        print("%s: %d events; hits %d (A) vs %d (B); only A %d, only B %d; exact McNemar p = %.3f" % (
            mode, len(ea), res[mode]["hits_a"], res[mode]["hits_b"], only_a, only_b, res[mode]["mcnemar_p"]), file=out)
    return res


def main(argv=None):
    if argv is None and len(sys.argv) == 4 and sys.argv[1] == "--paired":
        return paired(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] + " (or: --paired A.json B.json)")
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--weights", choices=["bundle", "checkpoint"], default="bundle")
    ap.add_argument("--speaker", default=None)
    ap.add_argument("--reference", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                        "reference", "real-voice.json"))
    ap.add_argument("--run", default=None, help="training run with cache-heldout.npz (synthetic held-out)")
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--window", type=float, default=0.25, help="seconds either side of an event to look for lips")
    ap.add_argument("--modes", default="quality,live")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, _ = RV.load_model(a.bundle, a.checkpoint, a.weights)
    if a.weights == "bundle":
        RV.check_fixtures(model, a.bundle)
    speaker = RV.Speaker(RV.speaker_path(a.bundle, a.checkpoint, a.weights, a.speaker))
    ref = json.load(open(a.reference))
    gapper = RV.LipGap(Head())
    held = ED.build(None, "heldout", os.path.join(a.run, "cache-heldout.npz")) if a.run else None
    doc = {"command": "python3 -m adamesh_training.closure_timing " + " ".join(argv if argv is not None else sys.argv[1:]),
           "window_s": a.window, "modes": {}}
    for mode in a.modes.split(","):
        chunk = {"quality": 0, "live": RV.LIVE_CHUNK}[mode]
        pauses = []
        rows = real_events(model, speaker, ref, gapper, chunk, a.window, pauses)
        pauses = np.asarray(pauses)
        doc.setdefault("pause_gap", {})[mode] = {
            "frames": int(pauses.size), "median_mm": round(float(np.median(pauses)), 2),
            "q75_mm": round(float(np.percentile(pauses, 75)), 2),
            "closed_share": round(float((pauses < 1.0).mean()), 3)}
        m = {"real_all": summarise(rows)}
        for src in sorted({r["source"] for r in rows}):
            m["real_" + src] = summarise([r for r in rows if r["source"] == src])
        for pos in ("initial", "medial", "final"):
            m["real_" + pos] = summarise([r for r in rows if r["position"] == pos])
        m["real_m"] = summarise([r for r in rows if r["phone"].upper() == "M"])
        m["real_p_b"] = summarise([r for r in rows if r["phone"].upper() in ("P", "B")])
        if held is not None:
            net, teach = synthetic_events(model, speaker, held, gapper, chunk, a.per_speaker, a.window)
            m["synthetic_network"] = summarise(net)
            m["synthetic_teacher"] = summarise(teach)
        doc["modes"][mode] = m
        doc.setdefault("events", {})[mode] = [[r["id"], r["phone"], r["position"], int(r["hit"])] for r in rows]
        RV.log("%s done" % mode)
    print_table(doc)
    if a.json:
        write_json(a.json, doc)


def print_table(doc, out=sys.stdout):
    """Markdown: per mode and event set, hits, miss kinds, onset / release offsets, what-if shifts."""
    def q(st):
        return "-" if not st.get("n") else "%+.0f [%+.0f, %+.0f] (%d)" % (st["median_ms"], st["q25_ms"], st["q75_ms"], st["n"])
    print("| mode | events | hits | misses: closed elsewhere in +-%.0f ms / never closed | onset ms, median [IQR] (n) | "
          "release ms, median [IQR] (n) | releases > 1 frame early / late | hits with interval moved %s ms |" % (
              doc["window_s"] * 1000, " / ".join("%+d" % ms for ms in SHIFTS_MS)), file=out)
    print("|" + " --- |" * 8, file=out)
    for mode, m in doc["modes"].items():
        for name, r in m.items():
            print("| %s %s | %d | %d | %d / %d | %s | %s | %d / %d | %s |" % (
                mode, name, r["events"], r["hits"], r["misses_with_closed_run_in_window"],
                r["misses_never_closed_in_window"], q(r["onset"]), q(r["release"]),
                r["release"].get("beyond_1_frame_early", 0), r["release"].get("beyond_1_frame_late", 0),
                " / ".join(str(r["hits_if_interval_shifted_ms"][str(ms)]) for ms in SHIFTS_MS)), file=out)
    for mode, p in doc.get("pause_gap", {}).items():
        print("\n%s: lip gap in real pauses (>= 100 ms from speech, %d frames): median %.2f mm, 75th percentile "
              "%.2f mm, closed (< 1 mm) %.1f %%" % (mode, p["frames"], p["median_mm"], p["q75_mm"],
                                                    100 * p["closed_share"]), file=out)


if __name__ == "__main__":
    main()
