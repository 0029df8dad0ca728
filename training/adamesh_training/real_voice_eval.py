"""Lip-sync on real voices: the shipped bundle's quality and live modes on the trusted real-speech
reference (realvoice_reference.py) and on the synthetic held-out speakers; prints the table and
writes it into the bundle manifest's ``metrics.real_voice``.

    python3 -m adamesh_training.real_voice_eval --bundle ../models/default \\
        --checkpoint /work/expr-run2/base.pt --run /work/expr-run2 [--write-manifest]

What runs: the bundle's own weights. Python onnxruntime is not available here, so the PyTorch modules
of expression_model.py are filled with the *initialisers of encoder.onnx, style_encoder.onnx and
expression.onnx* (their names are the state-dict names) and must reproduce the bundle's fixtures
(the inputs and outputs ModelBundleTest runs through ONNX Runtime in Java) within 1e-4 before
anything is measured; ``onnx.reference`` would be the other way, but is too slow for 800 clips on the
shared cores. The speaker is the studio's default (the bundle's first speaker profile: its style and
MoLoRA adapter). ``--weights checkpoint`` evaluates a training checkpoint instead (a candidate); a
"log-mel+phones" candidate (train_realvoice ``--phone-features``) is fed the pocketsphinx phone
scores of sphinx_am.py with its log-mel (``--phone-cache``: those of the held-out split, cached).

Metrics, on 30 fps animation frames (the face the user sees) and 50 Hz encoder frames:

* *closures*: share of bilabial events (p, b, m) where the lips are closed, inner-lip gap under 1 mm
  (the same threshold the corpus tests hold the teacher to), in at least one frame within one frame
  of the event's closed interval. Real reference: trusted events only (both labelling methods agree);
* *false closures per minute*: runs of closed-lip frames strictly inside a stretch of speech
  (reference segments other than silence; open speech frames on both sides, so the rest pose before
  and after a word, where OpenHead's lips touch, is not counted) that come nowhere near (one frame)
  any bilabial of either labelling method, per minute of speech;
* *viseme agreement* at +-20 ms: share of 50 Hz frames whose predicted viseme class (the encoder's
  15-class viseme head, trained with the encoder and kept in the checkpoint; the exported encoder is
  the same weights) equals the reference class at the frame time or 20 ms either side;
* synthetic held-out speakers (exact phone timing): the same three metrics against the corpus's own phone
  timing, plus LVE (mm) of base quality and live with each speaker's own style (evaluate_expression's
  protocol), so a change that helps real voices can be checked for what it costs on synthetic speech.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch

from . import adapt_step as AS
from .asterisk_prompts import SPEAKERS as ASTERISK_SPEAKERS
from . import expression_data as ED
from .expression_model import JAW_SCALE, PHONES_FRONTEND, ExpressionModel
from .features import log_mel
from .head import INNER_LIP_PAIRS, Head
from . import visemes as V
from .atomic import write_json

FRAME = 1.0 / 30.0
CLOSED_M = 0.001
ASTERISK_LANGUAGES = tuple(ASTERISK_SPEAKERS)   # klettres en_GB items are labelled "en"
TOL_S = 0.02
LIVE_CHUNK = 4
PP_INDEX = V.VISEME_INDEX["PP"]
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SIL_INDEX = V.VISEME_INDEX["sil"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- model


def load_model(bundle, checkpoint, weights="bundle"):
    """ExpressionModel with the bundle's ONNX initialisers (or the checkpoint's own weights)."""
    c = torch.load(checkpoint, map_location="cpu")
    model = ExpressionModel(**dict(c["config"]))
    sd = dict(c["model"])
    source = {"checkpoint": os.path.abspath(checkpoint), "checkpoint_steps": c["step"]}
    if weights == "bundle":
        import onnx
        from onnx import numpy_helper
        taken = 0
        for g in ("encoder.onnx", "style_encoder.onnx", "expression.onnx"):
            for init in onnx.load(os.path.join(bundle, g)).graph.initializer:
                if init.name not in sd:
                    raise ValueError("%s: initialiser %s is not a model parameter" % (g, init.name))
                arr = torch.as_tensor(numpy_helper.to_array(init).copy())
                if tuple(arr.shape) != tuple(sd[init.name].shape):
                    raise ValueError("%s: %s has shape %s, model %s" % (g, init.name, tuple(arr.shape),
                                                                        tuple(sd[init.name].shape)))
                same = torch.allclose(arr.float(), sd[init.name].float(), atol=1e-6)
                source.setdefault("differs_from_checkpoint", []).extend([] if same else [init.name])
                sd[init.name] = arr
                taken += 1
        source["onnx_initialisers"] = taken
        source["viseme_head"] = "checkpoint" + ("" if not source["differs_from_checkpoint"]
                                                else " (encoder differs: viseme agreement not the bundle's)")
    model.load_state_dict(sd)
    model.eval()
    return model, source


def check_fixtures(model, bundle, tol=1e-4):
    """Largest |difference| between the model and the bundle's fixture outputs; raises above ``tol``."""
    fx = os.path.join(bundle, "fixtures")
    worst = {}
    with torch.no_grad():
        for name in ("encoder_quality", "encoder_live"):
            d = json.load(open(os.path.join(fx, name + ".json")))
            mel = _tensor(d["inputs"]["mel"])
            out = model.encoder(mel, torch.tensor(d["inputs"]["chunk_frames"]))
            worst[name] = float((out - _tensor(d["outputs"]["features"])).abs().max())
        d = json.load(open(os.path.join(fx, "expression.json")))
        names = AS.param_names(model.decoder.ranks)
        lora = AS.unflatten([_tensor(d["inputs"][n]) for n in names], model.decoder.ranks)
        y = model.decoder(_tensor(d["inputs"]["features"]), _tensor(d["inputs"]["style"]), lora)
        expr = torch.clamp(y[..., :43], 0, 1)
        worst["expression"] = float((expr - _tensor(d["outputs"]["expression"])).abs().max())
        d = json.load(open(os.path.join(fx, "style_encoder.json")))
        ref = torch.cat([_tensor(d["inputs"]["expression"]), _tensor(d["inputs"]["jaw"])[..., :1] * JAW_SCALE], -1)
        worst["style_encoder"] = float((model.style(ref) - _tensor(d["outputs"]["style"])).abs().max())
    bad = {k: v for k, v in worst.items() if v > tol}
    if bad:
        raise ValueError("the model does not reproduce the bundle's fixtures: %s" % bad)
    return worst


