"""Teacher animation: phoneme timing + audio -> OpenHead channels at 30 fps.

* Mouth: each viseme segment has targets on the ARKit channels and a jaw angle. Segments are blended
  with dominance functions in the manner of Cohen and Massaro (1993): segment ``i`` has dominance
  ``D_i(t) = a_i exp(-theta_i * d_i(t) ** c)``, ``d_i`` the distance in seconds from ``t`` to the
  segment (0 inside it), and a channel's value is ``sum_i D_i T_i / sum_i D_i``. Bilabials and
  labiodentals dominate strongly (they are never skipped), vowels weakly; a speaker's coarticulation
  span scales ``theta`` (longer span, smoother mouth).
* Constraints after blending: during the middle of every p/b/m the jaw is brought nearly shut and
  ``mouthClose`` is set to cancel the remaining jaw opening (OpenHead: ``mouthClose`` ~= 5 x jaw
  radians puts the lips together) with ``mouthPress``; during f/v ``mouthRollLower`` is held.
* Intensity follows loudness (frame RMS, smoothed); silence decays to the rest pose (all zeros).
* Prosody: brows rise on pitch/energy accents; the head (neck joint) nods on accents, sways slowly
  and carries a tilt bias, all scaled by the speaker's pose style.
* Blinks: inter-blink intervals drawn from a gamma distribution (mean ~4 s); eyes make small
  saccades between fixations.
"""

import numpy as np

from . import visemes as V

FPS = 30.0

# Targets: channel weights and jaw (radians about +x). Symmetric names without Left/Right apply to both.
TARGETS = {
    "sil": ({}, 0.0),
    "PP": ({"mouthPress": 0.35, "mouthRollUpper": 0.1}, 0.0),
    "FF": ({"mouthRollLower": 0.65, "mouthUpperUp": 0.2, "mouthShrugUpper": 0.1}, 0.03),
    "TH": ({"tongueOut": 0.3, "mouthLowerDown": 0.1}, 0.06),
    "DD": ({"mouthStretch": 0.1, "mouthLowerDown": 0.1}, 0.06),
    "kk": ({"mouthStretch": 0.15}, 0.08),
    "CH": ({"mouthFunnel": 0.45, "mouthPucker": 0.2, "mouthUpperUp": 0.15}, 0.05),
    "SS": ({"mouthStretch": 0.3, "mouthSmile": 0.15}, 0.025),
    "nn": ({"mouthStretch": 0.1, "mouthLowerDown": 0.05}, 0.06),
    "RR": ({"mouthPucker": 0.35, "mouthFunnel": 0.25}, 0.06),
    "aa": ({"mouthLowerDown": 0.3, "mouthUpperUp": 0.08}, 0.21),
    "E": ({"mouthStretch": 0.3, "mouthSmile": 0.2, "mouthLowerDown": 0.2}, 0.15),
    "I": ({"mouthSmile": 0.35, "mouthStretch": 0.3}, 0.07),
    "O": ({"mouthFunnel": 0.6, "mouthPucker": 0.25, "mouthLowerDown": 0.1}, 0.17),
    "U": ({"mouthPucker": 0.75, "mouthFunnel": 0.3}, 0.05),
}
# Dominance magnitude and sharpness (1/s) per viseme: closures and labiodentals must win.
DOMINANCE = {"sil": (0.6, 14.0), "PP": (4.0, 40.0), "FF": (3.0, 35.0), "TH": (1.2, 25.0),
             "DD": (0.6, 22.0), "kk": (0.5, 22.0), "CH": (1.5, 25.0), "SS": (1.0, 25.0),
             "nn": (0.6, 22.0), "RR": (1.0, 22.0), "aa": (1.0, 18.0), "E": (0.9, 18.0),
             "I": (0.9, 18.0), "O": (1.3, 18.0), "U": (1.5, 18.0)}
DOMINANCE_EXPONENT = 1.0
CLOSED_JAW = 0.008            # radians of jaw left at the middle of a bilabial
MOUTH_CLOSE_PER_JAW = 5.0     # OpenHead: mouthClose that cancels one radian of jaw opening
MAX_JAW = 0.35

DEFAULT_STYLE = {
    "articulation": 1.0, "jaw_range": 1.0, "smile_bias": 0.0, "asymmetry": 0.0, "coart_span": 1.0,
    "nod_rate": 1.0, "nod_amp": 0.05, "tilt_bias": 0.0, "sway": 0.02, "stillness": 0.0,
    "brow_gain": 0.4, "blink_mean_s": 4.0,
}


def _channel_index(names):
    return {n: i for i, n in enumerate(names)}


def _expand(name):
    """Symmetric target names map to both sides when the rig has Left/Right channels."""
    return (name + "Left", name + "Right")


