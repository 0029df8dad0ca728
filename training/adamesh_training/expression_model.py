"""The default bundle's speech encoder, style encoder and MoLoRA expression decoder (PyTorch).

Shapes (B batch, M log-mel frames at 100 Hz, T encoder frames at 50 Hz, F animation frames at 30 fps):

* ``SpeechEncoder``: log-mel [B, M, 80] -> features [B, T, D], T = (M - 1) // 2 + 1.
  Two 1-D convolutions (the second with stride 2) then ``layers`` blocks of
  [causal depthwise convolution (position information without look-ahead), chunk-masked multi-head
  self-attention, feed-forward], pre-LayerNorm, residual. ``chunk`` <= 0 (*quality*): every frame sees
  the whole utterance. ``chunk`` = C (*live*): frame j sees frames of its own chunk of C frames and every
  earlier chunk, so the look-ahead never grows with depth: at most C - 1 encoder frames (20 ms each)
  plus 2 log-mel frames of the convolutional front end.
* ``resample_to_30fps``: linear interpolation of the 50 Hz features at the animation frame times
  f / 30 s (50 Hz frame j is centred at 0.02 j + 0.0125 s); F = (3 T) // 5.
* ``StyleEncoder``: a reference sequence of expression coefficients and jaw [B, R, 44] -> style [B, S]
  (per-frame MLP over values and velocities, mean over time, linear).
* ``ExpressionDecoder``: 30 fps features + style -> [B, F, 44] = 43 expression weights + jaw x (rad).
  Four adapted layers, each ``MoLoRALinear``: ``inp`` (D -> H), ``conv1`` and ``conv2`` (causal
  temporal convolutions, kernel 3, dilation 1 and 2, written as linear maps of the stacked frames
  [h(t - 2d), h(t - d), h(t)] so the same LoRA code serves them) and ``out`` (H -> 44).

MoLoRA (AdaMesh, Chen et al.): each adapted layer keeps its frozen weight W and adds K branches of
different ranks, ``y = W u + b + sum_k g_k B_k A_k u`` with mixture weights ``g = softmax(logits)``.
The rank-2 branch captures a global gain or bias of articulation, the rank-8 branch finer
phoneme-dependent detail; the mixture learns how much of each a speaker needs.
"""

import math

import torch
from torch import nn
import torch.nn.functional as F

N_MELS = 80
N_OUT = 44            # 43 expression weights + jaw x
JAW_SCALE = 10.0      # the network predicts jaw * JAW_SCALE so every channel has a similar range
LORA_RANKS = (2, 4, 8)
PHONES_FRONTEND = "log-mel+phones"
ADAPTED_LAYERS = ("inp", "conv1", "conv2", "out")


class MoLoRALinear(nn.Module):
    """A frozen linear map plus a mixture of LoRA branches of different ranks."""

    def __init__(self, n_in, n_out, ranks=LORA_RANKS):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_out, n_in))
        self.bias = nn.Parameter(torch.zeros(n_out))
        nn.init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        self.ranks = tuple(ranks)
        self.lora_A = nn.ParameterList([nn.Parameter(torch.randn(r, n_in) / math.sqrt(n_in)) for r in ranks])
        self.lora_B = nn.ParameterList([nn.Parameter(torch.zeros(n_out, r)) for r in ranks])
        self.lora_logits = nn.Parameter(torch.zeros(len(ranks)))

    def lora_parameters(self):
        return list(self.lora_A) + list(self.lora_B) + [self.lora_logits]

    def forward(self, u, lora=None):
        """``lora``: optional (A list, B list, logits) replacing the module's own branches."""
        A, B, logits = lora if lora is not None else (list(self.lora_A), list(self.lora_B), self.lora_logits)
        y = F.linear(u, self.weight, self.bias)
        g = torch.softmax(logits, dim=0)
        for k in range(len(A)):
            y = y + g[k] * F.linear(F.linear(u, A[k]), B[k])
        return y


def stack_frames(h, dilation):
    """[B, F, C] -> [B, F, 3C]: [h(t - 2d), h(t - d), h(t)], zeros before the start (causal)."""
    d = dilation
    p = F.pad(h, (0, 0, 2 * d, 0))
    n = h.shape[1]
    return torch.cat([p[:, 0:n], p[:, d:d + n], p[:, 2 * d:2 * d + n]], dim=2)


def resample_to_30fps(x):
    """Linear interpolation of 50 Hz frames [B, T, D] at t = f / 30 s -> [B, (3 T) // 5, D]."""
    n_out = (x.shape[1] * 3) // 5
    f = torch.arange(n_out, dtype=x.dtype)
    pos = torch.clamp((f / 30.0 - 0.0125) / 0.02, min=0.0)
    lo = torch.floor(pos)
    w = (pos - lo).unsqueeze(-1)
    lo = lo.long()
    return x[:, lo] * (1.0 - w) + x[:, lo + 1] * w


