"""Semantic-aware pose style matrix (AdaMesh) and retrieval.

Speech units: k-means (K units) over code-rate speech vectors (the 83-dim features, normalised with the
training statistics and averaged over each code's DOWN frames). For a speaker, the style matrix is
K x d: row k = mean VQ encoder latent (pre-quantisation) of the code positions whose speech falls in
unit k (rows with no data: the speaker's mean latent). A reference's matrix is built the same way;
its distance to a stored matrix is the count-weighted mean squared row distance over the units the
reference covers. Retrieval returns the nearest training style and soft weights
w_s = softmax(-(dist_s - min dist) / (tau * min dist)) used to blend the PoseGPT style embeddings.

K and tau are chosen by leave-one-speaker-out on the *training* speakers (held-out speakers are only
used by the evaluation): a 10-s reference of speaker s retrieves among the other training styles and
we measure how well the retrieved (nearest, or weight-blended) true pose-style parameters match s's.
"""

import json
import os

import numpy as np
import torch

from .gpt import encode_all

STYLE_KEYS = ("nod_rate", "nod_amp", "tilt_bias", "sway", "stillness")


def code_rate(feats_norm, down):
    n = feats_norm.shape[0] // down
    return feats_norm[:n * down].reshape(n, down, -1).mean(1)


def kmeans(x, k, iters=25, seed=0):
    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), k, replace=False)].copy()
    for _ in range(iters):
        d = (x * x).sum(1)[:, None] - 2 * x @ c.T + (c * c).sum(1)[None]
        a = d.argmin(1)
        for j in range(k):
            m = a == j
            c[j] = x[m].mean(0) if m.any() else x[rng.integers(len(x))]
    return c.astype(np.float32)


def assign(x, centroids):
    d = (x * x).sum(1)[:, None] - 2 * x @ centroids.T + (centroids * centroids).sum(1)[None]
    return d.argmin(1)


def matrix(units, latents, K):
    """(K x d mean latents, counts [K]) from unit ids [N] and latents [N, d]; empty rows = overall mean."""
    d = latents.shape[1]
    M, n = np.zeros((K, d)), np.zeros(K)
    np.add.at(M, units, latents)
    np.add.at(n, units, 1)
    fill = latents.mean(0)
    M = np.where(n[:, None] > 0, M / np.maximum(n, 1)[:, None], fill[None])
    return M.astype(np.float32), n.astype(np.float32)


def distances(ref_M, ref_n, mats):
    """Count-weighted mean squared row distance of a reference to stored matrices [S, K, d] -> [S]."""
    w = ref_n / max(ref_n.sum(), 1e-9)
    return (((mats - ref_M[None]) ** 2).sum(2) * w[None]).sum(1)


def soft_weights(dist, tau):
    z = -(dist - dist.min()) / (tau * max(dist.min(), 1e-12))
    e = np.exp(z - z.max())
    return e / e.sum()


class Units:
    """Speech-unit front end: normalisation + centroids; per-utterance unit ids and latents."""

    def __init__(self, feat_mean, feat_std, down):
        self.mean, self.std, self.down = feat_mean, feat_std, down

    def vectors(self, feats):
        return code_rate((feats - self.mean) / self.std, self.down)


def per_utt(cache, vq, units):
    """(speech vectors [N, F], latents [N, d]) per utterance at code rate."""
    _, lat = encode_all(vq, cache)
    out = []
    for i in range(len(cache.speaker)):
        f, _ = cache.utt(i)
        v = units.vectors(f)
        out.append((v, lat[i][:len(v)]))
    return out


def reference_split(idx, n_frames_per_utt, seconds=10.0, fps=30.0):
    """First utterances of a speaker totalling >= seconds as reference, the rest for evaluation."""
    ref, tot = [], 0
    for i in idx:
        if tot >= seconds * fps:
            break
        ref.append(i)
        tot += n_frames_per_utt[i]
    rest = [i for i in idx if i not in ref]
    if not rest and len(ref) > 1:                              # keep one utterance to evaluate on
        rest = [ref.pop()]
    elif not rest:                                             # a one-utterance speaker (tiny test corpora)
        rest = list(ref)
    return ref, rest


