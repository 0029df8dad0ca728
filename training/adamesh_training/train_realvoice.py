"""Real-voice fine-tuning of a trained expression network (issue 13), one change at a time.

    python3 -m adamesh_training.train_realvoice --init /work/expr-run2 --out RUN --steps 800 \\
        [--channels 0.5] [--klettres 0.2] [--resume]

Starts from ``INIT/base.pt`` (the checkpoint the shipped bundle was exported from) with the base
stage's losses (train_expression.py) and a short cosine schedule, then retrains the 4 built-in
speaker adapters on the new base, so the result can be exported and compared like for like.

* ``--channels P``: with probability P a training crop comes from a copy of its utterance sent
  through a real-world channel (augment.draw_channel: mp3 / Opus / GSM through FFmpeg, telephone
  band, laptop microphone). ``--channel-utterances`` copies are made once and cached in OUT.
* ``--klettres P``: with probability P a batch item is real speech: klettres words of the
  *training* languages only (realvoice_reference.training_items; the reference languages are never
  read), phonemised by espeak-ng in their language, force-aligned by pocketsphinx (align.py), given
  the teacher animation of that alignment, and joined into ~3 s utterances per language.
  ``--trim 0.1`` cuts each file to its speech plus 0.1 s first: whole files are 81 % silence, and
  a model trained on them learns to keep the lips apart through short words (measured: closures fell).
* ``--realign-from CKPT`` (with ``--klettres``): self-training; the klettres words are re-aligned by
  Viterbi forced alignment of their viseme sequence on CKPT's viseme-head posteriors (e.g. the
  model trained on the pocketsphinx alignment) instead of pocketsphinx.
* ``--closure-weight W``: animation frames inside a p/b/m count W times in the loss.
* ``--phone-features CACHE``: the encoder also reads pocketsphinx en-us phone log-posteriors
  (sphinx_am.py; CACHE from ``sphinx_am cache --split train``), through a new convolution added to
  its first one and initialised to zero, so fine-tuning starts from exactly the shipped model
  (issue 13 point 3, ADR 0021); ``--phone-lr-scale K`` trains that convolution K times faster.
* ``--lip-weight W``: adds W x the rig-level lip-contact loss (lip_contact.py): L1 between the inner-lip
  gap (mm) of the predicted and the teacher's animation on OpenHead, ``--lip-closed-weight`` times heavier
  where the teacher's lips are closed, plus a hinge against predicted contact where the teacher is open.
* ``--extra-corpus DIR --extra-p P``: with probability P a batch item is a crop of another synthetic
  corpus (e.g. the synthesiser-diversity set, ``corpus build --set diversity``), its style reference
  taken from the same extra speaker as for the main corpus; its features are cached in
  ``--extra-cache`` (default OUT/cache-extra.npz). Held-out speakers or voices in DIR are refused.
  ``--extra-text KINDS`` keeps only the extra speakers with that kind of text (ablations). Measured:
  no win over the lip stage (ADR 0024); only default-corpus items get ``--channels`` copies.
* ``--real-closures P``: real speech supervises the lips only (real_closures.py, ADR 0023). Each batch
  item is, with probability P, a crop of klettres words of the *training* languages in place of a
  synthetic crop. Its loss is only ``--real-closures-weight`` x the hinged inner-lip gap: above
  ``--real-closed-mm`` inside a bilabial closure on which pocketsphinx and the acoustic landmarks agree,
  below ``--real-open-mm`` in clearly voiced open vowels (``--real-open speech``: in every non-bilabial
  speech frame clear of bilabials). No teacher targets; with ``--real-visemes`` the encoder's viseme
  head also learns the real crops' viseme classes (the reference's labelling: pocketsphinx segments,
  trusted bilabial edges moved to the landmarks), so real speech shapes the acoustic representation
  the lips are decoded from. The labelled utterances are cached in ``--real-closures-data`` (default OUT/real-closures.npz;
  built there when missing, or by ``python3 -m adamesh_training.real_closures build``).
* ``--real-teacher W`` (with ``--real-closures``): on real crops, frames at least 50 ms from any bilabial
  also get the teacher animation of the crop's reference viseme labels as a target (``--real-teacher-channels``
  jaw or all; ``--real-teacher-style speakers`` animates target and style reference in a training
  speaker's style drawn per crop, ``default`` in the teacher's default style; ``--real-teacher-floor K``
  asks only for at least K x the teacher's value). ``--real-envelope W`` punishes real-crop outputs beyond
  the range the teacher drives each channel in. Measured in ADR 0026: the jaw's amplitude on real speech
  comes back, the lip error on real speech does not; not adopted.
* ``--control``: none of these (the fine-tuning schedule alone, to separate its effect from a change's).

Checkpoints every ``--save-every`` seconds; ``--resume`` continues. One torch thread.
"""

import argparse
import json
import math
import os
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import augment, align
from . import speakers as S
from . import expression_data as ED
from . import realvoice_reference as R
from . import teacher
from . import visemes as V
from .features import log_mel
from .head import Head
from .lip_contact import TorchLipGap, lip_contact_loss
from .train_expression import (Batcher, attach_phones, choose_chunk, expression_loss, viseme_step, load_state, log,
                               save_atomic, save_state, refit_speakers)
from .expression_model import ExpressionModel, JAW_SCALE, N_MELS, PHONES_FRONTEND
from .atomic import write_json


