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
