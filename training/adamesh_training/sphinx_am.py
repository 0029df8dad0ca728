"""Frame-wise phone scores from Debian's pocketsphinx en-us acoustic model, read and run in numpy.

Issue 13 point 3: an acoustic model trained on real speech as extra input features for our encoder.
Nothing here calls pocketsphinx; the model files are read directly and the front end is rebuilt
from ``feat.params`` so a Java port could do the same. ``verify`` (below) measures how closely this
matches pocketsphinx itself.

    python3 -m adamesh_training.sphinx_am verify [--clips N] [--work DIR]   # against pocketsphinx_batch
    python3 -m adamesh_training.sphinx_am bench                             # seconds per second of audio
    python3 -m adamesh_training.sphinx_am cache --run RUN --split train --out F.npz   # training features
    python3 -m adamesh_training.sphinx_am visemes [--run RUN --phone-cache F.npz]     # the model alone

Model (``/usr/share/pocketsphinx/model/en-us/en-us``, a phonetically tied mixture model):

* ``mdef``: binary ("BMDF"): 42 base phones, 5126 tied states (senones), 3 emitting states per
  phone; a senone belongs to one base phone (read from the phones' transition-matrix ids, which
  are the base phone's, and their senone sequences);
* ``means`` / ``variances``: Sphinx-3 float files (text header ending in ``endhdr``, an int32
  byte-order word 0x11223344, then int32 n_codebooks, n_streams, n_densities, the stream lengths
  and the float count): 42 codebooks (one per base phone) x 3 streams x 128 Gaussians x 13;
* ``sendump``: mixture weights as bytes, ``w = 1.0001 ** -(v << 10)``, laid out
  [stream][density][senone]; a senone mixes its base phone's codebook.

Front end (``feat.params`` plus the sphinxbase defaults it does not override): int16-scaled samples,
pre-emphasis 0.97 over the whole signal, 410-sample (25.625 ms) frames every 160 samples, symmetric
Hamming window, 512-point FFT power, 25 triangular filters of unit area from 130 to 6800 Hz (edges
equally spaced on the 2595 log10(1 + f / 700) mel scale and rounded to FFT bins), log(x + 1e-4),
orthonormal DCT-II to 13 cepstra, lifter 22; batch CMN (utterance mean of every cepstrum); the
``1s_c_d_dd`` vector [c, c(t+2) - c(t-2), (c(t+3) - c(t-1)) - (c(t+1) - c(t-3))] with the first and
last frames repeated at the edges, split into 3 streams of 13. No noise removal, no VAD, no dither.

Phone scores: the exact mixture likelihood of every senone (all 128 Gaussians, where pocketsphinx
keeps the best 4), summed over the 3 streams; a base phone's score is its best senone's; the
per-frame log-posterior over the 42 phones is ``log softmax(scale * score)`` with ``scale`` 0.1
(likelihoods of 39-dimensional frames are far too sharp to be posteriors as they are, the usual
acoustic scale). Frames are 100 Hz: frame t covers samples [160 t, 160 t + 410), centred 2.5 ms
after the log-mel frame t of features.py, so ``phone_logpost(x, frames=M)`` lines up with
``log_mel(x)`` frame by frame.
"""

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time

import numpy as np

MODEL_DIR = "/usr/share/pocketsphinx/model/en-us/en-us"
SAMPLE_RATE = 16000
FRAME_SHIFT = 160
LOGBASE = 1.0001
SENSCR_SHIFT = 10
VAR_FLOOR = 1e-4
LOG_FLOOR = 1e-4
ACOUSTIC_SCALE = 0.1


# ---------------------------------------------------------------- model files


def read_feat_params(model_dir=MODEL_DIR):
    """feat.params as {name without '-': value string}."""
    out = {}
    with open(os.path.join(model_dir, "feat.params")) as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[0].startswith("-"):
                out[parts[0][1:]] = parts[1]
    return out


def _s3_body(path):
    """Bytes after a Sphinx-3 header and its byte-order word, and the byte order ('<' or '>')."""
    b = open(path, "rb").read()
    end = b.find(b"endhdr\n")
    if not b.startswith(b"s3\n") or end < 0:
        raise ValueError("%s: not a Sphinx-3 model file (no s3 / endhdr header)" % path)
    body = b[end + len("endhdr\n"):]
    for order in "<>":
        if struct.unpack(order + "I", body[:4])[0] == 0x11223344:
            return body[4:], order
    raise ValueError("%s: unknown byte-order word" % path)


