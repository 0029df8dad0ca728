"""Command line for the pose networks. Every step writes into --work (checkpoints, results json).

    python3 -m adamesh_training.pose.cli features --corpus /work/corpus-default --work W
        [--wav2vec2 EXPORT.onnx [--wav2vec2-normalise per-input|none]]   # condition on a user's export
    python3 -m adamesh_training.pose.cli vq-sweep --work W --steps 1500       # choose DOWN/K/d
    python3 -m adamesh_training.pose.cli vq --work W --steps 3000 --down 4 --codebook 256 --code-dim 32 [--resume]
    python3 -m adamesh_training.pose.cli gpt --work W --steps 4000 [--resume]
    python3 -m adamesh_training.pose.cli style --work W                        # K sweep + matrices
    python3 -m adamesh_training.pose.cli tau --work W                          # soft-retrieval tau by generation
    python3 -m adamesh_training.pose.cli export --work W --out ../models/default
    python3 -m adamesh_training.pose.cli eval --work W --out ../models/default
    python3 -m adamesh_training.pose.cli clip --work W --out clip.json
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch


def _setup():
    torch.set_num_threads(1)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


HELDOUT = None


def _cache(work):
    from .data import Cache
    c = Cache(os.path.join(work, "cache.npz"))
    if HELDOUT:                                                # tests: tiny corpora have no held-out speaker
        c.train = np.array([str(s) not in HELDOUT for s in c.speaker])
    return c


def _log(work):
    path = os.path.join(work, "train.log")

    def log(msg):
        print(msg, flush=True)
        with open(path, "a") as fh:
            fh.write(msg + "\n")
    return log


def _save_json(path, key, value):
    doc = json.load(open(path)) if os.path.exists(path) else {}
    doc[key] = value
    with open(path, "w") as fh:
        json.dump(doc, fh, indent=1)


def load_vq(work):
    from .vq import PoseVQVAE
    st = torch.load(os.path.join(work, "vq.pt"))
    m = PoseVQVAE(**st["config"])
    m.load_state_dict(st["model"])
    return m.eval()


def load_gpt(work):
    from .gpt import PoseGPT
    st = torch.load(os.path.join(work, "gpt.pt"))
    m = PoseGPT(**st["config"])
    m.load_state_dict(st["model"])
    return m.eval(), st["speakers"]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd")
    ap.add_argument("--work", required=True)
    ap.add_argument("--corpus")
    ap.add_argument("--out")
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--down", type=int, default=4)
    ap.add_argument("--codebook", type=int, default=256)
    ap.add_argument("--code-dim", type=int, default=32)
    ap.add_argument("--resume", action="store_true")
    ap.add_argument("--max-utts", type=int, default=None)
    ap.add_argument("--quick", action="store_true", help="tiny sizes for tests")
    ap.add_argument("--heldout", default=None, help="comma-separated speakers to treat as held out (tests)")
    ap.add_argument("--wav2vec2", default=None, metavar="EXPORT.onnx",
                    help="features: condition on this wav2vec 2.0 / HuBERT export (docs/wav2vec2-training.md)")
    ap.add_argument("--wav2vec2-normalise", default="per-input", choices=["per-input", "none"])
    ap.add_argument("--adamesh", default=None, help="command running the studio CLI (default: $ADAMESH_CMD or ./adamesh)")
    a = ap.parse_args(argv)
    global HELDOUT
    HELDOUT = set(a.heldout.split(",")) if a.heldout else None
    _setup()
    os.makedirs(a.work, exist_ok=True)
    log = _log(a.work)
    results = os.path.join(a.work, "results.json")
    t0 = time.time()
    if a.cmd == "features":
        from .data import build_cache
        spec = None
        if a.wav2vec2:
            from .. import wav2vec2_features as W2V
            if not os.path.isfile(a.wav2vec2):
                sys.exit("--wav2vec2: %s does not exist" % a.wav2vec2)
            spec = {"model": os.path.abspath(a.wav2vec2), "sha256": W2V.sha256(a.wav2vec2),
                    "normalise": a.wav2vec2_normalise, "command": a.adamesh}
        build_cache(a.corpus, os.path.join(a.work, "cache.npz"), a.max_utts, wav2vec2=spec)
    elif a.cmd == "vq-sweep":
        from . import vq
        cache = _cache(a.work)
        held = cache.indices("heldout")
        rows = []
        for down, K, d in ((4, 256, 32), (8, 256, 32), (4, 64, 16), (2, 256, 32)):
            t = time.time()
            m = vq.train(cache, a.steps, batch=32, length=64, down=down, codebook=K, code_dim=d, log=log)
            err = vq.recon_error_deg(m, cache, held)
            used = int((m.quant.ema_count > 0.01).sum())
            rows.append(dict(down=down, codebook=K, code_dim=d, steps=a.steps, recon_mae_deg=round(err, 4),
                             codes_used=used, code_rate_hz=30 / down, train_s=round(time.time() - t)))
            log(json.dumps(rows[-1]))
        _save_json(results, "vq_sweep", rows)
    elif a.cmd == "vq":
        from . import vq
        cache = _cache(a.work)
        ck = os.path.join(a.work, "vq.pt")
        m = vq.train(cache, a.steps, ckpt=ck, resume=ck if a.resume else None, down=a.down,
                     codebook=a.codebook, code_dim=a.code_dim, log=log)
        held = cache.indices("heldout")
        err = vq.recon_error_deg(m, cache, held)
        pose = np.concatenate([cache.utt(i)[1] for i in held])
        row = dict(m.config, steps=a.steps, recon_mae_deg=round(err, 4),
                   heldout_pose_std_deg=np.round(np.degrees(pose.std(0)), 4).tolist(),
                   codes_used=int((m.quant.ema_count > 0.01).sum()), train_s=round(time.time() - t0))
        log(json.dumps(row))
        _save_json(results, "vq", row)
    elif a.cmd == "gpt":
        from . import gpt
        cache = _cache(a.work)
        m = load_vq(a.work)
        codes, _ = gpt.encode_all(m, cache)
        ck = os.path.join(a.work, "gpt.pt")
        cfg = dict(d_model=32, layers=1, ff=64, window=8) if a.quick else {}
        g, spk = gpt.train(cache, m, codes, a.steps, ckpt=ck, resume=ck if a.resume else None, log=log, **cfg)
        row = dict(g.config, steps=a.steps, train_s=round(time.time() - t0),
                   params=sum(p.numel() for p in g.parameters()))
        log(json.dumps(row))
        _save_json(results, "gpt", row)
    elif a.cmd == "style":
        from . import style
        style.run(a.work, _cache(a.work), load_vq(a.work), log, quick=a.quick)
    elif a.cmd == "export":
        from . import export
        export.run(a.work, a.out, _cache(a.work), load_vq(a.work), *load_gpt(a.work), log=log)
    elif a.cmd == "eval":
        from . import evaluate
        evaluate.run(a.work, a.out, _cache(a.work), load_vq(a.work), *load_gpt(a.work), log=log, quick=a.quick)
    elif a.cmd == "tau":
        from . import evaluate
        evaluate.choose_tau(a.work, _cache(a.work), load_vq(a.work), *load_gpt(a.work), log=log,
                            n_utts=1 if a.quick else 5)
    elif a.cmd == "clip":
        from . import evaluate
        evaluate.write_clip(a.work, a.out, _cache(a.work), a.corpus, load_vq(a.work), *load_gpt(a.work))
    else:
        sys.exit("unknown command " + a.cmd)
    log("%s done in %.0fs" % (a.cmd, time.time() - t0))


if __name__ == "__main__":
    main()
