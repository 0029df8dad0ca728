"""Seen against unseen voices: the network's bilabial closures on synthetic speakers it trained on and on
the held-out ones (issue 13, ADR 0035).

ADR 0029 found that the shipped network falls short of the closure targets even on synthetic speech
(held-out speakers). This command says whether that is a ceiling of what the network can fit or a gap
in what it carries over to voices it has not heard: it scores the same counts as ``real_voice_eval``
(closures within one frame, false closures a minute, viseme agreement at 20 ms) on

* ``seen``: ``--seen-speakers`` speakers of the training split (evenly spaced in id order), on the
  test utterances ``split_reference`` picks (the utterances after each speaker's first 10 s); the
  network trained on all of them;
* ``seen_new_text`` (with ``--new-texts N``): the same seen speakers reading N sentences each that are
  in no training utterance, synthesised now exactly as the corpus build makes an utterance (voice,
  augmentation, teacher); the speaker's style reference stays its first 10 s of training speech. It
  tells a network that learnt the voices from one that learnt the utterances;
* ``unseen``: every held-out speaker, the same way (what ``real_voice_eval`` calls synthetic_heldout);

each three ways: the network with the scored default speaker's profile (``default``), the network
in each speaker's own style from its 10 s reference without MoLoRA (``own_style``), and the teacher
animation itself (``teacher``: the targets, so its viseme agreement is left out).

    cd training
    python3 -m adamesh_training.seen_voices --bundle ../models/default \\
        --checkpoint /work/expr-full/lip-real-mix/base.pt --weights checkpoint \\
        --run /work/expr-full/lip-real-mix --json /tmp/seen.json

``--run`` must hold the run's ``cache-train.npz`` and ``cache-heldout.npz`` (``train_expression``
writes them; a lip-stage run links them).
"""

import argparse
import os
import sys
import time

import numpy as np
import torch

from . import corpus as C
from . import data as D
from . import expression_data as ED
from . import speakers as S
from . import text as T
from . import real_voice_eval as E
from .evaluate_expression import split_reference
from .head import DEFAULT_HEAD, Head
from .atomic import write_json

WAYS = ("default", "own_style", "teacher")