def _tensor(d):
    if isinstance(d, dict) and "data" in d:
        return torch.as_tensor(AS.decode_array(d))
    return torch.as_tensor(np.asarray(d, dtype=np.float32))


class Speaker:
    def __init__(self, path):
        doc, self.style, flat = AS.load_profile(path)
        self.id = doc["id"]
        self.lora = AS.unflatten(flat, tuple(doc["ranks"]))


@torch.no_grad()
def run(model, mel, style, lora, chunk, features=False):
    """(animation [F, 44] as expression.onnx clamps it, viseme class per 50 Hz frame [T]); with
    ``features`` also the encoder's 50 Hz features [1, T, D] they were decoded from."""
    feats = model.encoder(torch.as_tensor(mel[None], dtype=torch.float32), torch.tensor([chunk]))
    y = model.decoder(feats, style[None], lora)[0].numpy().astype(np.float64)
    y[:, :43] = np.clip(y[:, :43], 0.0, 1.0)
    y[:, 43] = np.maximum(y[:, 43], 0.0)
    vis = model.encoder.viseme_head(feats)[0].argmax(-1).numpy()
    return (y, vis, feats) if features else (y, vis)


def default_speaker_path(bundle):
    """The profile of the studio's default speaker: the bundle manifest's first speaker."""
    first = json.load(open(os.path.join(bundle, "manifest.json")))["speakers"][0]
    return os.path.join(bundle, first["file"] if isinstance(first, dict) else "speakers/%s.json" % first)


def speaker_path(bundle, checkpoint, weights, explicit=None):
    """The default speaker's profile fitted on the weights being scored (ADR 0033).

    A profile's style and MoLoRA parameters are fitted on one network's weights: the bundle's profile
    belongs to the bundle's weights. With ``weights="checkpoint"`` the same speaker is taken from the
    checkpoint's run (``RUN/speakers/<id>.json``, where ``train_expression`` and ``interpolate`` fit the
    built-in speakers), because the bundle's profile on another network's weights scores that network
    with a profile it never gets in the studio (it moved errors a minute by 2-3 on the reference)."""
    if explicit:
        return explicit
    path = default_speaker_path(bundle)
    if weights != "checkpoint":
        return path
    own = os.path.join(os.path.dirname(os.path.abspath(checkpoint)), "speakers", os.path.basename(path))
    if not os.path.exists(own):
        raise SystemExit("no profile of the default speaker fitted on %s (%s is missing): fit the built-in "
                         "speakers on that run (interpolate, train_expression) or name one with --speaker"
                         % (checkpoint, own))
    return own


def uses_phones(model):
    return model.config.get("frontend") == PHONES_FRONTEND


_AM = []