def channel_copies(d, out, count, seed):
    """{utterance index: degraded log-mel}; cached in OUT/channels.npz, stamped with the seed, the count
    and the size of the training set it was drawn from (a cache made for another run is refused; an
    older cache without the stamp is used if its indices fit, with a warning)."""
    path = os.path.join(out, "channels.npz")
    want = {"seed": int(seed), "count": int(min(count, len(d["mel"]))), "utterances": len(d["mel"])}
    if os.path.exists(path):
        with np.load(path, allow_pickle=False) as z:
            idx, off, mel = z["index"], z["off"], z["mel"]
            kinds = str(z["kinds"])
            stamp = json.loads(str(z["stamp"])) if "stamp" in z.files else None
        if stamp is None:
            log("warning: %s has no seed/count stamp (made by an older train_realvoice); using it as it is" % path)
        elif stamp != want:
            raise SystemExit("%s was made for %s, but this run asks for %s: delete it, or train into a new --out"
                             % (path, stamp, want))
        if idx.size and (idx.min() < 0 or idx.max() >= len(d["mel"])):
            raise SystemExit("%s names utterance %d, but the training set has %d: it belongs to another corpus"
                             % (path, int(idx.max()), len(d["mel"])))
        return {int(i): mel[off[k]:off[k + 1]].astype(np.float32) for k, i in enumerate(idx)}, json.loads(kinds)
    rng = np.random.default_rng([seed, 13])
    pick = rng.choice(len(d["mel"]), size=min(count, len(d["mel"])), replace=False)
    mels, kinds = [], {}
    t0 = time.time()
    for n, i in enumerate(pick):
        p = augment.draw_channel(rng)
        y = augment.apply_channel(d["audio"][i], p)
        m = log_mel(y).astype(np.float32)[:d["mel"][i].shape[0]]
        if m.shape[0] < d["mel"][i].shape[0]:
            m = np.concatenate([m, d["mel"][i][m.shape[0]:]])
        mels.append(m)
        kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
        if n % 100 == 0:
            log("channels: %d/%d (%.0f s)" % (n, len(pick), time.time() - t0))
    off = np.concatenate([[0], np.cumsum([m.shape[0] for m in mels])]).astype(np.int64)
    tmp = path + ".partial.npz"
    np.savez(tmp, index=np.asarray(pick), off=off, mel=np.concatenate(mels).astype(np.float16), kinds=json.dumps(kinds),
             stamp=json.dumps(want))
    os.replace(tmp, path)
    return {int(i): m for i, m in zip(pick, mels)}, kinds


def viterbi_visemes(logp, seq):
    """Forced alignment of a viseme sequence to per-frame log posteriors [T, 15] (50 Hz).

    States: optional silence, ``seq`` (each at least one frame, in order), optional silence.
    Returns [(viseme, start_s, end_s)] with frame j covering [0.02 j + 0.0025, 0.02 j + 0.0225).
    """
    states = [V.VISEME_INDEX["sil"]] + [V.VISEME_INDEX[v] for v in seq] + [V.VISEME_INDEX["sil"]]
    T, S = logp.shape[0], len(states)
    if T < len(seq):
        raise ValueError("too short for its phones")
    em = logp[:, states]                                          # [T, S]
    score = np.full(S, -np.inf)
    score[0], score[1] = em[0, 0], em[0, 1]
    back = np.zeros((T, S), np.int64)
    for t in range(1, T):                                         # stay, or move to the next state
        move = np.concatenate([[-np.inf], score[:-1]])
        back[t] = move > score
        score = np.maximum(score, move) + em[t]
    end = S - 1 if score[S - 1] >= score[S - 2] else S - 2
    path = np.zeros(T, np.int64)
    path[-1] = end
    for t in range(T - 1, 0, -1):
        path[t - 1] = path[t] - back[t, path[t]]
    segs = []
    for t in range(T):
        v = V.VISEMES[states[path[t]]]
        s0, e0 = 0.02 * t + 0.0025, 0.02 * t + 0.0225
        if segs and segs[-1][0] == v and path[t] == path[t - 1]:
            segs[-1][2] = e0
        else:
            segs.append([v, s0, e0])
    segs[0][1] = 0.0
    return [tuple(x) for x in segs]


def trim(audio, segs, margin):
    """Cuts an item to its speech plus ``margin`` seconds (klettres files are mostly silence)."""
    speech = [(s0, e0) for p, s0, e0 in segs if p.lower() != "sil"]
    if margin is None or not speech:
        return audio, segs
    t0 = max(0.0, speech[0][0] - margin)
    t1 = min(audio.size / 16000.0, speech[-1][1] + margin)
    out = [(p, max(s0, t0) - t0, min(e0, t1) - t0) for p, s0, e0 in segs if e0 > t0 and s0 < t1]
    return audio[int(round(t0 * 16000)):int(round(t1 * 16000))], out


