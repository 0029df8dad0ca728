"""Writes the lip-closure fixtures: espeak-ng speech with exact phoneme timing.

Output: src/test/resources/io/adamesh/animate/lips/
  NAME.wav   the utterance, 16 kHz mono 16-bit (resampled from espeak-ng's 22,050 Hz)
  NAME.json  text, voice, rate and the phonemes: [{"phoneme", "start_s", "end_s", "visemes"}]
             (espeak-ng's own phoneme events, so the timing is exact to the sample; visemes from
             adamesh_training.visemes: "PP" = lips closed (p b m), "aa" = open jaw)

The Java lip-closure test (LipClosureTest) animates each WAV with the shipped bundle and checks the
lips against these times. Run from the repository root: python3 training/make_lip_fixtures.py
"""

import json
import os
import sys

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from adamesh_training import espeak, visemes  # noqa: E402

OUT = os.path.join("src", "test", "resources", "io", "adamesh", "animate", "lips")

# (name, text, voice, words per minute): bilabial-rich sentences, several voices and rates.
UTTERANCES = [
    ("bob-map", "Bob may buy a map", "en-us", 150),
    ("bread-mom", "Please pass the bread, Mom, and the apple pie", "en-us+f3", 160),
    ("puppy-bee", "My puppy bit a big bumble bee", "en", 150),
    ("pam-ben", "Pam and Ben bought maple syrup by the barrel", "en-us+m3", 175),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, text, voice, wpm in UTTERANCES:
        audio, phones = espeak.synthesize(text, voice, rate_wpm=wpm)
        a16 = resample_poly(audio.astype(np.float64), 320, 441)
        pcm = np.clip(np.round(a16 * 32767.0), -32768, 32767).astype(np.int16)
        wavfile.write(os.path.join(OUT, name + ".wav"), 16000, pcm)
        meta = {
            "text": text,
            "voice": voice,
            "rate_wpm": wpm,
            "source": "espeak-ng phoneme events (adamesh_training.espeak), exact to the sample",
            "sample_rate": 16000,
            "phonemes": [{"phoneme": p, "start_s": round(s, 5), "end_s": round(e, 5),
                          "visemes": list(visemes.espeak_visemes(p))} for p, s, e in phones],
        }
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")
        closures = sum(1 for p in meta["phonemes"] if "PP" in p["visemes"])
        print("%s: %.2f s, %d phonemes, %d bilabials" % (name, pcm.size / 16000, len(phones), closures))


if __name__ == "__main__":
    main()
