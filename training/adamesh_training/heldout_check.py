"""A quick held-out check of a train_expression run, log-mel or wav2vec 2.0 (evaluate_expression's full
report is for log-mel bundles): the first N utterances of a corpus's held-out speakers through the run's
base model (quality mode, style from the utterance's own teacher animation), against the teacher.

    python3 -m adamesh_training.heldout_check --run RUN [--corpus /work/corpus-default] [--utterances 40]

Prints the jaw correlation (mean over utterances), the MSE over the 44 outputs (jaw scaled by 10), and the
MSE of predicting each utterance's own mean (an oracle constant: beating it needs timing from speech).
"""

import argparse
import json
import os
import sys

import numpy as np
import torch

from . import data
from . import expression_data as ED
from . import wav2vec2_features as W2V
from .train_expression import load_base


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", required=True)
    ap.add_argument("--corpus", default="/work/corpus-default")
    ap.add_argument("--utterances", type=int, default=40)
    a = ap.parse_args(argv)
    torch.set_num_threads(1)
    model, ck = load_base(a.run)
    utts = []
    for u in data.load_corpus(a.corpus, "heldout"):
        utts.append(u)
        if len(utts) >= a.utterances:
            break
    if not utts:
        sys.exit("%s has no held-out speakers" % a.corpus)
    arrs = [ED.utterance_arrays(u) for u in utts]
    if model.config.get("frontend") == "wav2vec2":
        spec = json.load(open(os.path.join(a.run, "state.json")))["features"]
        xs = W2V.cached([u.audio for u in utts], spec["model"], None, command=spec.get("command"),
                        normalise=spec["normalise"])
    else:
        xs = [m for m, _, _ in arrs]
    cors, mses, base = [], [], []
    with torch.no_grad():
        for x, (_, tgt, _) in zip(xs, arrs):
            pred, _ = model(torch.as_tensor(x[None], dtype=torch.float32), torch.tensor([0]), torch.as_tensor(tgt[None]))
            p = pred[0].numpy()
            f = min(p.shape[0], tgt.shape[0])
            p, t = p[:f], tgt[:f]
            if t[:, 43].std() > 1e-6 and p[:, 43].std() > 1e-6:
                cors.append(np.corrcoef(p[:, 43], t[:, 43])[0, 1])
            mses.append(((p - t) ** 2).mean())
            base.append(((t.mean(0, keepdims=True) - t) ** 2).mean())
    print("%s (%s, %d steps): %d held-out utterances of %s: jaw correlation %.3f, MSE %.4f "
          "(each utterance's own mean: %.4f)" % (a.run, model.config.get("frontend", "log-mel"), ck["step"], len(utts),
                                                 ",".join(sorted(set(u.speaker for u in utts))), np.mean(cors),
                                                 np.mean(mses), np.mean(base)))


if __name__ == "__main__":
    main()