def klettres_utterances(out, names, target_s=3.0, gap_s=0.15, realign=None, margin=None):
    """Real training utterances from klettres (training languages only); cached in OUT/klettres.npz.

    ``realign``: a model whose viseme head re-aligns every item (self-training) instead of pocketsphinx.
    """
    path = os.path.join(out, "klettres.npz")
    if os.path.exists(path):
        with np.load(path, allow_pickle=False) as zf:
            z = {k: zf[k] for k in zf.files}            # NpzFile re-reads an array on every access
        mo, to, vo = z["mel_off"], z["tgt_off"], z["vis_off"]
        n = mo.size - 1
        return {"mel": [z["mel"][mo[i]:mo[i + 1]].astype(np.float32) for i in range(n)],
                "target": [z["target"][to[i]:to[i + 1]] for i in range(n)],
                "viseme": [z["viseme"][vo[i]:vo[i + 1]] for i in range(n)],
                "speaker": [str(s) for s in z["speaker"]]}, json.loads(str(z["summary"]))
    items = R.training_items()
    aligned = {}
    skipped = 0
    with tempfile.TemporaryDirectory(prefix="adamesh-klt-") as tmp:
        for n, (iid, lang, word, wav_path) in enumerate(items):
            try:
                ph, audio = R.word_audio(word, lang, wav_path)
                if realign is not None:
                    seq = [v for p in ph for v in V.espeak_visemes(p) if v != "sil"]
                    seq = [v for k, v in enumerate(seq) if k == 0 or v != seq[k - 1]]
                    with torch.no_grad():
                        feats = realign.encoder(torch.as_tensor(log_mel(audio)[None], dtype=torch.float32),
                                                torch.tensor([0]))
                        logp = torch.log_softmax(realign.encoder.viseme_head(feats)[0], -1).numpy()
                    segs = [(v, s0, e0) for v, s0, e0 in viterbi_visemes(logp, seq)]
                else:
                    segs = align.align_audio(audio, [R.to_arpabet(ph)], tmp)
            except Exception:
                skipped += 1
                continue
            audio, segs = trim(audio, segs, margin)
            aligned.setdefault(lang, []).append((audio, segs))
            if n % 100 == 0:
                log("klettres: aligned %d/%d" % (n, len(items)))
    out_d = {"mel": [], "target": [], "viseme": [], "speaker": []}
    gap = np.zeros(int(gap_s * 16000), np.float32)
    for lang, its in sorted(aligned.items()):
        k = 0
        while k < len(its):
            sil = "sil" if realign is not None else "SIL"
            audio, segs, t = [gap], [(sil, 0.0, gap_s)], gap_s
            while k < len(its) and t < target_s:
                a, s = its[k]
                audio += [a, gap]
                segs += [(p, t + s0, t + e0) for p, s0, e0 in s] + [(sil, t + a.size / 16000, t + a.size / 16000 + gap_s)]
                t += a.size / 16000 + gap_s
                k += 1
            audio = np.concatenate(audio)
            vs = ([(v, s0, e0, v) for v, s0, e0 in segs] if realign is not None
                  else V.segments_to_visemes(segs, V.arpabet_visemes))
            anim = teacher.animate(audio, 16000, vs, names, seed=k)
            mel = log_mel(audio).astype(np.float32)
            tgt = np.concatenate([anim["expression"], anim["pose"][:, 2, :1] * JAW_SCALE], 1).astype(np.float32)
            tj = 0.02 * np.arange((mel.shape[0] - 1) // 2 + 1) + 0.0125
            vis = np.full(tj.size, -1, np.int64)
            for v, s0, e0, _ in vs:
                vis[(tj >= s0) & (tj < e0)] = V.VISEME_INDEX[v]
            out_d["mel"].append(mel)
            out_d["target"].append(tgt)
            out_d["viseme"].append(vis)
            out_d["speaker"].append("klettres-" + lang)
    summary = {"items_aligned": sum(len(v) for v in aligned.values()), "items_skipped": skipped,
               "utterances": len(out_d["mel"]), "languages": sorted(aligned),
               "seconds": round(sum(m.shape[0] for m in out_d["mel"]) / 100.0, 1)}

    off = ED.offsets
    tmp = path + ".partial.npz"
    np.savez(tmp, mel=np.concatenate(out_d["mel"]).astype(np.float16), mel_off=off(out_d["mel"]),
             target=np.concatenate(out_d["target"]), tgt_off=off(out_d["target"]),
             viseme=np.concatenate(out_d["viseme"]), vis_off=off(out_d["viseme"]),
             speaker=np.array(out_d["speaker"]), summary=json.dumps(summary))
    os.replace(tmp, path)
    return out_d, summary


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--init", required=True, help="run directory with base.pt, cache-train.npz, cache-heldout.npz")
    ap.add_argument("--out", required=True)
    ap.add_argument("--minutes", type=float, default=40.0)
    ap.add_argument("--steps", type=int, default=800, help="schedule length (--minutes only caps the run)")
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--channels", type=float, default=0.0)
    ap.add_argument("--channel-utterances", type=int, default=700)
    ap.add_argument("--klettres", type=float, default=0.0)
    ap.add_argument("--realign-from", default=None,
                    help="self-training: re-align the klettres words with this checkpoint's viseme head")
    ap.add_argument("--trim", type=float, default=None,
                    help="cut every klettres item to its speech plus this many seconds (default: whole files)")
    ap.add_argument("--closure-weight", type=float, default=1.0,
                    help="weight of the animation frames inside p/b/m in the loss (1 = the base recipe)")
    ap.add_argument("--phone-features", default=None, metavar="CACHE.npz",
                    help="also feed pocketsphinx phone log-posteriors (sphinx_am cache of the training split)")
    ap.add_argument("--phone-lr-scale", type=float, default=1.0,
                    help="learning rate of the new phone convolution relative to --lr (it starts at zero)")
    ap.add_argument("--speakers", default=None,
                    help="comma-separated built-in speakers to retrain after fine-tuning (default: all; "
                         "real_voice_eval scores the studio's default, spk05)")
    ap.add_argument("--lip-weight", type=float, default=0.0,
                    help="weight of the rig-level lip-contact loss (lip_contact.py; 0 = off)")
    ap.add_argument("--lip-closed-weight", type=float, default=5.0,
                    help="lip-contact L1 weight on frames where the teacher's lips are closed (gap < 1 mm)")
    ap.add_argument("--lip-hinge-mm", type=float, default=1.5,
                    help="predicted gaps under this, where the teacher's gap is over 3 mm, are punished")
    ap.add_argument("--extra-corpus", default=None, metavar="DIR",
                    help="mix crops of another synthetic corpus (e.g. the diversity set) into the batches")
    ap.add_argument("--extra-p", type=float, default=0.0,
                    help="probability that a batch item comes from --extra-corpus")
    ap.add_argument("--extra-cache", default=None, metavar="NPZ",
                    help="feature cache of --extra-corpus (default OUT/cache-extra.npz; shareable between runs)")
    ap.add_argument("--extra-text", default=None, metavar="KINDS",
                    help="keep only extra speakers whose text is one of these (comma-separated: english, native, "
                         "phonemes, read-english; speakers.diversity_table)")
    ap.add_argument("--real-closures", type=float, default=0.0, metavar="P",
                    help="probability that a batch item is a real klettres crop supervised on its lips only")
    ap.add_argument("--real-closures-data", default=None, metavar="NPZ",
                    help="real_closures cache (default OUT/real-closures.npz, built when missing)")
    ap.add_argument("--real-closures-weight", type=float, default=0.05,
                    help="weight of the real-closure lip loss (hinges in mm)")
    ap.add_argument("--real-closed-mm", type=float, default=0.5,
                    help="inner-lip gap the lips must be under inside a trusted real closure")
    ap.add_argument("--real-open-mm", type=float, default=1.5,
                    help="inner-lip gap the lips must be over in a clearly voiced real open vowel")
    ap.add_argument("--real-open", choices=["vowels", "speech"], default="vowels",
                    help="real frames that must not be closed: clearly voiced open vowels, or every "
                         "non-bilabial speech frame clear of bilabials")
    ap.add_argument("--real-open-weight", type=float, default=1.0,
                    help="weight of the open-frame hinge relative to the closure hinge")
    ap.add_argument("--real-anchor", type=float, default=0.0, metavar="W",
                    help="on real crops, W x squared error between the outputs and those of the --init network "
                         "on frames clear of every bilabial (self-distillation; 0 = off)")
    ap.add_argument("--real-anchor-channels", choices=["all", "jaw"], default="all",
                    help="which outputs --real-anchor holds: every channel, or the jaw only (keeps the jaw's "
                         "amplitude on real speech while the lips learn)")
    ap.add_argument("--real-teacher", type=float, default=0.0, metavar="W",
                    help="on real crops, W x squared error between the outputs and the teacher animation of "
                         "their reference viseme labels on frames clear of every bilabial; their style "
                         "reference is then teacher animation too (0 = off)")
    ap.add_argument("--real-teacher-channels", choices=["all", "jaw"], default="jaw",
                    help="which outputs --real-teacher supervises: the jaw only, or every channel")
    ap.add_argument("--real-teacher-style", choices=["default", "speakers"], default="default",
                    help="style the teacher animates real crops (and their references) in: its default "
                         "style, or a training speaker's drawn per crop")
    ap.add_argument("--real-teacher-floor", type=float, default=0.0, metavar="K",
                    help="with --real-teacher: a one-sided target instead, squared shortfall below K x the "
                         "teacher's value (the jaw opens at least K x the teacher's; 0 = squared error)")
    ap.add_argument("--real-teacher-closures", action="store_true",
                    help="with --real-teacher: the target also covers the trusted closures, where the teacher "
                         "animates the labels with those frames set to PP (jaw, lip press and roll as on "
                         "synthetic speech)")
    ap.add_argument("--real-envelope", type=float, default=0.0, metavar="W",
                    help="on real crops, W x the squared excess of every output beyond the range the teacher "
                         "drives it in (0.1-99.9th percentile of the synthetic training targets), summed over "
                         "channels, on every frame: channels the teacher never moves stay at rest (0 = off)")
    ap.add_argument("--real-envelope-q", type=float, default=0.1, metavar="Q",
                    help="--real-envelope's range: the Q-th to (100 - Q)-th percentile of the teacher's outputs")
    ap.add_argument("--real-envelope-by", choices=["all", "viseme"], default="all",
                    help="--real-envelope's ranges: one over all frames, or one per viseme class (a trusted "
                         "closure's frames take the PP range, frames clear of bilabials their label's, the "
                         "rest the overall range)")
    ap.add_argument("--real-augment", type=float, default=0.0, metavar="P",
                    help="probability that a real crop is first augmented (equaliser, reverb, noise, gain)")
    ap.add_argument("--real-vtlp", type=float, default=0.0, metavar="P",
                    help="probability that a real crop's log-mel is recomputed with a vocal-tract-length warp "
                         "(formants scaled by a factor drawn in 1 +- --real-vtlp-range; timing unchanged)")
    ap.add_argument("--real-vtlp-range", type=float, default=0.1, metavar="R")
    ap.add_argument("--real-source-share", default=None, metavar="SRC=W,...",
                    help="draw real crops by source, e.g. klettres=1,asterisk=2,ktuberling=1: each source's share "
                         "of the real crops, whatever its number of utterances (default: every utterance alike)")
    ap.add_argument("--real-visemes", action="store_true",
                    help="the viseme head's cross-entropy also on the real crops' labels (needs a cache with them)")
    ap.add_argument("--real-visemes-weight", type=float, default=1.0, metavar="X",
                    help="with --real-visemes: the real crops' cross-entropy counts X times a synthetic crop's")
    ap.add_argument("--control", action="store_true")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--save-every", type=float, default=120.0)
    ap.add_argument("--prepare-only", action="store_true", help="build the channel / klettres caches and stop")
    a = ap.parse_args(argv)
    if a.control and (a.channels or a.klettres or a.closure_weight != 1.0 or a.phone_features or a.lip_weight
                      or a.real_closures):
        ap.error("--control trains with none of --channels, --klettres, --closure-weight, --phone-features, "
                 "--lip-weight, --real-closures")
    if a.phone_features and (a.channels or a.klettres or a.real_closures):
        ap.error("--phone-features has no features for --channels / --klettres / --real-closures copies yet")
    if not 0.0 <= a.real_closures < 1.0:
        ap.error("--real-closures is a probability per batch item: 0 <= P < 1")
    if a.real_closures and a.klettres:
        ap.error("--real-closures and --klettres both put real crops in the batch: use one")
    if min(a.real_closures_weight, a.real_closed_mm, a.real_open_mm, a.real_open_weight, a.real_anchor,
           a.real_teacher, a.real_teacher_floor, a.real_envelope) < 0:
        ap.error("--real-closures-weight, --real-closed-mm, --real-open-mm, --real-open-weight, --real-anchor, "
                 "--real-teacher, --real-teacher-floor and --real-envelope must not be negative")
    if a.real_visemes_weight < 0 or (a.real_visemes_weight != 1.0 and not a.real_visemes):
        ap.error("--real-visemes-weight is not negative and needs --real-visemes")
    if (a.real_anchor or a.real_augment or a.real_vtlp or a.real_visemes or a.real_teacher or a.real_envelope) \
            and not a.real_closures:
        ap.error("--real-anchor, --real-augment, --real-vtlp, --real-visemes, --real-teacher and --real-envelope "
                 "need --real-closures")
    if a.real_teacher_closures and not a.real_teacher:
        ap.error("--real-teacher-closures needs --real-teacher")
    if a.real_teacher_floor and not a.real_teacher:
        ap.error("--real-teacher-floor needs --real-teacher")
    if not 0.0 <= a.real_envelope_q < 50.0:
        ap.error("--real-envelope-q is a percentile under 50")
    if a.real_envelope_by != "all" and not a.real_envelope:
        ap.error("--real-envelope-by needs --real-envelope")
    if not 0.0 <= a.real_augment <= 1.0:
        ap.error("--real-augment is a probability: 0 <= P <= 1")
    if not 0.0 <= a.real_vtlp <= 1.0:
        ap.error("--real-vtlp is a probability: 0 <= P <= 1")
    if not 0.0 < a.real_vtlp_range < 0.5:
        ap.error("--real-vtlp-range is a fraction: 0 < R < 0.5")
    if a.real_source_share is not None:
        if not a.real_closures:
            ap.error("--real-source-share needs --real-closures")
        try:
            a.real_source_share = {k.strip(): float(v) for k, v in
                                   (x.split("=") for x in a.real_source_share.split(",") if x.strip())}
        except ValueError:
            a.real_source_share = None
        from .real_closures import SOURCES
        if not a.real_source_share or set(a.real_source_share) - set(SOURCES):
            ap.error("--real-source-share is SOURCE=WEIGHT,... (%s)" % ", ".join(SOURCES))
    extra_option_errors(ap, a)
    if a.lip_weight < 0 or a.lip_closed_weight < 0 or a.lip_hinge_mm < 0:
        ap.error("--lip-weight, --lip-closed-weight and --lip-hinge-mm must not be negative")
    torch.set_num_threads(1)
    os.makedirs(a.out, exist_ok=True)
    for name in ("cache-train.npz", "cache-heldout.npz"):
        dst = os.path.join(a.out, name)
        if not os.path.exists(dst):
            os.symlink(os.path.abspath(os.path.join(a.init, name)), dst)
    state = load_state(a.out) if a.resume else {}
    state["corpus"] = load_state(a.init).get("corpus")
    state.setdefault("commands", []).append("python3 -m adamesh_training.train_realvoice " +
                                            " ".join(argv if argv is not None else sys.argv[1:]))
    save_state(a.out, state)
    d = ED.build(None, "train", os.path.join(a.out, "cache-train.npz"))
    if a.phone_features:
        from . import sphinx_am
        state["features"] = {"type": "sphinx-phones", "definition": sphinx_am.DEFINITION,
                             "caches": {"train": os.path.abspath(a.phone_features)}}
        attach_phones(d, a.phone_features)
    rng = np.random.default_rng(a.seed)
    chan = klt = None
    if a.channels > 0:
        chan, kinds = channel_copies(d, a.out, a.channel_utterances, a.seed)
        state["channels"] = {"probability": a.channels, "utterances": len(chan), "kinds": kinds}
    if a.klettres > 0:
        realign = None
        if a.realign_from:
            c = torch.load(a.realign_from, map_location="cpu")
            realign = ExpressionModel(**dict(c["config"]))
            realign.load_state_dict(c["model"])
            realign.eval()
        klt, summary = klettres_utterances(a.out, Head().expression_names, realign=realign, margin=a.trim)
        summary["trim_s"] = a.trim
        if a.realign_from:
            summary["realigned_by"] = os.path.abspath(a.realign_from)
        state["klettres"] = dict(summary, probability=a.klettres)
    extra = None
    if a.extra_corpus:
        extra, state["extra_corpus"] = extra_data(a.extra_corpus, a.extra_cache or os.path.join(a.out, "cache-extra.npz"),
                                                  a.extra_text.split(",") if a.extra_text else None)
        state["extra_corpus"]["probability"] = a.extra_p
    real = None
    if a.real_closures > 0:
        from . import real_closures as RC
        path = a.real_closures_data or os.path.join(a.out, "real-closures.npz")
        if not os.path.exists(path):
            RC.build(path, log=log)
        real, summary = RC.load(path, a.real_open)
        if a.real_anchor and real["free"] is None:
            raise SystemExit("%s predates --real-anchor (no free-frame mask): rebuild it" % path)
        if (a.real_visemes or a.real_teacher or a.real_envelope_by == "viseme") and real["viseme"] is None:
            raise SystemExit("%s predates --real-visemes (no viseme labels): rebuild it" % path)
        state["real_closures"] = dict(summary, probability=a.real_closures, weight=a.real_closures_weight,
                                      open_mode=a.real_open, open_weight=a.real_open_weight,
                                      anchor=a.real_anchor, anchor_channels=a.real_anchor_channels,
                                      teacher=a.real_teacher, teacher_channels=a.real_teacher_channels,
                                      teacher_floor=a.real_teacher_floor, teacher_style=a.real_teacher_style,
                                      teacher_closures=a.real_teacher_closures,
                                      envelope=a.real_envelope, envelope_q=a.real_envelope_q,
                                      envelope_by=a.real_envelope_by,
                                      augment=a.real_augment, vtlp=a.real_vtlp, vtlp_range=a.real_vtlp_range,
                                      source_share=a.real_source_share, visemes=a.real_visemes,
                                      visemes_weight=a.real_visemes_weight,
                                      closed_mm=a.real_closed_mm, open_mm=a.real_open_mm, data=os.path.abspath(path))
    if a.lip_weight:
        state["lip_contact"] = {"weight": a.lip_weight, "closed_weight": a.lip_closed_weight,
                                "hinge_mm": a.lip_hinge_mm}
    save_state(a.out, state)
    if a.prepare_only:
        return
    if not state.get("base", {}).get("done"):
        finetune(a, d, chan, klt, state, rng, extra, real)
    refit_speakers(a.out, state, a.speakers.split(",") if a.speakers else None)


def finetune(a, d, chan, klt, state, rng, extra=None, real=None):
    ckpt = os.path.join(a.out, "base.pt")
    c0 = torch.load(os.path.join(a.init, "base.pt"), map_location="cpu")
    config = dict(c0["config"])
    if d.get("frontend") == PHONES_FRONTEND:
        config.update(frontend=PHONES_FRONTEND, feat_dim=int(d["input"][0].shape[1]) - N_MELS)
    model = ExpressionModel(**config)
    params = [p for n, p in model.named_parameters() if "lora" not in n]
    new = [p for n, p in model.named_parameters() if n.startswith("encoder.extra.")]
    old = [p for p in params if all(p is not q for q in new)]
    groups = [{"params": old, "scale": 1.0}] + ([{"params": new, "scale": a.phone_lr_scale}] if new else [])
    opt = torch.optim.AdamW(groups, lr=a.lr, weight_decay=0.01)      # one group as before without phones
    step, used = 0, 0.0
    if a.resume and os.path.exists(ckpt):
        c = torch.load(ckpt, map_location="cpu")
        model.load_state_dict(c["model"])
        opt.load_state_dict(c["opt"])
        step, used = c["step"] - c0["step"], c["seconds"] - c0["seconds"]
        rng = np.random.default_rng([a.seed, step])
        log("resumed at fine-tune step %d" % step)
    else:
        warm_start(model, c0["model"], d)
    torch.manual_seed(a.seed + step)
    batcher = Batcher(d, rng)
    kb = Batcher(klt, rng, min_units=10) if klt else None
    eb = Batcher(extra, rng) if extra else None
    head = Head()
    gapper = TorchLipGap(head) if (a.lip_weight or real) else None
    lip_ema = real_ema = None
    crops = None
    if real:
        from .real_closures import RealCrops, closure_interval_loss
        styles = None
        if a.real_teacher:                         # the teacher animates real crops in a speaker's style
            table = {s_["id"]: s_["style"] for s_ in S.speaker_table()}
            styles = [None] if a.real_teacher_style == "default" else [
                table[k] for k in sorted(set(str(x) for x in d["speaker"])) if k in table]
        crops = RealCrops(real, rng, a.real_augment, styles, head.expression_names, a.real_teacher_closures,
                          vtlp=a.real_vtlp, vtlp_range=a.real_vtlp_range, source_share=a.real_source_share)
        if a.real_envelope:
            lo, hi = (teacher_envelope(d["target"], a.real_envelope_q) if a.real_envelope_by == "all" else
                      viseme_envelope(d["target"], d["viseme"], a.real_envelope_q))
        anchor_model = None
        if a.real_anchor:
            anchor_model = ExpressionModel(**config)
            warm_start(anchor_model, c0["model"], d)
            anchor_model.eval()
            for p_ in anchor_model.parameters():
                p_.requires_grad_(False)
    budget = a.minutes * 60.0
    t0, last, ema = time.time(), time.time(), None
    model.train()
    while True:
        elapsed = used + time.time() - t0
        progress = step / a.steps                      # the schedule follows steps, so runs compare
        if progress >= 1.0 or elapsed >= budget:       # under any load; the minutes only cap a run
            break
        lr = a.lr * min(1.0, (step + 1) / 50) * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))
        for g in opt.param_groups:
            g["lr"] = lr * g.get("scale", 1.0)
        mel, tgt, vis, ref = batcher.batch(a.batch, "cpu")
        if chan:
            mel = swap_channels(batcher, chan, mel, a.channels, rng)
        if kb is not None:
            n_real = int(rng.binomial(a.batch, a.klettres))
            if n_real:
                km, kt, kv, kr = kb.batch(n_real, "cpu")
                L = min(mel.shape[1], km.shape[1])
                Lt, Lv = min(tgt.shape[1], kt.shape[1]), min(vis.shape[1], kv.shape[1])
                R_ = min(ref.shape[1], kr.shape[1])
                mel = torch.cat([mel[n_real:, :L], km[:, :L]])
                tgt = torch.cat([tgt[n_real:, :Lt], kt[:, :Lt]])
                vis = torch.cat([vis[n_real:, :Lv], kv[:, :Lv]])
                ref = torch.cat([ref[n_real:, :R_], kr[:, :R_]])
        if eb is not None:
            mel, tgt, vis, ref = mix_extra((mel, tgt, vis, ref), eb, int(rng.binomial(a.batch, a.extra_p)))
        n_rc = min(a.batch - 1, int(rng.binomial(a.batch, a.real_closures))) if crops is not None else 0
        n_syn = a.batch - n_rc                     # real crops replace the last n_rc synthetic crops
        if n_rc:
            rm, rc_closed, rc_open = crops.batch(n_rc, mel.shape[1] // 10)
            mel = torch.cat([mel[:n_syn], rm])
            vis = vis.clone()
            vis[n_syn:] = -1                       # no viseme labels on real crops unless asked
            if a.real_visemes:
                rv = crops.last_visemes[:, :vis.shape[1]]
                vis[n_syn:, :rv.shape[1]] = rv
            if a.real_teacher:                     # the style the teacher targets below are animated in
                ref = torch.cat([ref[:n_syn], crops.teacher_refs(ref.shape[1])])
        chunk = torch.tensor([choose_chunk(rng)], dtype=torch.long)
        pred, feats = model(mel, chunk, ref)
        loss, mse = expression_loss(pred[:n_syn], tgt[:n_syn])
        if a.closure_weight != 1.0:
            loss = loss + (a.closure_weight - 1.0) * closure_term(pred[:n_syn], tgt[:n_syn], vis[:n_syn])
        if n_rc:
            rl, rst = closure_interval_loss(gapper, pred[n_syn:], rc_closed, rc_open, a.real_closed_mm,
                                            a.real_open_mm, a.real_open_weight)
            loss = loss + a.real_closures_weight * rl
            if a.real_anchor:
                with torch.no_grad():
                    prior, _ = anchor_model(mel[n_syn:], chunk, ref[n_syn:])
                anchor = free_frame_error(pred[n_syn:], prior, crops.last_free, a.real_anchor_channels)
                loss = loss + a.real_anchor * anchor
                rst["anchor_mse"] = float(anchor)
            if a.real_teacher:
                where = crops.last_free
                if a.real_teacher_closures:                # the teacher's closed pose in trusted closures
                    where = torch.clamp(where + rc_closed[:, :where.shape[1]], max=1.0)
                tl = free_frame_error(pred[n_syn:], crops.last_teacher, where, a.real_teacher_channels,
                                      a.real_teacher_floor)
                loss = loss + a.real_teacher * tl
                rst["teacher_mse"] = float(tl)
            if a.real_envelope:
                y = pred[n_syn:]
                lo_, hi_ = lo, hi
                if a.real_envelope_by == "viseme":
                    y = y[:, :min(y.shape[1], rc_closed.shape[1])]
                    cls = envelope_rows(crops.last_visemes, rc_closed, crops.last_free, y.shape[1])
                    lo_, hi_ = lo[cls], hi[cls]
                env = ((torch.relu(y - hi_) + torch.relu(lo_ - y)) ** 2).sum(-1).mean()
                loss = loss + a.real_envelope * env
                rst["envelope"] = float(env)
            real_ema = rst if real_ema is None else {k: 0.95 * real_ema[k] + 0.05 * v for k, v in rst.items()}
        if a.lip_weight:
            lip, lst = lip_contact_loss(gapper, pred[:n_syn], tgt[:n_syn], a.lip_closed_weight, a.lip_hinge_mm)
            loss = loss + a.lip_weight * lip
            lip_ema = lst if lip_ema is None else {k: 0.98 * lip_ema[k] + 0.02 * v for k, v in lst.items()}
        if n_rc and a.real_visemes and a.real_visemes_weight != 1.0:
            # viseme_step weighs every labelled frame alike (0.2 x mean cross-entropy); this adds the
            # real crops' frames (X - 1) times more, as a share of all labelled frames
            logits = model.encoder.viseme_head(feats[n_syn:])
            rv = vis[n_syn:, :logits.shape[1]]
            ce_real = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), rv.reshape(-1), ignore_index=-1,
                                      reduction="sum") / (vis[:, :logits.shape[1]] >= 0).sum().clamp(min=1)
            loss = loss + 0.2 * (a.real_visemes_weight - 1.0) * ce_real
        ce = viseme_step(model, opt, params, loss, feats, vis)
        step += 1
        ema = mse.item() if ema is None else 0.98 * ema + 0.02 * mse.item()
        if step % 50 == 0:
            log("fine-tune step %d  %.1f min  lr %.2e  mse %.4f (ema %.4f)  viseme-ce %.3f" % (
                step, elapsed / 60, lr, mse.item(), ema, ce.item()) + ("" if lip_ema is None else
                "  lip (ema): gap L1 %.3f mm, teacher-closed frames reached %.3f, false contact %.4f" % (
                    lip_ema["gap_l1_mm"], lip_ema["closed_reached"], lip_ema["false_contact"])) + (
                "" if real_ema is None else "  real (ema): closures reached %.3f, gap in closures %.2f mm, "
                "open-frame contact %.3f" % (real_ema["closed_reached"], real_ema["closed_gap_mm"],
                                             real_ema["open_contact"]) + (
                    "  anchor mse %.5f" % real_ema["anchor_mse"] if "anchor_mse" in real_ema else "") + (
                    "  teacher mse %.5f" % real_ema["teacher_mse"] if "teacher_mse" in real_ema else "") + (
                    "  envelope %.5f" % real_ema["envelope"] if "envelope" in real_ema else "")))
        if time.time() - last > a.save_every:
            save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "step": c0["step"] + step,
                         "seconds": c0["seconds"] + used + time.time() - t0, "config": config}, ckpt)
            last = time.time()
    seconds = used + time.time() - t0
    save_atomic({"model": model.state_dict(), "opt": opt.state_dict(), "step": c0["step"] + step,
                 "seconds": c0["seconds"] + seconds, "config": config}, ckpt)
    state["base"] = {"done": True, "finetune_steps": step, "finetune_minutes": round(seconds / 60, 2),
                     "init_steps": c0["step"], "final_mse_ema": ema, "lr": a.lr, "batch": a.batch,
                     "final_lip_ema": lip_ema, "final_real_closures_ema": real_ema}
    save_state(a.out, state)
    log("fine-tune done: %d steps in %.1f min" % (step, seconds / 60))


