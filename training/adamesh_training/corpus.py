"""Builds the synthetic talking-face corpus (see training/CORPUS.md).

    python3 -m adamesh_training.corpus build --out DIR [--quick] [--hours H] [--seed S]
    python3 -m adamesh_training.corpus build --out DIR --set diversity [--shard-seconds 120]

``--set flite`` builds the flite set (speakers.flite_table: 12 speakers of a third synthesiser, one
shard each, ADR 0036). ``--set diversity`` builds the synthesiser-diversity extension instead (speakers.diversity_table: one
shard per espeak-ng language, each with its own voice variant; see CORPUS.md); ``--set diversity-read``
the same voices reading English text where ``diversity`` speaks phoneme pseudo-words.

Seeded and reproducible (shard ``k`` depends only on the seed and ``k``: same seed, same bytes),
resumable (finished shards are skipped; a shard appears only when complete), with progress on stderr.
"""

import argparse
import json
import math
import multiprocessing
import os
import sys
import time

import numpy as np

from . import augment, espeak, festival, flite, speakers, teacher, text
from . import visemes as V
from .head import DEFAULT_HEAD, JOINTS, Head
from .shards import FORMAT, VERSION, json_array, pack, write_npz
from .atomic import write_json

SHARD_SECONDS = 300.0
QUICK = {"shards": 4, "shard_seconds": 7.0}
SPEAKER_STRIDE = 11          # shard k speaks with speaker (11 k) mod 48: quick builds mix synths
VISEME_MAPPERS = {"espeak": V.espeak_visemes, "festival": V.arpabet_visemes, "flite": V.arpabet_visemes}   # phone names -> visemes, by synthesiser


def shard_speaker(k, table):
    return table[(SPEAKER_STRIDE * k) % len(table)]


def _silence_pad(rng):
    return float(rng.uniform(0.15, 0.5)), float(rng.uniform(0.2, 0.6))


def _synth_source(spk, sentence, rng):
    """Raw audio, rate, [(phone, start, end)] and the phone mapper for one sentence."""
    if spk["synth"] == "espeak":
        pitch = int(np.clip(spk["pitch"] + rng.integers(-10, 11), 0, 99))
        rate = int(spk["rate"] * rng.uniform(0.9, 1.1))
        audio, phones = espeak.synthesize(sentence, spk["voice"], rate, pitch, spk["range"],
                                          phonemes=spk.get("text") == "phonemes")
        if "text" in spk:                      # diversity speakers: drop language-switch markers
            phones = drop_switch_markers(phones)
        return audio, espeak.ESPEAK_RATE_HZ, phones, VISEME_MAPPERS["espeak"], {"pitch": pitch, "rate": rate}
    stretch = float(rng.uniform(0.9, 1.15))
    if spk["synth"] == "flite":
        jitter = float(rng.uniform(0.96, 1.04))          # per-sentence pitch wobble around the speaker's
        shift = spk.get("f0_shift", 1.0) * jitter
        mean = spk["f0_mean_hz"] * jitter if "f0_mean_hz" in spk else None
        audio, sr, phones = flite.synthesize(sentence, spk["voice"], stretch, shift, mean)
        info = {"duration_stretch": round(stretch, 4), "f0_jitter": round(jitter, 4)}
        return audio, sr, phones, VISEME_MAPPERS["flite"], info
    audio, sr, phones = festival.synthesize_batch([sentence], spk["voice"], stretch)[0]
    return audio, sr, phones, VISEME_MAPPERS["festival"], {"duration_stretch": round(stretch, 4)}


def viseme_segments(segs, mapper):
    """Timed phones [(phone, start, end)] (``_pad``: silence) -> the teacher's viseme segments
    [(viseme, start, end, phone)] (diphthongs split) and the stored phone rows
    [(phone, start, end, first viseme index)]; empty phones are dropped."""
    vsegs, rows = [], []
    for p, s, e in segs:
        if e <= s:
            continue
        vis = ("sil",) if p == "_pad" else mapper(p)
        vsegs += V.segments_to_visemes([(p, s, e)], lambda _n, v=vis: v)
        rows.append((p, s, e, V.VISEME_INDEX[vis[0]]))
    return vsegs, rows