def read_gaussians(path):
    """means / variances -> float64 [codebooks, streams, densities, length]."""
    body, o = _s3_body(path)
    n_cb, n_feat, n_den = struct.unpack(o + "3i", body[:12])
    lens = struct.unpack(o + "%di" % n_feat, body[12:12 + 4 * n_feat])
    if len(set(lens)) != 1:
        raise ValueError("%s: streams of different lengths %s are not supported" % (path, lens))
    p = 12 + 4 * n_feat
    count = struct.unpack(o + "i", body[p:p + 4])[0]
    if count != n_cb * n_den * sum(lens):
        raise ValueError("%s: %d floats for %d x %d x %s" % (path, count, n_cb, n_den, lens))
    data = np.frombuffer(body[p + 4:p + 4 + 4 * count], o + "f4").astype(np.float64)
    return data.reshape(n_cb, n_feat, n_den, lens[0])


def read_sendump(path):
    """sendump -> mixture weight bytes [streams, densities, senones] (uint8)."""
    b = open(path, "rb").read()
    o = "<" if 0 < struct.unpack("<i", b[:4])[0] < 1000 else ">"
    p, info = 0, {}
    while True:
        n = struct.unpack(o + "i", b[p:p + 4])[0]
        p += 4
        if n == 0:
            break
        text = b[p:p + n].rstrip(b"\0").decode("ascii", "replace")
        p += n
        key, _, val = text.partition(" ")
        if val.strip().lstrip("-").isdigit():
            info[key] = int(val)
    if info.get("cluster_count", 0) != 0:
        raise ValueError("%s: clustered (quantised) sendump is not supported" % path)
    n_feat = info.get("feature_count", 1)
    n_den, n_sen = struct.unpack(o + "2i", b[p:p + 8])
    p += 8
    need = n_feat * n_den * n_sen
    if len(b) - p < need:
        raise ValueError("%s: %d bytes of weights, %d needed" % (path, len(b) - p, need))
    return np.frombuffer(b[p:p + need], np.uint8).reshape(n_feat, n_den, n_sen)


def read_mdef(path):
    """Binary mdef -> (base phone names [42], base phone of every senone [n_sen], CI senones [42, 3])."""
    b = open(path, "rb").read()
    if b[:4] == b"BMDF":
        o = "<"
    elif b[:4] == b"FDMB":
        o = ">"
    else:
        raise ValueError("%s: not a binary mdef (text mdef: convert with pocketsphinx_mdef_convert)" % path)
    hdr_len = struct.unpack(o + "i", b[8:12])[0]
    p = 12 + hdr_len
    (n_ci, n_phone, n_emit, n_ci_sen, n_sen, n_tmat, n_sseq, n_ctx, n_cd_tree, sil) = \
        struct.unpack(o + "10i", b[p:p + 40])
    p += 40
    names = []
    for _ in range(n_ci):
        e = b.index(b"\0", p)
        names.append(b[p:e].decode("ascii"))
        p = e + 1
    p = (p + 3) & ~3
    p += 8 * n_cd_tree
    phones = np.frombuffer(b[p:p + 12 * n_phone], np.dtype([("ssid", o + "i4"), ("tmat", o + "i4"),
                                                            ("attr", "i1", 4)]))
    p += 12 * n_phone
    if struct.unpack(o + "i", b[p:p + 4])[0] != n_sseq * n_emit:          # the senone sequences' length
        raise ValueError("%s: unexpected senone sequence table" % path)
    p += 4
    sseq = np.frombuffer(b[p:p + 2 * n_emit * n_sseq], o + "i2").reshape(n_sseq, n_emit).astype(np.int64)
    if n_tmat != n_ci or not np.array_equal(phones["tmat"][:n_ci], np.arange(n_ci)):
        raise ValueError("%s: transition matrices are not one per base phone" % path)
    sen2ci = np.full(n_sen, -1, np.int64)
    for ci in range(n_ci):
        sen = np.unique(sseq[phones["ssid"][phones["tmat"] == ci]])
        if (sen2ci[sen] >= 0).any():
            raise ValueError("%s: a senone is shared by two base phones" % path)
        sen2ci[sen] = ci
    if (sen2ci < 0).any():
        raise ValueError("%s: %d senones belong to no phone" % (path, int((sen2ci < 0).sum())))
    return names, sen2ci, sseq[phones["ssid"][:n_ci]]