def extra_option_errors(ap, a):
    """--extra-corpus / --extra-p: both or neither, P in (0, 1], no --control, log-mel only."""
    if bool(a.extra_corpus) != (a.extra_p > 0):
        ap.error("--extra-corpus and --extra-p go together (--extra-p in (0, 1])")
    if a.extra_p < 0 or a.extra_p > 1:
        ap.error("--extra-p must be in [0, 1]")
    if a.extra_corpus and a.control:
        ap.error("--control trains with no --extra-corpus")
    if a.extra_corpus and a.phone_features:
        ap.error("--phone-features has no features for --extra-corpus")
    if a.extra_corpus and not os.path.exists(os.path.join(a.extra_corpus, "corpus.json")):
        ap.error("--extra-corpus %s has no corpus.json (build it with 'corpus build --out DIR --set diversity')"
                 % a.extra_corpus)


def extra_data(corpus, cache, text_kinds=None):
    """Training arrays of every speaker of an extra synthetic corpus, cached in ``cache``;
    ``text_kinds`` keeps only the speakers whose ``text`` (english, native, phonemes) is listed.

    Refuses a corpus that holds a held-out speaker id or a held-out speaker's voice (the synthetic
    held-out evaluation must stay unseen), and a cache made from a different corpus build.
    """
    with open(os.path.join(corpus, "speakers.json")) as fh:
        table = json.load(fh)["speakers"]
    held = {s["id"]: s["voice"] for s in S.speaker_table() if s["split"] == "heldout"}
    bad = sorted({s["id"] for s in table if s["id"] in held} |
                 {s["id"] for s in table if s["voice"] in held.values()})
    if bad:
        raise ValueError("--extra-corpus %s holds held-out speakers or voices (%s): the synthetic held-out "
                         "evaluation would no longer be unseen" % (corpus, ", ".join(bad)))
    with open(os.path.join(corpus, "corpus.json")) as fh:
        summary = json.load(fh)
    stamp = {"corpus": os.path.abspath(corpus), "summary": summary}
    side = cache + ".json"
    if os.path.exists(cache):
        old = None
        if os.path.exists(side):
            with open(side) as fh:
                old = json.load(fh)
        if old != stamp:
            raise ValueError("%s was not made from %s as it is now (%s); delete it to rebuild"
                             % (cache, corpus, side if old else "no " + os.path.basename(side)))
    d = ED.build(corpus, None, cache)
    if not os.path.exists(side):
        write_json(side, stamp, sort_keys=True)
    d.pop("audio", None)                               # only log-mel, targets and visemes are trained on
    if text_kinds:
        unknown = set(text_kinds) - {s.get("text") for s in table}
        if unknown:
            raise ValueError("--extra-text %s: %s has no speakers with text %s"
                             % (",".join(text_kinds), corpus, ", ".join(sorted(unknown))))
        keep_ids = {s["id"] for s in table if s.get("text") in text_kinds}
        keep = [i for i, sp in enumerate(d["speaker"]) if sp in keep_ids]
        d = {k: ([v[i] for i in keep] if isinstance(v, list) else v) for k, v in d.items()}
    found = set(d["speaker"]) & set(held)
    if found:
        raise ValueError("--extra-corpus %s has utterances of held-out speakers %s" % (corpus, sorted(found)))
    info = {"dir": os.path.abspath(corpus), "cache": os.path.abspath(cache), "utterances": len(d["mel"]),
            "speakers": len(set(d["speaker"])), "hours": round(sum(m.shape[0] for m in d["mel"]) / 360000.0, 3),
            "set": summary.get("set"),
            "text": text_kinds or "all"}
    log("extra corpus: %d utterances, %d speakers, %s h" % (info["utterances"], info["speakers"], info["hours"]))
    return d, info


