"""VQ-VAE pose prior: head-pose sequences [T, 3] at 30 fps <-> discrete codes at 30 / DOWN Hz.

Encoder: conv stack with log2(DOWN) stride-2 convolutions; quantiser: EMA codebook (decay 0.99,
straight-through gradients, commitment loss 0.25, dead codes restarted from batch latents);
decoder: transposed convolutions back to 30 fps. Pose is normalised inside the model with the
training set's per-axis mean/std (buffers, so exported graphs take raw radians).
"""

import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .data import POSE_DIM


class EmaQuantizer(nn.Module):
    def __init__(self, size, dim, decay=0.99):
        super().__init__()
        self.size, self.dim, self.decay = size, dim, decay
        self.register_buffer("codebook", torch.randn(size, dim) * 0.1)
        self.register_buffer("ema_count", torch.ones(size))
        self.register_buffer("ema_sum", self.codebook.clone())

    def nearest(self, z):                                      # z [..., d] -> codes [...]
        flat = z.reshape(-1, self.dim)
        d = (flat * flat).sum(1, keepdim=True) - 2 * flat @ self.codebook.t() + \
            (self.codebook * self.codebook).sum(1)[None, :]
        return d.argmin(1).reshape(z.shape[:-1])

    def lookup(self, codes):
        return F.embedding(codes, self.codebook)

    def forward(self, z):
        codes = self.nearest(z)
        q = self.lookup(codes)
        if self.training:
            with torch.no_grad():
                flat, onehot = z.reshape(-1, self.dim), F.one_hot(codes.reshape(-1), self.size).float()
                self.ema_count.mul_(self.decay).add_(onehot.sum(0), alpha=1 - self.decay)
                self.ema_sum.mul_(self.decay).add_(onehot.t() @ flat, alpha=1 - self.decay)
                n = self.ema_count.sum()
                count = (self.ema_count + 1e-5) / (n + self.size * 1e-5) * n
                self.codebook.copy_(self.ema_sum / count[:, None])
                dead = self.ema_count < 1e-3
                if dead.any():                                 # restart dead codes from batch latents
                    pick = flat[torch.randint(0, flat.shape[0], (int(dead.sum()),))]
                    self.codebook[dead] = pick
                    self.ema_sum[dead] = pick
                    self.ema_count[dead] = 1.0
        commit = F.mse_loss(z, q.detach())
        q = z + (q - z).detach()
        return q, codes, commit


class PoseVQVAE(nn.Module):
    def __init__(self, down=4, codebook=256, code_dim=32, hidden=96, pose_dim=POSE_DIM):
        super().__init__()
        self.down, self.code_dim, self.codebook_size, self.pose_dim = down, code_dim, codebook, pose_dim
        self.config = dict(down=down, codebook=codebook, code_dim=code_dim, hidden=hidden, pose_dim=pose_dim)
        self.register_buffer("mean", torch.zeros(pose_dim))
        self.register_buffer("std", torch.ones(pose_dim))
        n = int(round(math.log2(down)))
        enc = [nn.Conv1d(pose_dim, hidden, 3, padding=1), nn.ReLU()]
        for _ in range(n):
            enc += [nn.Conv1d(hidden, hidden, 4, stride=2, padding=1), nn.ReLU(),
                    nn.Conv1d(hidden, hidden, 3, padding=1), nn.ReLU()]
        enc += [nn.Conv1d(hidden, code_dim, 1)]
        self.encoder = nn.Sequential(*enc)
        dec = [nn.Conv1d(code_dim, hidden, 3, padding=1), nn.ReLU()]
        for _ in range(n):
            dec += [nn.ConvTranspose1d(hidden, hidden, 4, stride=2, padding=1), nn.ReLU(),
                    nn.Conv1d(hidden, hidden, 3, padding=1), nn.ReLU()]
        dec += [nn.Conv1d(hidden, pose_dim, 3, padding=1)]
        self.decoder = nn.Sequential(*dec)
        self.quant = EmaQuantizer(codebook, code_dim)

    def encode(self, pose):                                    # [B, T, 3] radians -> latent [B, T/down, d]
        x = ((pose - self.mean) / self.std).transpose(1, 2)
        return self.encoder(x).transpose(1, 2)

    def decode_latent(self, q):                                # [B, N, d] -> [B, N*down, 3]
        return self.decoder(q.transpose(1, 2)).transpose(1, 2) * self.std + self.mean

    def decode(self, codes):
        return self.decode_latent(self.quant.lookup(codes))

    def forward(self, pose):
        z = self.encode(pose)
        q, codes, commit = self.quant(z)
        return self.decode_latent(q), codes, commit, z


def crop_batch(cache, idx, rng, batch, length):
    """Random [batch, length, ...] windows of pose and features from utterances ``idx``."""
    P, Fe = [], []
    lens = cache.offsets[1:] - cache.offsets[:-1]
    ok = [i for i in idx if lens[i] >= length]
    for _ in range(batch):
        i = ok[rng.integers(len(ok))]
        s = cache.offsets[i] + rng.integers(lens[i] - length + 1)
        P.append(cache.pose[s:s + length])
        Fe.append(cache.feats[s:s + length])
    return torch.from_numpy(np.stack(P)), torch.from_numpy(np.stack(Fe))


def pad_to(x, multiple):
    """Pads [T, C] at the end (edge) so T is a multiple; returns padded, original T."""
    T = x.shape[0]
    n = (-T) % multiple
    if n:
        x = np.concatenate([x, np.repeat(x[-1:], n, 0)], 0)
    return x, T


def recon_error_deg(model, cache, idx):
    """Mean absolute reconstruction error (degrees, per axis averaged) over full utterances."""
    model.eval()
    err, n = 0.0, 0
    with torch.no_grad():
        for i in idx:
            _, p = cache.utt(i)
            pp, T = pad_to(p, model.down)
            rec, _, _, _ = model(torch.from_numpy(pp)[None])
            err += float(np.abs(rec[0, :T].numpy() - p).sum())
            n += p.size
    return math.degrees(err / n)


def train(cache, steps, ckpt=None, resume=None, seed=0, batch=64, length=96, lr=2e-3, log=print, **cfg):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tr = cache.indices("train")
    if resume:
        st = torch.load(resume)
        model = PoseVQVAE(**st["config"])
        model.load_state_dict(st["model"])
        start = st["step"]
    else:
        model = PoseVQVAE(**cfg)
        allp = np.concatenate([cache.utt(i)[1] for i in tr])
        model.mean.copy_(torch.from_numpy(allp.mean(0)))
        model.std.copy_(torch.from_numpy(allp.std(0) + 1e-6))
        start = 0
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    if resume and "opt" in st:
        opt.load_state_dict(st["opt"])
    t0 = time.time()
    for step in range(start, steps):
        model.train()
        pose, _ = crop_batch(cache, tr, rng, batch, length)
        rec, _, commit, _ = model(pose)
        x, r = (pose - model.mean) / model.std, (rec - model.mean) / model.std
        loss = F.mse_loss(r, x) + F.mse_loss(r[:, 1:] - r[:, :-1], x[:, 1:] - x[:, :-1]) * 4 + 0.25 * commit
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 200 == 0 or step == steps - 1:
            used = int((model.quant.ema_count > 0.01).sum())
            log("vq step %d loss %.4f commit %.4f codes-used %d  %.0fs" % (step, loss.item(), commit.item(),
                                                                         used, time.time() - t0))
    if ckpt:
        torch.save({"config": model.config, "model": model.state_dict(), "opt": opt.state_dict(),
                    "step": steps}, ckpt)
    return model
