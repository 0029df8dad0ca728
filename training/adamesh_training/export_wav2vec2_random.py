"""Exports a small random-weight wav2vec 2.0 graph in the Hugging Face ONNX convention.

Input ``input_values`` float32 [1, N] (16 kHz, already zero-mean/unit-variance),
output ``last_hidden_state`` float32 [1, T, D] with T = floor((N - 400) / 320) + 1, both with
dynamic axes. The architecture comes from torchaudio's ``wav2vec2_model`` builder, shrunk so tests
run in seconds: a 7-layer conv front end (kernels 10,3,3,3,3,2,2 / strides 5,2,2,2,2,2,2, i.e. a
400-sample receptive field and 320-sample hop = 50 Hz) with ``--conv-dim`` channels and the
``layer_norm`` extractor (per-frame, so the front end is local in time), then ``--layers``
transformer layers of width ``--dim``. Weights are random (seeded); nothing is downloaded.

Usage: python3 -m adamesh_training.export_wav2vec2_random OUT.onnx [--layers 2] [--dim 256]
       [--conv-dim 128] [--pos-conv-kernel 32] [--seed 1234]
"""

import argparse
import sys

import torch
import torchaudio


class HuggingFaceFace(torch.nn.Module):
    """Wraps torchaudio's model so the graph has the Hugging Face input/output names."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_values):
        x, _ = self.model.feature_extractor(input_values, None)
        return self.model.encoder(x, None)


def build(layers=2, dim=256, conv_dim=128, pos_conv_kernel=32, seed=1234):
    torch.manual_seed(seed)
    conv = [(conv_dim, 10, 5)] + [(conv_dim, 3, 2)] * 4 + [(conv_dim, 2, 2)] * 2
    model = torchaudio.models.wav2vec2_model(
        extractor_mode="layer_norm", extractor_conv_layer_config=conv, extractor_conv_bias=True,
        encoder_embed_dim=dim, encoder_projection_dropout=0.0,
        encoder_pos_conv_kernel=pos_conv_kernel, encoder_pos_conv_groups=16,
        encoder_num_layers=layers, encoder_num_heads=4, encoder_attention_dropout=0.0,
        encoder_ff_interm_features=4 * dim, encoder_ff_interm_dropout=0.0, encoder_dropout=0.0,
        encoder_layer_norm_first=True, encoder_layer_drop=0.0, aux_num_out=None)
    return HuggingFaceFace(model).eval()


def export(path, **kwargs):
    torch.set_num_threads(1)
    module = build(**kwargs)
    example = torch.randn(1, 16000)
    with torch.no_grad():
        torch.onnx.export(
            module, (example,), path, input_names=["input_values"], output_names=["last_hidden_state"],
            dynamic_axes={"input_values": {1: "samples"}, "last_hidden_state": {1: "frames"}},
            opset_version=14, do_constant_folding=True)
    return module


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--conv-dim", type=int, default=128)
    p.add_argument("--pos-conv-kernel", type=int, default=32)
    p.add_argument("--seed", type=int, default=1234)
    a = p.parse_args(argv)
    export(a.out, layers=a.layers, dim=a.dim, conv_dim=a.conv_dim, pos_conv_kernel=a.pos_conv_kernel, seed=a.seed)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    sys.exit(main())