def mix_extra(batch, eb, n):
    """Replaces the first ``n`` items of a (mel, target, viseme, reference) batch by crops of the extra
    corpus (each with a style reference of its own speaker); all four are cut to the shorter length."""
    if n <= 0:
        return batch
    other = eb.batch(n, "cpu")
    out = []
    for x, y in zip(batch, other):
        L = min(x.shape[1], y.shape[1])
        out.append(torch.cat([y[:, :L], x[n:, :L]]))
    return tuple(out)


def free_frame_error(pred, target, free, channels, floor=0.0):
    """Mean squared error of ``pred`` [B, F, 44] against ``target`` over the frames marked in ``free``
    [B, F'] (frames clear of every bilabial), on every channel or on the jaw only (``channels`` "all" /
    "jaw"); with ``floor`` K > 0 only the shortfall below K x the target counts."""
    n = min(pred.shape[1], target.shape[1], free.shape[1])
    cols = slice(None) if channels == "all" else slice(43, 44)          # 43: the jaw
    p, t, free = pred[:, :n, cols], target[:, :n, cols], free[:, :n]
    err = ((torch.relu(floor * t - p) if floor else p - t) ** 2).mean(-1)
    return (err * free).sum() / free.sum().clamp(min=1)


def teacher_envelope(targets, q=0.1):
    """(low, high) tensors [44]: the q-th and (100 - q)-th percentile of every output channel over the
    synthetic training targets, the range the teacher drives it in (0, 0 for a channel it never moves)."""
    t = np.concatenate([np.asarray(x, np.float32) for x in targets])
    return (torch.as_tensor(np.percentile(t, q, axis=0), dtype=torch.float32),
            torch.as_tensor(np.percentile(t, 100 - q, axis=0), dtype=torch.float32))