def chunk_mask(n, chunk):
    """Additive attention mask [n, n]: 0 where allowed, -1e4 elsewhere; chunk <= 0 -> everything."""
    idx = torch.arange(n)
    c = torch.where(chunk > 0, chunk, torch.ones_like(chunk) * n)
    block = torch.div(idx, c, rounding_mode="floor")
    allowed = block.unsqueeze(0) <= block.unsqueeze(1)
    return (1.0 - allowed.float()) * -1e4


class EncoderBlock(nn.Module):
    def __init__(self, d, heads, ff, conv_kernel=5):
        super().__init__()
        self.heads = heads
        self.k = conv_kernel
        self.norm_conv = nn.LayerNorm(d)
        self.dwconv = nn.Conv1d(d, d, conv_kernel, groups=d)
        self.pwconv = nn.Linear(d, d)
        self.norm_att = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.norm_ff = nn.LayerNorm(d)
        self.ff1 = nn.Linear(d, ff)
        self.ff2 = nn.Linear(ff, d)

    def forward(self, x, mask):
        b, n, d = x.shape
        h = self.norm_conv(x).transpose(1, 2)
        h = self.dwconv(F.pad(h, (self.k - 1, 0))).transpose(1, 2)
        x = x + self.pwconv(F.silu(h))
        q, k, v = self.qkv(self.norm_att(x)).chunk(3, dim=2)
        dh = d // self.heads
        q = q.reshape(b, n, self.heads, dh).transpose(1, 2)
        k = k.reshape(b, n, self.heads, dh).transpose(1, 2)
        v = v.reshape(b, n, self.heads, dh).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(2, 3) / math.sqrt(dh) + mask, dim=-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(b, n, d))
        return x + self.ff2(F.silu(self.ff1(self.norm_ff(x))))


class SpeechEncoder(nn.Module):
    """``extra_dim`` > 0: the input carries ``extra_dim`` more values per log-mel frame after the 80
    log-mel values (e.g. pocketsphinx phone log-posteriors, sphinx_am.py), standardised and added to
    the first convolution's output through their own convolution (``extra``), which starts at zero so
    a model warm-started from a log-mel checkpoint computes exactly what that checkpoint did."""

    def __init__(self, d=128, layers=4, heads=4, ff=320, n_visemes=15, extra_dim=0):
        super().__init__()
        self.register_buffer("mel_mean", torch.zeros(N_MELS))
        self.register_buffer("mel_std", torch.ones(N_MELS))
        self.extra_dim = extra_dim
        if extra_dim:
            self.register_buffer("extra_mean", torch.zeros(extra_dim))
            self.register_buffer("extra_std", torch.ones(extra_dim))
            self.extra = nn.Conv1d(extra_dim, d, 3, padding=1)
            nn.init.zeros_(self.extra.weight)
            nn.init.zeros_(self.extra.bias)
        self.conv1 = nn.Conv1d(N_MELS, d, 3, padding=1)
        self.conv2 = nn.Conv1d(d, d, 3, stride=2, padding=1)
        self.blocks = nn.ModuleList([EncoderBlock(d, heads, ff) for _ in range(layers)])
        self.norm = nn.LayerNorm(d)
        self.viseme_head = nn.Linear(d, n_visemes)   # training-only auxiliary task, not exported
        self.dim = d

    def forward(self, mel, chunk):
        """mel [B, M, 80 (+ extra_dim)] (natural-log mel energies), chunk int64 [1] (<= 0: full context)."""
        x = ((mel[..., :N_MELS] - self.mel_mean) / self.mel_std).transpose(1, 2)
        h = self.conv1(x)
        if self.extra_dim:
            h = h + self.extra(((mel[..., N_MELS:] - self.extra_mean) / self.extra_std).transpose(1, 2))
        x = F.silu(self.conv2(F.silu(h))).transpose(1, 2)
        mask = chunk_mask(x.shape[1], chunk[0])
        for blk in self.blocks:
            x = blk(x, mask)
        return self.norm(x)


class FeatureProjection(nn.Module):
    """The encoder of a bundle trained on a wav2vec 2.0 / HuBERT export: its hidden states [B, T, Dw]
    (50 Hz, same frame timing as ``SpeechEncoder``) -> features [B, T, D], frame by frame (the export
    already carries the context): per-dimension standardisation (training statistics), two linear
    layers and LayerNorm. ``chunk`` is ignored (there is no chunk mask: live mode encodes windows)."""

    def __init__(self, feat_dim, d=128, n_visemes=15):
        super().__init__()
        self.register_buffer("feat_mean", torch.zeros(feat_dim))
        self.register_buffer("feat_std", torch.ones(feat_dim))
        self.fc1 = nn.Linear(feat_dim, d)
        self.fc2 = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d)
        self.viseme_head = nn.Linear(d, n_visemes)   # training-only auxiliary task, not exported
        self.dim = d

    def forward(self, hidden, chunk=None):
        x = (hidden - self.feat_mean) / self.feat_std
        return self.norm(self.fc2(F.silu(self.fc1(x))))


