"""One MoLoRA adaptation step with a hand-written backward and AdamW: the function of adapt_step.onnx.

The frozen part of the network (speech encoder, style encoder, style projection, 50 -> 30 Hz
resampling) runs once on the reference; its results are the *cached activations*: ``x`` [N, F, D],
the input of the first adapted layer, and ``style_bias`` [N, H]. The four adapted layers follow one
another, so their inputs change while the adapters learn; the step therefore recomputes them from
``x`` with the frozen weights (graph initialisers) and the current MoLoRA parameters:

    p0 = inp(x) + style_bias            h1 = silu(p0)
    p1 = conv1(stack(h1, 1))            h2 = h1 + silu(p1)
    p2 = conv2(stack(h2, 2))            h3 = h2 + silu(p2)
    y  = out(h3)                        loss = sum(mask * (y - target)^2) / (44 sum(mask))

with ``layer(u) = W u + b + sum_k g_k B_k A_k u``, ``g = softmax(logits)``. The backward below is the
chain rule written out (no autograd), then AdamW (beta 0.9, 0.999, eps 1e-8, decoupled weight decay
0.01 on A and B, none on the logits, bias correction with the incoming ``step`` + 1).

Only the adapters of ``STEP_LAYERS`` (``inp`` and ``conv1``) are updated; the parameters and AdamW
moments of ``conv2`` and ``out`` pass through unchanged (with B = 0 they add nothing). From 10 s of
reference the later layers only overfit: on the held-out speakers, adapting the first two layers
gains about twice as much LVE as adapting all four (docs/expression-network.md, ADR 0018). The
graph's inputs and outputs keep every layer, so speaker profiles and drivers are unchanged.

Parameter order (also the ONNX input order; names ``<layer>.A<r>``, ``<layer>.B<r>``,
``<layer>.logits``): for each layer in ADAPTED_LAYERS: A for each rank, B for each rank, logits.
"""

import json
import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .expression_model import ADAPTED_LAYERS, N_OUT, resample_to_30fps, stack_frames
from .expression_spec import ADAPT_LR, ADAPT_STEPS  # noqa: F401 (10 s of reference; defined there)
from .speaker_profile import decode_array, encode_array, param_names, unflatten, write_profile  # noqa: F401

BETA1, BETA2, EPS, WEIGHT_DECAY = 0.9, 0.999, 1e-8, 0.01
STEP_LAYERS = ("inp", "conv1")        # the adapters adapt_step.onnx updates (ADR 0018)


def init_params(decoder, ranks, seed=0):
    """Fresh adapter: A ~ N(0, 1/in), B = 0, logits = 0 (equal mixture)."""
    g = torch.Generator().manual_seed(seed)
    flat = []
    for layer in decoder.layers():
        n_out, n_in = layer.weight.shape
        flat += [torch.randn(r, n_in, generator=g) / math.sqrt(n_in) for r in ranks]
        flat += [torch.zeros(n_out, r) for r in ranks]
        flat.append(torch.zeros(len(ranks)))
    return flat


def _silu_grad(p):
    s = torch.sigmoid(p)
    return s * (1.0 + p * (1.0 - s))


def _fold(du, d):
    """Transpose of stack_frames(h, d): [N, F, 3C] -> [N, F, C]."""
    a, b, c = du.chunk(3, dim=2)
    return c + F.pad(b[:, d:], (0, 0, 0, d)) + F.pad(a[:, 2 * d:], (0, 0, 0, 2 * d))