def animation_visemes(vis, n):
    """[B, n] 50 Hz viseme labels ``vis`` [B, V] read at the n animation frames (30 fps): frame f takes
    the 50 Hz frame nearest its time (50 Hz frame j lies at 20 j + 12.5 ms)."""
    f = torch.arange(n, dtype=torch.float32)
    j = torch.clamp(torch.round((f / 30.0 - 0.0125) / 0.02).long(), 0, vis.shape[1] - 1)
    return vis[:, j]


def viseme_envelope(targets, visemes, q=0.1, min_frames=200):
    """(low, high) tensors [classes + 1, 44]: row v the q-th and (100 - q)-th percentile of every output
    channel over the synthetic training target frames labelled viseme v (50 Hz labels read at 30 fps),
    the range the teacher drives that channel in during that viseme; the last row is
    :func:`teacher_envelope`'s range over all frames, also taken by a class with under ``min_frames``."""
    glo, ghi = teacher_envelope(targets, q)
    rows = {v: [] for v in range(len(V.VISEMES))}
    for t, v in zip(targets, visemes):
        t = np.asarray(t, np.float32)
        lab = animation_visemes(torch.as_tensor(np.asarray(v, np.int64))[None], t.shape[0])[0].numpy()
        for c in np.unique(lab[lab >= 0]):
            rows[int(c)].append(t[lab == c])
    lo, hi = [], []
    for v in range(len(V.VISEMES)):
        x = np.concatenate(rows[v]) if rows[v] else np.zeros((0, glo.numel()), np.float32)
        if x.shape[0] < min_frames:
            lo.append(glo.numpy()); hi.append(ghi.numpy())
        else:
            lo.append(np.percentile(x, q, axis=0)); hi.append(np.percentile(x, 100 - q, axis=0))
    lo.append(glo.numpy()); hi.append(ghi.numpy())
    return (torch.as_tensor(np.stack(lo), dtype=torch.float32), torch.as_tensor(np.stack(hi), dtype=torch.float32))


