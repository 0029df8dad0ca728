"""Real-speech supervision of bilabial closure intervals (issue 13, ADR 0023) and of the encoder's
viseme classes (ADR 0025).

    python3 -m adamesh_training.real_closures build --out /work/rv-runs2/real-closures.npz
    python3 -m adamesh_training.real_closures build --source klettres,asterisk --workers 2 --out X.npz

Earlier attempts gave real klettres words the teacher animation of their pocketsphinx alignment as a
full 44-channel target, and the network learnt to keep its lips *apart* (closures fell to 0.16-0.37):
a teacher keyed on rough real alignments is wrong exactly at the bilabials. This module keeps from
real speech only what two independent methods agree on, and supervises only the lips:

* Sources (``--source``): every klettres item of the *training* languages
  (``realvoice_reference.training_items``; the reference languages are refused, never read), and the
  Asterisk voice prompts (``asterisk_prompts``: 2.3 h of connected speech by five speakers none of
  whom the reference has). Each is aligned by pocketsphinx and its bilabial edges are found again by
  model-free acoustic landmarks, exactly as the reference does (``realvoice_reference.bilabial_events``).
  Only *trusted* events (both methods within one frame on
  every defined edge) become closure targets. Their interval is [closure landmark, release landmark];
  where one edge is a pause (word-initial or word-final bilabial) it reaches back to the pocketsphinx
  segment edge, at most :data:`EDGE_REACH_S` from the other edge (the nasal murmur and pre-voicing of an
  initial m / b are spoken with the lips closed).
* *Open* frames: the middle of pocketsphinx segments of open vowels (viseme aa, E, I, O; rounded U and
  r-coloured vowels are left out), :data:`VOWEL_SHRINK_S` in from both edges, where the frame is
  within :data:`VOWEL_DB` dB of the item's loudest frame (clearly voiced).
* *Speech-open* frames (the wider choice, ``--real-open speech``): every pocketsphinx segment that is
  speech and not a bilabial, :data:`SPEECH_SHRINK_S` in from its edges and at least
  :data:`BILABIAL_CLEAR_S` from any bilabial of either method. On synthetic speech the teacher's lips
  are over 1.5 mm in 93-99 % of the frames of every viseme class but PP (ADR 0023), so these frames ask
  the network for what the teacher does and what the false-closure score counts.
* *Free* frames: every frame at least :data:`BILABIAL_CLEAR_S` from any bilabial of either method.
  ``--real-anchor W`` holds the network's outputs there to those of the network it starts from
  (self-distillation, all channels): real speech may change the lips at bilabials and nowhere else.
* *Viseme labels*: one class per 50 Hz encoder frame, the reference's own labelling (pocketsphinx
  segments with trusted bilabial edges moved to the landmarks, ``realvoice_reference.reference_visemes``);
  ``train_realvoice --real-visemes`` trains the encoder's viseme head on them.
* Items are cut to their speech plus :data:`MARGIN_S` and joined per language into utterances of at
  least :data:`UTTERANCE_S` s (the length of a training crop), with short silences between them.

Training (``train_realvoice --real-closures P``) mixes crops of these utterances into the synthetic
batches and applies :func:`closure_interval_loss`: the rig's inner-lip gap above ``closed_mm`` inside a
trusted interval, and below ``open_mm`` in an open-vowel frame, both hinged. Optionally
(``--real-teacher``, ADR 0026) frames clear of every bilabial also get the teacher animation of the
reference viseme labels (:func:`teacher_track`) as a target, never the frames near a bilabial.
"""

import argparse
import json
import os
import sys
import tempfile
import threading

import numpy as np
import torch

from . import align
from . import asterisk_prompts as AP
from . import fillets_dialogs as FD
from . import ktuberling_words as KT
from . import realvoice_reference as R
from . import visemes as V
from .features import log_mel

FPS = 30.0
EDGE_REACH_S = 0.10      # a pause-side edge reaches this far from the trusted edge, at most
VOWEL_SHRINK_S = 0.03    # open-vowel frames keep this far from the segment's edges
VOWEL_DB = 20.0          # ... and are within this many dB of the item's loudest 25 ms
MARGIN_S = 0.15          # speech plus this much silence on either side of an item
GAP_S = 0.15             # silence between items in a joined utterance
UTTERANCE_S = 3.2        # joined utterances are at least this long (training crops are <= 3 s)
OPEN_VISEMES = ("aa", "E", "I", "O")
BILABIAL_CLEAR_S = 0.05  # speech-open frames keep this far from any bilabial edge of either method
SPEECH_SHRINK_S = 0.01   # ... and this far from their segment's edges


