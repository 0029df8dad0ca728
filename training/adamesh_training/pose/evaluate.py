"""Evaluation on held-out speakers and a clip writer.

For each held-out speaker: reference = their first utterances totalling >= 10 s (pose + speech),
evaluation = up to N_EVAL further utterances. Modes: ground truth, PoseGPT with no style (the learned
null embedding), nearest retrieved style, soft-blended style, and a procedural baseline (nods from
loudness alone, average training amplitude and tilt). Metrics (degrees, 30 fps):
  * style_err: (averaged over the two samples, seeds 0 and 1) mean over 5 pose statistics (mean roll = tilt, pitch std = nod size, pitch-velocity std,
    yaw std = sway, mean angular speed) of |generated - true| / spread of that statistic over the
    training speakers; true = the speaker's ground truth on the same evaluation utterances;
  * motion_std: per-axis std over time (mean of the 3 axes);
  * sample_div: mean |difference| between two samples (seeds 0, 1) for the same input;
  * shifted_truth: the true pose rolled by half the utterance: beat_align at chance;
  * beat_align: mean over speech onsets (peaks of the loudness rise) of exp(-d^2 / (2 * 3^2)), d the
    distance in frames to the nearest peak of angular speed.
"""

import json
import math
import os
import time

import numpy as np
import torch

from . import gpt as G
from . import style as St
from .export import retrieve

N_EVAL = 30


def _smooth(x, n):
    k = np.hanning(n + 2)[1:-1]
    k /= k.sum()
    return np.convolve(np.pad(x, (n, n), mode="edge"), k, mode="same")[n:-n]


def pose_stats(poses):
    p = np.degrees(np.concatenate(poses))
    v = np.concatenate([np.diff(np.degrees(x), axis=0) for x in poses])
    return np.array([p[:, 2].mean(), p[:, 0].std(), v[:, 0].std(), p[:, 1].std(),
                     np.linalg.norm(v, axis=1).mean()])


def _peaks(x, thresh):
    return np.where((x[1:-1] > x[:-2]) & (x[1:-1] >= x[2:]) & (x[1:-1] > thresh))[0] + 1


def beat_align(feats, pose, sigma=3.0):
    loud = _smooth(feats[:, 80].astype(np.float64), 3)
    rise = np.diff(loud, prepend=loud[0])
    on = _peaks(rise, 0.02)
    speed = _smooth(np.linalg.norm(np.diff(pose, axis=0, prepend=pose[:1]), axis=1), 3)
    pk = _peaks(speed, speed.mean())
    if len(on) == 0 or len(pk) == 0:
        return None
    d = np.abs(on[:, None] - pk[None]).min(1)
    return float(np.exp(-d ** 2 / (2 * sigma ** 2)).mean())


def procedural(feats, amp, tilt):
    loud = feats[:, 80].astype(np.float64)
    nod = _smooth(loud, 6) - _smooth(loud, 30)
    p = np.zeros((len(feats), 3))
    p[:, 0] = amp * nod
    p[:, 2] = tilt
    return p.astype(np.float32)


def generate_pose(vq, gpt, feats, style, seed=0, temperature=0.9, top_k=10):
    codes = G.generate(gpt, feats, style, temperature=temperature, top_k=top_k, seed=seed)
    with torch.no_grad():
        return vq.decode(torch.from_numpy(codes)[None])[0].numpy()[:len(feats)]


