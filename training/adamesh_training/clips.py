"""Writes teacher animation as AdaMesh clip JSON (src/main/java/io/adamesh/clip/ClipIO.java, v1).

    python3 -m adamesh_training.clips OUT_DIR [--text T]   # one clip per speaker of a small set
"""

import json
import os
import sys

import numpy as np

from . import corpus, speakers, text
from .head import JOINTS, Head


def write_clip(path, expression, pose, names, model_id, fps=30.0):
    T = expression.shape[0]
    doc = {"format": "adamesh-clip", "version": 1, "face_model": model_id, "fps": fps,
           "channels": list(names), "joints": list(JOINTS), "frames": T, "identity": [],
           "expressions": np.round(expression.astype(float), 5).tolist(),
           "pose": np.round(pose.reshape(T, -1).astype(float), 5).tolist(),
           "translation": [[0.0, 0.0, 0.0]] * T}
    tmp = path + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(doc, fh)
    os.replace(tmp, path)


def main(argv=None):
    argv = argv if argv is not None else sys.argv[1:]
    out = argv[0]
    sentence = "Bob may pay five moms a lot of apples." if len(argv) < 2 else argv[1]
    os.makedirs(out, exist_ok=True)
    head = Head()
    table = {s["id"]: s for s in speakers.speaker_table()}
    for sid in ("spk01", "spk07", "spk35"):
        spk = table[sid]
        u = corpus.make_utterance(spk, sentence, np.random.default_rng(1), head.expression_names)
        write_clip(os.path.join(out, sid + ".json"), u["expression"], u["pose"], head.expression_names,
                   head.model_id)
        with open(os.path.join(out, sid + ".phones.txt"), "w") as fh:
            for p, s, e, v in u["phones"]:
                fh.write("%.3f %.3f %s %s\n" % (s, e, p, v))
        print(sid, spk["voice"], json.dumps(spk["style"]))


if __name__ == "__main__":
    main()