def _target_vector(viseme, index, count):
    vec = np.zeros(count)
    chans, _ = TARGETS[viseme]
    for name, value in chans.items():
        if name in index:
            vec[index[name]] = value
        else:
            for side in _expand(name):
                vec[index[side]] = value
    return vec


def frame_count(duration_s):
    return int(np.ceil(duration_s * FPS - 1e-9))


def loudness(audio, sr, n_frames):
    """Per-frame loudness in 0..1 (RMS over 40 ms windows, dB relative to the utterance's peak)."""
    half = int(0.02 * sr)
    out = np.zeros(n_frames)
    for f in range(n_frames):
        c = int(round(f / FPS * sr))
        seg = audio[max(0, c - half):c + half]
        out[f] = np.sqrt(np.mean(seg.astype(np.float64) ** 2)) if seg.size else 0.0
    db = 20 * np.log10(np.maximum(out, 1e-6))
    peak = np.max(db) if n_frames else 0.0
    return np.clip((db - (peak - 40.0)) / 40.0, 0.0, 1.0)


def pitch_track(audio, sr, n_frames, fmin=70.0, fmax=400.0):
    """Crude autocorrelation F0 per frame (Hz, 0 when unvoiced) for prosody."""
    win = int(0.04 * sr)
    lo, hi = int(sr / fmax), int(sr / fmin)
    f0 = np.zeros(n_frames)
    for f in range(n_frames):
        c = int(round(f / FPS * sr))
        seg = audio[max(0, c - win // 2):c + win // 2].astype(np.float64)
        if seg.size < hi + 2:
            continue
        seg = seg - seg.mean()
        energy = np.dot(seg, seg)
        if energy < 1e-6:
            continue
        ac = np.correlate(seg, seg, "full")[seg.size - 1:]
        lag = lo + int(np.argmax(ac[lo:hi]))
        if ac[lag] / energy > 0.45:
            f0[f] = sr / lag
    return f0


def _smooth(x, frames):
    if frames <= 1:
        return x
    k = np.hanning(frames + 2)[1:-1]
    k /= k.sum()
    return np.convolve(np.pad(x, (frames, frames), mode="edge"), k, mode="same")[frames:-frames]


def mouth(vsegs, times, names, style):
    """Blended mouth channels [T, E] and jaw [T] from viseme segments (dominance functions)."""
    index = _channel_index(names)
    count = len(names)
    num = np.zeros((times.size, count))
    jaw_num = np.zeros(times.size)
    den = np.full(times.size, 1e-9)
    span = max(0.3, float(style["coart_span"]))
    for vis, start, end, _ in vsegs:
        alpha, theta = DOMINANCE[vis]
        d = np.maximum(0.0, np.maximum(start - times, times - end))
        dom = alpha * np.exp(-(theta / span) * d ** DOMINANCE_EXPONENT * 4.0)
        num += dom[:, None] * _target_vector(vis, index, count)[None, :]
        jaw_num += dom * TARGETS[vis][1]
        den += dom
    return num / den[:, None], jaw_num / den


def animate(audio, sr, vsegs, names, style=None, seed=0):
    """Teacher animation for one utterance.

    ``vsegs``: [(viseme, start_s, end_s, phone)] covering the audio; ``names``: the rig's 43
    expression names. Returns dict with ``expression`` [T, E] float32, ``pose`` [T, 5, 3] float32
    (root, neck = head pose, jaw, eye_left, eye_right; axis-angle radians) and ``loudness`` [T].
    """
    st = dict(DEFAULT_STYLE)
    st.update(style or {})
    rng = np.random.default_rng(seed)
    duration = audio.size / float(sr)
    T = frame_count(duration)
    times = np.arange(T) / FPS
    index = _channel_index(names)
    E = len(names)
    loud = loudness(audio, sr, T)
    speech = np.zeros(T, bool)
    for vis, s, e, _ in vsegs:
        if vis != "sil":
            speech |= (times >= s - 0.05) & (times <= e + 0.05)

    expr, jaw = mouth(vsegs, times, names, st)
    gain = st["articulation"] * (0.55 + 0.45 * _smooth(loud, 3))
    expr *= gain[:, None]
    jaw = np.clip(jaw * st["jaw_range"] * (0.5 + 0.5 * _smooth(loud, 3)), 0.0, MAX_JAW)

    # Smile bias while speaking (fades in silence) and left/right asymmetry.
    active = _smooth(speech.astype(float), 9)
    for side in ("mouthSmileLeft", "mouthSmileRight"):
        expr[:, index[side]] += st["smile_bias"] * (0.4 + 0.6 * active)
    asym = float(st["asymmetry"])
    for i, n in enumerate(names):
        if n.endswith("Left") and n.startswith("mouth"):
            expr[:, i] *= 1.0 + asym
        elif n.endswith("Right") and n.startswith("mouth"):
            expr[:, i] *= 1.0 - asym

    # Bilabial closure and labiodental tuck, enforced on the middle of each segment.
    for vis, s, e, _ in vsegs:
        if vis not in ("PP", "FF"):
            continue
        margin = min(0.2 * (e - s), 0.02)
        inside = (times >= s + margin) & (times <= e - margin)
        if not inside.any():
            inside = np.zeros(T, bool)
            inside[min(T - 1, int(round((s + e) * 0.5 * FPS)))] = True
        if vis == "PP":
            jaw[inside] = np.minimum(jaw[inside], CLOSED_JAW)
            for ch in ("mouthFunnel", "mouthLowerDownLeft", "mouthLowerDownRight", "mouthUpperUpLeft",
                       "mouthUpperUpRight", "tongueOut"):
                expr[inside, index[ch]] = 0.0
            expr[inside, index["mouthClose"]] = MOUTH_CLOSE_PER_JAW * jaw[inside]
            for ch in ("mouthPressLeft", "mouthPressRight"):
                expr[inside, index[ch]] = np.maximum(expr[inside, index[ch]], 0.3)
        else:
            jaw[inside] = np.minimum(jaw[inside], 0.04)
            expr[inside, index["mouthRollLower"]] = np.maximum(expr[inside, index["mouthRollLower"]], 0.55)
            for ch in ("mouthUpperUpLeft", "mouthUpperUpRight"):
                expr[inside, index[ch]] = np.maximum(expr[inside, index[ch]], 0.15)

    # Prosody: brows and head.
    f0 = pitch_track(audio, sr, T)
    voiced = f0 > 0
    z = np.zeros(T)
    if voiced.sum() > 3:
        lf = np.log(f0[voiced])
        z[voiced] = (lf - lf.mean()) / (lf.std() + 1e-6)
    accent = _smooth(np.clip(z, 0, 3) * loud + 0.5 * np.clip(np.diff(loud, prepend=0), 0, 1) * 4, 4)
    still = 1.0 - float(np.clip(st["stillness"], 0.0, 0.95))
    brow = np.clip(st["brow_gain"] * accent * still, 0.0, 1.0)
    expr[:, index["browInnerUp"]] += 0.8 * brow
    expr[:, index["browOuterUpLeft"]] += brow * (1.0 + 0.5 * asym)
    expr[:, index["browOuterUpRight"]] += brow * (1.0 - 0.5 * asym)

    pose = np.zeros((T, 5, 3))
    nod = _smooth(accent * st["nod_rate"], 6)
    nod = nod - _smooth(nod, 30)                              # nods are motion, not offsets
    phase = rng.uniform(0, 2 * np.pi, 6)
    slow = lambda k, hz: np.sin(2 * np.pi * hz * times + phase[k])
    pose[:, 1, 0] = still * (st["nod_amp"] * nod + 0.3 * st["sway"] * slow(0, 0.23))
    pose[:, 1, 1] = still * st["sway"] * (0.7 * slow(1, 0.11) + 0.3 * slow(2, 0.31))
    pose[:, 1, 2] = st["tilt_bias"] + still * 0.5 * st["sway"] * slow(3, 0.17)
    pose[:, 2, 0] = jaw

    # Blinks: gamma-distributed intervals (shape 3), ~100 ms closing and 150 ms opening.
    blink = np.zeros(T)
    t = rng.uniform(0.3, st["blink_mean_s"])
    shape = 3.0
    while t < duration:
        for f in range(T):
            dt = times[f] - t
            if -0.1 <= dt <= 0.0:
                blink[f] = max(blink[f], 1.0 + dt / 0.1)
            elif 0.0 < dt <= 0.15:
                blink[f] = max(blink[f], 1.0 - dt / 0.15)
        t += max(0.25, rng.gamma(shape, st["blink_mean_s"] / shape))
    expr[:, index["eyeBlinkLeft"]] = np.maximum(expr[:, index["eyeBlinkLeft"]], blink)
    expr[:, index["eyeBlinkRight"]] = np.maximum(expr[:, index["eyeBlinkRight"]], blink * 0.97)

    # Gaze: fixations with small saccades (eye joints, radians).
    gaze = np.zeros((T, 2))
    t = 0.0
    target = np.zeros(2)
    while t < duration:
        sel = times >= t
        gaze[sel] = target
        t += rng.uniform(0.6, 2.5)
        target = rng.normal(0, 0.05, 2) * still
    pose[:, 3, 0] = pose[:, 4, 0] = gaze[:, 0]
    pose[:, 3, 1] = pose[:, 4, 1] = gaze[:, 1]

    expr = np.clip(expr, 0.0, 1.0)
    return {"expression": expr.astype(np.float32), "pose": pose.astype(np.float32),
            "loudness": loud.astype(np.float32)}
