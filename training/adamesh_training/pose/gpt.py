"""PoseGPT: a small causal transformer over VQ pose codes, conditioned on speech and a pose style.

Token i (code rate 30/DOWN Hz) = embed(previous code, BOS at an utterance start) + speech(chunk i)
+ position(i within the window) + style projection. Predicts code i. Context is bounded to WINDOW codes:
training crops are WINDOW long, and generation recomputes the last <= WINDOW tokens each step
(windowed recompute), so live and file generation run the same step graph; a file is generated
with the whole feature sequence known, a stream as the features arrive (no lookahead).

``SpeechConditioner`` is the switch point to the shared speech encoder: today it projects our own
83-dim per-frame features (data.py: log-mel + loudness + pitch); swapping in encoder features means
a new ``feat_dim`` (encoder features resampled to 30 fps) and retraining this module only.
"""

import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .data import FEAT_DIM
from .vq import pad_to


class SpeechConditioner(nn.Module):
    """Per-frame features [B, N*down, feat_dim] (raw) -> per-code vectors [B, N, d_model]."""

    def __init__(self, feat_dim, down, d_model, hidden=64):
        super().__init__()
        self.down, self.hidden = down, hidden
        self.register_buffer("mean", torch.zeros(feat_dim))
        self.register_buffer("std", torch.ones(feat_dim))
        self.frame = nn.Linear(feat_dim, hidden)
        self.chunk = nn.Linear(hidden * down, d_model)

    def forward(self, feats):
        x = F.gelu(self.frame((feats - self.mean) / self.std))
        B = x.shape[0]
        return self.chunk(x.reshape(B, -1, self.down * self.hidden))


class Block(nn.Module):
    def __init__(self, d, heads, ff, drop):
        super().__init__()
        self.h = heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.ff = nn.Sequential(nn.Linear(d, ff), nn.GELU(), nn.Linear(ff, d))
        self.drop = nn.Dropout(drop)

    def forward(self, x, mask):
        B, N, D = x.shape
        q, k, v = self.qkv(self.ln1(x)).reshape(B, N, 3, self.h, D // self.h).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(D // self.h) + mask
        y = (att.softmax(-1) @ v).transpose(1, 2).reshape(B, N, D)
        x = x + self.drop(self.proj(y))
        return x + self.drop(self.ff(self.ln2(x)))


class PoseGPT(nn.Module):
    def __init__(self, codebook, down, n_styles, feat_dim=FEAT_DIM, d_model=128, layers=3, heads=4,
                 ff=256, window=32, style_dim=32, drop=0.1):
        super().__init__()
        self.config = dict(codebook=codebook, down=down, n_styles=n_styles, feat_dim=feat_dim,
                           d_model=d_model, layers=layers, heads=heads, ff=ff, window=window,
                           style_dim=style_dim, drop=drop)
        self.codebook, self.down, self.window, self.bos = codebook, down, window, codebook
        self.tok = nn.Embedding(codebook + 1, d_model)
        self.pos = nn.Parameter(torch.randn(window, d_model) * 0.02)
        self.speech = SpeechConditioner(feat_dim, down, d_model)
        self.styles = nn.Parameter(torch.randn(n_styles + 1, style_dim) * 0.5)  # last row = no style
        self.style_proj = nn.Linear(style_dim, d_model)
        self.blocks = nn.ModuleList([Block(d_model, heads, ff, drop) for _ in range(layers)])
        self.ln = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, codebook)

    def forward(self, prev_codes, feats, style):
        """prev_codes [B, N] (BOS = codebook), feats [B, N*down, F], style [B, style_dim] -> logits [B, N, V]."""
        N = prev_codes.shape[1]
        x = self.tok(prev_codes) + self.speech(feats) + self.pos[:N][None] + self.style_proj(style)[:, None]
        i = torch.arange(N)
        mask = torch.where(i[None, :] > i[:, None], torch.tensor(-1e9), torch.tensor(0.0))
        for b in self.blocks:
            x = b(x, mask)
        return self.head(self.ln(x))

    def no_style(self):
        return self.styles[-1].detach()


class StepGraph(nn.Module):
    """The exported step: logits of the newest position for a window of <= WINDOW tokens."""

    def __init__(self, gpt):
        super().__init__()
        self.gpt = gpt

    def forward(self, prev_codes, feats, style):
        return self.gpt(prev_codes, feats, style)[:, -1]


def sample_logits(logits, temperature, top_k, rng):
    """numpy sampling shared by Python generation (Java does the same in PoseModel)."""
    if top_k <= 1 or temperature <= 0:
        return int(np.argmax(logits))
    z = logits.astype(np.float64) / temperature
    keep = np.argsort(-z)[:top_k]
    p = np.exp(z[keep] - z[keep].max())
    p /= p.sum()
    return int(keep[rng.choice(len(keep), p=p)])