class _Lin:
    """Forward of one adapted layer, keeping what its backward needs."""

    def __init__(self, u, W, b, A, B, logits):
        self.u, self.W, self.A, self.B = u, W, A, B
        self.g = torch.softmax(logits, dim=0)
        self.a = [u @ Ak.t() for Ak in A]
        self.lo = [ak @ Bk.t() for ak, Bk in zip(self.a, B)]
        y = u @ W.t() + b
        for k in range(len(A)):
            y = y + self.g[k] * self.lo[k]
        self.y = y

    def backward(self, dp, need_du=True):
        u2 = self.u.reshape(-1, self.u.shape[-1])
        dp2 = dp.reshape(-1, dp.shape[-1])
        du = dp2 @ self.W if need_du else None
        dA, dB, dg = [], [], []
        for k in range(len(self.A)):
            a2 = self.a[k].reshape(-1, self.a[k].shape[-1])
            dB.append(self.g[k] * (dp2.t() @ a2))
            da = self.g[k] * (dp2 @ self.B[k])
            dA.append(da.t() @ u2)
            dg.append((dp * self.lo[k]).sum())
            if need_du:
                du = du + da @ self.A[k]
        dg = torch.stack(dg)
        dlogits = self.g * (dg - (self.g * dg).sum())
        if need_du:
            du = du.reshape(self.u.shape)
        return du, dA + dB + [dlogits]