def model_input(model, audio, mel):
    """What the model's encoder reads: log-mel, or log-mel followed by the pocketsphinx phone
    log-posteriors of the same audio (a "log-mel+phones" candidate, sphinx_am.py)."""
    if not uses_phones(model):
        return mel
    if not _AM:
        from .sphinx_am import AcousticModel
        _AM.append(AcousticModel())
    return np.concatenate([mel, _AM[0].phone_logpost(audio, frames=mel.shape[0])], 1).astype(np.float32)


class HeldoutInputs:
    """``held["mel"]`` for a phones model: computed per utterance on first use (or read from a
    sphinx_am cache of the held-out split)."""

    def __init__(self, model, held, cache=None):
        self.model, self.held, self.memo = model, held, {}
        if cache:
            from .sphinx_am import load_cache
            ph = load_cache(cache, len(held["mel"]))
            self.memo = {i: np.concatenate([m, p], 1) for i, (m, p) in enumerate(zip(held["mel"], ph))}

    def __len__(self):
        return len(self.held["mel"])

    def __getitem__(self, i):
        if i not in self.memo:
            self.memo[i] = model_input(self.model, self.held["audio"][i], self.held["mel"][i])
        return self.memo[i]


# ---------------------------------------------------------------- lips


class LipGap:
    """Inner-lip gap (metres) of many frames: the rig posed on the six inner-lip landmark triangles."""

    def __init__(self, head):
        from .evaluate_expression import LipRig
        lms = sorted({i for pair in INNER_LIP_PAIRS for i in pair})
        tri = head.faces[head.lmk_faces[lms]]                         # [6, 3]
        vids = np.unique(tri)
        self.rig = LipRig(head, vids)
        pos = {v: k for k, v in enumerate(vids)}
        self.w = np.zeros((len(lms), vids.size))
        for r, (t, b) in enumerate(zip(tri, head.lmk_bary[lms])):
            for v, bb in zip(t, b):
                self.w[r, pos[v]] += bb
        self.row = {lm: r for r, lm in enumerate(lms)}

    def __call__(self, y):
        v = self.rig.vertices(y[:, :43], y[:, 43] / JAW_SCALE)        # [F, V, 3]
        lm = np.einsum("lv,fvc->flc", self.w, v)
        return np.mean([np.linalg.norm(lm[:, self.row[a]] - lm[:, self.row[b]], axis=1)
                        for a, b in INNER_LIP_PAIRS], axis=0)


# ---------------------------------------------------------------- scoring


def score_item(gap, vis, segments, events, any_bilabial, closed_m=CLOSED_M):
    """Counts for one utterance.

    segments: [(viseme, start, end)] reference labels; events: [(closed_start, closed_end)] scored
    bilabials; any_bilabial: intervals of every bilabial by any method (not false closures); closed_m:
    the inner-lip gap (m) under which the lips count as closed.
    """
    closed = gap < closed_m
    t = np.arange(gap.size) * FRAME
    hit = 0
    for c, r in events:
        sel = (t >= c - FRAME - 1e-6) & (t <= r + FRAME + 1e-6)
        hit += bool(closed[sel].any())
    speech = np.zeros(gap.size, bool)
    for v, s, e in segments:
        if v != "sil":
            speech |= (t >= s) & (t < e)
    near = np.zeros(gap.size, bool)
    for c, r in any_bilabial:
        near |= (t >= c - FRAME - 1e-6) & (t <= r + FRAME + 1e-6)
    false = 0
    for f, g in V.true_runs(closed & speech):             # closed runs strictly inside a speech stretch
        inside = f > 0 and speech[f - 1] and g + 1 < gap.size and speech[g + 1]
        false += inside and not near[f:g + 1].any()
    tj = 0.02 * np.arange(vis.size) + 0.0125
    agree = frames = 0
    lab = [np.full(vis.size, -1) for _ in range(3)]
    for k, off in enumerate((0.0, -TOL_S, TOL_S)):
        for v, s, e in segments:
            lab[k][(tj + off >= s) & (tj + off < e)] = V.VISEME_INDEX[v]
    have = lab[0] >= 0
    ok = (vis == lab[0]) | (vis == lab[1]) | (vis == lab[2])
    agree, frames = int((ok & have).sum()), int(have.sum())
    return {"events": len(events), "hit": hit, "false": false, "speech_s": float(speech.sum() * FRAME),
            "agree": agree, "frames": frames}