@torch.no_grad()
def generate(gpt, feats, style, temperature=0.9, top_k=10, seed=0):
    """Codes [N] for features [T, F] (T padded to a multiple of down), sliding-window recompute."""
    gpt.eval()
    rng = np.random.default_rng(seed)
    f, _ = pad_to(feats, gpt.down)
    N = f.shape[0] // gpt.down
    ft = torch.from_numpy(f)[None]
    st = torch.as_tensor(style, dtype=torch.float32)[None]
    codes = []
    for j in range(N):
        s = max(0, j - gpt.window + 1)
        prev = [gpt.bos if s == 0 else codes[s - 1]] + codes[s:j]
        logits = gpt(torch.tensor([prev]), ft[:, s * gpt.down:(j + 1) * gpt.down], st)[0, -1].numpy()
        codes.append(sample_logits(logits, temperature, top_k, rng))
    return np.array(codes, np.int64)


def encode_all(vq, cache):
    """VQ codes and latents per utterance (full-utterance encoding, edge padded)."""
    codes, lat = [], []
    vq.eval()
    with torch.no_grad():
        for i in range(len(cache.speaker)):
            _, p = cache.utt(i)
            pp, _ = pad_to(p, vq.down)
            z = vq.encode(torch.from_numpy(pp)[None])
            codes.append(vq.quant.nearest(z)[0].numpy())
            lat.append(z[0].numpy())
    return codes, lat


def train(cache, vq, codes, steps, ckpt=None, resume=None, seed=0, batch=32, lr=1e-3, p_null=0.15,
          log=print, **cfg):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tr = cache.indices("train")
    spk_names = sorted(set(str(cache.speaker[i]) for i in tr))
    spk_index = {s: k for k, s in enumerate(spk_names)}
    if resume:
        st = torch.load(resume)
        gpt = PoseGPT(**st["config"])
        gpt.load_state_dict(st["model"])
        start = st["step"]
    else:
        cfg.setdefault("feat_dim", int(cache.feats.shape[1]))      # 83, or D + 3 for wav2vec 2.0 features
        gpt = PoseGPT(vq.codebook_size, vq.down, len(spk_names), **cfg)
        allf = np.concatenate([cache.utt(i)[0] for i in tr])
        gpt.speech.mean.copy_(torch.from_numpy(allf.mean(0)))
        gpt.speech.std.copy_(torch.from_numpy(allf.std(0) + 1e-3))
        start = 0
    opt = torch.optim.AdamW(gpt.parameters(), lr=lr, weight_decay=0.01)
    if resume and "opt" in st:
        opt.load_state_dict(st["opt"])
    W, D = gpt.window, gpt.down
    ncodes = np.array([len(codes[i]) for i in tr])
    ok = [i for i, n in zip(tr, ncodes) if n >= W // 2]
    t0 = time.time()
    for step in range(start, steps):
        gpt.train()
        P, T, Fe, S = [], [], [], []
        L = W
        for _ in range(batch):
            i = ok[rng.integers(len(ok))]
            c = codes[i]
            n = min(L, len(c))
            s = int(rng.integers(len(c) - n + 1))
            f, _ = pad_to(cache.utt(i)[0], D)
            tgt = c[s:s + n]
            prev = np.concatenate([[gpt.bos if s == 0 else c[s - 1]], c[s:s + n - 1]])
            ff = f[s * D:(s + n) * D]
            if n < L:                                           # pad short utterances (ignored in loss)
                tgt = np.concatenate([tgt, np.full(L - n, -100)])
                prev = np.concatenate([prev, np.full(L - n, gpt.bos)])
                ff = np.concatenate([ff, np.zeros(((L - n) * D, ff.shape[1]), np.float32)])
            P.append(prev); T.append(tgt); Fe.append(ff)
            S.append(len(spk_names) if rng.random() < p_null else spk_index[str(cache.speaker[i])])
        style = gpt.styles[torch.tensor(S)]
        logits = gpt(torch.tensor(np.stack(P)), torch.from_numpy(np.stack(Fe)), style)
        loss = F.cross_entropy(logits.reshape(-1, gpt.codebook), torch.tensor(np.stack(T)).reshape(-1),
                               ignore_index=-100)
        for g in opt.param_groups:
            g["lr"] = lr * min(1.0, (step + 1) / 200) * (0.5 + 0.5 * math.cos(math.pi * step / steps))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(gpt.parameters(), 1.0)
        opt.step()
        if step % 200 == 0 or step == steps - 1:
            log("gpt step %d loss %.3f  %.0fs" % (step, loss.item(), time.time() - t0))
        if ckpt and (step + 1) % 1000 == 0:
            torch.save({"config": gpt.config, "model": gpt.state_dict(), "opt": opt.state_dict(),
                        "step": step + 1, "speakers": spk_names}, ckpt)
    if ckpt:
        torch.save({"config": gpt.config, "model": gpt.state_dict(), "opt": opt.state_dict(), "step": steps,
                    "speakers": spk_names}, ckpt)
    return gpt, spk_names