class AcousticModel:
    """The en-us model, ready to score frames (see the module docstring)."""

    def __init__(self, model_dir=MODEL_DIR):
        self.dir = model_dir
        self.params = read_feat_params(model_dir)
        for k, want in (("feat", "1s_c_d_dd"), ("transform", "dct"), ("cmn", "batch"), ("agc", "none"),
                        ("svspec", "0-12/13-25/26-38")):
            if self.params.get(k, want) != want:
                raise ValueError("feat.params: -%s %s is not supported (only %s)" % (k, self.params[k], want))
        if self.params.get("varnorm", "no") != "no":
            raise ValueError("feat.params: -varnorm yes is not supported")
        self.phones, self.sen2ci, self.ci_senones = read_mdef(os.path.join(model_dir, "mdef"))
        mean = read_gaussians(os.path.join(model_dir, "means"))
        var = np.maximum(read_gaussians(os.path.join(model_dir, "variances")), VAR_FLOOR)
        self.n_cb, self.n_feat, self.n_den, self.dim = mean.shape
        if self.n_cb != len(self.phones):
            raise ValueError("%d codebooks for %d base phones: not a PTM model" % (self.n_cb, len(self.phones)))
        # log N(x) = const - 0.5 sum x^2 / v + sum x mu / v  (one matrix product per stream)
        self.inv_var = 1.0 / var                                                   # [cb, f, k, d]
        self.mu_iv = mean * self.inv_var
        self.const = -0.5 * (np.log(2 * np.pi * var).sum(-1) + (mean ** 2 * self.inv_var).sum(-1))
        mix = read_sendump(os.path.join(model_dir, "sendump"))                     # [f, k, sen]
        if mix.shape[:2] != (self.n_feat, self.n_den) or mix.shape[2] != self.sen2ci.size:
            raise ValueError("sendump %s does not fit the model" % (mix.shape,))
        logw = -(mix.astype(np.float64) * (1 << SENSCR_SHIFT)) * np.log(LOGBASE)
        self.order = np.argsort(self.sen2ci, kind="stable")                        # senones by phone
        self.bounds = np.searchsorted(self.sen2ci[self.order], np.arange(self.n_cb + 1))
        # per stream, per codebook: weights [k, senones of that phone]
        self.weights = [[np.exp(logw[f][:, self.order[self.bounds[c]:self.bounds[c + 1]]]).astype(np.float32)
                         for c in range(self.n_cb)] for f in range(self.n_feat)]
        self.weight_sums = np.exp(logw).sum(1)                                     # [f, sen], ~1
        self._fe = Mfcc(self.params)

    # ------------------------------------------------------------ scoring

    def mfcc(self, samples):
        return self._fe(samples)

    def features(self, cep):
        return delta_features(cep)

    def density(self, feat):
        """Log Gaussian densities [streams, codebooks, T, 128] of 39-dim features [T, 39]."""
        T = feat.shape[0]
        out = np.empty((self.n_feat, self.n_cb, T, self.n_den), np.float32)
        for f in range(self.n_feat):
            x = feat[:, f * self.dim:(f + 1) * self.dim]
            x2 = x ** 2
            for c in range(self.n_cb):
                out[f, c] = self.const[c, f] - 0.5 * x2 @ self.inv_var[c, f].T + x @ self.mu_iv[c, f].T
        return out

    def sorted_scores(self, feat, topn=None):
        """Natural-log likelihood of every senone [T, n_sen], senones sorted by base phone
        (``self.order``). ``topn``: only the best N Gaussians of each codebook and stream, as
        pocketsphinx does (for the comparison with it); None: the exact mixture."""
        dens = self.density(feat)
        T = feat.shape[0]
        out = np.zeros((T, self.sen2ci.size), np.float32)
        for f in range(self.n_feat):
            for c in range(self.n_cb):
                d = dens[f, c]
                top = d.max(1, keepdims=True)
                e = np.exp(d - top)
                if topn is not None:
                    kth = -np.partition(-d, topn - 1, axis=1)[:, topn - 1:topn]
                    e[d < kth] = 0.0
                mix = e @ self.weights[f][c]
                out[:, self.bounds[c]:self.bounds[c + 1]] += np.log(np.maximum(mix, 1e-30)) + top
        return out

    def senone_scores(self, feat, topn=None):
        """Natural-log likelihood of every senone [T, n_sen] in the model's senone order."""
        out = np.empty((feat.shape[0], self.sen2ci.size), np.float32)
        out[:, self.order] = self.sorted_scores(feat, topn)
        return out

    def phone_scores(self, sorted_scores):
        """Best senone of each base phone [T, 42], from ``sorted_scores``."""
        return np.maximum.reduceat(sorted_scores, self.bounds[:-1], axis=1)

    def phone_logpost(self, samples, frames=None, scale=ACOUSTIC_SCALE):
        """Per-frame log-posteriors over the 42 base phones [T, 42] (float32) of 16 kHz ``samples``
        (floats in [-1, 1]). ``frames``: pad (repeating the last frame) or cut to this many frames, e.g.
        the log-mel frame count of the same audio."""
        cep = self.mfcc(samples)
        if cep.shape[0] == 0:
            out = np.zeros((0, self.n_cb))
        else:
            z = scale * self.phone_scores(self.sorted_scores(delta_features(cep))).astype(np.float64)
            out = z - z.max(1, keepdims=True)
            out = out - np.log(np.exp(out).sum(1, keepdims=True))
        if frames is not None:
            if out.shape[0] == 0:
                out = np.full((frames, self.n_cb), -np.log(self.n_cb))
            elif out.shape[0] < frames:
                out = np.concatenate([out, np.repeat(out[-1:], frames - out.shape[0], 0)])
            out = out[:frames]
        return out.astype(np.float32)


