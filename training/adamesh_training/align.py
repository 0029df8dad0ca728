"""Real-speech evaluation set: pocketsphinx phone alignment of Debian's LibriVox test clips.

Each clip's transcript is expanded to phones with the CMU dictionary of ``pocketsphinx-en-us``; a
JSGF grammar of one-phone "words" (optional SIL between words) forces pocketsphinx to that phone
sequence, and ``-time yes`` prints every word (= phone) with start and end. Very wide beams are
needed (``-beam 1e-100 -wbeam 1e-80 -pbeam 1e-100 -maxhmmpf -1 -fsgusefiller no``); the default
beams end in "Final result does not match the grammar". The teacher animation of the alignment is
the evaluation reference; :func:`sanity` measures boundaries against energy and voicing.
"""

import functools
import os
import re
import subprocess
import tempfile

import numpy as np

from . import festival, teacher
from . import visemes as V

LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox"
MODEL = "/usr/share/pocketsphinx/model/en-us"
ARGS = ["-beam", "1e-100", "-wbeam", "1e-80", "-pbeam", "1e-100", "-maxhmmpf", "-1",
        "-fsgusefiller", "no", "-time", "yes", "-remove_silence", "no", "-logfn", "/dev/null"]


def transcripts():
    out = {}
    with open(os.path.join(LIBRIVOX, "transcription")) as fh:
        for line in fh:
            m = re.match(r"<s>(.*)</s>\s*\((.*)\)", line.strip())
            if m:
                out[m.group(2)] = m.group(1).split()
    return out


@functools.lru_cache(maxsize=1)
def cmudict():
    """{word: [phone, ...]} of pocketsphinx's en-us dictionary, read once per process; shared, so callers
    must not change it."""
    d = {}
    with open(os.path.join(MODEL, "cmudict-en-us.dict"), encoding="latin-1") as fh:
        for line in fh:
            parts = line.split()
            if parts and parts[0] not in d:
                d[parts[0]] = parts[1:]
    return d


def align(clip_id, workdir):
    words = transcripts()[clip_id]
    lex = cmudict()
    for w in words:
        if w not in lex:
            raise KeyError("%r is not in the CMU dictionary" % w)
    wav = os.path.join(LIBRIVOX, clip_id + ".wav")
    segs = align_phones(wav, [lex[w] for w in words], workdir)
    audio, sr = festival.read_wav(wav)
    return audio, sr, segs, words


def align_phones(wav, words, workdir):
    """[(phone, start, end)] of a 16 kHz wav forced to ``words`` (lists of en-us phones), SIL between."""
    seq = [" ".join("p_" + p.lower() for p in w) for w in words if w]
    phones = sorted({p for w in words for p in w} | {"SIL"})
    dic = os.path.join(workdir, "phones.dict")
    with open(dic, "w") as fh:
        for p in phones:
            fh.write("p_%s %s\n" % (p.lower(), p))
    gram = os.path.join(workdir, "clip.gram")
    with open(gram, "w") as fh:
        fh.write("#JSGF V1.0;\ngrammar clip;\npublic <clip> = [p_sil] %s [p_sil];\n"
                 % " [p_sil] ".join(seq))
    proc = subprocess.run(["pocketsphinx_continuous", "-hmm", os.path.join(MODEL, "en-us"), "-dict", dic,
                           "-jsgf", gram, "-infile", wav] + ARGS, capture_output=True, text=True)
    segs = []
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0].startswith(("p_", "<sil>", "</s>", "<s>")):
            try:
                start, end = float(parts[1]), float(parts[2])
            except ValueError:       # the hypothesis line of a 4-phone utterance
                continue
            name = parts[0][2:].upper() if parts[0].startswith("p_") else "SIL"
            segs.append((name, start, end + 0.01))
    got = [p for p, _, _ in segs if p != "SIL"]
    want = [p for w in words for p in w]
    if got != want:
        raise ValueError("pocketsphinx did not follow the phone sequence (%s)" % " ".join(got[:12]))
    return segs


def align_audio(audio, words, workdir):
    """align_phones of 16 kHz float audio (written to a wav in ``workdir`` first)."""
    wav = os.path.join(workdir, "a.wav")
    write_wav16(wav, audio)
    return align_phones(wav, words, workdir)


def write_wav16(path, audio):
    import wave
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def sanity(audio, sr, segs):
    """Boundary checks: energy dips at stop/vowel edges, voicing inside vowels vs. silences."""
    def db(t, half=0.01):
        seg = audio[max(0, int((t - half) * sr)):int((t + half) * sr)].astype(np.float64)
        return 10 * np.log10(np.mean(seg ** 2) + 1e-12)
    f0 = teacher.pitch_track(audio, sr, teacher.frame_count(audio.size / sr))
    vowels = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}
    voiced_v, sil_db, vow_db, rises = [], [], [], []
    for (p, s, e), nxt in zip(segs, segs[1:] + [None]):
        frames = [f for f in range(f0.size) if s <= f / 30 < e]
        if p in vowels:
            voiced_v += [f0[f] > 0 for f in frames]
            vow_db.append(db(0.5 * (s + e)))
        elif p == "SIL" and e - s > 0.1:
            sil_db.append(db(0.5 * (s + e)))
        if p in ("P", "T", "K", "B", "D", "G") and nxt and nxt[0] in vowels:
            rises.append(db(nxt[1] + 0.02) - db(s + 0.3 * (e - s)))
    return {"phones": len(segs), "vowel_voiced_fraction": float(np.mean(voiced_v)) if voiced_v else None,
            "vowel_minus_pause_db": float(np.mean(vow_db) - np.mean(sil_db)) if sil_db else None,
            "stop_to_vowel_rise_db_median": float(np.median(rises)) if rises else None,
            "stop_to_vowel_rises_positive": float(np.mean(np.array(rises) > 0)) if rises else None}


def evaluation_set(names):
    """[(clip_id, audio16k, segs, teacher output, sanity dict)] for every LibriVox test clip."""
    out = []
    with tempfile.TemporaryDirectory(prefix="adamesh-align-") as tmp:
        for cid in sorted(transcripts()):
            audio, sr, segs, _ = align(cid, tmp)
            vs = V.segments_to_visemes([(p, s, e) for p, s, e in segs], V.arpabet_visemes)
            anim = teacher.animate(audio, sr, vs, names, seed=0)
            out.append((cid, audio, segs, anim, sanity(audio, sr, segs)))
    return out


if __name__ == "__main__":
    import json
    from .head import Head
    for cid, audio, segs, anim, s in evaluation_set(Head().expression_names):
        print(cid, "%.2f s" % (audio.size / 16000), json.dumps(s))
