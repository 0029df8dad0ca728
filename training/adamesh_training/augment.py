"""Audio augmentation and resampling to 16 kHz (scipy.signal).

``speed`` resamples (tempo and pitch together, the classic "speed perturbation"), so phoneme times are
divided by the speed factor. Pitch is varied at synthesis time (espeak-ng's pitch and range
parameters, per speaker and per utterance) and by speed perturbation for festival.
EQ: random low/high shelving mix; noise: coloured noise at 10-30 dB SNR against the speech power;
reverb: a synthetic room impulse response (direct path, a few early reflections, exponentially
decaying noise tail with RT60 0.15-0.6 s).
"""

import math

import numpy as np
from scipy import signal

TARGET_SR = 16000


def resample_to_16k(audio, sr, speed=1.0):
    """Resamples ``audio`` (rate ``sr``) to 16 kHz, played about ``speed`` times faster.

    Returns (samples, exact speed): the speed is rounded so that gcd(source rate, 16000) >= 50, which
    keeps the polyphase filters short; a time ``t`` in the source is ``t / exact_speed`` in the output.
    """
    src = int(round(sr * speed / 50.0)) * 50
    g = math.gcd(TARGET_SR, src)
    return signal.resample_poly(audio.astype(np.float64), TARGET_SR // g, src // g), src / float(sr)


def draw(rng, strength=1.0):
    """Random augmentation parameters (a plain dict, stored with the utterance)."""
    p = {"speed": float(rng.uniform(0.9, 1.1)), "gain_db": float(rng.uniform(-8, 0))}
    if rng.random() < 0.5 * strength:
        p["eq"] = {"low_db": float(rng.uniform(-9, 6)), "high_db": float(rng.uniform(-12, 6)),
                   "low_hz": float(rng.uniform(150, 500)), "high_hz": float(rng.uniform(2000, 5000))}
    if rng.random() < 0.35 * strength:
        p["reverb"] = {"rt60": float(rng.uniform(0.15, 0.6)), "wet": float(rng.uniform(0.1, 0.5)),
                       "seed": int(rng.integers(1 << 31))}
    if rng.random() < 0.5 * strength:
        p["noise"] = {"snr_db": float(rng.uniform(10, 30)), "tilt": float(rng.uniform(-0.9, 0.9)),
                      "seed": int(rng.integers(1 << 31))}
    return p


def _eq(x, q):
    b, a = signal.butter(2, q["low_hz"] / (TARGET_SR / 2), "low")
    low = signal.lfilter(b, a, x)
    b, a = signal.butter(2, q["high_hz"] / (TARGET_SR / 2), "high")
    high = signal.lfilter(b, a, x)
    return x + (10 ** (q["low_db"] / 20) - 1) * low + (10 ** (q["high_db"] / 20) - 1) * high


def room_impulse(rt60, seed, sr=TARGET_SR):
    rng = np.random.default_rng(seed)
    n = int(rt60 * sr)
    t = np.arange(n) / sr
    tail = rng.standard_normal(n) * np.exp(-6.9 * t / rt60)     # -60 dB at rt60
    tail[: int(0.005 * sr)] = 0.0
    h = 0.3 * tail / (np.sqrt(np.sum(tail ** 2)) + 1e-9)
    h[0] = 1.0
    for _ in range(4):
        h[int(rng.uniform(0.002, 0.02) * sr)] += rng.uniform(0.2, 0.5) * rng.choice([-1, 1])
    return h


def apply(x, p, speech_mask=None):
    """Applies the parameters of :func:`draw` (except speed) to 16 kHz float audio."""
    y = np.asarray(x, dtype=np.float64)
    if "eq" in p:
        y = _eq(y, p["eq"])
    if "reverb" in p:
        r = p["reverb"]
        wet = signal.fftconvolve(y, room_impulse(r["rt60"], r["seed"]))[: y.size]
        y = (1 - r["wet"]) * y + r["wet"] * wet
    if "noise" in p:
        nz = p["noise"]
        rng = np.random.default_rng(nz["seed"])
        noise = signal.lfilter([1.0], [1.0, -nz["tilt"]], rng.standard_normal(y.size))
        active = y[speech_mask] if speech_mask is not None and speech_mask.any() else y
        ps = np.mean(active ** 2) + 1e-12
        noise *= np.sqrt(ps / (np.mean(noise ** 2) + 1e-12) / 10 ** (nz["snr_db"] / 10))
        y = y + noise
    peak = np.max(np.abs(y)) if y.size else 1.0
    y = y / max(peak, 1e-9) * 0.95 * 10 ** (p.get("gain_db", 0.0) / 20)
    return y.astype(np.float32)


# ---------------------------------------------------------------- real-world channels (issue 13)
# Codecs through FFmpeg (mp3 at 16-32 kbit/s, Opus at 6-16 kbit/s, GSM 06.10 at 8 kHz), telephone
# band (300-3400 Hz at 8 kHz) and laptop-microphone colouring (high-pass, low-pass, a resonance, fan
# noise). Codec delay is measured by cross-correlation and removed, so phone timing is unchanged.

CHANNELS = ("mp3", "opus", "gsm", "telephone", "laptop")


def _ffmpeg_roundtrip(x, enc_args, fmt, rate=TARGET_SR):
    import subprocess
    pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
    enc = subprocess.run(["ffmpeg", "-v", "error", "-f", "s16le", "-ar", str(TARGET_SR), "-ac", "1", "-i", "-",
                          "-ar", str(rate)] + enc_args + ["-f", fmt, "-"], input=pcm, capture_output=True, check=True)
    dec = subprocess.run(["ffmpeg", "-v", "error", "-f", fmt, "-i", "-", "-f", "s16le", "-ar", str(TARGET_SR),
                          "-ac", "1", "-"], input=enc.stdout, capture_output=True, check=True)
    return np.frombuffer(dec.stdout, "<i2").astype(np.float64) / 32768.0


def _realign(ref, y, max_lag=1600):
    """``y`` shifted (and cut or padded) to line up with ``ref``: codecs add delay or trim priming."""
    n = min(ref.size, y.size, 16000 * 4)
    a, b = ref[:n], y[:n]
    f = np.fft.rfft(np.concatenate([a, np.zeros(n)])) * np.conj(np.fft.rfft(np.concatenate([b, np.zeros(n)])))
    cc = np.fft.irfft(f)
    lags = np.concatenate([cc[:max_lag + 1], cc[-max_lag:]])
    lag = int(np.argmax(lags))
    lag = lag if lag <= max_lag else lag - (2 * max_lag + 1)      # y[t - lag] ~ ref[t]
    out = np.zeros(ref.size)
    if lag >= 0:
        seg = y[:max(0, ref.size - lag)]
        out[lag:lag + seg.size] = seg
    else:
        seg = y[-lag:-lag + ref.size]
        out[:seg.size] = seg
    return out


def draw_channel(rng):
    kind = CHANNELS[int(rng.integers(len(CHANNELS)))]
    p = {"kind": kind}
    if kind == "mp3":
        p["kbps"] = int(rng.choice([16, 24, 32]))
    elif kind == "opus":
        p["kbps"] = int(rng.choice([6, 8, 12, 16]))
    elif kind == "laptop":
        p.update(hp=float(rng.uniform(120, 350)), lp=float(rng.uniform(4500, 7500)),
                 peak_hz=float(rng.uniform(1500, 5000)), peak_db=float(rng.uniform(3, 10)),
                 snr_db=float(rng.uniform(12, 30)), seed=int(rng.integers(1 << 31)))
    if kind != "laptop" and rng.random() < 0.3:          # a codec after a cheap microphone
        p["band"] = [float(rng.uniform(100, 300)), float(rng.uniform(3400, 7000))]
    return p


def apply_channel(x, p):
    """16 kHz float audio through one real-world channel of :func:`draw_channel`."""
    y = np.asarray(x, dtype=np.float64)
    if "band" in p:
        b, a = signal.butter(4, [p["band"][0], p["band"][1]], "bandpass", fs=TARGET_SR)
        y = signal.lfilter(b, a, y)
    k = p["kind"]
    if k == "mp3":
        y = _realign(y, _ffmpeg_roundtrip(y, ["-c:a", "libmp3lame", "-b:a", "%dk" % p["kbps"]], "mp3"))
    elif k == "opus":
        y = _realign(y, _ffmpeg_roundtrip(y, ["-c:a", "libopus", "-b:a", "%dk" % p["kbps"]], "ogg"))
    elif k == "gsm":
        y = _realign(y, _ffmpeg_roundtrip(y, ["-c:a", "libgsm"], "gsm", rate=8000))
    elif k == "telephone":
        b, a = signal.butter(6, [300, 3400], "bandpass", fs=TARGET_SR)
        y = signal.resample_poly(signal.resample_poly(signal.lfilter(b, a, y), 1, 2), 2, 1)
        y = np.sign(y) * np.log1p(255 * np.minimum(np.abs(y) / (np.max(np.abs(y)) + 1e-9), 1)) / np.log(256)
        y = np.round(y * 127) / 127                        # 8-bit mu-law quantisation
        y = np.sign(y) * ((1 + 255) ** np.abs(y) - 1) / 255 * np.max(np.abs(x))
    elif k == "laptop":
        b, a = signal.butter(2, p["hp"], "highpass", fs=TARGET_SR)
        y = signal.lfilter(b, a, y)
        b, a = signal.butter(4, p["lp"], "lowpass", fs=TARGET_SR)
        y = signal.lfilter(b, a, y)
        w0 = p["peak_hz"] / (TARGET_SR / 2)
        b, a = signal.iirpeak(w0, 3.0)
        y = y + (10 ** (p["peak_db"] / 20) - 1) * signal.lfilter(b, a, y)
        rng = np.random.default_rng(p["seed"])
        hum = signal.lfilter([1.0], [1.0, -0.97], rng.standard_normal(y.size))   # fan: low rumble
        hum *= np.sqrt(np.mean(y ** 2) / (np.mean(hum ** 2) + 1e-12) / 10 ** (p["snr_db"] / 10))
        y = y + hum
    peak = np.max(np.abs(y)) if y.size else 1.0
    return (y / max(peak, 1e-9) * max(float(np.max(np.abs(x))) if np.size(x) else 1.0, 1e-3)).astype(np.float32)