def total(rows, ci=True):
    """One set's figures; with ``ci`` (and two or more items) also 95 % bootstrap intervals
    (:func:`bootstrap`) of closures, false closures and errors per minute."""
    ev = sum(r["events"] for r in rows)
    sp = sum(r["speech_s"] for r in rows)
    fr = sum(r["frames"] for r in rows)
    hit = sum(r["hit"] for r in rows)
    false = sum(r["false"] for r in rows)
    out = {"closures": round(hit / ev, 3) if ev else None, "events": ev,
           "false_per_min": round(false / (sp / 60.0), 2) if sp else None,
           "errors_per_min": round((ev - hit + false) / (sp / 60.0), 2) if sp else None,
           "speech_s": round(sp, 1),
           "viseme_agreement_20ms": round(sum(r["agree"] for r in rows) / fr, 3) if fr else None,
           "items": len(rows)}
    if ci and len(rows) > 1 and sp:
        out.update(bootstrap(rows))
    return out


BOOTSTRAP = 2000
ITEM_COUNTS = {"events": int, "hit": int, "false": int, "speech_s": float}   # an item's counts in --json (item_rows)


def _resampled(counts, idx):
    """Closures, false closures a minute and errors (missed + false) a minute of the item resamples
    ``idx`` [resamples, items] over per-item ``counts`` [items, 4] (ITEM_COUNTS)."""
    ev, hit, fa, sp = (counts[:, k][idx].sum(1) for k in range(4))
    with np.errstate(invalid="ignore", divide="ignore"):
        return hit / ev, fa / (sp / 60.0), (ev - hit + fa) / (sp / 60.0)


def _counts(rows):
    return np.array([[r[k] for k in ITEM_COUNTS] for r in rows], np.float64)


def _interval(x, digits=3):
    x = x[np.isfinite(x)]
    return [round(float(v), digits) for v in np.percentile(x, [2.5, 97.5])] if x.size else None


def bootstrap(rows, n=BOOTSTRAP, seed=0):
    """95 % percentile intervals over ``n`` resamples of the items (utterances) with replacement: how
    much a figure moves with which recordings happen to be in the reference. Items, not events or
    frames, are resampled because one speaker's word carries its closure and its false closures
    together. Seed-to-seed training variance is a separate, further error."""
    idx = np.random.default_rng(seed).integers(0, len(rows), (n, len(rows)))
    cl, fa, er = _resampled(_counts(rows), idx)
    return {"closures_ci95": _interval(cl), "false_per_min_ci95": _interval(fa, 2),
            "errors_per_min_ci95": _interval(er, 2)}


def paired_difference(rows_a, rows_b, n=BOOTSTRAP, seed=0):
    """B minus A on the same items, with 95 % intervals from resampling the items jointly (paired
    bootstrap): {"closures": [diff, lo, hi], "false_per_min": ..., "errors_per_min": ...}. Rows are
    matched by ``id``; an item scored in only one of them is an error (another reference)."""
    a = {r["id"]: r for r in rows_a}
    b = {r["id"]: r for r in rows_b}
    if set(a) != set(b):
        raise ValueError("the two results score different items (%d only in one): not the same reference"
                         % len(set(a) ^ set(b)))
    ids = sorted(a)
    ca, cb = _counts([a[i] for i in ids]), _counts([b[i] for i in ids])
    full = np.arange(len(ids))[None, :]
    idx = np.random.default_rng(seed).integers(0, len(ids), (n, len(ids)))
    whole = zip(_resampled(ca, full), _resampled(cb, full))
    resampled = zip(_resampled(ca, idx), _resampled(cb, idx))
    out = {}
    for name, (wa, wb), (ra, rb) in zip(("closures", "false_per_min", "errors_per_min"), whole, resampled):
        digits = 3 if name == "closures" else 2
        out[name] = [round(float(wb[0] - wa[0]), digits)] + (_interval(rb - ra, digits) or [None, None])
    return out


def _events(it):
    """An item's trusted bilabial events and the intervals of every bilabial by either method."""
    trusted = [tuple(e["closed"]) for e in it["bilabials"] if e["trusted"]]
    every = []
    for e in it["bilabials"]:
        every.append(tuple(e["closed"]))
        ps = [x for x in (e["ps_closure"], e["ps_release"]) if x is not None]
        if ps:
            every.append((min(ps), max(ps)))
    return trusted, every


def real_rows(model, speaker, ref, gapper, chunk, sweep=None):
    """Per-item rows at the 1 mm threshold; with ``sweep`` (thresholds in m) also fills
    ``sweep[threshold]`` with the rows at each threshold, from the same network outputs."""
    out = []
    for it in ref["items"]:
        audio = _read(it)
        y, vis = run(model, model_input(model, audio, log_mel(audio).astype(np.float32)), speaker.style, speaker.lora,
                     chunk)
        trusted, every = _events(it)
        gap = gapper(y)
        row = score_item(gap, vis, it["visemes"], trusted, every)
        row.update(id=it["id"], language=it["language"], source=it["source"])
        out.append(row)
        for thr, rows in (sweep or {}).items():
            rows.append(dict(score_item(gap, vis, it["visemes"], trusted, every, closed_m=thr), source=it["source"]))
    return out