def _bilabial_spans(segs):
    """[(first seg index, last seg index)] of the bilabial runs, in bilabial_events' order."""
    out, i = [], 0
    while i < len(segs):
        if segs[i][0] not in R.PP:
            i += 1
            continue
        j = i
        while j + 1 < len(segs) and segs[j + 1][0] in R.PP:
            j += 1
        out.append((i, j))
        i = j + 1
    return out


def closure_intervals(segs, audio, reach=EDGE_REACH_S, events=None):
    """[(start_s, end_s, phone)] of the trusted bilabial closures of one aligned item, and the count
    of events found (trusted or not). ``reach``: how far a pause-side edge may lie from the trusted one;
    ``events``: the item's ``bilabial_events`` when the caller has them already."""
    events = R.bilabial_events(segs, audio) if events is None else events
    spans = _bilabial_spans(segs)
    if len(spans) != len(events):                      # both walk the segments the same way
        raise AssertionError("bilabial runs and events disagree")
    out = []
    for ev, (i, j) in zip(events, spans):
        if not ev["trusted"]:
            continue
        c, r = ev["lm_closure"], ev["lm_release"]
        if c is None and r is None:                    # a bilabial alone between pauses: nothing verified
            continue
        if c is None:
            c = max(segs[i][1], r - reach)
        if r is None:
            r = min(segs[j][2], c + reach)
        if r > c:
            out.append((float(c), float(r), ev["phone"]))
    return out, len(events)


