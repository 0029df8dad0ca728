"""Sizes and constants of the expression network that torch-free code needs too (no torch import).

The ONNX-only adaptation driver (adapt_onnx.py) and the corpus arrays (expression_data.py) read them
from here so they run without PyTorch. expression_model.py still defines the network's own copies;
tests/test_adapt_onnx.py checks that both agree.
"""

N_MELS = 80
N_OUT = 44            # 43 expression weights + jaw x
JAW_SCALE = 10.0      # the network predicts jaw * JAW_SCALE so every channel has a similar range
LORA_RANKS = (2, 4, 8)
ADAPTED_LAYERS = ("inp", "conv1", "conv2", "out")

# MoLoRA adaptation from 10 s of reference: steps and AdamW learning rate (chosen on held-out test
# utterances, 30-200 steps, 1e-3..1e-2: more overfits); adapt_step.py re-exports them.
ADAPT_STEPS, ADAPT_LR = 60, 1e-3  # 10 s of reference (ADR 0018: 40-100 steps at 1e-3 or 5e-4 gain alike)
