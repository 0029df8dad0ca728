"""The fixed table of synthetic speakers and the train / held-out split.

A speaker is a voice (synthesiser, voice, variant, base pitch and rate) plus an expression style and a
pose style (see teacher.DEFAULT_STYLE). The table does not depend on the corpus seed: it is drawn from
``TABLE_SEED`` so every corpus and experiment agrees on who is who. Each speaker has its own voice, so a
held-out speaker's voice is unseen in training too. ``HELD_OUT`` are never in the training split.
"""

import numpy as np

TABLE_SEED = 20261104

# (synth, voice, language) -- 48 distinct voices, 36 of them English; "en" is espeak-ng's British English voice.
VOICES = [
    ("espeak", "en-us+m1", "en"), ("espeak", "en-us+m3", "en"), ("espeak", "en-us+f1", "en"),
    ("espeak", "en-us+f3", "en"), ("espeak", "en-us+klatt", "en"), ("espeak", "en-us+klatt4", "en"),
    ("espeak", "en-us+Andy", "en"), ("espeak", "en-us+Annie", "en"), ("espeak", "en-us+michel", "en"),
    ("espeak", "en+m2", "en"), ("espeak", "en+f2", "en"), ("espeak", "en+m5", "en"),
    ("espeak", "en+f4", "en"), ("espeak", "en+klatt2", "en"), ("espeak", "en+Alex", "en"),
    ("espeak", "en-gb-scotland+m4", "en"), ("espeak", "en-gb-scotland+f5", "en"),
    ("espeak", "en-gb-x-rp+m6", "en"), ("espeak", "en-gb-x-rp+belinda", "en"),
    ("espeak", "en-029+m7", "en"), ("espeak", "en-029+linda", "en"),
    ("espeak", "en-us-nyc+m2", "en"), ("espeak", "en-us-nyc+steph", "en"),
    ("espeak", "en-gb-x-gbclan+m8", "en"), ("espeak", "en-gb-x-gbclan+f2", "en"),
    ("espeak", "en-gb-x-gbcwmd+m3", "en"), ("espeak", "en-gb-x-gbcwmd+anika", "en"),
    ("espeak", "en-us+klatt3", "en"), ("espeak", "en-us+robert", "en"), ("espeak", "en-us+grandma", "en"),
    ("espeak", "en+edward", "en"), ("espeak", "en+aunty", "en"), ("espeak", "en-us+paul", "en"),
    ("festival", "kal_diphone", "en"), ("festival", "ked_diphone", "en"),
    ("festival", "cmu_us_slt_arctic_hts", "en"),
    ("espeak", "de+m3", "de"), ("espeak", "de+f2", "de"), ("espeak", "fr+m1", "fr"),
    ("espeak", "fr+f4", "fr"), ("espeak", "es+m2", "es"), ("espeak", "es+f3", "es"),
    ("espeak", "it+m5", "it"), ("espeak", "it+f1", "it"), ("espeak", "nl+m4", "nl"),
    ("espeak", "pt+f5", "pt"), ("espeak", "pl+m6", "pl"), ("espeak", "sv+klatt", "sv"),
]
# Held out: 10 speakers (8 English incl. one festival voice, 2 other languages).
HELD_OUT = ("spk03", "spk09", "spk14", "spk20", "spk26", "spk30", "spk31", "spk34", "spk39", "spk45")


def _style(rng):
    return {
        "articulation": round(float(rng.uniform(0.7, 1.3)), 4),
        "jaw_range": round(float(rng.uniform(0.65, 1.35)), 4),
        "smile_bias": round(float(rng.choice([0.0, rng.uniform(0.0, 0.35)])), 4),
        "asymmetry": round(float(rng.uniform(-0.25, 0.25)), 4),
        "coart_span": round(float(rng.uniform(0.6, 1.8)), 4),
        "nod_rate": round(float(rng.uniform(0.4, 1.6)), 4),
        "nod_amp": round(float(rng.uniform(0.01, 0.09)), 4),
        "tilt_bias": round(float(rng.uniform(-0.08, 0.08)), 4),
        "sway": round(float(rng.uniform(0.0, 0.05)), 4),
        "stillness": round(float(rng.uniform(0.0, 0.8)), 4),
        "brow_gain": round(float(rng.uniform(0.1, 0.7)), 4),
        "blink_mean_s": round(float(rng.uniform(2.8, 5.5)), 4),
    }


def speaker_table():
    """[dict(id, synth, voice, language, pitch, range, rate, split, style)] for every speaker."""
    rng = np.random.default_rng(TABLE_SEED)
    table = []
    for k, (synth, voice, lang) in enumerate(VOICES):
        sid = "spk%02d" % k
        table.append({
            "id": sid, "synth": synth, "voice": voice, "language": lang,
            "pitch": int(rng.integers(25, 75)), "range": int(rng.integers(30, 90)),
            "rate": int(rng.integers(145, 195)),
            "split": "heldout" if sid in HELD_OUT else "train",
            "style": _style(rng),
        })
    return table


def split(name):
    return [s["id"] for s in speaker_table() if s["split"] == name]
