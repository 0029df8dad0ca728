"""Log-mel speech front end shared with the Java studio (io.adamesh.audio.LogMel).

The definition below is the contract; the Java side must produce the same numbers to 1e-4.

* input: mono float samples at 16 kHz, used as they are (no dither, no pre-emphasis,
  no DC removal, no scaling);
* framing: 400-sample windows (25 ms) every 160 samples (10 ms), *no padding*:
  frame ``t`` covers samples ``[160 t, 160 t + 400)``, and a signal of ``N`` samples gives
  ``T = 0`` frames when ``N < 400`` and ``T = 1 + (N - 400) // 160`` otherwise.
  Trailing samples that do not fill a window are not used (a streaming caller keeps them
  until more audio arrives). Frame ``t`` is centred at ``(160 t + 200) / 16000`` seconds;
* window: periodic Hann of length 400, ``w[n] = 0.5 - 0.5 cos(2 pi n / 400)``;
* spectrum: the windowed frame zero-padded at the end to 512 samples, real FFT (257 bins),
  power ``|X[k]|^2`` (no normalisation by the window or the FFT size);
* mel: 80 triangular filters on the HTK mel scale ``mel = 2595 log10(1 + f / 700)``,
  edges equally spaced in mel from 0 Hz to 8000 Hz (82 edge points), evaluated at the FFT bin
  frequencies ``k * 16000 / 512``, peak value 1, no area normalisation (torchaudio's
  ``melscale_fbanks(..., norm=None, mel_scale="htk")``);
* log: natural log of ``max(energy, 1e-10)``.
"""

import numpy as np

SAMPLE_RATE = 16000
WIN_LENGTH = 400
HOP_LENGTH = 160
N_FFT = 512
N_MELS = 80
F_MIN = 0.0
F_MAX = 8000.0
LOG_FLOOR = 1e-10


def frame_count(num_samples: int) -> int:
    """Number of frames for ``num_samples`` samples (see the module docstring)."""
    if num_samples < WIN_LENGTH:
        return 0
    return 1 + (num_samples - WIN_LENGTH) // HOP_LENGTH


def hann_periodic(length: int = WIN_LENGTH) -> np.ndarray:
    n = np.arange(length, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * np.pi * n / length)


def hz_to_mel(f):
    return 2595.0 * np.log10(1.0 + np.asarray(f, dtype=np.float64) / 700.0)


def mel_to_hz(m):
    return 700.0 * (10.0 ** (np.asarray(m, dtype=np.float64) / 2595.0) - 1.0)


def vtlp_frequencies(hz, warp, boundary_hz=4800.0):
    """Vocal tract length perturbation (Jaitly and Hinton, 2013): frequencies ``hz`` scaled by ``warp``
    up to a boundary, then joined linearly to the Nyquist frequency so that 0 and Nyquist stay fixed.
    ``warp`` > 1 moves formants up (a shorter vocal tract), < 1 down. Training-time augmentation only:
    the studio's front end is ``warp = 1``, where this returns ``hz`` unchanged."""
    hz = np.asarray(hz, dtype=np.float64)
    if warp == 1.0:
        return hz
    if not 0.5 < warp < 2.0:
        raise ValueError("a VTLP warp factor must lie in (0.5, 2), got %r" % warp)
    nyq = SAMPLE_RATE / 2.0
    knee = boundary_hz * min(warp, 1.0) / warp
    top = nyq - (nyq - boundary_hz * min(warp, 1.0)) / (nyq - knee) * (nyq - hz)
    return np.where(hz <= knee, warp * hz, top)


def mel_filterbank(warp: float = 1.0) -> np.ndarray:
    """Filter matrix of shape [N_FFT // 2 + 1, N_MELS]; ``warp`` != 1 evaluates the filters at the
    VTLP-warped bin frequencies (:func:`vtlp_frequencies`)."""
    bin_hz = vtlp_frequencies(np.linspace(0.0, SAMPLE_RATE / 2.0, N_FFT // 2 + 1), warp)
    edges_hz = mel_to_hz(np.linspace(hz_to_mel(F_MIN), hz_to_mel(F_MAX), N_MELS + 2))
    widths = np.diff(edges_hz)                                # [N_MELS + 1]
    offsets = edges_hz[None, :] - bin_hz[:, None]             # [bins, N_MELS + 2]
    rising = -offsets[:, :-2] / widths[:-1]
    falling = offsets[:, 2:] / widths[1:]
    return np.maximum(0.0, np.minimum(rising, falling))


def log_mel(samples, warp: float = 1.0) -> np.ndarray:
    """Log-mel features [T, 80] (float64) of mono 16 kHz ``samples``; ``warp``: VTLP factor
    (training augmentation, :func:`vtlp_frequencies`; 1 is the contract above)."""
    x = np.asarray(samples, dtype=np.float64).reshape(-1)
    frames = frame_count(x.size)
    if frames == 0:
        return np.zeros((0, N_MELS), dtype=np.float64)
    index = np.arange(WIN_LENGTH)[None, :] + HOP_LENGTH * np.arange(frames)[:, None]
    windowed = x[index] * hann_periodic()[None, :]
    spectrum = np.fft.rfft(windowed, n=N_FFT, axis=1)
    power = spectrum.real ** 2 + spectrum.imag ** 2
    return np.log(np.maximum(power @ mel_filterbank(warp), LOG_FLOOR))