def envelope_rows(visemes, closed, free, n):
    """[B, n] row of :func:`viseme_envelope` for every animation frame of the real crops: PP inside a
    trusted closure (``closed`` [B, F]), the frame's own label where it is clear of every bilabial
    (``free`` [B, F]; labels ``visemes`` [B, 50 Hz], -1 none), the overall row elsewhere, since the
    reference labels are not trusted near a bilabial."""
    overall = len(V.VISEMES)
    lab = animation_visemes(visemes, n)
    rows = torch.full_like(lab, overall)
    keep = (free[:, :n] > 0) & (lab >= 0)
    rows[keep] = lab[keep]
    rows[closed[:, :n] > 0] = V.VISEME_INDEX["PP"]
    return rows


def warm_start(model, weights, d):
    """Loads a checkpoint's weights; a "log-mel+phones" model keeps its new phone convolution at zero
    (so it starts as the checkpoint) and standardises the phone scores with the training data's."""
    missing, unexpected = model.load_state_dict(weights, strict=False)
    new = {"encoder.extra.weight", "encoder.extra.bias", "encoder.extra_mean", "encoder.extra_std"}
    if unexpected or (set(missing) - new) or (missing and model.config.get("frontend") != PHONES_FRONTEND):
        raise ValueError("checkpoint does not fit: missing %s, unexpected %s" % (missing, unexpected))
    if missing:
        extra = np.concatenate([x[:, N_MELS:] for x in d["input"][::7]])
        model.encoder.extra_mean.copy_(torch.as_tensor(extra.mean(0)))
        model.encoder.extra_std.copy_(torch.as_tensor(extra.std(0) + 1e-3))


def closure_term(pred, tgt, vis):
    """Squared error on the animation frames inside a p/b/m (50 Hz labels mapped to 30 fps), scaled
    like the plain MSE: added (weight - 1) times, it weights bilabial frames ``weight`` times."""
    n = min(pred.shape[1], tgt.shape[1])
    pp = (animation_visemes(vis, n) == V.VISEME_INDEX["PP"]).float()      # [B, n]
    err = ((pred[:, :n] - tgt[:, :n]) ** 2).mean(-1)                       # [B, n]
    return (err * pp).sum() / pp.numel()


def swap_channels(batcher, chan, mel, p, rng):
    """Replaces crops by the same crop of the utterance's channel copy (the batcher records both)."""
    mel = mel.clone()
    for b, (i, k) in enumerate(batcher.last):
        if i in chan and rng.random() < p:
            m = chan[i][10 * k:10 * k + mel.shape[1]]
            if m.shape[0] == mel.shape[1]:
                mel[b] = torch.as_tensor(m)
    return mel


if __name__ == "__main__":
    main()