def pick_speakers(ids, count):
    """``count`` speaker ids spread evenly over ``ids`` in sorted order (all of them when count >= len)."""
    ids = sorted(set(ids))
    if count >= len(ids):
        return ids
    return [ids[(k * len(ids)) // count] for k in range(count)]


def new_text_data(train, speakers, count, seed=7):
    """(data dict in expression_data.build's layout, the speakers in it): per speaker, its 10 s style
    reference from ``train`` followed by ``count`` new utterances of sentences no training utterance
    has. A speaker whose language has a fixed sentence pool (text.FOREIGN) that training has used up
    is left out."""
    table = {s["id"]: s for s in S.speaker_table()}
    names = Head(DEFAULT_HEAD).expression_names
    seen_texts = set(train["text"])
    sentences = T.SentenceSource()
    out = {k: [] for k in ("mel", "target", "viseme", "speaker", "text")}

    def add(mel, tgt, vis, sid, txt):
        for k, v in zip(("mel", "target", "viseme", "speaker", "text"), (mel, tgt, vis, sid, txt)):
            out[k].append(v)
    kept = []
    for n, sid in enumerate(speakers):
        pool = T.SentenceSource.fixed_pool(table[sid]["language"])
        if pool is not None and len(set(pool) - seen_texts) < count:
            continue
        kept.append(sid)
        ref, _, _ = split_reference(train, sid)
        for i in ref:
            add(train["mel"][i], train["target"][i], train["viseme"][i], sid, train["text"][i])
        rng = np.random.default_rng([seed, n])
        made, tries = 0, 0
        while made < count:
            tries += 1
            if tries > 50 * count:
                raise RuntimeError("%s: fewer than %d sentences outside the training texts" % (sid, count))
            sentence = C.choose_sentence(table[sid], sentences, rng)
            if sentence in seen_texts:
                continue
            u = C.make_utterance(table[sid], sentence, rng, names)
            mel, tgt, vis = ED.utterance_arrays(D.Utterance(
                speaker=sid, text=sentence, audio=u["audio"].astype(np.float32) / 32767.0, phones=u["phones"],
                expression=u["expression"], pose=u["pose"]))
            add(mel, tgt, vis, sid, sentence)
            seen_texts.add(sentence)
            made += 1
    return out, kept


def teacher_rows(data, speakers, gapper, per_speaker):
    """The counts of the teacher animation (the training targets) on the same test utterances."""
    out = []
    for sid in speakers:
        _, test, _ = split_reference(data, sid, test_count=per_speaker)
        for i in test:
            segs, pp = E.synthetic_segments(data["viseme"][i])
            row = E.score_item(gapper(data["target"][i].astype("float64")), data["viseme"][i], segs, pp, pp)
            out.append(dict(row, agree=0, frames=0, speaker=sid))     # the labels are the teacher's own
    return out


def score_split(model, speaker, data, speakers, per_speaker, chunk, gapper):
    """{way: total(rows)} for one split, and each speaker's own totals under ``per_speaker``."""
    rows = {"default": E.synthetic_rows(model, speaker, data, gapper, chunk, per_speaker, speakers),
            "own_style": E.synthetic_rows(model, speaker, data, gapper, chunk, per_speaker, speakers,
                                          own_style=True),
            "teacher": teacher_rows(data, speakers, gapper, per_speaker)}
    out = {way: E.total(r) for way, r in rows.items()}
    out["per_speaker"] = {way: {sid: E.total([x for x in r if x["speaker"] == sid], ci=False) for sid in speakers}
                          for way, r in rows.items()}
    return out


def evaluate(model, speaker, train, held, seen_speakers=12, per_speaker=6, chunk=0, new_texts=0, seen_ids=None):
    """``seen_ids`` (training speaker ids) replaces the spread pick of ``seen_speakers``."""
    gapper = E.LipGap(Head())
    seen = seen_ids or pick_speakers(train["speaker"], seen_speakers)
    unseen = sorted(set(held["speaker"]))
    table = {"seen": dict(score_split(model, speaker, train, seen, per_speaker, chunk, gapper), speakers=seen)}
    if new_texts:
        fresh, kept = new_text_data(train, seen, new_texts)
        table["seen_new_text"] = dict(score_split(model, speaker, fresh, kept, new_texts, chunk, gapper),
                                      speakers=kept)
    table["unseen"] = dict(score_split(model, speaker, held, unseen, per_speaker, chunk, gapper), speakers=unseen)
    return table


def print_table(table, out=sys.stdout):
    print("| voices | decoded | closures | false / min | errors / min | viseme agr. | events | speech s |", file=out)
    print("| --- | --- | --- | --- | --- | --- | --- | --- |", file=out)
    for split in table:
        for way in WAYS:
            r = table[split][way]
            agr = "-" if way == "teacher" else "%.3f" % r["viseme_agreement_20ms"]
            print("| %s (%d speakers) | %s | %.3f | %.2f | %.2f | %s | %d | %.0f |" % (
                split, len(table[split]["speakers"]), way, r["closures"], r["false_per_min"],
                r["errors_per_min"], agr, r["events"], r["speech_s"]), file=out)


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m adamesh_training.seen_voices", description=__doc__.split("\n\n")[0])
    ap.add_argument("--bundle", required=True)
    ap.add_argument("--checkpoint", required=True, help="the training checkpoint to score")
    ap.add_argument("--weights", choices=["bundle", "checkpoint"], default="bundle")
    ap.add_argument("--speaker", default=None, help="speaker profile JSON for the 'default' rows "
                    "(default: as real_voice_eval picks it)")
    ap.add_argument("--run", required=True, help="run folder with cache-train.npz and cache-heldout.npz")
    ap.add_argument("--seen-speakers", type=int, default=12)
    ap.add_argument("--seen-ids", default=None, metavar="ID,ID,...",
                    help="score these training speakers as the seen set instead of --seen-speakers spread ones")
    ap.add_argument("--per-speaker", type=int, default=6)
    ap.add_argument("--new-texts", type=int, default=0, metavar="N",
                    help="also score the seen speakers on N new sentences each (seen_new_text)")
    ap.add_argument("--live", action="store_true", help="score live mode (chunked encoder) instead of quality")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    if a.seen_speakers < 1 or a.per_speaker < 1:
        ap.error("--seen-speakers and --per-speaker must be at least 1")
    if a.new_texts < 0:
        ap.error("--new-texts must not be negative")
    caches = [os.path.join(a.run, "cache-%s.npz" % s) for s in ("train", "heldout")]
    missing = [c for c in caches if not os.path.exists(c)]
    if missing:
        ap.error("the run has no feature cache %s (train_expression writes cache-train.npz and "
                 "cache-heldout.npz into its run folder)" % ", ".join(missing))
    torch.set_num_threads(1)
    t0 = time.time()
    model, source = E.load_model(a.bundle, a.checkpoint, a.weights)
    speaker = E.Speaker(E.speaker_path(a.bundle, a.checkpoint, a.weights, a.speaker))
    train, held = (ED.build(None, s, c) for s, c in zip(("train", "heldout"), caches))
    seen_ids = None
    if a.seen_ids:
        seen_ids = [x.strip() for x in a.seen_ids.split(",") if x.strip()]
        foreign = sorted(set(seen_ids) - set(train["speaker"]))
        if foreign:
            ap.error("--seen-ids: %s not in the training split (training speakers: %s)"
                     % (", ".join(foreign), ", ".join(sorted(set(train["speaker"])))))
    table = evaluate(model, speaker, train, held, a.seen_speakers, a.per_speaker, E.LIVE_CHUNK if a.live else 0,
                     a.new_texts, seen_ids)
    print_table(table)
    if a.json:
        doc = {"speaker": speaker.id, "weights": source, "mode": "live" if a.live else "quality",
               "closed_lips_below_mm": E.CLOSED_M * 1000, "table": table, "seconds": round(time.time() - t0, 1),
               "command": "python3 -m adamesh_training.seen_voices " + " ".join(argv if argv is not None else sys.argv[1:])}
        write_json(a.json, doc)


if __name__ == "__main__":
    main()