def make_utterance(spk, sentence, rng, names):
    audio, sr, phones, mapper, synth_info = _synth_source(spk, sentence, rng)
    aug = augment.draw(rng)
    clean, speed = augment.resample_to_16k(audio, sr, aug["speed"])
    lead, tail = _silence_pad(rng)
    clean = np.concatenate([np.zeros(int(lead * 16000)), clean, np.zeros(int(tail * 16000))])
    timed = [(p, lead + s / speed, lead + e / speed) for p, s, e in phones]
    total = clean.size / 16000.0
    segs = [("_pad", 0.0, timed[0][1] if timed else total)] + timed
    if timed:
        segs.append(("_pad", timed[-1][2], total))
    vsegs, rows = viseme_segments(segs, mapper)
    anim = teacher.animate(clean.astype(np.float32), 16000, vsegs, names, spk["style"],
                           seed=int(rng.integers(1 << 31)))
    mask = np.zeros(clean.size, bool)
    for vis, s, e, _ in vsegs:
        if vis != "sil":
            mask[int(s * 16000):int(e * 16000)] = True
    noisy = augment.apply(clean, aug, mask)
    info = {"voice": spk["voice"], "synth": spk["synth"], "language": spk["language"],
            "augment": aug, "speed_exact": round(speed, 6), "synth_params": synth_info}
    return {"audio": np.round(np.clip(noisy, -1, 1) * 32767).astype(np.int16), "phones": rows,
            "expression": anim["expression"], "pose": anim["pose"], "speaker": spk["id"],
            "text": sentence, "info": info}


def drop_switch_markers(phones):
    """espeak-ng reports a language switch (``(en)`` ... ``(hi)``) as a phoneme event; it is not a
    sound: its span goes to the phoneme after it (or the one before it at the end)."""
    out, carry = [], None
    for name, s, e in phones:
        if name.startswith("(") and name.endswith(")"):
            carry = s if carry is None else carry
            continue
        out.append((name, s if carry is None else carry, e))
        carry = None
    if carry is not None and out:
        name, s, _ = out[-1]
        out[-1] = (name, s, phones[-1][2])
    return out


def choose_sentence(spk, sentences, rng):
    """Default speakers speak their language's text; diversity speakers (speakers.diversity_table)
    English, their language's written sentences, or phoneme pseudo-words (``text``)."""
    mode = spk.get("text")
    if mode == "phonemes":
        return text.pseudo_phonemes(rng)
    if mode in ("english", "native", "read-english"):
        return sentences.language(spk["text_language"], rng)
    return sentences.language(spk["language"], rng)


def build_shard(k, seed, shard_seconds, table, names, sentences, head_id):
    rng = np.random.default_rng([seed, k])
    spk = shard_speaker(k, table)
    utts, seconds = [], 0.0
    while seconds < shard_seconds:
        sentence = choose_sentence(spk, sentences, rng)
        u = make_utterance(spk, sentence, rng, names)
        utts.append(u)
        seconds += u["audio"].size / 16000.0
    meta = {"format": FORMAT, "version": VERSION, "seed": seed, "shard": k, "sample_rate": 16000,
            "fps": teacher.FPS, "face_model": head_id, "channels": names, "joints": list(JOINTS),
            "visemes": list(V.VISEMES), "speaker": spk}
    return pack(utts, meta), seconds, len(utts)


def _shard_job(conn, path, *args):
    arrays, seconds, count = build_shard(*args)
    write_npz(path, arrays)
    conn.send((seconds, count))
    conn.close()


def _run_isolated(path, *args):
    """Builds one shard in a forked child that starts from a fresh libespeak-ng.

    libespeak-ng keeps synthesis state between calls (the same text and voice give different samples
    on a second call), so a shard must not depend on what the process spoke before: the parent never
    speaks, and each shard's child starts from the same state. That makes a resumed build byte-equal
    to an uninterrupted one.
    """
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_shard_job, args=(child, path) + args)
    proc.start()
    child.close()
    try:
        result = parent.recv()
    except EOFError:
        result = None
    proc.join()
    if proc.exitcode != 0 or result is None:
        raise RuntimeError("building %s failed (exit code %s)" % (os.path.basename(path), proc.exitcode))
    return result


SETS = ("default", "diversity", "diversity-read", "flite")


