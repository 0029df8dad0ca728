"""Fits the tracker calibration the studio's adaptation uses (``models/default/adapt_calibration.json``).

    python3 -m adamesh_training.fit_adapt_calibration DIR --out ../models/default/adapt_calibration.json

DIR holds one ``<speaker>.npz`` per TRAINING speaker, written by the Java tool
``adamesh adapt-eval CALIB_DATA --calibrate DIR`` (CALIB_DATA from ``export_adapt_eval --split train``):
the speaker's first 10 s rendered as a talking-head video (OpenHead driven by the teacher animation),
tracked by the studio's face tracker, and the tracked and the true animation on the same 30 fps frames.

Why: tracking a face gives expression weights through an ill-posed inversion of 68 landmarks, with
systematic biases (on the held-out closed loop the tracked jaw is ~1.4 degrees too open and smile,
pucker and funnel barely follow the truth). Two small linear maps learned here on training speakers
undo what can be undone:

* ``style``: the speaker's style embedding (what the style encoder gives on the TRUE animation) from
  statistics of the TRACKED one (per-channel mean and standard deviation over usable frames),
  ridge regression, ridge strength chosen by leave-one-speaker-out;
* ``targets``: per frame, each true channel (43 expression weights + jaw x JAW_SCALE) from the tracked
  channels, ridge regression; a channel is used as an adaptation target only where its R^2 on
  held-out calibration speakers reaches ``--min-r2`` (the others keep the network's own output).
"""

import argparse
import glob
import os

import numpy as np

from .atomic import write_json

JAW_SCALE = 10.0


def load(d):
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "*.npz"))):
        z = np.load(f)
        u = z["usable"] > 0.5
        rows.append({"id": os.path.basename(f)[:-4],
                     "tracked": np.concatenate([z["tracked_expression"], z["tracked_jaw"][:, None] * JAW_SCALE], 1)[u],
                     "true": np.concatenate([z["true_expression"], z["true_jaw"][:, None] * JAW_SCALE], 1)[u],
                     "style": z["true_style"]})
    return rows


def stats(tracked, cols):
    x = tracked[:, cols]
    return np.concatenate([x.mean(0), x.std(0)])


def ridge(x, y, alpha):
    """y ~ x @ w + b with x standardised outside."""
    xm, ym = x.mean(0), y.mean(0)
    xc, yc = x - xm, y - ym
    w = np.linalg.solve(xc.T @ xc + alpha * np.eye(x.shape[1]), xc.T @ yc)
    return w, ym - xm @ w


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--out", required=True)
    ap.add_argument("--min-r2", type=float, default=0.3)
    args = ap.parse_args(argv)
    rows = load(args.dir)
    n = len(rows)
    allt = np.concatenate([r["tracked"] for r in rows])
    cols = np.nonzero(allt.std(0) > 1e-4)[0]                      # channels the tracker moves at all
    # --- style from tracked statistics -----------------------------------------------------------
    s = np.stack([stats(r["tracked"], cols) for r in rows])
    smean, sstd = s.mean(0), s.std(0) + 1e-6
    sz = (s - smean) / sstd
    st = np.stack([r["style"] for r in rows])
    base_err = np.mean([np.linalg.norm(st[i] - np.delete(st, i, 0).mean(0)) for i in range(n)])
    best = None
    for alpha in (0.3, 1, 3, 10, 30, 100, 300):
        errs = []
        for i in range(n):
            keep = np.arange(n) != i
            w, b = ridge(sz[keep], st[keep], alpha)
            errs.append(np.linalg.norm(sz[i] @ w + b - st[i]))
        e = float(np.mean(errs))
        print("style ridge alpha %6.1f: leave-one-out error %.4f (mean style %.4f)" % (alpha, e, base_err))
        if best is None or e < best[1]:
            best = (alpha, e)
    sw, sb = ridge(sz, st, best[0])
    # --- per-frame target calibration --------------------------------------------------------------
    rng = np.random.default_rng(0)
    order = rng.permutation(n)
    test_ids, train_ids = order[: max(1, n // 5)], order[max(1, n // 5):]
    xt = np.concatenate([rows[i]["tracked"][:, cols] for i in train_ids])
    yt = np.concatenate([rows[i]["true"] for i in train_ids])
    xv = np.concatenate([rows[i]["tracked"][:, cols] for i in test_ids])
    yv = np.concatenate([rows[i]["true"] for i in test_ids])
    xm, xs = xt.mean(0), xt.std(0) + 1e-6
    w, b = ridge((xt - xm) / xs, yt, 10.0)
    pred = (xv - xm) / xs @ w + b
    r2 = 1 - ((pred - yv) ** 2).sum(0) / (((yv - yv.mean(0)) ** 2).sum(0) + 1e-12)
    raw_r2 = np.full(44, np.nan)
    for j, c in enumerate(cols):
        raw_r2[c] = 1 - ((xv[:, j] - yv[:, c]) ** 2).sum() / (((yv[:, c] - yv[:, c].mean()) ** 2).sum() + 1e-12)
    xall = np.concatenate([r["tracked"][:, cols] for r in rows])
    yall = np.concatenate([r["true"] for r in rows])
    xm, xs = xall.mean(0), xall.std(0) + 1e-6
    w, b = ridge((xall - xm) / xs, yall, 10.0)
    use = [int(c) for c in range(44) if r2[c] >= args.min_r2 and yall[:, c].std() > 1e-3]
    doc = {"format": "adamesh-adapt-calibration", "version": 1,
           "made_from": {"speakers": [r["id"] for r in rows], "frames": int(len(xall)),
                         "command": "python3 -m adamesh_training.fit_adapt_calibration %s --out %s --min-r2 %g"
                                    % (args.dir, args.out, args.min_r2)},
           "channels_in": [int(c) for c in cols],
           "style": {"stats": "per tracked channel in channels_in: mean over usable frames, then std",
                     "mean": smean.tolist(), "std": sstd.tolist(), "weights": sw.tolist(), "bias": sb.tolist(),
                     "alpha": best[0], "leave_one_out_error": round(best[1], 4),
                     "mean_style_error": round(float(base_err), 4)},
           "targets": {"in_mean": xm.tolist(), "in_std": xs.tolist(), "weights": w.tolist(), "bias": b.tolist(),
                       "r2_heldout": [None if not np.isfinite(v) else round(float(v), 3) for v in r2],
                       "r2_raw_tracked": [None if not np.isfinite(v) else round(float(v), 3) for v in raw_r2],
                       "used": use, "min_r2": args.min_r2}}
    write_json(args.out, doc, indent=None)
    print("style: alpha %g, LOO error %.4f vs %.4f for the mean style" % (best[0], best[1], base_err))
    print("targets used (R2 >= %g): %s" % (args.min_r2, use))
    print("R2 calibrated:", np.round(r2, 2).tolist())
    print("R2 raw tracked:", np.round(raw_r2, 2).tolist())


if __name__ == "__main__":
    main()