def sweep_table(sweep):
    """Closures and false closures per minute at each threshold (mm), over all real items and LibriVox."""
    table = {}
    for thr in sorted(sweep):
        rows = sweep[thr]
        a, lv = total(rows, ci=False), total([r for r in rows if r["source"] == "librivox"], ci=False)
        table["%g" % (thr * 1000)] = {"closures": a["closures"], "false_per_min": a["false_per_min"],
                                      "librivox_closures": lv["closures"], "librivox_false_per_min": lv["false_per_min"]}
    return table


_AUDIO = {}


def _read(it):
    if it["id"] not in _AUDIO:
        from .realvoice_reference import read_audio
        _AUDIO[it["id"]] = read_audio(it["path"])
    return _AUDIO[it["id"]]


def synthetic_segments(labels):
    """50 Hz viseme labels -> segments [(viseme, start, end)] and PP runs [(start, end)]."""
    segs, pp = [], []
    for c, s, e in V.label_runs(labels):
        if c >= 0:
            segs.append((V.VISEMES[c], s, e))
            if c == PP_INDEX:
                pp.append((s + 0.01, e - 0.01))
    return segs, pp


def synthetic_rows(model, speaker, held, gapper, chunk, per_speaker, speakers=None, own_style=False):
    """Per-utterance counts (and the ``speaker`` id) on ``per_speaker`` test utterances of each speaker of
    ``held`` (or of ``speakers``), decoded with ``speaker``'s profile or, with ``own_style``, in each speaker's own style
    from its 10 s reference (no MoLoRA), as the speaker-adapted animation would be."""
    from .evaluate_expression import split_reference
    out = []
    for sid in speakers or sorted(set(held["speaker"])):
        ref, test, _ = split_reference(held, sid, test_count=per_speaker)
        style, lora = speaker.style, speaker.lora
        if own_style:
            with torch.no_grad():
                style, lora = AS.style_from_targets(model, [held["target"][i] for i in ref]), None
        for i in test:
            y, vis = run(model, held["mel"][i], style, lora, chunk)
            segs, pp = synthetic_segments(held["viseme"][i])
            out.append(dict(score_item(gapper(y), vis, segs, pp, pp), speaker=sid))
    return out


def synthetic_lve(model, held, per_speaker):
    from .evaluate_expression import Scorer, predict, split_reference, summarise
    scorer = Scorer(Head())
    rows = {"quality": [], "live": []}
    for sid in sorted(set(held["speaker"])):
        ref, test, _ = split_reference(held, sid, test_count=per_speaker)
        style = AS.style_from_targets(model, [held["target"][i] for i in ref])
        for i in test:
            gt = held["target"][i]
            rows["quality"].append(scorer.utterance(predict(model, held["mel"][i], style), gt))
            rows["live"].append(scorer.utterance(predict(model, held["mel"][i], style, chunk=LIVE_CHUNK), gt))
    return {k: summarise(v)["lve_mm"] for k, v in rows.items()}


def evaluate(model, speaker, ref, held, per_speaker=6, with_lve=True, phone_cache=None, sweep_mm=None,
             item_rows=None):
    """The table of both modes; ``item_rows`` (a dict), when given, receives each mode's per-item counts on
    the real reference (what ``--compare`` pairs two results on)."""
    gapper = LipGap(Head())
    if held is not None and uses_phones(model):
        held = dict(held, mel=HeldoutInputs(model, held, phone_cache))
    table = {}
    for mode, chunk in (("quality", 0), ("live", LIVE_CHUNK)):
        sweep = {mm / 1000.0: [] for mm in sweep_mm} if sweep_mm else None
        rows = real_rows(model, speaker, ref, gapper, chunk, sweep)
        if item_rows is not None:
            item_rows[mode] = [dict({k: kind(r[k]) for k, kind in ITEM_COUNTS.items()}, id=r["id"]) for r in rows]
        m = {"real_all": total(rows)}
        if sweep:
            m["threshold_sweep_mm"] = sweep_table(sweep)
        for src in sorted({r["source"] for r in rows}):
            m[src] = total([r for r in rows if r["source"] == src])
        for src, lang in sorted({(r["source"], r["language"]) for r in rows if r["source"] != "librivox"}):
            m[src + "_" + lang] = total([r for r in rows if r["source"] == src and r["language"] == lang])
        # languages in which training may hear real speech from other speakers (asterisk_prompts), and
        # the languages no training speech of any real speaker is in
        kl = [r for r in rows if r["source"] == "klettres"]
        if kl:
            m["klettres_asterisk_languages"] = total([r for r in kl if r["language"] in ASTERISK_LANGUAGES])
            m["klettres_other_languages"] = total([r for r in kl if r["language"] not in ASTERISK_LANGUAGES])
        if held is not None:
            m["synthetic_heldout"] = total(synthetic_rows(model, speaker, held, gapper, chunk, per_speaker))
        table[mode] = m
        log("%s done" % mode)
    if held is not None and with_lve:
        lve = synthetic_lve(model, held, per_speaker)
        for mode in table:
            table[mode]["synthetic_heldout"]["lve_mm"] = lve[mode]
        for mode, row in librivox_articulation(model).items():
            table[mode]["librivox_articulation"] = row
    return table


