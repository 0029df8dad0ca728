"""The fixed table of synthetic speakers and the train / held-out split.

A speaker is a voice (synthesiser, voice, variant, base pitch and rate) plus an expression style and a
pose style (see teacher.DEFAULT_STYLE). The table does not depend on the corpus seed: it is drawn from
``TABLE_SEED`` so every corpus and experiment agrees on who is who. Each speaker has its own voice, so a
held-out speaker's voice is unseen in training too. ``HELD_OUT`` are never in the training split.
"""

import numpy as np

from .flite import VOICES as FLITE_VOICES

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
    """Speaker ids of a split; "train" includes the diversity set (all of it trains)."""
    ids = [s["id"] for s in speaker_table() if s["split"] == name]
    return ids + [s["id"] for s in diversity_table() if s["split"] == name]


# --- The diversity set (issue 13 point 2): every espeak-ng language and every voice variant ----------
# espeak-ng 1.51's 130 language voices (``espeak-ng --voices``; the three whose language code the C API
# does not accept by name are given by file name: chr, en, fr) and its 101 variant files
# (``espeak-ng --voices=variant``; klatt..klatt6 use espeak-ng's Klatt synthesiser instead of its
# default formant synthesis). Frozen here so the table does not depend on what a machine has installed;
# the build checks that every voice exists.
DIVERSITY_LANGUAGES = (
    "af", "am", "an", "ar", "as", "az", "ba", "be", "bg", "bn", "bpy", "bs", "ca", "chr", "cmn",
    "cmn-latn-pinyin", "cs", "cv", "cy", "da", "de", "el", "en-029", "en", "en-gb-scotland",
    "en-gb-x-gbclan", "en-gb-x-gbcwmd", "en-gb-x-rp", "en-us", "en-us-nyc", "eo", "es", "es-419", "et",
    "eu", "fa", "fa-latn", "fi", "fr-be", "fr-ch", "fr", "ga", "gd", "gn", "grc", "gu", "hak", "haw",
    "he", "hi", "hr", "ht", "hu", "hy", "hyw", "ia", "id", "io", "is", "it", "ja", "jbo", "ka", "kk",
    "kl", "kn", "ko", "kok", "ku", "ky", "la", "lb", "lfn", "lt", "ltg", "lv", "mi", "mk", "ml", "mr",
    "ms", "mt", "my", "nb", "nci", "ne", "nl", "nog", "om", "or", "pa", "pap", "piqd", "pl", "pt",
    "pt-br", "py", "qdb", "qu", "quc", "qya", "ro", "ru", "ru-lv", "sd", "shn", "si", "sjn", "sk",
    "sl", "smj", "sq", "sr", "sv", "sw", "ta", "te", "th", "tk", "tn", "tr", "tt", "ug", "uk", "ur",
    "uz", "vi", "vi-vn-x-central", "vi-vn-x-south", "yue",
)
DIVERSITY_VARIANTS = (
    "adam", "Alex", "Alicia", "Andrea", "Andy", "Annie", "antonio", "aunty", "belinda", "benjamin",
    "boris", "caleb", "david", "Demonic", "Denis", "Diogo", "ed", "edward", "edward2", "Gene", "Gene2",
    "gustave", "announcer", "Henrique", "Hugo", "iven", "iven2", "iven3", "iven4", "Jacky", "john",
    "kaukovalta", "Lee", "linda", "marcelo", "Marco", "Mario", "max", "Michael", "michel", "miguel",
    "Mike", "Mr serious", "Nguyen", "pablo", "paul", "pedro", "quincy", "RicishayMax", "RicishayMax2",
    "RicishayMax3", "rob", "robert", "robosoft", "robosoft2", "robosoft3", "robosoft4", "robosoft5",
    "robosoft6", "robosoft7", "robosoft8", "steph", "steph2", "steph3", "Storm", "Tweaky", "UniRobot",
    "zac", "anika", "anikaRobot", "AnxiousAndy", "fast", "f2", "f3", "f4", "f5", "whisperf", "grandpa",
    "klatt", "klatt2", "klatt3", "klatt4", "klatt5", "klatt6", "m2", "m3", "m4", "m5", "m6", "m7",
    "norbert", "sandro", "shelby", "travis", "victor", "whisper", "m8", "f1", "croak", "m1", "grandma",
)
DIVERSITY_SEED = 20261121
# Languages whose text is written, not generated: English varieties speak text.SentenceSource English,
# these speak text.FOREIGN; every other language speaks phoneme pseudo-words (text.pseudo_phonemes).
_NATIVE_TEXT = {"de": "de", "fr": "fr", "fr-be": "fr", "fr-ch": "fr", "es": "es", "es-419": "es", "it": "it",
                "nl": "nl", "pt": "pt", "pt-br": "pt", "pl": "pl", "sv": "sv"}