# ---------------------------------------------------------------- front end


class Mfcc:
    """sphinxbase's MFCC front end (float build) with the parameters of feat.params."""

    def __init__(self, params):
        p = dict(params)
        self.rate = float(p.get("samprate", SAMPLE_RATE))
        if self.rate != SAMPLE_RATE:
            raise ValueError("only 16 kHz models are supported")
        self.shift = int(round(self.rate / float(p.get("frate", 100))))
        self.size = int(round(self.rate * float(p.get("wlen", 0.025625))))
        self.nfft = int(p.get("nfft", 512))
        self.alpha = float(p.get("alpha", 0.97))
        self.ncep = int(p.get("ncep", 13))
        lifter = int(p.get("lifter", 0))
        nfilt = int(p.get("nfilt", 40))
        lo, hi = float(p.get("lowerf", 133.33334)), float(p.get("upperf", 6855.4976))
        n = np.arange(self.size)
        self.window = 0.54 - 0.46 * np.cos(2 * np.pi * n / (self.size - 1))
        self.filters = melfilters(nfilt, lo, hi, self.nfft, self.rate)             # [bins, nfilt]
        i = np.arange(self.ncep)[:, None]
        j = np.arange(nfilt)[None, :]
        dct = np.cos(np.pi * i * (j + 0.5) / nfilt) * np.sqrt(2.0 / nfilt)
        dct[0] = np.sqrt(1.0 / nfilt)
        lift = 1 + lifter / 2.0 * np.sin(np.arange(self.ncep) * np.pi / lifter) if lifter else np.ones(self.ncep)
        self.dct = (dct * lift[:, None]).T                                        # [nfilt, ncep]

    def frame_count(self, n):
        return 0 if n < self.size else 1 + (n - self.size) // self.shift

    def __call__(self, samples):
        """Cepstra [T, 13] of float samples in [-1, 1] (scaled to int16 range, as pocketsphinx reads)."""
        x = np.asarray(samples, np.float64).reshape(-1) * 32768.0
        T = self.frame_count(x.size)
        if T == 0:
            return np.zeros((0, self.ncep))
        y = np.empty_like(x)
        y[0] = x[0]
        y[1:] = x[1:] - self.alpha * x[:-1]
        tail = x.size - T * self.shift            # pocketsphinx ends an utterance with one more frame:
        if tail > 0:                                # the samples left after the last shift, zero-padded
            y = np.concatenate([y, np.zeros(self.size - tail)])
            T += 1
        idx = np.arange(self.size)[None, :] + self.shift * np.arange(T)[:, None]
        spec = np.fft.rfft(y[idx] * self.window, n=self.nfft, axis=1)
        power = spec.real ** 2 + spec.imag ** 2
        return np.log(power @ self.filters + LOG_FLOOR) @ self.dct