def trained_sources(run, seen=None):
    """The real-speech sources (real_closures --source names) a training run and the runs it was made
    from (interpolation ends, --init) were trained on, from their state.json files."""
    seen = set() if seen is None else seen
    run = os.path.abspath(run)
    if run in seen:
        return set()
    seen.add(run)
    try:
        with open(os.path.join(run, "state.json")) as fh:
            state = json.load(fh)
    except (OSError, ValueError):
        return set()
    out = set((state.get("real_closures") or {}).get("by_source", {}))
    parents = [(state.get("interpolation") or {}).get(k) for k in ("a", "b")]
    for cmd in state.get("commands", []):
        words = cmd.split()
        parents += [words[i + 1] for i, w in enumerate(words[:-1]) if w == "--init"]
    for p in parents:
        if p:
            out |= trained_sources(p, seen)
    return out


def librivox_articulation(model):
    """{mode: {lve_mm, jaw_mae_deg, jaw_amplitude}} on the 5 LibriVox clips against the teacher
    animation of their pocketsphinx alignment (evaluate_expression's real-speech protocol: style from
    the other four clips). jaw_amplitude: mean |jaw| of the prediction over the teacher's. It guards
    what closures and false closures cannot see: a network that articulates less on real speech
    (ADR 0025). lve_clear_mm: the lip error on frames at least BILABIAL_CLEAR_S from any p/b/m of the
    alignment, where the teacher's timing is not known to be wrong (at bilabials it is, ADR 0023)."""
    from .evaluate_expression import Scorer, librivox_targets, predict, summarise
    head = Head()
    scorer = Scorer(head)
    items = [(audio, gt, clear_of_bilabials(segs, gt.shape[0])) for _, audio, gt, segs in
             librivox_targets(head, segments=True)]
    out = {}
    for mode, chunk in (("quality", 0), ("live", LIVE_CHUNK)):
        rows, clear, ratio = [], [], []
        for k, (audio, gt, ok) in enumerate(items):
            style = AS.style_from_targets(model, [g for j, (_, g, _) in enumerate(items) if j != k])
            y = predict(model, log_mel(audio).astype(np.float32), style, chunk=chunk)
            rows.append(scorer.utterance(y, gt))
            n = min(len(y), len(gt))
            clear.append(scorer.utterance(y[:n][ok[:n]], gt[:n][ok[:n]]))
            ratio.append(float(np.abs(y[:n, 43]).mean() / max(1e-6, np.abs(gt[:n, 43]).mean())))
        s = summarise(rows)
        out[mode] = {"lve_mm": s["lve_mm"], "lve_clear_mm": summarise(clear)["lve_mm"], "jaw_mae_deg": s["jaw_mae_deg"],
                     "jaw_amplitude": round(float(np.mean(ratio)), 3), "clips": len(items),
                     "clear_frames": int(sum(r["frames"] for r in clear))}
    return out


def clear_of_bilabials(segs, frames, clear_s=0.05):
    """bool [frames]: 30 fps animation frames at least ``clear_s`` from every p, b or m segment."""
    t = np.arange(frames) / 30.0
    ok = np.ones(frames, bool)
    for p, s, e in segs:
        if "PP" in V.arpabet_visemes(p):
            ok &= (t < s - clear_s) | (t > e + clear_s)
    return ok


def print_sweep(table, out=sys.stdout):
    print("%-8s %-9s %9s %9s %10s %10s" % ("mode", "closed<mm", "closures", "false/min", "LV closures", "LV false"),
          file=out)
    for mode, m in table.items():
        for mm, r in m.get("threshold_sweep_mm", {}).items():
            print("%-8s %-9s %9s %9s %10s %10s" % (mode, mm, r["closures"], r["false_per_min"], r["librivox_closures"],
                                                  r["librivox_false_per_min"]), file=out)