def build(out, hours=4.2, seed=0, quick=False, shard_seconds=SHARD_SECONDS, log=sys.stderr, speaker_set="default"):
    """``speaker_set`` "diversity" or "flite": one shard of ``shard_seconds`` per speaker of that table
    (``hours`` is ignored; ``quick`` keeps 4 tiny shards)."""
    if speaker_set not in SETS:
        raise ValueError("unknown speaker set %r (one of %s)" % (speaker_set, ", ".join(SETS)))
    os.makedirs(out, exist_ok=True)
    if speaker_set.startswith("diversity"):
        table = speakers.diversity_table("read-english" if speaker_set == "diversity-read" else "phonemes")
        with multiprocessing.get_context("fork").Pool(1) as pool:     # the parent never loads espeak-ng
            missing = pool.apply(espeak.missing_voices, ([s["voice"] for s in table],))
        if missing:
            raise RuntimeError("espeak-ng lacks %d diversity voices (%s): install espeak-ng-data "
                               "(training/setup-debian.sh)" % (len(missing), ", ".join(missing[:8])))
        table_seed = speakers.DIVERSITY_SEED
    elif speaker_set == "flite":
        if not flite.available():
            raise RuntimeError("--set flite needs the flite program: install it (training/setup-debian.sh)")
        table, table_seed = speakers.flite_table(), speakers.FLITE_SEED
    else:
        table, table_seed = speakers.speaker_table(), speakers.TABLE_SEED
    head = Head(DEFAULT_HEAD)
    names = head.expression_names
    if quick:
        n_shards, shard_seconds = QUICK["shards"], QUICK["shard_seconds"]
    elif speaker_set != "default":
        n_shards = len(table)
    else:
        n_shards = int(math.ceil(hours * 3600.0 / shard_seconds))
    write_json(os.path.join(out, "speakers.json"), {"table_seed": table_seed, "set": speaker_set, "speakers": table},
               sort_keys=True)
    sentences = text.SentenceSource()
    t0 = time.time()
    done_speech = 0.0
    built = 0
    for k in range(n_shards):
        path = os.path.join(out, "shard-%05d.npz" % k)
        if os.path.exists(path):
            print("[%d/%d] %s exists, skipped" % (k + 1, n_shards, os.path.basename(path)), file=log, flush=True)
            continue
        ts = time.time()
        seconds, count = _run_isolated(path, k, seed, shard_seconds, table, names, sentences, head.model_id)
        built += 1
        done_speech += seconds
        wall = time.time() - t0
        rate = wall / max(done_speech, 1e-9) * 3600.0
        left = (n_shards - k - 1) * shard_seconds * rate / 3600.0
        print("[%d/%d] %s %s: %d utterances, %.1f s audio in %.1f s; %.2f h built, %.0f s per hour of "
              "speech, about %.0f min left" % (k + 1, n_shards, os.path.basename(path),
                                               shard_speaker(k, table)["id"], count, seconds,
                                               time.time() - ts, done_speech / 3600, rate, left / 60),
              file=log, flush=True)
    summary = summarize(out)
    summary["set"] = speaker_set
    write_json(os.path.join(out, "corpus.json"), summary, sort_keys=True)
    return summary


def summarize(out):
    """Totals over the shards present: hours, utterances, speakers, voices, languages."""
    from . import data
    hours, utts, spk, voices, langs = 0.0, 0, set(), set(), set()
    shards = data.shard_paths(out)
    for path in shards:
        with np.load(path) as z:
            hours += z["audio"].size / 16000.0 / 3600.0
            utts += z["speaker"].size
            spk.update(str(s) for s in z["speaker"])
            for info in z["utterance_info"]:
                i = json.loads(str(info))
                voices.add(i["voice"])
                langs.add(i["language"])
    return {"shards": len(shards), "hours": round(hours, 4), "utterances": utts, "speakers": len(spk),
            "voices": len(voices), "languages": sorted(langs)}


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m adamesh_training.corpus")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build (or resume building) a corpus")
    b.add_argument("--out", required=True)
    b.add_argument("--hours", type=float, default=4.2)
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--quick", action="store_true", help="4 tiny shards, for CI")
    b.add_argument("--set", default="default", choices=SETS,
                   help="speaker table: the default 48 speakers, the synthesiser-diversity extension "
                        "(espeak-ng), or the flite voices")
    b.add_argument("--shard-seconds", type=float, default=None,
                   help="seconds of speech per shard (default %d; diversity: 120, one shard per speaker)"
                        % SHARD_SECONDS)
    args = ap.parse_args(argv)
    shard_s = args.shard_seconds or (120.0 if args.set.startswith("diversity") else SHARD_SECONDS)
    summary = build(args.out, args.hours, args.seed, args.quick, shard_s, speaker_set=args.set)
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