def diversity_table(unwritten="phonemes"):
    """One speaker per espeak-ng language (ids ``dv000``..), each with a variant; every variant is used
    at least once (130 languages, 101 variants), no voice of the default table (train or held out) is
    repeated, and all are training speakers. ``text``: "english", "native", or for the languages we
    have no sentences for ``unwritten``: "phonemes" (pseudo-words through phoneme input) or
    "read-english" (English sentences read as text by the language's own spelling rules; voices of
    non-Latin scripts switch to English for them)."""
    if unwritten not in ("phonemes", "read-english"):
        raise ValueError("unwritten must be 'phonemes' or 'read-english', not %r" % unwritten)
    rng = np.random.default_rng(DIVERSITY_SEED)
    order = [DIVERSITY_VARIANTS[i] for i in rng.permutation(len(DIVERSITY_VARIANTS))]
    taken = {v for _, v, _ in VOICES}
    table, k = [], 0
    for n, lang in enumerate(DIVERSITY_LANGUAGES):
        while "%s+%s" % (lang, order[k % len(order)]) in taken:
            k += 1
        voice = "%s+%s" % (lang, order[k % len(order)])
        k += 1
        taken.add(voice)
        text = "english" if lang.startswith("en") else ("native" if lang in _NATIVE_TEXT else unwritten)
        table.append({
            "id": "dv%03d" % n, "synth": "espeak", "voice": voice, "language": lang, "text": text,
            "text_language": _NATIVE_TEXT.get(lang, "en"),
            "pitch": int(rng.integers(25, 75)), "range": int(rng.integers(30, 90)),
            "rate": int(rng.integers(145, 195)), "split": "train", "style": _style(rng),
        })
    return table


# --- The flite set (issue 13 point 2, ADR 0036): a synthesiser the default table does not have ---------
# Each of flite's four voices (flite.VOICES) in three pitch variants; all train. The default corpus
# has 2 festival speakers among 38 training speakers, and ADR 0035 measured the lip-sync gap opening at
# exactly such sparsely seen sources, so this set adds a third engine rather than more espeak-ng variants.
FLITE_SEED = 20261122
FLITE_VARIANTS = 3


def flite_table():
    """12 speakers ``fl00``..``fl11``: flite voice ``voice`` with a pitch factor ``f0_shift`` (clustergen
    voices) or a mean pitch ``f0_mean_hz`` (the kal16 diphone voice), an expression / pose style, all
    "train"."""
    rng = np.random.default_rng(FLITE_SEED)
    table = []
    for voice in FLITE_VOICES:
        for v in range(FLITE_VARIANTS):
            spk = {"id": "fl%02d" % len(table), "synth": "flite", "voice": voice, "language": "en",
                   "split": "train", "style": _style(rng)}
            if voice == "kal16":
                spk["f0_mean_hz"] = round(float((90.0, 125.0, 160.0)[v] * rng.uniform(0.95, 1.05)), 1)
            else:
                spk["f0_shift"] = round(float((0.85, 1.0, 1.18)[v] * rng.uniform(0.97, 1.03)), 4)
            table.append(spk)
    return table
