"""festival voices with segment timing.

One festival process per batch of utterances runs a generated Scheme script: for each text it
synthesises an utterance, saves the waveform (RIFF) and the segment end times
(``utt.save.segs``: lines ``END 100 PHONE`` after a ``#`` header; the first segment starts at 0).
Phones are festival's radio (ARPAbet-like) set; pauses are ``pau``.
"""

import os
import subprocess
import tempfile
import wave

import numpy as np

VOICES = ("kal_diphone", "ked_diphone", "cmu_us_slt_arctic_hts")


def _scheme_string(text):
    clean = "".join(ch for ch in text if ch.isprintable()).replace("\\", " ").replace('"', "'")
    return '"' + clean + '"'


def read_wav(path):
    with wave.open(path, "rb") as w:
        sr = w.getframerate()
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        if w.getnchannels() > 1:
            data = data.reshape(-1, w.getnchannels())[:, 0]
    return data.astype(np.float32) / 32768.0, sr


def read_segs(path):
    phones, start = [], 0.0
    with open(path, encoding="latin-1") as fh:
        body = False
        for line in fh:
            if line.startswith("#"):
                body = True
                continue
            parts = line.split()
            if body and len(parts) >= 3:
                end = float(parts[0])
                phones.append((parts[2], start, end))
                start = end
    return phones


def synthesize_batch(texts, voice, duration_stretch=1.0):
    """[(float32 audio, sample rate, [(phone, start_s, end_s)])] for each text, in order."""
    if voice not in VOICES:
        raise ValueError("unknown festival voice %r" % voice)
    with tempfile.TemporaryDirectory(prefix="adamesh-festival-") as tmp:
        lines = ["(voice_%s)" % voice, "(Parameter.set 'Duration_Stretch %.4f)" % duration_stretch]
        for i, text in enumerate(texts):
            wav = os.path.join(tmp, "%d.wav" % i)
            seg = os.path.join(tmp, "%d.segs" % i)
            lines.append("(set! u (Utterance Text %s))" % _scheme_string(text))
            lines.append("(utt.synth u)")
            lines.append("(utt.save.wave u \"%s\" 'riff)" % wav)
            lines.append("(utt.save.segs u \"%s\")" % seg)
        script = os.path.join(tmp, "run.scm")
        with open(script, "w", encoding="latin-1", errors="replace") as fh:
            fh.write("\n".join(lines) + "\n")
        proc = subprocess.run(["festival", "--batch", script], capture_output=True, text=True,
                              encoding="latin-1")
        out = []
        for i in range(len(texts)):
            wav = os.path.join(tmp, "%d.wav" % i)
            if not os.path.exists(wav):
                raise RuntimeError("festival (%s) made no audio for %r: %s" % (voice, texts[i], proc.stderr[-500:]))
            audio, sr = read_wav(wav)
            out.append((audio, sr, read_segs(os.path.join(tmp, "%d.segs" % i))))
        return out