def run(work, cache, vq, log, quick=False):
    tr = cache.indices("train")
    allf = np.concatenate([cache.utt(i)[0] for i in tr])
    units = Units(allf.mean(0).astype(np.float32), (allf.std(0) + 1e-3).astype(np.float32), vq.down)
    data = per_utt(cache, vq, units)
    lens = cache.offsets[1:] - cache.offsets[:-1]
    spk = sorted(set(str(cache.speaker[i]) for i in tr))
    by = {s: [i for i in tr if str(cache.speaker[i]) == s] for s in spk}
    from .evaluate import pose_stats                           # what the evaluation scores
    P = np.array([pose_stats([cache.utt(i)[1] for i in by[s]]) for s in spk])
    Pscale = P.std(0) + 1e-9
    X = np.concatenate([data[i][0] for i in tr])
    rng = np.random.default_rng(0)
    X = X[rng.choice(len(X), min(len(X), 40000), replace=False)]
    rows, best = [], None
    for K in ((4, 8) if quick else (8, 16, 32, 64)):
        C = kmeans(X, K)
        mats, refs = [], []
        for s in spk:
            ref, rest = reference_split(by[s], lens)
            u = lambda ids: (np.concatenate([assign(data[i][0], C) for i in ids]),
                             np.concatenate([data[i][1] for i in ids]))
            mats.append(matrix(*u(rest or ref), K)[0])
            refs.append(matrix(*u(ref), K))
        mats = np.stack(mats)
        ident, err_near, err_soft = 0, {}, {t: [] for t in (0.1, 0.3, 1.0, 3.0)}
        err_near = []
        for j in range(len(spk)):
            d = distances(refs[j][0], refs[j][1], mats)
            ident += int(d.argmin() == j)
            d_oth = np.delete(d, j)
            P_oth = np.delete(P, j, 0)
            err_near.append(np.abs((P_oth[d_oth.argmin()] - P[j]) / Pscale).mean())
            for t in err_soft:
                err_soft[t].append(np.abs((soft_weights(d_oth, t) @ P_oth - P[j]) / Pscale).mean())
        row = dict(K=K, ident_top1=round(ident / len(spk), 3), loso_stat_err_nearest=round(float(np.mean(err_near)), 3),
                   loso_stat_err_soft={str(t): round(float(np.mean(v)), 3) for t, v in err_soft.items()})
        log(json.dumps(row))
        rows.append(row)
        score = min(row["loso_stat_err_soft"].values()) + row["loso_stat_err_nearest"]
        if best is None or score < best[0]:
            tau = float(min(err_soft, key=lambda t: np.mean(err_soft[t])))
            best = (score, K, C, tau)
    _, K, C, tau = best
    mats, counts = [], []
    for s in spk:                                              # final matrices from all of a speaker's data
        u = np.concatenate([assign(data[i][0], C) for i in by[s]])
        M, n = matrix(u, np.concatenate([data[i][1] for i in by[s]]), K)
        mats.append(M); counts.append(n)
    np.savez(os.path.join(work, "style.npz"), centroids=C, matrices=np.stack(mats), counts=np.stack(counts),
             feat_mean=units.mean, feat_std=units.std, speakers=np.array(spk), tau=np.float32(tau))
    from .cli import _save_json
    _save_json(os.path.join(work, "results.json"), "style_sweep",
               dict(rows=rows, chosen_K=K, chosen_tau=tau,
                    criterion="leave-one-training-speaker-out: nearest + best soft error of the retrieved "
                              "speakers' pose statistics (evaluate.pose_stats, in units of their spread across "
                              "training speakers) against the speaker's own, 10-s references"))
    log("style: K=%d tau=%g" % (K, tau))