class StyleEncoder(nn.Module):
    def __init__(self, s=32, hidden=96):
        super().__init__()
        self.fc1 = nn.Linear(2 * N_OUT, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.fc3 = nn.Linear(hidden, s)
        self.dim = s

    def forward(self, ref):
        """ref [B, R, 44] scaled as the decoder's output (expression, jaw * JAW_SCALE) -> [B, S]."""
        vel = torch.cat([torch.zeros_like(ref[:, :1]), ref[:, 1:] - ref[:, :-1]], dim=1) * 5.0
        h = F.silu(self.fc2(F.silu(self.fc1(torch.cat([ref, vel], dim=2)))))
        return self.fc3(h.mean(dim=1))


class ExpressionDecoder(nn.Module):
    def __init__(self, d=128, s=32, h=128, ranks=LORA_RANKS):
        super().__init__()
        self.style_proj = nn.Linear(s, h)
        self.inp = MoLoRALinear(d, h, ranks)
        self.conv1 = MoLoRALinear(3 * h, h, ranks)
        self.conv2 = MoLoRALinear(3 * h, h, ranks)
        self.out = MoLoRALinear(h, N_OUT, ranks)
        self.hidden = h
        self.ranks = tuple(ranks)

    def layers(self):
        return [self.inp, self.conv1, self.conv2, self.out]

    def lora_parameters(self):
        return [p for layer in self.layers() for p in layer.lora_parameters()]

    def base_parameters(self):
        lora = {id(p) for p in self.lora_parameters()}
        return [p for p in self.parameters() if id(p) not in lora]

    def from_resampled(self, x30, style_bias, lora=None):
        """x30 [B, F, D] (30 fps features), style_bias [B, H] -> [B, F, 44] (scaled jaw)."""
        lo = lora or [None] * 4
        h = F.silu(self.inp(x30, lo[0]) + style_bias.unsqueeze(1))
        h = h + F.silu(self.conv1(stack_frames(h, 1), lo[1]))
        h = h + F.silu(self.conv2(stack_frames(h, 2), lo[2]))
        return self.out(h, lo[3])

    def forward(self, feats, style, lora=None):
        return self.from_resampled(resample_to_30fps(feats), self.style_proj(style), lora)


class ExpressionModel(nn.Module):
    """Everything trained together: encoder, style encoder, decoder. ``frontend`` "log-mel" (our own
    ``SpeechEncoder``), "log-mel+phones" (``SpeechEncoder`` with ``feat_dim`` phone scores per log-mel
    frame after the log-mel values: an experiment, issue 13 / ADR 0021; not exportable) or "wav2vec2"
    (``FeatureProjection`` of ``feat_dim``-dimensional hidden states)."""

    def __init__(self, d=128, layers=4, heads=4, ff=320, s=32, h=128, ranks=LORA_RANKS, frontend="log-mel",
                 feat_dim=N_MELS):
        super().__init__()
        self.config = dict(d=d, layers=layers, heads=heads, ff=ff, s=s, h=h, ranks=list(ranks),
                           frontend=frontend, feat_dim=feat_dim)
        if frontend == "log-mel":
            self.encoder = SpeechEncoder(d, layers, heads, ff)
        elif frontend == PHONES_FRONTEND:
            self.encoder = SpeechEncoder(d, layers, heads, ff, extra_dim=feat_dim)
        elif frontend == "wav2vec2":
            self.encoder = FeatureProjection(feat_dim, d)
        else:
            raise ValueError("unknown frontend %r (log-mel, %s or wav2vec2)" % (frontend, PHONES_FRONTEND))
        self.style = StyleEncoder(s)
        self.decoder = ExpressionDecoder(d, s, h, ranks)

    def forward(self, x, chunk, ref):
        """x: log-mel [B, M, 80] (+ phone scores [.., feat_dim]) or wav2vec 2.0 hidden states [B, T, feat_dim],
        per ``frontend``."""
        feats = self.encoder(x, chunk)
        return self.decoder(feats, self.style(ref)), feats


def to_network(expression, jaw_x):
    """Teacher targets -> the network's scaled output space [.., 44]."""
    return torch.cat([expression, jaw_x.unsqueeze(-1) * JAW_SCALE], dim=-1)


def count(params):
    return int(sum(p.numel() for p in params))
