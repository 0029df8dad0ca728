#!/usr/bin/env bash
# Installs the Debian 12 packages the training tools use (no PyPI). Run as root (or with sudo).
# Checked with apt-cache on Debian 12: every name below exists as written.
set -euo pipefail
packages=(
  # Python toolchain
  python3 python3-numpy python3-scipy python3-torch python3-torchaudio python3-onnx
  libopenblas0-pthread          # the reference BLAS is ~20x slower for training steps
  # speech synthesis with phoneme timing
  espeak-ng libespeak-ng1       # libespeak-ng.so.1 is loaded through ctypes
  festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts
  flite                         # a third engine: clustergen voices awb, rms, slt and kal16 (ADR 0036)
  # real speech with transcripts, and the aligner for it
  pocketsphinx pocketsphinx-en-us pocketsphinx-testdata
  klettres-data                 # real words in 20 languages: the real-voice reference and training split
  asterisk-core-sounds-en-g722 asterisk-core-sounds-es-g722 asterisk-core-sounds-fr-g722
  asterisk-core-sounds-it-g722 asterisk-core-sounds-ru-g722   # 2.3 h of prompts with text (ADR 0025)
  # text for sentences
  fortune-mod fortunes wamerican
  # audio decoding: sox reads klettres and the reference without dither, FFmpeg decodes G.722 and codecs
  sox ffmpeg
)
export DEBIAN_FRONTEND=noninteractive
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-debian: all ${#packages[@]} packages installed"
  exit 0
fi
if ! apt-cache show "${missing[0]}" >/dev/null 2>&1; then
  apt-get update -q
fi
apt-get install -y -q --no-install-recommends "${missing[@]}"