def open_vowel_intervals(segs, audio):
    """[(start_s, end_s)] of clearly voiced open-vowel stretches of one aligned item."""
    win, hop = 400, 160                                # 25 ms every 10 ms
    n = max(0, 1 + (audio.size - win) // hop)
    if n == 0:
        return []
    idx = np.arange(win)[None] + hop * np.arange(n)[:, None]
    db = 10 * np.log10((audio[idx] ** 2).mean(1) + 1e-10)
    times = (hop * np.arange(n) + win / 2) / 16000.0
    loud = db >= db.max() - VOWEL_DB
    out = []
    for p, s, e in segs:
        vs = V.arpabet_visemes(p.lower()) if p != "SIL" else []
        if not vs or vs[0] not in OPEN_VISEMES:
            continue
        s, e = s + VOWEL_SHRINK_S, e - VOWEL_SHRINK_S
        sel = (times >= s) & (times <= e)
        if e - s < 0.02 or not sel.any() or not loud[sel].all():
            continue
        out.append((float(s), float(e)))
    return out


def bilabial_keep_out(segs, audio, events=None):
    """[(start_s, end_s)] around every bilabial of either method (trusted or not), widened by
    :data:`BILABIAL_CLEAR_S`: where real speech asks nothing but closure of the lips."""
    keep_out = []
    for ev in (R.bilabial_events(segs, audio) if events is None else events):
        ts = [ev[k] for k in ("ps_closure", "ps_release", "lm_closure", "lm_release") if ev[k] is not None]
        ts += list(ev["closed"])
        keep_out.append((min(ts) - BILABIAL_CLEAR_S, max(ts) + BILABIAL_CLEAR_S))
    for p, s, e in segs:
        if p in R.PP:
            keep_out.append((s - BILABIAL_CLEAR_S, e + BILABIAL_CLEAR_S))
    return keep_out


def speech_open_intervals(segs, audio, keep_out=None):
    """[(start_s, end_s)] of non-bilabial speech segments, shrunk, clear of every bilabial
    (``keep_out``: the item's ``bilabial_keep_out`` when the caller has it already)."""
    keep_out = bilabial_keep_out(segs, audio) if keep_out is None else keep_out
    out = []
    for p, s, e in segs:
        if p == "SIL" or p in R.PP:
            continue
        s, e = s + SPEECH_SHRINK_S, e - SPEECH_SHRINK_S
        pieces = [(s, e)]
        for a, b in keep_out:                          # cut every keep-out span out of the segment
            pieces = [x for lo, hi in pieces for x in ((lo, min(hi, a)), (max(lo, b), hi)) if x[1] - x[0] > 1e-3]
        out += [(float(lo), float(hi)) for lo, hi in pieces if hi - lo >= 0.01]
    return out


def frame_masks(n_frames, closed, opened, offset_s=0.0):
    """(closed, open) uint8 masks over 30 fps animation frames (frame f at ``f / 30`` s): a frame is
    closed when its time lies in a closure interval (ends included), open when in an open interval
    and in no closure. Intervals are in seconds from ``offset_s``."""
    t = np.arange(n_frames) / FPS - offset_s
    c = np.zeros(n_frames, bool)
    o = np.zeros(n_frames, bool)
    for s, e in closed:
        c |= (t >= s - 1e-6) & (t <= e + 1e-6)
    for s, e in opened:
        o |= (t >= s - 1e-6) & (t <= e + 1e-6)
    return c.astype(np.uint8), (o & ~c).astype(np.uint8)


def viseme_track(n, segments):
    """int8 viseme class of each 50 Hz encoder frame (frame j at 20 j + 12.5 ms, the time
    real_voice_eval scores it at) from [(viseme, start_s, end_s)]; -1 where no segment lies (the
    digital silence between joined items)."""
    tj = 0.02 * np.arange(n) + 0.0125
    out = np.full(n, -1, np.int8)
    for v, s, e in segments:
        out[(tj >= s) & (tj < e)] = V.VISEME_INDEX[v]
    return out


def _item_is_training(lang):
    if lang.startswith(AP.TAG) or lang.startswith(FD.TAG):   # Asterisk prompts, Fish Fillets actors:
        return                                                 # speakers the reference never has
    if lang.startswith(KT.TAG):                        # KTuberling words: only languages the reference lacks
        if lang[len(KT.TAG):] not in KT.LANGUAGES:
            raise ValueError("KTuberling %s is not a training language (%s)" % (lang, ", ".join(KT.LANGUAGES)))
        return
    if lang in R.REFERENCE_LANGUAGES:
        raise ValueError("klettres/%s is a reference language: real-closure training reads training_items() only"
                         % lang)


def _words_and_audio(item, lexicon):
    """(en-us phone lists per word, 16 kHz audio) of a klettres item, an Asterisk prompt or a KTuberling
    word."""
    iid, lang, text, path = item
    if lang.startswith(AP.TAG):
        return AP.prompt_words(text, lang[len(AP.TAG):], lexicon), AP.read_g722(path)
    if lang.startswith(KT.TAG):
        return KT.word_phones(text, lang[len(KT.TAG):]), KT.read_audio(path)[0]
    if lang.startswith(FD.TAG):
        return FD.line_words(text, lang[len(FD.TAG):], lexicon), KT.read_audio(path)[0]
    ph, audio = R.word_audio(text, lang, path)
    return [R.to_arpabet(ph)], audio


def _label(item, reach, lexicon, tmp):
    """(language, (cut audio, closed, open vowels, speech-open, near-bilabial), closures found) of one
    item, or None when it cannot be aligned. Intervals are in seconds from the cut's start."""
    lang = item[1]
    try:
        words, audio = _words_and_audio(item, lexicon)
        segs = align.align_audio(audio, words, tmp)
    except Exception:                                  # an item pocketsphinx cannot align is left out
        return None
    speech = [(s, e) for p, s, e in segs if p != "SIL"]
    if not speech:
        return None
    events = R.bilabial_events(segs, audio)
    closed, found = closure_intervals(segs, audio, reach, events)
    visemes = R.reference_visemes(segs, events)
    opened = open_vowel_intervals(segs, audio)
    near = bilabial_keep_out(segs, audio, events)
    spoken = speech_open_intervals(segs, audio, near)
    t0 = max(0.0, speech[0][0] - MARGIN_S)
    t1 = min(audio.size / 16000.0, speech[-1][1] + MARGIN_S)
    cut = audio[int(round(t0 * 16000)):int(round(t1 * 16000))]
    shift = lambda xs: [(x[0] - t0, x[1] - t0) for x in xs]  # noqa: E731
    vis = [(v, s - t0, e - t0) for v, s, e in visemes]
    return (lang, (cut, shift(closed), shift(opened), shift(spoken), shift(near), vis), found,
            [p for _, _, p in closed])


SOURCES = ("klettres", "asterisk", "ktuberling", "fillets")   # real-speech sources, as source_of names them


def source_items(sources, asterisk_languages=None, log=None, fillets_languages=None):
    """The training items of the named sources: "klettres" (training languages only), "asterisk",
    "ktuberling" (the recordings ``ktuberling_words.verify`` accepts) and/or "fillets" (the Fish Fillets NG
    dialogues)."""
    out = []
    for src in sources:
        if src == "klettres":
            out += R.training_items()
        elif src == "asterisk":
            out += AP.items(asterisk_languages)
        elif src == "ktuberling":
            out += KT.items(log=log)
        elif src == "fillets":
            out += FD.items(fillets_languages)
        else:
            raise ValueError("unknown real-speech source %r (%s)" % (src, ", ".join(SOURCES)))
    return out


def source_of(lang):
    """The source of an item or utterance by its language tag: "asterisk", "ktuberling", "fillets" or
    "klettres"."""
    for tag, name in ((AP.TAG, "asterisk"), (KT.TAG, "ktuberling"), (FD.TAG, "fillets")):
        if lang.startswith(tag):
            return name
    return "klettres"


def build(path, items=None, log=print, reach=EDGE_REACH_S, workers=1):
    """Aligns, labels, trims and joins the training items; writes the npz cache at ``path``."""
    items = R.training_items() if items is None else items
    for it in items:
        _item_is_training(it[1])
    per_lang, stats = {}, {"items": len(items), "aligned": 0, "skipped": 0, "events": 0, "trusted_used": 0,
                           "by_phone": {}, "open_vowels": 0, "by_source": {}}
    lexicon = align.cmudict() if any(it[1] in (AP.TAG + "en", FD.TAG + "en") for it in items) else None
    with tempfile.TemporaryDirectory(prefix="adamesh-rcl-") as tmp:
        local = threading.local()                      # one temporary folder per thread

        def work(k):
            if not hasattr(local, "dir"):
                local.dir = tempfile.mkdtemp(dir=tmp)
            if k % 200 == 0:
                log("real closures: %d/%d items" % (k, len(items)))
            return _label(items[k], reach, lexicon, local.dir)

        if workers > 1:                                # pocketsphinx and ffmpeg run as processes
            from concurrent.futures import ThreadPoolExecutor
            with ThreadPoolExecutor(workers) as pool:
                results = list(pool.map(work, range(len(items))))
        else:
            results = [work(k) for k in range(len(items))]
        for item, res in zip(items, results):
            src = source_of(item[1])
            bs = stats["by_source"].setdefault(src, {"items": 0, "aligned": 0, "events": 0, "trusted_used": 0})
            bs["items"] += 1
            if res is None:
                stats["skipped"] += 1
                continue
            lang, record, found, phones = res
            stats["aligned"] += 1
            stats["events"] += found
            stats["trusted_used"] += len(phones)
            stats["open_vowels"] += len(record[2])
            bs["aligned"] += 1
            bs["events"] += found
            bs["trusted_used"] += len(phones)
            for p in phones:
                stats["by_phone"][p] = stats["by_phone"].get(p, 0) + 1
            per_lang.setdefault(lang, []).append(record)
    mels, cms, oms, sms, fms, langs, auds, viss = [], [], [], [], [], [], [], []
    gap = np.zeros(int(GAP_S * 16000), np.float32)
    for lang, its in sorted(per_lang.items()):
        k = 0
        while k < len(its):
            audio, closed, opened, spoken, near, vis, t = [gap], [], [], [], [], [], GAP_S
            while k < len(its) and t < UTTERANCE_S:
                a, c, o, sp, nr, vs = its[k]
                vis += [(v, t + s, t + e) for v, s, e in vs]
                near += [(t + s, t + e) for s, e in nr]
                audio += [a, gap]
                closed += [(t + s, t + e) for s, e in c]
                opened += [(t + s, t + e) for s, e in o]
                spoken += [(t + s, t + e) for s, e in sp]
                t += a.size / 16000.0 + GAP_S
                k += 1
            audio = np.concatenate(audio)
            auds.append(audio.astype(np.float32))
            mel = log_mel(audio).astype(np.float32)
            n_frames = int(mel.shape[0] * FPS / 100.0)
            cm, om = frame_masks(n_frames, closed, opened)
            sm = frame_masks(n_frames, closed, spoken)[1]
            fm = 1 - frame_masks(n_frames, closed + near, [])[0]     # frames clear of every bilabial
            viss.append(viseme_track(mel.shape[0] // 2, vis))
            mels.append(mel)
            cms.append(cm)
            oms.append(om)
            sms.append(sm)
            fms.append(fm)
            langs.append(lang)
    stats.update(utterances=len(mels), edge_reach_s=reach, languages=sorted(per_lang),
                 seconds=round(sum(m.shape[0] for m in mels) / 100.0, 1),
                 closed_frames=int(sum(c.sum() for c in cms)), open_frames=int(sum(o.sum() for o in oms)),
                 speech_open_frames=int(sum(x.sum() for x in sms)), free_frames=int(sum(x.sum() for x in fms)))
    off = lambda xs: np.concatenate([[0], np.cumsum([x.shape[0] for x in xs])]).astype(np.int64)  # noqa: E731
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".partial.npz"
    np.savez(tmp, mel=np.concatenate(mels).astype(np.float16), mel_off=off(mels),
             closed=np.concatenate(cms), opened=np.concatenate(oms), spoken=np.concatenate(sms), free=np.concatenate(fms), mask_off=off(cms),
             audio=np.concatenate(auds).astype(np.float16), audio_off=off(auds),
             viseme=np.concatenate(viss), vis_off=off(viss),
             language=np.array(langs), summary=json.dumps(stats))
    os.replace(tmp, path)
    return stats


_ARRAYS = {"mel_off": ("mel",), "mask_off": ("closed", "opened", "spoken", "free"), "audio_off": ("audio",),
           "vis_off": ("viseme",)}


def _summed(a, b):
    """Counts added: numbers (floats to 0.1), and dicts of them key by key, at any depth."""
    if isinstance(a, dict):
        return {k: _summed(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in {**a, **b}}
    return round(a + b, 1) if isinstance(a + b, float) else a + b


def merge(paths, out):
    """Joins real-closure caches (built from different sources) into one at ``out``, so a new source is
    labelled once instead of re-aligning every item. The summary's counts are summed per field and per
    source; the languages are the union. Every input must hold the same arrays."""
    zs = []
    for p in paths:
        with np.load(p, allow_pickle=False) as zf:
            zs.append({k: zf[k] for k in zf.files})
    keys = set(zs[0])
    for p, z in zip(paths, zs):
        if set(z) != keys:
            raise ValueError("%s holds %s, %s holds %s: rebuild the older one" % (paths[0], sorted(keys), p, sorted(z)))
    arrays = {}
    for off, names in _ARRAYS.items():
        if off not in keys:
            continue
        for name in names:
            arrays[name] = np.concatenate([z[name] for z in zs])
        offs = [zs[0][off]]
        for z in zs[1:]:
            offs.append(z[off][1:] + offs[-1][-1])
        arrays[off] = np.concatenate(offs).astype(np.int64)
    arrays["language"] = np.concatenate([z["language"] for z in zs])
    stats = {}
    for z in zs:
        for k, v in json.loads(str(z["summary"])).items():
            if k == "languages":
                stats[k] = sorted(set(stats.get(k, [])) | set(v))
            elif isinstance(v, (int, float, dict)) and k != "edge_reach_s":
                stats[k] = _summed(stats[k], v) if k in stats else v
            elif k in stats and stats[k] != v:
                raise ValueError("the caches were built with different %s (%r, %r)" % (k, stats[k], v))
            else:
                stats[k] = v
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".partial.npz"
    np.savez(tmp, summary=json.dumps(stats), **arrays)
    os.replace(tmp, out)
    return stats


def load(path, open_frames="vowels"):
    """{"mel": [...], "closed": [...], "opened": [...], "language": [...]} and the build summary;
    ``open_frames``: "vowels" (clearly voiced open vowels) or "speech" (every non-bilabial speech frame)."""
    if open_frames not in ("vowels", "speech"):
        raise ValueError("open frames are 'vowels' or 'speech', not %r" % open_frames)
    with np.load(path, allow_pickle=False) as zf:
        z = {k: zf[k] for k in zf.files}
    mo, ko = z["mel_off"], z["mask_off"]
    n = mo.size - 1
    return ({"mel": [z["mel"][mo[i]:mo[i + 1]].astype(np.float32) for i in range(n)],
             "closed": [z["closed"][ko[i]:ko[i + 1]] for i in range(n)],
             "opened": [z["opened" if open_frames == "vowels" else "spoken"][ko[i]:ko[i + 1]] for i in range(n)],
             "free": [z["free"][ko[i]:ko[i + 1]] for i in range(n)] if "free" in z else None,
             "audio": ([z["audio"][z["audio_off"][i]:z["audio_off"][i + 1]] for i in range(n)]
                       if "audio" in z else None),
             "viseme": ([z["viseme"][z["vis_off"][i]:z["vis_off"][i + 1]] for i in range(n)]
                        if "viseme" in z else None),
             "language": [str(s) for s in z["language"]]}, json.loads(str(z["summary"])))


def closures_as_pp(labels, closed, pad_frames=1.0):
    """50 Hz viseme labels with every frame in and around a trusted closure set to PP: ``closed`` is the
    30 fps closure mask; a run of closed animation frames f..g covers [(f - 1/2 - pad) / 30,
    (g + 1/2 + pad) / 30) s, and a 50 Hz frame j (at 20 j + 12.5 ms) inside it becomes PP. The teacher
    reaches full contact only inside a PP segment (its lips close and open over the segment's edges), so
    the pad of one animation frame each side puts the closed frames where its lips are shut; those
    neighbours are never targets themselves (they are not clear of the bilabial). The labels' own PP
    frames stay."""
    out = np.array(labels, copy=True)
    tj = 0.02 * np.arange(out.size) + 0.0125
    for f, g in V.true_runs(closed):
        out[(tj >= (f - 0.5 - pad_frames) / FPS) & (tj < (g + 0.5 + pad_frames) / FPS)] = V.VISEME_INDEX["PP"]
    return out


def teacher_track(data, i, names, style=None, closures=False):
    """The teacher animation of real utterance ``i`` from its reference viseme labels, in ``style``
    (teacher.DEFAULT_STYLE when None): [F, 44] float32 in the network's output layout (43 expressions,
    scaled jaw), F its animation frames. The labels are the 50 Hz runs of ``data["viseme"]``
    (visemes.label_runs; -1 is silence), so segment edges are within 10 ms of the cached ones. In the
    default style this is what real_voice_eval's LibriVox articulation compares against. With
    ``closures`` the trusted closures are PP in the labels first (:func:`closures_as_pp`), so the
    teacher closes the lips there the way it closes them on synthetic speech."""
    from . import teacher
    from .expression_model import JAW_SCALE
    if data.get("viseme") is None or data.get("audio") is None:
        raise ValueError("this real-closures cache has no viseme labels or audio: rebuild it")
    n = data["closed"][i].shape[0]
    labels = closures_as_pp(data["viseme"][i], data["closed"][i]) if closures else data["viseme"][i]
    segs = [(V.VISEMES[c] if c >= 0 else "sil", s, e, None) for c, s, e in V.label_runs(labels)]
    an = teacher.animate(data["audio"][i].astype(np.float32), 16000, segs, names, style=style, seed=0)
    y = np.concatenate([an["expression"], an["pose"][:, 2, :1] * JAW_SCALE], 1).astype(np.float32)
    return np.concatenate([y, np.repeat(y[-1:], max(0, n - y.shape[0]), 0)])[:n]


class RealCrops:
    """Random crops of the real utterances in 0.1 s units (10 log-mel frames, 3 animation frames),
    drawn among utterances that hold at least one trusted closure. With probability ``augment`` a
    crop's utterance first goes through augment.draw / augment.apply (equaliser, reverberation, noise,
    gain; no speed change, so the labels keep their times) and its log-mel is recomputed. With
    probability ``vtlp`` the log-mel is recomputed with a vocal-tract-length warp drawn uniformly in
    ``1 +- vtlp_range`` (features.vtlp_frequencies): the formants of another, similar speaker, at the
    same times, so the few real speakers stand for more. ``source_share`` ({source: share}, sources as
    :func:`source_of` names them) draws each source's utterances that often in all, whatever their number:
    without it every utterance is as likely as any other, so the 2.3 h of five Asterisk speakers make
    nine crops in ten."""

    def __init__(self, data, rng, augment=0.0, teacher_styles=None, names=None, teacher_closures=False,
                 vtlp=0.0, vtlp_range=0.1, source_share=None):
        if (augment or vtlp) and data.get("audio") is None:
            raise ValueError("this real-closures cache has no audio to augment: rebuild it")
        if not 0.0 <= vtlp <= 1.0 or not 0.0 < vtlp_range < 0.5:
            raise ValueError("vtlp is a probability and vtlp_range a fraction in (0, 0.5): got %r, %r"
                             % (vtlp, vtlp_range))
        if teacher_styles is not None and (data.get("viseme") is None or data.get("audio") is None):
            raise ValueError("this real-closures cache has no viseme labels or audio for teacher targets: rebuild it")
        self.styles = teacher_styles               # [style dict or None]: one is drawn per crop
        self.teacher_closures = teacher_closures   # teacher tracks close the lips in the trusted closures
        self.names = names
        self._tracks = {}
        self.d = data
        self.rng = rng
        self.augment = augment
        self.vtlp, self.vtlp_range = vtlp, vtlp_range
        self.units = np.array([min(m.shape[0] // 10, c.shape[0] // 3) for m, c in zip(data["mel"], data["closed"])])
        self.has = np.array([c.any() for c in data["closed"]])
        self.weight = None
        if source_share:
            src = np.array([source_of(lang) for lang in data["language"]])
            if set(source_share) - set(SOURCES) or min(source_share.values()) < 0 or sum(source_share.values()) <= 0:
                raise ValueError("source shares are %s=non-negative weights, not %r" % ("/".join(SOURCES), source_share))
            self.weight = np.zeros(len(src))
            for name, share in source_share.items():
                pick = (src == name) & self.has
                if share and not pick.any():
                    raise ValueError("the real-closures cache has no %s utterance with a closure" % name)
                self.weight[pick] = share / max(1, pick.sum())

    def batch(self, size, units):
        """(mel [size, 10 units, 80], closed [size, 3 units], open [size, 3 units]) tensors; the frames
        clear of every bilabial [size, 3 units] are left in ``self.last_free`` and the 50 Hz viseme
        labels [size, 5 units] (-1: none) in ``self.last_visemes`` and the utterances drawn in
        ``self.last_items``; with ``teacher_styles`` the teacher
        animation [size, 3 units, 44] (:func:`teacher_track`, in a style drawn per crop) in
        ``self.last_teacher``."""
        ok = np.nonzero((self.units >= units) & self.has)[0]
        if ok.size == 0:
            raise ValueError("no real utterance is %d units long" % units)
        mel, cm, om, fm, vm, tm = [], [], [], [], [], []
        self.last_styles = []
        p = None
        if self.weight is not None:
            p = self.weight[ok]
            if p.sum() <= 0:
                raise ValueError("no real utterance of a shared source is %d units long" % units)
            p = p / p.sum()
        self.last_items = self.rng.choice(ok, size, p=p)
        for i in self.last_items:
            k = int(self.rng.integers(0, self.units[i] - units + 1))
            if self.d.get("viseme") is not None:
                v = np.full(5 * units, -1, np.int64)
                got = self.d["viseme"][i][5 * k:5 * (k + units)]
                v[:got.size] = got
                vm.append(v)
            if self.d.get("free") is not None:
                fm.append(self.d["free"][i][3 * k:3 * (k + units)])
            if self.styles is not None:
                st = int(self.rng.integers(len(self.styles)))
                self.last_styles.append(st)
                tm.append(self.track(i, st)[3 * k:3 * (k + units)])
            m = self.d["mel"][i]
            y, warp = None, 1.0
            if self.augment and self.rng.random() < self.augment:
                from . import augment as A
                y = A.apply(self.d["audio"][i].astype(np.float32), A.draw(self.rng))
            if self.vtlp and self.rng.random() < self.vtlp:
                warp = float(self.rng.uniform(1.0 - self.vtlp_range, 1.0 + self.vtlp_range))
            if y is not None or warp != 1.0:
                y = self.d["audio"][i].astype(np.float32) if y is None else y
                m = log_mel(y, warp).astype(np.float32)[:m.shape[0]]
            mel.append(m[10 * k:10 * (k + units)])
            cm.append(self.d["closed"][i][3 * k:3 * (k + units)])
            om.append(self.d["opened"][i][3 * k:3 * (k + units)])
        f = torch.float32
        self.last_free = torch.as_tensor(np.stack(fm), dtype=f) if fm else None
        self.last_visemes = torch.as_tensor(np.stack(vm)) if vm else None
        self.last_teacher = torch.as_tensor(np.stack(tm), dtype=f) if tm else None
        return (torch.as_tensor(np.stack(mel), dtype=f), torch.as_tensor(np.stack(cm), dtype=f),
                torch.as_tensor(np.stack(om), dtype=f))


    def track(self, i, st):
        """Teacher animation of utterance i in style number st (computed once, then kept)."""
        key = (int(i), int(st))
        if key not in self._tracks:
            self._tracks[key] = teacher_track(self.d, key[0], self.names, self.styles[key[1]], self.teacher_closures)
        return self._tracks[key]

    def teacher_refs(self, frames):
        """[crops of the last batch, frames, 44] style references for them: teacher animation of random
        utterances in each crop's style, joined end to end until long enough, cropped at a random start."""
        out = []
        for st in self.last_styles:
            parts, n = [], 0
            while n < frames + 1:
                t = self.track(int(self.rng.integers(len(self.d["mel"]))), st)
                parts.append(t)
                n += t.shape[0]
            t = np.concatenate(parts)
            s = int(self.rng.integers(0, t.shape[0] - frames + 1))
            out.append(t[s:s + frames])
        return torch.as_tensor(np.stack(out), dtype=torch.float32)


def closure_interval_loss(gapper, pred, closed, opened, closed_mm=0.5, open_mm=1.5, open_weight=1.0):
    """(loss, stats): mean of ``relu(gap - closed_mm)`` over closed frames plus ``open_weight`` x the
    mean of ``relu(open_mm - gap)`` over open frames (gap in mm of the predicted outputs [B, F, 44])."""
    n = min(pred.shape[1], closed.shape[1])
    gp = gapper(pred[:, :n]) * 1000.0
    c, o = closed[:, :n], opened[:, :n]
    lc = (c * torch.relu(gp - closed_mm)).sum() / c.sum().clamp(min=1)
    lo = (o * torch.relu(open_mm - gp)).sum() / o.sum().clamp(min=1)
    with torch.no_grad():
        shut = (gp < 1.0).float()
        stats = {"closed_reached": float((shut * c).sum() / c.sum().clamp(min=1)),
                 "open_contact": float((shut * o).sum() / o.sum().clamp(min=1)),
                 "closed_gap_mm": float((gp * c).sum() / c.sum().clamp(min=1))}
    return lc + open_weight * lo, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["build", "summary", "merge"])
    ap.add_argument("--out", required=True, help="the npz cache to write (build, merge) or read (summary)")
    ap.add_argument("inputs", nargs="*", help="merge: the caches to join into --out")
    ap.add_argument("--source", default="klettres",
                    help="comma-separated real-speech sources: klettres (training languages), asterisk "
                         "(the Asterisk prompt packages; asterisk_prompts.py says which), ktuberling (the "
                         "KTuberling words ktuberling_words.py verifies), fillets (the Fish Fillets NG "
                         "dialogues; fillets_dialogs.py says which packages)")
    ap.add_argument("--asterisk-languages", default=None,
                    help="comma-separated subset of en,es,fr,it,ru (default: all five)")
    ap.add_argument("--fillets-languages", default=None,
                    help="comma-separated subset of %s (default: all three)" % ",".join(FD.LANGUAGES))
    ap.add_argument("--workers", type=int, default=1, help="items aligned at once (pocketsphinx processes)")
    ap.add_argument("--reach", type=float, default=EDGE_REACH_S,
                    help="seconds a word-initial (final) closure reaches back (on) from its trusted edge")
    a = ap.parse_intermixed_args(argv)
    if a.command == "build":
        if not 0 < a.reach <= 0.3:
            ap.error("--reach is in seconds, 0 < reach <= 0.3")
        if a.workers < 1:
            ap.error("--workers is at least 1")
        log = lambda *x: print(*x, file=sys.stderr, flush=True)  # noqa: E731
        try:
            items = source_items([x.strip() for x in a.source.split(",") if x.strip()],
                                 a.asterisk_languages.split(",") if a.asterisk_languages else None, log=log,
                                 fillets_languages=a.fillets_languages.split(",") if a.fillets_languages else None)
        except (ValueError, FileNotFoundError) as e:
            ap.error(str(e))
        stats = build(a.out, items=items, log=log, reach=a.reach, workers=a.workers)
    elif a.command == "merge":
        if len(a.inputs) < 2:
            ap.error("merge joins two or more caches: real_closures merge --out C.npz A.npz B.npz")
        try:
            stats = merge(a.inputs, a.out)
        except (OSError, ValueError, KeyError) as e:
            ap.error("cannot merge: %s" % e)
    else:
        stats = load(a.out)[1]
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
