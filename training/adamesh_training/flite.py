"""flite voices with segment timing (issue 13 point 2: a synthesiser the default corpus does not have).

Debian ``flite`` (CMU Flite 2.2) brings four English voices built differently from espeak-ng's formant
voices and festival's diphone / HTS voices: ``awb`` (Scottish English male), ``rms`` (US male) and
``slt`` (US female) are clustergen statistical-parametric voices, ``kal16`` a 16 kHz diphone voice.
``flite -psdur`` prints each segment with its end time (``phone:END`` separated by spaces; the first
segment starts at 0); phones are the CMU set in lower case, pauses ``pau``, so festival's ARPAbet
viseme mapping applies. ``duration_stretch`` and ``f0_shift`` (a factor on the clustergen voices'
pitch; diphone voices take ``int_f0_target_mean`` in Hz) vary a voice.
"""

import os
import shutil
import subprocess
import tempfile

from .festival import read_wav

VOICES = ("awb", "rms", "slt", "kal16")
TIMEOUT_S = 120


def available():
    """True when the ``flite`` program is installed (training/setup-debian.sh installs it)."""
    return shutil.which("flite") is not None


def parse_psdur(line):
    """``pau:0.249 b:0.314 ...`` -> [(phone, start_s, end_s)]; a malformed token raises ValueError."""
    phones, start = [], 0.0
    for tok in line.split():
        name, sep, end = tok.rpartition(":")
        if not sep or not name:
            raise ValueError("flite segment %r is not PHONE:END" % tok)
        end = float(end)
        if end < start:
            raise ValueError("flite segment %r ends before the previous one (%.3f s)" % (tok, start))
        phones.append((name, start, end))
        start = end
    return phones


def synthesize(text, voice, duration_stretch=1.0, f0_shift=1.0, f0_mean_hz=None):
    """(float32 audio, sample rate, [(phone, start_s, end_s)]) for one text."""
    if voice not in VOICES:
        raise ValueError("unknown flite voice %r (one of %s)" % (voice, ", ".join(VOICES)))
    if not available():
        raise RuntimeError("flite is not installed: run training/setup-debian.sh (apt package flite)")
    clean = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    if not clean:
        raise ValueError("flite needs some text to speak")
    args = ["flite", "-voice", voice, "--setf", "duration_stretch=%.4f" % duration_stretch]
    if voice == "kal16":
        if f0_mean_hz is not None:
            args += ["--setf", "int_f0_target_mean=%.1f" % f0_mean_hz]
    else:
        args += ["--setf", "f0_shift=%.4f" % f0_shift]
    with tempfile.TemporaryDirectory(prefix="adamesh-flite-") as tmp:
        wav = os.path.join(tmp, "out.wav")
        proc = subprocess.run(args + ["-psdur", "-t", clean, "-o", wav], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", timeout=TIMEOUT_S)
        if proc.returncode != 0 or not os.path.exists(wav):
            raise RuntimeError("flite (%s) made no audio for %r: %s" % (voice, text, (proc.stderr or "")[-500:]))
        lines = [ln for ln in proc.stdout.splitlines() if ":" in ln]
        if not lines:
            raise RuntimeError("flite (%s) printed no segment timing for %r" % (voice, text))
        phones = parse_psdur(" ".join(lines))
        audio, sr = read_wav(wav)
    return audio, sr, clip_to(phones, audio.size / sr)


def clip_to(phones, duration):
    """The kal16 diphone voice reports a 0.2 s final pause of which its waveform holds only about 0.1 s:
    segments are cut at the audio's end and those left empty dropped."""
    return [(p, s, min(e, duration)) for p, s, e in phones if s < duration]