def print_table(table, out=sys.stdout):
    cols = ("closures", "events", "false_per_min", "errors_per_min", "viseme_agreement_20ms", "speech_s", "lve_mm")
    print("%-8s %-22s %9s %7s %10s %10s %8s %9s %7s" % (("mode", "set") + cols), file=out)
    for mode, m in table.items():
        for name, r in m.items():
            if name == "threshold_sweep_mm":
                continue
            print("%-8s %-22s %9s %7s %10s %10s %8s %9s %7s" % ((mode, name) + tuple(
                "-" if r.get(c) is None else r[c] for c in cols)), file=out)
            if r.get("closures_ci95") and name in ("real_all", "librivox", "klettres"):
                print("%-8s %-22s %9s %7s %10s %10s   (95 %% interval over items)" % (
                    "", "", "%s-%s" % tuple(r["closures_ci95"]), "", "%s-%s" % tuple(r["false_per_min_ci95"]),
                    "%s-%s" % tuple(r["errors_per_min_ci95"])), file=out)


def pool_seeds(docs):
    """One result from several trainings of the same arm (other seeds) scored on the same reference: each
    item's counts are summed over the runs, so its rates are the runs' mean, and the table holds the
    mean of every figure (intervals dropped: they do not average). A paired comparison of two pooled
    arms then resamples the items with every seed's outcome on them together, so the seed-to-seed
    spread is averaged down as well as the choice of recordings covered."""
    if len(docs) == 1:
        return docs[0]
    if not all("item_rows" in d for d in docs):
        raise ValueError("pooling seeds needs --json results with item_rows")
    pooled_rows = {}
    for mode, first in docs[0]["item_rows"].items():
        ids = {r["id"] for r in first}
        sums = {i: dict({k: 0 for k in ITEM_COUNTS}, id=i) for i in ids}
        for d in docs:
            rows = d["item_rows"].get(mode)
            if rows is None or {r["id"] for r in rows} != ids:
                raise ValueError("%s: %s scores other items than %s" % (mode, d["label"], docs[0]["label"]))
            for r in rows:
                for k in ITEM_COUNTS:
                    sums[r["id"]][k] += r[k]
        pooled_rows[mode] = list(sums.values())
    table = {}
    for mode, sets in docs[0]["table"].items():
        table[mode] = {}
        for name, fig in sets.items():
            if not isinstance(fig, dict):
                continue
            mean = {}
            for k, v in fig.items():
                vals = [d["table"].get(mode, {}).get(name, {}).get(k) for d in docs]
                if all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in vals):
                    mean[k] = round(float(np.mean(vals)), 3)
            table[mode][name] = mean
    return {"label": "%s (mean of %d)" % (docs[0]["label"], len(docs)), "table": table,
            "item_rows": pooled_rows, "pooled": [d["label"] for d in docs]}


def compare(paths, out=sys.stdout):
    """Markdown before/after table of several ``--json`` results (one row per result and mode). A path
    may be several results joined by commas (one arm trained with several seeds): they are pooled
    (:func:`pool_seeds`)."""
    docs = [pool_seeds([json.load(open(p)) for p in group.split(",") if p]) for group in paths]
    print("| change | mode | real closures | real false/min | real viseme agr. | LibriVox closures | "
          "LibriVox false/min | synthetic closures | synthetic viseme agr. | synthetic LVE mm |", file=out)
    print("|" + " --- |" * 10, file=out)
    for doc in docs:
        for mode, m in doc["table"].items():
            r, lv, sy = m["real_all"], m.get("librivox", {}), m.get("synthetic_heldout", {})
            print("| %s | %s | %.3f (%d) | %.2f | %.3f | %s | %s | %s | %s | %s |" % (
                doc["label"], mode, r["closures"], r["events"], r["false_per_min"], r["viseme_agreement_20ms"],
                lv.get("closures"), lv.get("false_per_min"), sy.get("closures"), sy.get("viseme_agreement_20ms"),
                sy.get("lve_mm")), file=out)
    if len(docs) > 1 and all("item_rows" in d for d in docs):
        seeds = ("each result pools its training seeds (%s runs), so their spread is averaged in"
                 % " / ".join(str(len(d["pooled"])) for d in docs) if all("pooled" in d for d in docs)
                 else "seed-to-seed training variance comes on top")
        print("\nPaired differences from %s on the same reference items (95 %% bootstrap interval over items; "
              "%s):" % (docs[0]["label"], seeds), file=out)
        print("| change | mode | closures | false/min | errors/min |", file=out)
        print("|" + " --- |" * 5, file=out)
        for d in docs[1:]:
            for mode in d["item_rows"]:
                if mode not in docs[0]["item_rows"]:
                    continue
                diff = paired_difference(docs[0]["item_rows"][mode], d["item_rows"][mode])
                print("| %s | %s | %s |" % (d["label"], mode, " | ".join(
                    "%+.3g [%+.3g, %+.3g]" % tuple(diff[k]) for k in ("closures", "false_per_min", "errors_per_min"))),
                    file=out)


