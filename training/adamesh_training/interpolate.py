"""Weight-space interpolation of two fine-tunes of one base network, then its built-in speakers.

    python3 -m adamesh_training.interpolate --a RUN_A --b RUN_B --alpha A --out RUN [--speakers all|none|spk05,..]

OUT/base.pt holds ``(1 - A) * weights(A) + A * weights(B)`` for every floating-point tensor; the two runs
must be fine-tunes of the same base (same configuration, same tensor names and shapes; integer buffers
equal). ADR 0028: with A the synthetic lip-contact stage (RUN/lip) and B the real-speech teacher stage
(RUN/lip-real-teacher), A = 0.8 (the default bundle) keeps most of the real-speech closures, holds them on
connected read speech and gives back most of the LibriVox lip error. The speaker adapters depend on the
weights they sit on, so the built-in speakers are fitted again on the interpolated network
(``train_expression.refit_speakers``). OUT gets B's state (with an ``interpolation`` record) and links to
B's caches.

Resumable: a rerun with the same inputs keeps OUT/base.pt and the speakers already fitted; a rerun with
different inputs starts OUT again.
"""

import argparse
import os
import sys

import torch

from .train_expression import load_state, log, refit_speakers, save_atomic, save_state
from .wav2vec2_features import sha256


def mix(a, b, alpha):
    """State dicts ``a``, ``b`` -> ``(1 - alpha) * a + alpha * b`` (float tensors; others must be equal).
    Raises ValueError naming the first tensor that does not match."""
    if set(a) != set(b):
        only = sorted(set(a) ^ set(b))
        raise ValueError("the two networks have different tensors (%s%s): not fine-tunes of one base"
                         % (", ".join(only[:3]), ", ..." if len(only) > 3 else ""))
    out = {}
    for k, va in a.items():
        vb = b[k]
        if va.shape != vb.shape or va.dtype != vb.dtype:
            raise ValueError("tensor %s is %s %s in one network and %s %s in the other"
                             % (k, tuple(va.shape), va.dtype, tuple(vb.shape), vb.dtype))
        if va.is_floating_point():
            out[k] = ((1.0 - alpha) * va.double() + alpha * vb.double()).to(va.dtype)
        elif torch.equal(va, vb):
            out[k] = va.clone()
        else:
            raise ValueError("integer tensor %s differs between the two networks" % k)
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--a", required=True, help="run directory of the first network (weight 1 - ALPHA)")
    ap.add_argument("--b", required=True, help="run directory of the second network (weight ALPHA)")
    ap.add_argument("--alpha", type=float, required=True, help="weight of --b, in [0, 1]")
    ap.add_argument("--out", required=True)
    ap.add_argument("--speakers", default="all",
                    help="built-in speakers to fit on the result: all (default), none, or a comma list")
    a = ap.parse_args(argv)
    if not 0.0 <= a.alpha <= 1.0:
        ap.error("--alpha must be in [0, 1]")
    for run in (a.a, a.b):
        if not os.path.exists(os.path.join(run, "base.pt")):
            ap.error("%s has no base.pt (train it first)" % run)
    if os.path.abspath(a.out) in (os.path.abspath(a.a), os.path.abspath(a.b)):
        ap.error("--out must be a new run directory, not one of the inputs")
    record = {"a": os.path.abspath(a.a), "b": os.path.abspath(a.b), "alpha": a.alpha,
              "a_sha256": sha256(os.path.join(a.a, "base.pt"))[:16],
              "b_sha256": sha256(os.path.join(a.b, "base.pt"))[:16]}
    os.makedirs(a.out, exist_ok=True)
    state = load_state(a.out)
    if state.get("interpolation") != record or not os.path.exists(os.path.join(a.out, "base.pt")):
        ca = torch.load(os.path.join(a.a, "base.pt"), map_location="cpu")
        cb = torch.load(os.path.join(a.b, "base.pt"), map_location="cpu")
        if ca["config"] != cb["config"]:
            raise SystemExit("interpolate: %s and %s have different network configurations (%s vs %s)"
                             % (a.a, a.b, ca["config"], cb["config"]))
        try:
            weights = mix(ca["model"], cb["model"], a.alpha)
        except ValueError as e:
            raise SystemExit("interpolate: %s" % e)
        save_atomic({"model": weights, "step": cb["step"], "seconds": cb["seconds"], "config": cb["config"]},
                    os.path.join(a.out, "base.pt"))
        state = load_state(a.b)
        state.pop("speakers", None)
        state["interpolation"] = record
        state.setdefault("commands", []).append("python3 -m adamesh_training.interpolate " +
                                                " ".join(argv if argv is not None else sys.argv[1:]))
        for name in ("cache-train.npz", "cache-heldout.npz"):
            src, dst = os.path.join(a.b, name), os.path.join(a.out, name)
            if os.path.lexists(dst):
                os.remove(dst)
            if os.path.exists(src):
                os.symlink(os.path.realpath(src), dst)
        save_state(a.out, state)
        log("interpolate: %.2f x %s + %.2f x %s -> %s" % (1 - a.alpha, a.a, a.alpha, a.b, a.out))
    if a.speakers == "none":
        return
    refit_speakers(a.out, state, None if a.speakers == "all" else a.speakers.split(","))


if __name__ == "__main__":
    main()