def melfilters(nfilt, lo, hi, nfft, rate):
    """Unit-area triangles [nfft / 2 + 1, nfilt], edges equally spaced in mel and rounded to FFT bins."""
    def mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    def inv(m):
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    step = rate / nfft
    bw = (mel(hi) - mel(lo)) / (nfilt + 1)
    out = np.zeros((nfft // 2 + 1, nfilt))
    hz = np.arange(nfft // 2 + 1) * step
    for i in range(nfilt):
        f0, f1, f2 = (np.floor(inv(mel(lo) + (i + j) * bw) / step + 0.5) * step for j in range(3))
        k = (hz >= f0) & (hz <= f2) & (np.arange(hz.size) < nfft // 2)
        up = (hz - f0) / (f1 - f0)
        down = (f2 - hz) / (f2 - f1)
        out[k, i] = (np.minimum(up, down) * 2.0 / (f2 - f0))[k]
    return out


def delta_features(cep):
    """Batch CMN then ``1s_c_d_dd``: [T, 39] = cepstra, deltas (+-2), double deltas (+-1 of +-2 deltas)."""
    c = cep - cep.mean(0, keepdims=True)
    T = c.shape[0]
    p = np.concatenate([np.repeat(c[:1], 3, 0), c, np.repeat(c[-1:], 3, 0)])
    at = lambda k: p[3 + k:3 + k + T]                                              # noqa: E731  c(t + k)
    d = at(2) - at(-2)
    dd = (at(3) - at(-1)) - (at(1) - at(-3))
    return np.concatenate([c, d, dd], 1)


# ---------------------------------------------------------------- agreement with pocketsphinx

LIBRIVOX = "/usr/share/pocketsphinx/test/data/librivox"


def read_mfc(path):
    """A Sphinx cepstrum file (int32 float count, then float32 values) -> [T, 13]."""
    b = open(path, "rb").read()
    for o in "<>":
        n = struct.unpack(o + "i", b[:4])[0]
        if 4 + 4 * n == len(b):
            return np.frombuffer(b[4:], o + "f4").reshape(-1, 13).astype(np.float64)
    raise ValueError("%s: not a cepstrum file" % path)


def read_senlog(path, n_sen):
    """pocketsphinx ``-senlogdir`` scores (all senones computed) -> natural-log scores [T, n_sen],
    best senone of a frame at 0 (pocketsphinx stores -score in units of 1.0001 ** 1024)."""
    b = open(path, "rb").read()
    p = b.index(b"endhdr\n") + len("endhdr\n") + 4
    a = np.frombuffer(b[p:], "<i2").reshape(-1, n_sen + 1)
    if not (a[:, 0] == n_sen).all():
        raise ValueError("%s: not every senone was scored (run with -compallsen yes)" % path)
    return -a[:, 1:].astype(np.float64) * (1 << SENSCR_SHIFT) * np.log(LOGBASE)


def read_hypseg(path, names):
    """-hypseg lines of allphone decoding -> {utterance: per-frame phone index [T]}."""
    out = {}
    for line in open(path):
        parts = line.split()
        if len(parts) < 13 or parts[1] != "S":       # id S 0 T total A acoustic L lm, then segments
            continue
        segs = parts[9:]                                # start frame, acoustic, lm score, phone
        starts = [int(x) for x in segs[0::4]]
        phones = segs[3::4]
        lab = []
        for k, (s0, ph) in enumerate(zip(starts, phones)):
            end = starts[k + 1] if k + 1 < len(starts) else None
            lab.append((s0, end, names.index(ph)))
        out[parts[0]] = lab
    return out


def verify(clips=5, work=None):
    """Our front end, senone scores and phone posteriors against pocketsphinx_batch's own on the
    LibriVox test clips (decoded by ``sox -D``, so both read the same samples): cepstra (max |diff|),
    senone scores (exact mixtures, and the top-4 Gaussians pocketsphinx keeps), and the frame-wise
    argmax of our phone posteriors against pocketsphinx's allphone segmentation."""
    am = AcousticModel()
    ids = sorted(f[:-4] for f in os.listdir(LIBRIVOX) if f.endswith(".wav"))[:clips]
    tmp = None
    if work is None:
        tmp = tempfile.TemporaryDirectory(prefix="adamesh-sphinx-")
        work = tmp.name
    for sub in ("raw", "mfc", "sen"):
        os.makedirs(os.path.join(work, sub), exist_ok=True)
    for i in ids:
        subprocess.run(["sox", "-D", os.path.join(LIBRIVOX, i + ".wav"), "-t", "raw", "-e", "signed-integer",
                        "-b", "16", "-c", "1", "-r", "16000", os.path.join(work, "raw", i + ".raw")], check=True)
    with open(os.path.join(work, "ctl"), "w") as fh:
        fh.write("\n".join(ids) + "\n")
    top = os.path.dirname(am.dir)
    hyp = os.path.join(work, "hypseg.txt")
    if not os.path.exists(hyp):
        subprocess.run(["pocketsphinx_batch", "-hmm", am.dir, "-allphone", os.path.join(top, "en-us-phone.lm.bin"),
                        "-ctl", os.path.join(work, "ctl"), "-cepdir", os.path.join(work, "raw"), "-cepext", ".raw",
                        "-adcin", "yes", "-remove_noise", "no", "-remove_silence", "no", "-compallsen", "yes",
                        "-mfclogdir", os.path.join(work, "mfc"), "-senlogdir", os.path.join(work, "sen"),
                        "-hypseg", hyp + ".partial", "-logfn", os.path.join(work, "log.txt")], check=True)
        os.replace(hyp + ".partial", hyp)
    segs = read_hypseg(hyp, am.phones)
    rep = {"clips": len(ids), "seconds": 0.0, "frames": 0}
    acc = {k: [] for k in ("mfcc_max_abs", "mfcc_rms", "corr_exact", "corr_top4", "absdiff_top4_near_best",
                           "senone_argmax_exact", "senone_argmax_top4", "phone_argmax_exact", "phone_argmax_top4")}
    agree = {"ours": [0, 0], "pocketsphinx_scores": [0, 0], "ours_shifted_1s": [0, 0]}
    for k, i in enumerate(ids):
        x = np.fromfile(os.path.join(work, "raw", i + ".raw"), "<i2").astype(np.float64) / 32768.0
        rep["seconds"] += x.size / SAMPLE_RATE
        ref = read_mfc(os.path.join(work, "mfc", "%09d.mfc" % k))
        cep = am.mfcc(x)
        if cep.shape != ref.shape:
            raise ValueError("%s: %s cepstra, pocketsphinx %s" % (i, cep.shape, ref.shape))
        acc["mfcc_max_abs"].append(np.abs(cep - ref).max())
        acc["mfcc_rms"].append(np.sqrt(np.mean((cep - ref) ** 2)))
        theirs = read_senlog(os.path.join(work, "sen", "%09d.sen" % k), am.sen2ci.size)
        feat = delta_features(cep)
        T = min(theirs.shape[0], feat.shape[0])
        theirs, feat = theirs[:T], feat[:T]
        rep["frames"] += T
        tp = am.phone_scores(theirs[:, am.order])
        for name, topn in (("exact", None), ("top4", 4)):
            ours = am.senone_scores(feat, topn).astype(np.float64)
            ours -= ours.max(1, keepdims=True)
            acc["corr_" + name].append(np.mean([np.corrcoef(ours[t], theirs[t])[0, 1] for t in range(T)]))
            acc["senone_argmax_" + name].append(np.mean(ours.argmax(1) == theirs.argmax(1)))
            op = am.phone_scores(ours[:, am.order])
            acc["phone_argmax_" + name].append(np.mean(op.argmax(1) == tp.argmax(1)))
            if topn:
                near = ours > -20.0
                acc["absdiff_top4_near_best"].append(np.median(np.abs(ours - theirs)[near]))
        lab = np.full(T, -1)
        for s0, e0, ph in segs[i]:
            lab[s0:e0] = ph
        post = am.phone_logpost(x)[:T]
        for key, guess in (("ours", post.argmax(1)), ("pocketsphinx_scores", tp.argmax(1)),
                           ("ours_shifted_1s", np.roll(post.argmax(1), 100))):
            agree[key][0] += int((guess == lab)[lab >= 0].sum())
            agree[key][1] += int((lab >= 0).sum())
    rep["cepstra"] = {"max_abs_diff": float(max(acc["mfcc_max_abs"])), "rms_diff": float(np.mean(acc["mfcc_rms"]))}
    rep["senones"] = {"per_frame_correlation_exact": float(np.mean(acc["corr_exact"])),
                      "per_frame_correlation_top4": float(np.mean(acc["corr_top4"])),
                      "median_abs_diff_nats_top4_within_20_of_best": float(np.mean(acc["absdiff_top4_near_best"])),
                      "best_senone_same_exact": float(np.mean(acc["senone_argmax_exact"])),
                      "best_senone_same_top4": float(np.mean(acc["senone_argmax_top4"])),
                      "best_phone_same_exact": float(np.mean(acc["phone_argmax_exact"])),
                      "best_phone_same_top4": float(np.mean(acc["phone_argmax_top4"]))}
    rep["allphone_frame_agreement"] = {k: round(a / max(n, 1), 4) for k, (a, n) in agree.items()}
    rep["seconds"] = round(rep["seconds"], 1)
    if tmp is not None:
        tmp.cleanup()
    return rep


def bench(seconds=10.0, repeats=3):
    """Seconds of one-thread computation per second of audio (front end, senones, phone posteriors)."""
    am = AcousticModel()
    rng = np.random.default_rng(0)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    x = 0.1 * np.sin(2 * np.pi * 150 * t) * (1 + np.sin(2 * np.pi * 3 * t)) + 0.01 * rng.standard_normal(t.size)
    best = {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        cep = am.mfcc(x)
        t1 = time.perf_counter()
        feat = delta_features(cep)
        am.sorted_scores(feat)
        t2 = time.perf_counter()
        am.phone_logpost(x)
        t3 = time.perf_counter()
        for k, v in (("front_end", t1 - t0), ("senones", t2 - t1), ("total", t3 - t2)):
            best[k] = min(best.get(k, 1e9), v / seconds)
    return "sphinx_am (1 thread): seconds per second of audio: front end %.4f, senone scores %.4f, " \
           "phone log-posteriors in all %.4f" % (best["front_end"], best["senones"], best["total"])


def viseme_track(am, logpost):
    """50 Hz viseme classes [T] from 100 Hz phone log-posteriors [M, 42]: the best phone of the two
    log-mel frames under encoder frame j (2 j, 2 j + 1), mapped to its (first) viseme."""
    from . import visemes as V
    cls = np.array([V.VISEME_INDEX[V.arpabet_visemes(p)[0]] for p in am.phones])
    T = (logpost.shape[0] - 1) // 2 + 1 if logpost.shape[0] else 0
    pad = np.concatenate([logpost, logpost[-1:]]) if logpost.shape[0] % 2 else logpost
    pair = pad[:2 * T].reshape(T, 2, -1).max(1)
    return cls[pair.argmax(1)]


def viseme_baseline(reference, held=None, held_cache=None, per_speaker=6):
    """How well the acoustic model alone names visemes: viseme agreement (+-20 ms, real_voice_eval's
    counting) of ``viseme_track`` on the real reference and on the synthetic held-out test items.
    Our encoder's viseme head gets 0.71 real / 0.90 synthetic (docs/expression-network.md)."""
    import json
    from . import real_voice_eval as E
    am = AcousticModel()
    ref = json.load(open(reference))
    rows = []
    for it in ref["items"]:
        vis = viseme_track(am, am.phone_logpost(E._read(it)))
        r = E.score_item(np.ones(1), vis, it["visemes"], [], [])
        r.update(source=it["source"])
        rows.append(r)
    out = {"real_all": E.total(rows, ci=False)["viseme_agreement_20ms"],
           "librivox": E.total([r for r in rows if r["source"] == "librivox"], ci=False)["viseme_agreement_20ms"],
           "klettres": E.total([r for r in rows if r["source"] == "klettres"], ci=False)["viseme_agreement_20ms"]}
    if held is not None:
        from .evaluate_expression import split_reference
        ph = load_cache(held_cache, len(held["mel"])) if held_cache else None
        srows = []
        for sid in sorted(set(held["speaker"])):
            for i in split_reference(held, sid, test_count=per_speaker)[1]:
                lp = ph[i] if ph is not None else am.phone_logpost(held["audio"][i], frames=held["mel"][i].shape[0])
                segs, _ = E.synthetic_segments(held["viseme"][i])
                srows.append(E.score_item(np.ones(1), viseme_track(am, lp), segs, [], []))
        out["synthetic_heldout"] = E.total(srows)["viseme_agreement_20ms"]
    return out


# ---------------------------------------------------------------- feature caches


def cache_features(audio, frames, path, model=None, log_every=200):
    """Phone log-posteriors of every utterance (``audio`` list of float arrays, ``frames`` the log-mel
    frame count of each) cached in ``path`` (float16 npz, resumable: partial progress is kept in
    ``path + '.part.npz'``). Returns the list of [frames_i, 42] float32 arrays."""
    if os.path.exists(path):
        return load_cache(path, len(audio))
    am = model or AcousticModel()
    part = path + ".part.npz"
    done = []
    if os.path.exists(part):
        with np.load(part) as z:
            off = z["off"]
            done = [z["feat"][off[i]:off[i + 1]].astype(np.float32) for i in range(off.size - 1)]
    t0 = time.time()
    for i in range(len(done), len(audio)):
        done.append(am.phone_logpost(audio[i], frames=int(frames[i])))
        if (i + 1) % log_every == 0 or i + 1 == len(audio):
            _save(part, done)
            print("sphinx features: %d/%d (%.0f s)" % (i + 1, len(audio), time.time() - t0), file=sys.stderr,
                  flush=True)
    _save(part, done)
    os.replace(part, path)
    return done


def _save(path, feats):
    off = np.concatenate([[0], np.cumsum([f.shape[0] for f in feats])]).astype(np.int64)
    tmp = path + ".tmp.npz"
    np.savez(tmp, feat=np.concatenate(feats).astype(np.float16) if feats else np.zeros((0, 42), np.float16),
             off=off, definition=DEFINITION)
    os.replace(tmp, path)


def load_cache(path, count=None):
    with np.load(path) as z:
        if str(z["definition"]) != DEFINITION:
            raise ValueError("%s holds features of another definition (%s); delete it to recompute"
                             % (path, z["definition"]))
        off, feat = z["off"], z["feat"]
    if count is not None and off.size - 1 != count:
        raise ValueError("%s holds %d utterances, %d expected" % (path, off.size - 1, count))
    return [feat[off[i]:off[i + 1]].astype(np.float32) for i in range(off.size - 1)]


DEFINITION = "pocketsphinx-en-us phone log-posteriors v1: 42 base phones, best senone, scale 0.1"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cache", help="features of a training run's cached utterances")
    c.add_argument("--run", required=True, help="run directory with cache-SPLIT.npz (expression_data)")
    c.add_argument("--split", default="train")
    c.add_argument("--out", required=True)
    v = sub.add_parser("verify", help="compare with pocketsphinx_batch on the LibriVox test clips")
    v.add_argument("--clips", type=int, default=5)
    v.add_argument("--work", default=None, help="keep pocketsphinx's dumps here (default: a temporary folder)")
    sub.add_parser("bench", help="seconds of computation per second of audio")
    b = sub.add_parser("visemes", help="viseme agreement of the acoustic model alone (best phone per frame)")
    b.add_argument("--reference", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                                       "reference", "real-voice.json"))
    b.add_argument("--run", default=None, help="run directory with cache-heldout.npz (synthetic held-out)")
    b.add_argument("--phone-cache", default=None, help="sphinx_am cache of the held-out split")
    a = ap.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    if a.cmd == "cache":
        from . import expression_data as ED
        d = ED.build(None, a.split, os.path.join(a.run, "cache-%s.npz" % a.split))
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        cache_features(d["audio"], [m.shape[0] for m in d["mel"]], a.out)
    elif a.cmd == "verify":
        import json
        print(json.dumps(verify(a.clips, a.work), indent=1))
    elif a.cmd == "visemes":
        import json
        held = None
        if a.run:
            from . import expression_data as ED
            held = ED.build(None, "heldout", os.path.join(a.run, "cache-heldout.npz"))
        print(json.dumps(viseme_baseline(a.reference, held, a.phone_cache), indent=1))
    else:
        print(bench())


if __name__ == "__main__":
    main()