def run(work, out, cache, vq, gpt, speakers, log=print, quick=False):
    st = dict(np.load(os.path.join(work, "style.npz")))
    tables = dict(centroids=st["centroids"], matrices=st["matrices"], feat_mean=st["feat_mean"],
                  feat_std=st["feat_std"], tau=st["tau"], style_embeddings=gpt.styles.detach().numpy())
    lens = cache.offsets[1:] - cache.offsets[:-1]
    tr, held = cache.indices("train"), cache.indices("heldout")
    tr_spk = sorted(set(str(cache.speaker[i]) for i in tr))
    tr_stats = np.array([pose_stats([cache.utt(i)[1] for i in tr if str(cache.speaker[i]) == s]) for s in tr_spk])
    scale = tr_stats.std(0) + 1e-9
    amp_target = np.median(tr_stats[:, 1])
    tilt = math.radians(float(np.median(tr_stats[:, 0])))
    nodref = np.concatenate([procedural(cache.utt(i)[0], 1.0, 0.0)[:, 0] for i in tr[:200]])
    amp = math.radians(amp_target) / (nodref.std() + 1e-9)
    modes = ("ground_truth", "shifted_truth", "procedural", "no_style", "nearest", "soft")
    acc = {m: dict(style_err=[], motion_std=[], sample_div=[], beat_align=[]) for m in modes}
    per_speaker, gen_time, gen_frames, ret_time = {}, 0.0, 0, []
    for s in sorted(set(str(cache.speaker[i]) for i in held)):
        idx = [i for i in held if str(cache.speaker[i]) == s]
        ref, rest = St.reference_split(idx, lens)
        rest = rest[:2 if quick else N_EVAL]
        rf = np.concatenate([cache.utt(i)[0] for i in ref])
        rp = np.concatenate([cache.utt(i)[1] for i in ref])
        t = time.time()
        near, w, e_near, e_soft = retrieve(tables, rf, rp, vq)
        ret_time.append(time.time() - t)
        styles = {"no_style": gpt.no_style().numpy(), "nearest": e_near, "soft": e_soft}
        truth = [cache.utt(i)[1] for i in rest]
        true_stats = pose_stats(truth)
        per_speaker[s] = dict(nearest=speakers[near], top_soft={speakers[j]: round(float(w[j]), 3)
                                                                   for j in np.argsort(-w)[:3]})
        for m in modes:
            gens, gens2 = [], []
            for i in rest:
                f, p = cache.utt(i)
                if m == "ground_truth":
                    g = g2 = p
                elif m == "shifted_truth":                     # chance level of beat_align
                    g = g2 = np.roll(p, len(p) // 2, axis=0)
                elif m == "procedural":
                    g = g2 = procedural(f, amp, tilt)
                else:
                    t = time.time()
                    g = generate_pose(vq, gpt, f, styles[m], seed=0)
                    gen_time += time.time() - t
                    gen_frames += len(f)
                    g2 = generate_pose(vq, gpt, f, styles[m], seed=1)
                gens.append(g); gens2.append(g2)
                ba = beat_align(f, g)
                if ba is not None:
                    acc[m]["beat_align"].append(ba)
                acc[m]["sample_div"].append(float(np.degrees(np.abs(g - g2).mean())))
                acc[m]["motion_std"].append(float(np.degrees(g.std(0).mean())))
            err = 0.5 * sum(float(np.mean(np.abs(pose_stats(x) - true_stats) / scale)) for x in (gens, gens2))
            acc[m]["style_err"].append(err)
            per_speaker[s][m + "_style_err"] = round(err, 3)
        log("%s %s" % (s, json.dumps(per_speaker[s])))
    table = {m: {k: round(float(np.mean(v)), 4) for k, v in acc[m].items()} for m in modes}
    soft_better = sum(per_speaker[s]["soft_style_err"] < per_speaker[s]["nearest_style_err"] for s in per_speaker)
    report = dict(
        protocol="held-out speakers (%d); reference = first utterances >= 10 s; up to %d further utterances "
                 "each; temperature 0.9, top-k 10; units: degrees, style_err in training-speaker spreads"
                 % (len(per_speaker), N_EVAL),
        table=table, per_speaker=per_speaker,
        soft_beats_nearest_speakers="%d/%d" % (soft_better, len(per_speaker)),
        python_gen_s_per_audio_s=round(gen_time / max(gen_frames / 30.0, 1e-9), 4),
        python_retrieval_s_10s_ref=round(float(np.mean(ret_time)), 4))
    for m in modes:
        log("%-13s %s" % (m, json.dumps(table[m])))
    from .cli import _save_json
    _save_json(os.path.join(work, "results.json"), "evaluation", report)
    if out:
        path = os.path.join(out, "pose.json")
        doc = json.load(open(path)) if os.path.exists(path) else {"pose": {}}
        doc["pose"]["evaluation"] = report
        with open(path, "w") as fh:
            json.dump(doc, fh, indent=1)
    return report


def write_clip(work, out, cache, corpus_dir, vq, gpt, speakers, mode="soft"):
    """Clip JSON for the first evaluation utterance of the first held-out speaker (teacher face,
    generated neck rotation)."""
    from .. import clips, data as D
    from ..head import Head
    st = dict(np.load(os.path.join(work, "style.npz")))
    tables = dict(centroids=st["centroids"], matrices=st["matrices"], feat_mean=st["feat_mean"],
                  feat_std=st["feat_std"], tau=st["tau"], style_embeddings=gpt.styles.detach().numpy())
    lens = cache.offsets[1:] - cache.offsets[:-1]
    held = cache.indices("heldout")
    s = str(cache.speaker[held[0]])
    ref, rest = St.reference_split([i for i in held if str(cache.speaker[i]) == s], lens)
    rf = np.concatenate([cache.utt(i)[0] for i in ref])
    rp = np.concatenate([cache.utt(i)[1] for i in ref])
    _, _, _, e_soft = retrieve(tables, rf, rp, vq)
    target = rest[0]
    for k, u in enumerate(D.load_corpus(corpus_dir)):
        if k == target:
            break
    f, p = cache.utt(target)
    g = generate_pose(vq, gpt, f, e_soft, seed=0)
    pose = np.array(u.pose, np.float32)
    pose[:, 1] = g
    head = Head()
    clips.write_clip(out, u.expression, pose, head.expression_names, head.model_id)
    np.save(out + ".truth.npy", p)
    print("clip %s: speaker %s, %d frames, '%s'; generated neck std (deg) %s, truth %s" % (
        out, s, len(f), u.text, np.round(np.degrees(g.std(0)), 3), np.round(np.degrees(p.std(0)), 3)))


def choose_tau(work, cache, vq, gpt, speakers, log=print, taus=(0.02, 0.05, 0.1, 0.3, 1.0, 3.0, 10.0), n_utts=5):
    """tau for soft retrieval by generation, leave-one-training-speaker-out: for each training speaker,
    retrieve from their 10-s reference among the *other* training styles, generate their next utterances,
    and score style_err as in the evaluation. Held-out speakers are not used. Updates style.npz."""
    path = os.path.join(work, "style.npz")
    st = dict(np.load(path))
    E = gpt.styles.detach().numpy()[:-1]
    lens = cache.offsets[1:] - cache.offsets[:-1]
    tr = cache.indices("train")
    by = {s: [i for i in tr if str(cache.speaker[i]) == s] for s in speakers}
    tr_stats = np.array([pose_stats([cache.utt(i)[1] for i in by[s]]) for s in speakers])
    scale = tr_stats.std(0) + 1e-9
    units = St.Units(st["feat_mean"], st["feat_std"], vq.down)
    err = {"nearest": []}
    err.update({t: [] for t in taus})
    for j, s in enumerate(speakers):
        ref, rest = St.reference_split(by[s], lens)
        rest = rest[:n_utts]
        rf = np.concatenate([cache.utt(i)[0] for i in ref])
        rp = np.concatenate([cache.utt(i)[1] for i in ref])
        from .vq import pad_to
        p, _ = pad_to(rp, vq.down)
        f, _ = pad_to(rf, vq.down)
        with torch.no_grad():
            lat = vq.encode(torch.from_numpy(p)[None])[0].numpy()
        v = units.vectors(f)
        M, n = St.matrix(St.assign(v, st["centroids"]), lat[:len(v)], st["centroids"].shape[0])
        d = St.distances(M, n, np.delete(st["matrices"], j, 0))
        Eo = np.delete(E, j, 0)
        truth = pose_stats([cache.utt(i)[1] for i in rest])
        cand = {"nearest": Eo[d.argmin()]}
        cand.update({t: St.soft_weights(d, t) @ Eo for t in taus})
        for k, e in cand.items():
            g = [generate_pose(vq, gpt, cache.utt(i)[0], e.astype(np.float32), seed=0) for i in rest]
            err[k].append(float(np.mean(np.abs(pose_stats(g) - truth) / scale)))
    table = {str(k): round(float(np.mean(v)), 4) for k, v in err.items()}
    best = min(taus, key=lambda t: np.mean(err[t]))
    log("tau by generation (LOSO, training speakers): %s -> tau %g" % (json.dumps(table), best))
    st["tau"] = np.float32(best)
    np.savez(path, **st)
    from .cli import _save_json
    _save_json(os.path.join(work, "results.json"), "tau_by_generation",
               dict(style_err=table, chosen_tau=best, speakers=len(speakers), utterances_each=n_utts))
