"""Built-in speaker profiles fitted with real speech beside their synthetic utterances (issue 13, ADR 0034).

    python3 -m adamesh_training.real_speaker_fit --run /work/expr-full/lip-real-mix \\
        --real-closures /work/expr-full/real-closures.npz --validation /work/s12/kt-closures.npz \\
        [--speakers spk05,spk11] [--real-utterances 0,48] [--real-mask trusted|all] [--real-weight 1]
        [--out-dir DIR] [--json OUT]

ADR 0033 found that a speaker profile's MoLoRA adapters move real-voice errors more than any network
change tried for this issue, and that they are fitted on synthetic speech only. This experiment fits
them again on the run's network (frozen, as the studio does) with the usual 24 synthetic utterances
plus N real training utterances of ``real_closures build`` (never the trusted reference). A real
utterance's target is the teacher animation of its reference viseme labels in the speaker's own
teacher style, with the trusted closures closed (:func:`real_closures.teacher_track`). With
``--real-mask trusted`` only frames in a trusted closure or clear of every bilabial are fitted, never
the frames near an untrusted bilabial whose label timing is rough; ``all`` fits every frame. Real
frames weigh ``--real-weight`` against a synthetic frame.

Each profile is scored on the speaker's synthetic utterances left out of its fit (channel MSE: does it
still carry the style?) and by the closure-event rules of ``real_voice_eval`` on a validation set of
real speech (``--validation``, a real-closures cache, in quality and live mode). Profiles are written
to ``--out-dir`` for ``real_voice_eval --speaker``. N = 0 is the shipped recipe.
"""

import argparse
import json
import os
import time

import numpy as np
import torch

from . import adapt_step as AS
from . import closure_decision as CD
from . import real_closures as RC
from . import real_voice_eval as R
from . import speakers as S
from . import train_expression as TE
from .head import Head
from .atomic import write_json


def trusted_frames(closed, free, n):
    """[n] float32: 1 on frames in a trusted closure or clear of every bilabial, else 0."""
    m = np.zeros(n, np.float32)
    k = min(n, closed.size, free.size)
    m[:k] = (closed[:k] != 0) | (free[:k] != 0)
    return m


def real_cache(model, real, picks, style, teacher_style, names, mask="trusted"):
    """AdaptStep cache of real utterances ``picks``: targets the teacher animation in ``teacher_style``
    with the trusted closures closed; mask every frame (``all``) or the trusted ones."""
    if mask not in ("trusted", "all"):
        raise ValueError("the real mask is 'trusted' or 'all', not %r" % mask)
    targets = [RC.teacher_track(real, int(i), names, teacher_style, closures=True) for i in picks]
    c = AS.cache_activations(model, [real["mel"][int(i)] for i in picks], targets, style)
    if mask == "trusted":
        for j, i in enumerate(picks):
            c["mask"][j] *= torch.as_tensor(trusted_frames(real["closed"][int(i)], real["free"][int(i)],
                                                           c["mask"].shape[1]))
    return c


def join(a, b, weight):
    """One cache of both: ``b``'s frames weigh ``weight`` against ``a``'s (0 leaves the fit of ``a``)."""
    n, f = a["x"].shape[0] + b["x"].shape[0], max(a["x"].shape[1], b["x"].shape[1])
    out = {}
    for k in ("x", "target", "mask"):
        t = torch.zeros((n, f) + tuple(a[k].shape[2:]))
        t[:a[k].shape[0], :a[k].shape[1]] = a[k]
        t[a[k].shape[0]:, :b[k].shape[1]] = b[k] * weight if k == "mask" else b[k]
        out[k] = t
    out["style_bias"] = torch.cat([a["style_bias"], b["style_bias"]])
    return out