def main(argv=None):
    if argv is None and len(sys.argv) > 2 and sys.argv[1] == "--compare":
        try:
            return compare(sys.argv[2:])
        except (OSError, ValueError, KeyError) as e:      # a missing, unreadable or foreign result file
            raise SystemExit("real_voice_eval --compare: %s" % e)
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] + " (or: --compare A.json B.json ..., where A1.json,A2.json,... pools seeds)")
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--checkpoint", required=True, help="the training checkpoint the bundle was exported from")
    ap.add_argument("--weights", choices=["bundle", "checkpoint"], default="bundle")
    ap.add_argument("--speaker", default=None, help="speaker profile JSON (default: the bundle's first speaker; with --weights checkpoint, that speaker as fitted in the checkpoint's run, RUN/speakers/ID.json)")
    ap.add_argument("--reference", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                        "reference", "real-voice.json"),
                    help="the trusted reference (default), or a validation set (realvoice_reference validation, "
                         "reference/validation-fillets.json) to choose between candidates on")
    ap.add_argument("--run", default=None, help="training run with cache-heldout.npz (synthetic held-out)")
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--phone-cache", default=None,
                    help="a log-mel+phones candidate: sphinx_am cache of the held-out split (else computed)")
    ap.add_argument("--sweep-mm", default=None, metavar="MM,MM,...",
                    help="also score the real reference with these closed-lip thresholds (mm): whether a change "
                         "tells bilabials apart better or only closes the lips more everywhere")
    ap.add_argument("--label", default="shipped bundle")
    ap.add_argument("--json", default=None, help="also write the table here")
    ap.add_argument("--write-manifest", action="store_true", help="store the table in manifest metrics.real_voice")
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    t0 = time.time()
    ref = json.load(open(a.reference))
    if ref.get("validation"):
        if a.write_manifest:
            ap.error("%s is a validation set: its table does not go into the manifest" % a.reference)
        overlap = trained_sources(os.path.dirname(os.path.abspath(a.checkpoint))) & {
            it["source"] for it in ref["items"]}
        if overlap:
            raise SystemExit("%s was trained on %s speech, which %s validates on: choose with another set"
                             % (a.checkpoint, ", ".join(sorted(overlap)), a.reference))
    model, source = load_model(a.bundle, a.checkpoint, a.weights)
    parity = check_fixtures(model, a.bundle) if a.weights == "bundle" else None
    speaker = Speaker(speaker_path(a.bundle, a.checkpoint, a.weights, a.speaker))
    held = None
    if a.run:
        held = ED.build(None, "heldout", os.path.join(a.run, "cache-heldout.npz"))
    sweep_mm = None
    if a.sweep_mm:
        try:
            sweep_mm = sorted({float(x) for x in a.sweep_mm.split(",")})
        except ValueError:
            ap.error("--sweep-mm takes thresholds in mm, e.g. 0.5,1,2.5")
        if sweep_mm[0] <= 0:
            ap.error("--sweep-mm thresholds must be positive")
    item_rows = {}
    table = evaluate(model, speaker, ref, held, a.per_speaker, phone_cache=a.phone_cache, sweep_mm=sweep_mm,
                     item_rows=item_rows)
    print_table(table)
    if sweep_mm:
        print_sweep(table)
    from .realvoice_reference import agreement
    doc = {"label": a.label, "speaker": speaker.id, "weights": source, "fixture_parity_max_abs": parity,
           "reference": {"file": os.path.relpath(a.reference, REPO),
                         "items": len(ref["items"]), "method_agreement": agreement(ref)},
           "closed_lips_below_mm": CLOSED_M * 1000, "viseme_tolerance_ms": TOL_S * 1000,
           "targets": {"closures": 0.90, "false_per_min": 4.0, "viseme_agreement_20ms": 0.80},
           "table": table, "seconds": round(time.time() - t0, 1),
           "command": "python3 -m adamesh_training.real_voice_eval " + " ".join(argv if argv is not None else sys.argv[1:])}
    if a.json:
        write_json(a.json, dict(doc, item_rows=item_rows))
    if a.write_manifest:
        mpath = os.path.join(a.bundle, "manifest.json")
        m = json.load(open(mpath))
        m.setdefault("metrics", {})["real_voice"] = doc
        write_json(mpath, m, indent=2, newline=True)          # the manifest's own layout
    log("%.0f s" % (time.time() - t0))


if __name__ == "__main__":
    main()
