"""Per-frame (30 fps) head pose and speech-condition features for the pose networks.

Head pose = the neck joint's axis-angle rotation (``Utterance.pose[:, 1]``). The corpus has no head
translation, so the pose vector is the 3 rotation components; a bundle trained on data with
translation would use 6 (``POSE_DIM`` is read from the manifest by Java).

Speech condition (``FEAT_DIM`` = 83 per 30-fps frame), a stand-in until the shared speech encoder of
the expression network exists (``SpeechConditioner`` in gpt.py is the switch point):
  * 80 log-mel bins (features.py, the Java ``LogMel`` contract) averaged over the 3 mel frames
    nearest the pose frame's time (mel frame t is centred at (160 t + 200) / 16000 s);
  * loudness: teacher.loudness (RMS over 40 ms, dB relative to the utterance peak, 0..1);
  * pitch: log(f0 / 150 Hz) from teacher.pitch_track (0 when unvoiced), and a voiced flag.
"""

import os

import numpy as np

from .. import features, teacher

FPS = 30.0
POSE_DIM = 3
FEAT_DIM = 83


def mel_at_frames(mel, n_frames):
    """Log-mel [Tm, 80] pooled to ``n_frames`` 30-fps frames."""
    out = np.zeros((n_frames, mel.shape[1]), np.float32)
    if mel.shape[0] == 0:
        return out
    centre = np.rint(np.arange(n_frames) * (features.SAMPLE_RATE / FPS / features.HOP_LENGTH)
                     - (features.WIN_LENGTH / 2) / features.HOP_LENGTH).astype(int)
    for d in (-1, 0, 1):
        out += mel[np.clip(centre + d, 0, mel.shape[0] - 1)]
    return out / 3.0


def speech_features(audio, n_frames, sr=16000):
    """[n_frames, FEAT_DIM] float32 speech condition for one utterance."""
    mel = features.log_mel(audio)
    loud = teacher.loudness(audio, sr, n_frames)
    f0 = teacher.pitch_track(audio, sr, n_frames)
    voiced = (f0 > 0).astype(np.float32)
    logf0 = np.where(f0 > 0, np.log(np.maximum(f0, 1.0) / 150.0), 0.0)
    return np.concatenate([mel_at_frames(mel, n_frames), loud[:, None], logf0[:, None], voiced[:, None]],
                          axis=1).astype(np.float32)


W2V_TYPE = "adamesh-pose-wav2vec2-v1"


def hidden_at_frames(hidden, n_frames):
    """wav2vec 2.0 hidden states [T, D] at 50 Hz (frame j centred at 0.02 j + 0.0125 s) linearly
    interpolated at the pose frame times f / 30 s -> [n_frames, D] (held at the ends)."""
    out = np.zeros((n_frames, hidden.shape[1]), np.float32)
    if hidden.shape[0] == 0:
        return out
    pos = np.clip((np.arange(n_frames) / FPS - 0.0125) / 0.02, 0.0, hidden.shape[0] - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, hidden.shape[0] - 1)
    w = (pos - lo)[:, None].astype(np.float32)
    return (hidden[lo] * (1.0 - w) + hidden[hi] * w).astype(np.float32)


def speech_features_w2v(hidden, audio, n_frames, sr=16000):
    """[n_frames, D + 3] (``W2V_TYPE``): the export's hidden states at the pose frames, then loudness,
    log(f0 / 150) and the voiced flag exactly as in ``speech_features``."""
    prosody = speech_features(audio, n_frames, sr)[:, 80:83]
    return np.concatenate([hidden_at_frames(hidden, n_frames), prosody], axis=1).astype(np.float32)


def head_pose(utt):
    return np.asarray(utt.pose[:, 1, :], np.float32)


def build_cache(corpus_dir, out, max_utts=None, wav2vec2=None):
    """Features + poses of every utterance into one npz (concatenated with offsets). ``wav2vec2``: a
    feature spec (train_expression.features_spec) to condition on that export's features instead of
    log-mel (``W2V_TYPE``); they are computed by the studio and cached beside ``out``."""
    import json
    from .. import data as D
    from .. import speakers as S
    train = set(S.split("train"))
    utts = []
    for i, u in enumerate(D.load_corpus(corpus_dir)):
        if max_utts and i >= max_utts:
            break
        utts.append(u)
    hidden = None
    if wav2vec2:
        from .. import wav2vec2_features as W2V
        hidden = W2V.cached([u.audio for u in utts], wav2vec2["model"], os.path.join(os.path.dirname(out), "w2v.npz"),
                            command=wav2vec2.get("command"), normalise=wav2vec2["normalise"])
    feats, poses, spk, offs, styles = [], [], [], [0], {}
    for i, u in enumerate(utts):
        p = head_pose(u)
        if hidden is not None:
            feats.append(speech_features_w2v(hidden[i], u.audio, p.shape[0]))
        else:
            feats.append(speech_features(u.audio, p.shape[0]))
        poses.append(p)
        spk.append(u.speaker)
        offs.append(offs[-1] + p.shape[0])
        styles[u.speaker] = u.style
    spec = dict(wav2vec2, type=W2V_TYPE, dimension=int(feats[0].shape[1]) - 3) if wav2vec2 else {"type": "adamesh-pose-speech-v1"}
    np.savez(out, feats=np.concatenate(feats), pose=np.concatenate(poses), speaker=np.array(spk),
             offsets=np.array(offs, np.int64), train=np.array([s in train for s in spk]),
             styles=np.array(json.dumps(styles)), feature_spec=np.array(json.dumps(spec)))


class Cache:
    def __init__(self, path):
        z = np.load(path, allow_pickle=False)
        self.feats, self.pose, self.offsets = z["feats"], z["pose"], z["offsets"]
        self.speaker, self.train = z["speaker"], z["train"]
        import json
        self.styles = json.loads(str(z["styles"]))
        self.feature_spec = (json.loads(str(z["feature_spec"])) if "feature_spec" in z.files
                             else {"type": "adamesh-pose-speech-v1"})

    def utt(self, i):
        a, b = self.offsets[i], self.offsets[i + 1]
        return self.feats[a:b], self.pose[a:b]

    def indices(self, split):
        return [i for i in range(len(self.speaker)) if bool(self.train[i]) == (split == "train")]