def validation_rates(model, style, lora, val, gapper):
    """{mode: {closures, false_per_min, errors_per_min}} of the face's gap under 1 mm on ``val``."""
    sp = argparse.Namespace(style=style, lora=lora)     # what closure_decision reads of a Speaker
    out = {}
    for mode, chunk in (("quality", 0), ("live", R.LIVE_CHUNK)):
        out[mode] = dict(zip(("closures", "false_per_min", "errors_per_min"),
                             [round(float(x), 3) for x in CD.gap_rates(CD.labelled_rows(model, sp, val, chunk, gapper))]))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--run", required=True, help="training run (base.pt, state, caches)")
    ap.add_argument("--real-closures", required=True, help="real_closures build cache of training speech")
    ap.add_argument("--validation", required=True, help="real-closures cache scored (not the trusted reference)")
    ap.add_argument("--speakers", default="spk05")
    ap.add_argument("--real-utterances", default="0,48", help="N,N,...: real utterances beside the synthetic")
    ap.add_argument("--real-mask", choices=["trusted", "all"], default="trusted")
    ap.add_argument("--real-weight", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out-dir", default=None, help="write the profiles here")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    try:
        model, _ = TE.load_base(a.run)
        d = TE.training_data(TE.load_state(a.run).get("features"), None, "train", a.run)
        real, _ = RC.load(a.real_closures, "speech")
        val, _ = RC.load(a.validation, "speech")
    except (OSError, ValueError, KeyError, RuntimeError) as e:     # a missing run or a foreign cache
        raise SystemExit("real_speaker_fit: %s" % e)
    if real.get("viseme") is None or real.get("audio") is None or real.get("free") is None:
        raise SystemExit("%s has no viseme labels, audio or free frames for teacher targets: rebuild it" % a.real_closures)
    head = Head()
    gapper = R.LipGap(head)
    table = {s["id"]: s["style"] for s in S.speaker_table()}
    order = np.random.default_rng(1234 + a.seed).permutation(len(real["mel"]))
    out = {}
    for sid in a.speakers.split(","):
        idx = [i for i, s in enumerate(d["speaker"]) if s == sid]
        if not idx or sid not in table:
            raise SystemExit("real_speaker_fit: speaker %s has no training utterances in %s or no teacher style"
                             % (sid, a.run))
        rng = np.random.default_rng([a.seed, int(sid[3:])])        # the shipped recipe's draw
        rng.shuffle(idx)
        ref, fit, held = idx[:3], idx[:TE.SPEAKER_UTTERANCES], idx[TE.SPEAKER_UTTERANCES:]
        style = AS.style_from_targets(model, [d["target"][i] for i in ref])
        syn = AS.cache_activations(model, [d["input"][i] for i in fit], [d["target"][i] for i in fit], style)
        for n in (int(x) for x in a.real_utterances.split(",")):
            t0 = time.time()
            cache = syn if n == 0 else join(
                syn, real_cache(model, real, order[:n], style, table[sid], head.expression_names, a.real_mask),
                a.real_weight)
            params, losses = AS.adapt(model, cache, steps=TE.SPEAKER_STEPS, lr=TE.SPEAKER_LR, seed=a.seed,
                                      layers=AS.ADAPTED_LAYERS)
            lora = AS.unflatten(params, tuple(model.decoder.ranks))
            err = []
            for i in held:
                y, _ = R.run(model, d["input"][i], style, lora, 0)
                t = d["target"][i]
                f = min(len(y), len(t))
                err.append(float(((y[:f] - t[:f]) ** 2).mean()))
            row = {"own_heldout_mse": float(np.mean(err)), "loss_first": losses[0], "loss_last": losses[-1],
                   "validation": validation_rates(model, style, lora, val, gapper)}
            tag = "%s-real%d-%s-w%g" % (sid, n, a.real_mask, a.real_weight)
            if a.out_dir:
                AS.save_profile(os.path.join(a.out_dir, tag + ".json"), sid, style, params,
                                {"real_utterances": n, "real_mask": a.real_mask, "real_weight": a.real_weight})
            out[tag] = row
            print(tag, json.dumps(row), "%.0f s" % (time.time() - t0), flush=True)
    if a.json:
        write_json(a.json, out)
    return out


if __name__ == "__main__":
    main()