class AdaptStep(nn.Module):
    """Frozen decoder weights as buffers (stable ONNX initialiser names ``frozen.<layer>.W/b``)."""

    def __init__(self, decoder, ranks, metric=None, weight_decay=WEIGHT_DECAY, layers=STEP_LAYERS):
        super().__init__()
        self.ranks = tuple(ranks)
        self.n_params = len(param_names(ranks))
        self.weight_decay = float(weight_decay)
        unknown = set(layers) - set(ADAPTED_LAYERS)
        if unknown or not layers:
            raise ValueError("layers must be a non-empty subset of %s, not %s" % (ADAPTED_LAYERS, tuple(layers)))
        self.layers = tuple(layers)
        per = 2 * len(self.ranks) + 1
        self.trained = [ADAPTED_LAYERS[i // per] in self.layers for i in range(self.n_params)]
        if metric is not None:    # symmetric [44, 44] quadratic form of the loss (None: plain MSE)
            metric = metric if torch.is_tensor(metric) else torch.as_tensor(metric, dtype=torch.float32)
            self.register_buffer("loss_metric", 0.5 * (metric + metric.t()))
        else:
            self.loss_metric = None
        for name, layer in zip(ADAPTED_LAYERS, decoder.layers()):
            self.register_buffer("frozen_%s_W" % name, layer.weight.detach().clone())
            self.register_buffer("frozen_%s_b" % name, layer.bias.detach().clone())

    def frozen(self, name):
        return getattr(self, "frozen_%s_W" % name), getattr(self, "frozen_%s_b" % name)

    def loss_and_grads(self, x, style_bias, target, mask, params):
        layers = unflatten(list(params), self.ranks)
        L0 = _Lin(x, *self.frozen("inp"), *layers[0])
        p0 = L0.y + style_bias.unsqueeze(1)
        h1 = F.silu(p0)
        L1 = _Lin(stack_frames(h1, 1), *self.frozen("conv1"), *layers[1])
        h2 = h1 + F.silu(L1.y)
        L2 = _Lin(stack_frames(h2, 2), *self.frozen("conv2"), *layers[2])
        h3 = h2 + F.silu(L2.y)
        L3 = _Lin(h3, *self.frozen("out"), *layers[3])
        m = mask.unsqueeze(-1)
        err = L3.y - target
        norm = mask.sum() * N_OUT
        werr = err if self.loss_metric is None else err @ self.loss_metric
        loss = (m * werr * err).sum() / norm
        dy = 2.0 * m * werr / norm
        dh3, g3 = L3.backward(dy)
        dp2 = dh3 * _silu_grad(L2.y)
        du2, g2 = L2.backward(dp2)
        dh2 = dh3 + _fold(du2, 2)
        dp1 = dh2 * _silu_grad(L1.y)
        du1, g1 = L1.backward(dp1)
        dh1 = dh2 + _fold(du1, 1)
        dp0 = dh1 * _silu_grad(p0)
        _, g0 = L0.backward(dp0, need_du=False)
        return loss, g0 + g1 + g2 + g3

    def forward(self, x, style_bias, target, mask, lr, step, *state):
        n = self.n_params
        params, m, v = state[:n], state[n:2 * n], state[2 * n:3 * n]
        loss, grads = self.loss_and_grads(x, style_bias, target, mask, params)
        t = step + 1.0
        c1 = 1.0 - torch.pow(torch.full_like(t, BETA1), t)
        c2 = 1.0 - torch.pow(torch.full_like(t, BETA2), t)
        per = 2 * len(self.ranks) + 1
        new_p, new_m, new_v = [], [], []
        for i in range(n):
            if not self.trained[i]:          # a layer this step does not adapt: passes through unchanged
                new_p.append(params[i])
                new_m.append(m[i])
                new_v.append(v[i])
                continue
            wd = 0.0 if i % per == per - 1 else self.weight_decay
            mi = BETA1 * m[i] + (1.0 - BETA1) * grads[i]
            vi = BETA2 * v[i] + (1.0 - BETA2) * grads[i] * grads[i]
            pi = params[i] * (1.0 - lr * wd) - lr * (mi / c1) / (torch.sqrt(vi / c2) + EPS)
            new_p.append(pi)
            new_m.append(mi)
            new_v.append(vi)
        return (loss.reshape(1),) + tuple(new_p) + tuple(new_m) + tuple(new_v) + (t,)


# --- drivers used by training and evaluation (torch, but only the explicit step above) ----------

@torch.no_grad()
def style_from_targets(model, targets):
    ref = torch.as_tensor(np.concatenate(targets)[None], dtype=torch.float32)
    return model.style(ref)[0]


@torch.no_grad()
def cache_activations(model, mels, targets, style, chunk=0):
    """Cached frozen activations for a set of utterances: x [N, F, D], style_bias [N, H], target, mask."""
    xs, ts = [], []
    for mel, tgt in zip(mels, targets):
        feats = model.encoder(torch.as_tensor(mel[None], dtype=torch.float32), torch.tensor([chunk]))
        x = resample_to_30fps(feats)[0]
        f = min(x.shape[0], tgt.shape[0])
        xs.append(x[:f])
        ts.append(torch.as_tensor(tgt[:f]))
    n, fmax = len(xs), max(x.shape[0] for x in xs)
    x = torch.zeros(n, fmax, xs[0].shape[1])
    t = torch.zeros(n, fmax, N_OUT)
    mask = torch.zeros(n, fmax)
    for i, (xi, ti) in enumerate(zip(xs, ts)):
        x[i, :xi.shape[0]] = xi
        t[i, :ti.shape[0]] = ti
        mask[i, :xi.shape[0]] = 1.0
    sb = model.decoder.style_proj(style)[None].expand(n, -1).contiguous()
    return {"x": x, "style_bias": sb, "target": t, "mask": mask}


@torch.no_grad()
def adapt(model, cache, steps=150, lr=3e-3, seed=0, ranks=None, layers=STEP_LAYERS):
    ranks = tuple(ranks or model.decoder.ranks)
    stepper = AdaptStep(model.decoder, ranks, layers=layers)
    params = init_params(model.decoder, ranks, seed)
    n = len(params)
    m = [torch.zeros_like(p) for p in params]
    v = [torch.zeros_like(p) for p in params]
    step = torch.zeros(1)
    lr_t = torch.tensor([lr])
    losses = []
    for _ in range(steps):
        out = stepper(cache["x"], cache["style_bias"], cache["target"], cache["mask"], lr_t, step,
                      *params, *m, *v)
        losses.append(float(out[0]))
        params, m, v, step = list(out[1:1 + n]), list(out[1 + n:1 + 2 * n]), list(out[1 + 2 * n:1 + 3 * n]), out[-1]
    return params, losses


def save_profile(path, sid, style, params, provenance, ranks=None):
    """Speaker profile JSON: style embedding + MoLoRA parameters (float32 little-endian, base64)."""
    write_profile(path, sid, np.asarray(style), [p.numpy() for p in params], provenance, ranks)


def load_profile(path):
    doc = json.load(open(path))
    names = param_names(tuple(doc["ranks"]))
    return doc, torch.as_tensor(decode_array(doc["style"])), [torch.as_tensor(decode_array(doc["lora"][n])) for n in names]
