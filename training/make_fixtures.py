"""Writes the log-mel fixture shared by the Java and Python tests.

Output: src/test/resources/fixtures/logmel/
  signal.f32   mono 16 kHz test signal, float32 little-endian
  logmel.f32   expected log-mel [frames, 80], float32 little-endian, row-major
  signal.npy / logmel.npy  the same arrays for numpy users
  meta.json    sample count, frame count, and the front-end constants

Run from the repository root: python3 training/make_fixtures.py
"""

import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adamesh_training import features  # noqa: E402

NUM_SAMPLES = 8123  # not a whole number of hops, so the tail rule is exercised


def test_signal(num_samples: int = NUM_SAMPLES) -> np.ndarray:
    """Deterministic signal: two tones, a chirp, an onset and LCG noise (no RNG library)."""
    t = np.arange(num_samples, dtype=np.float64) / features.SAMPLE_RATE
    x = 0.30 * np.sin(2 * np.pi * 220.0 * t)
    x += 0.10 * np.sin(2 * np.pi * 3150.0 * t + 0.5)
    x += 0.05 * np.sin(2 * np.pi * (100.0 * t + 0.5 * 7000.0 * t * t / t[-1]))
    x[num_samples // 2:] += 0.2 * np.sin(2 * np.pi * 1000.0 * t[num_samples // 2:])
    state = 12345
    noise = np.empty(num_samples)
    for i in range(num_samples):
        state = (1103515245 * state + 12345) % (2 ** 31)
        noise[i] = state / 2 ** 31 - 0.5
    x += 0.01 * noise
    return x.astype(np.float32)


def main(out_dir=None) -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = out_dir or os.path.join(root, "src", "test", "resources", "fixtures", "logmel")
    os.makedirs(out_dir, exist_ok=True)
    signal = test_signal()
    mel = features.log_mel(signal).astype(np.float32)
    signal.astype("<f4").tofile(os.path.join(out_dir, "signal.f32"))
    mel.astype("<f4").tofile(os.path.join(out_dir, "logmel.f32"))
    np.save(os.path.join(out_dir, "signal.npy"), signal)
    np.save(os.path.join(out_dir, "logmel.npy"), mel)
    meta = {
        "samples": int(signal.size), "frames": int(mel.shape[0]), "mels": features.N_MELS,
        "sample_rate": features.SAMPLE_RATE, "win_length": features.WIN_LENGTH,
        "hop_length": features.HOP_LENGTH, "n_fft": features.N_FFT, "mel_scale": "htk",
        "f_min": features.F_MIN, "f_max": features.F_MAX, "log_floor": features.LOG_FLOOR,
        "generator": "training/make_fixtures.py",
    }
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2, sort_keys=True)
        f.write("\n")
    print(f"wrote {out_dir}: {signal.size} samples, {mel.shape[0]} frames")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
