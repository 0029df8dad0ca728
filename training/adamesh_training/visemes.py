"""Phoneme -> viseme mapping shared by every speech source.

The viseme set is the 15-class set used by most real-time lip-sync systems (silence, 10 consonant
groups by place of articulation seen on the lips, 5 vowel groups by jaw opening and lip rounding):

======  ===================================  =========================================
viseme  what the face does                   examples (ARPAbet / espeak-ng)
======  ===================================  =========================================
sil     rest                                 pau, SIL / ``_``, ``_:``, ``_!``
PP      lips closed (bilabial)               p b m / p b m
FF      lower lip under upper teeth          f v / f v
TH      tongue between the teeth             th dh / T D
DD      tongue on the ridge, mouth ajar      t d / t d
kk      back of the tongue, mouth ajar       k g ng hh / k g N h x
CH      lips forward and open (post-alv.)    ch jh sh zh / tS dZ S Z
SS      teeth together, lips spread          s z / s z C
nn      tongue on the ridge, nasal/lateral   n l / n l
RR      slight rounding                      r er / r R
aa      open jaw                             aa ae ah aw ay / a A V aI aU
E       mid jaw, spread                      eh ey / e E eI
I       nearly closed jaw, spread            ih iy y / i I j
O       rounded, mid jaw                     ao ow oy / o O 0 oU OI
U       rounded, nearly closed (also w)      uh uw w / u U w y
======  ===================================  =========================================

Diphthongs map to two visemes (the first half and the second half of the segment). Names from
espeak-ng are its ASCII mnemonics; a name not in the table is looked up again without its length and
stress modifiers (``:``, ``-``, ``#``, ``;``, ``^``, ``!``, digits), then by its first character, and
an unknown vowel-like name falls back to ``E`` (an unknown consonant to ``DD``). ARPAbet covers
festival's radio phone set (lower case) and pocketsphinx's en-us model (upper case).
"""

import numpy as np

VISEMES = ("sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "I", "O", "U")
VISEME_INDEX = {v: i for i, v in enumerate(VISEMES)}

ARPABET = {
    "pau": "sil", "sil": "sil", "h#": "sil", "sp": "sil", "+breath+": "sil", "+noise+": "sil",
    "p": "PP", "b": "PP", "m": "PP",
    "f": "FF", "v": "FF",
    "th": "TH", "dh": "TH",
    "t": "DD", "d": "DD", "dx": "DD",
    "k": "kk", "g": "kk", "ng": "kk", "hh": "kk",
    "ch": "CH", "jh": "CH", "sh": "CH", "zh": "CH",
    "s": "SS", "z": "SS",
    "n": "nn", "l": "nn", "el": "nn", "en": "nn",
    "r": "RR", "er": "RR", "axr": "RR",
    "aa": "aa", "ae": "aa", "ah": "aa", "aw": ("aa", "U"), "ay": ("aa", "I"),
    "eh": "E", "ey": ("E", "I"), "ax": "E",
    "ih": "I", "iy": "I", "y": "I",
    "ao": "O", "ow": ("O", "U"), "oy": ("O", "I"),
    "uh": "U", "uw": "U", "w": "U",
}

ESPEAK = {
    "_": "sil", "_:": "sil", "_!": "sil", "_^_": "sil", "||": "sil", "|": "sil",
    "p": "PP", "b": "PP", "m": "PP", "B": "FF", "m-": "PP",
    "f": "FF", "v": "FF", "F": "FF",
    "T": "TH", "D": "TH",
    "t": "DD", "d": "DD", "t#": "DD", "d#": "DD", "*": "DD", "t2": "DD", "d2": "DD", "?": "sil",
    "k": "kk", "g": "kk", "N": "kk", "h": "kk", "x": "kk", "G": "kk", "q": "kk", "c": "kk", "J": "nn",
    "tS": "CH", "dZ": "CH", "S": "CH", "Z": "CH", "ts": "SS", "dz": "SS", "S;": "CH", "Z;": "CH",
    "s": "SS", "z": "SS", "C": "SS", "s2": "SS",
    "n": "nn", "l": "nn", "L": "nn", "n-": "nn", "l/": "nn", "l#": "nn", "n^": "nn", "l^": "nn",
    "r": "RR", "R": "RR", "r-": "RR", "3": "RR", "3:": "RR", "@L": "nn", "r/": "RR", "R2": "RR",
    "a": "aa", "A": "aa", "A:": "aa", "a#": "aa", "V": "aa", "aI": ("aa", "I"), "aU": ("aa", "U"),
    "A@": "aa", "a:": "aa", "aI@": ("aa", "E"), "aU@": ("aa", "E"), "&": "aa",
    "e": "E", "E": "E", "eI": ("E", "I"), "e@": "E", "@": "E", "@2": "E", "@5": "E", "a2": "E",
    "E2": "E", "E:": "E", "e:": "E", "W": "O",
    "i": "I", "I": "I", "i:": "I", "I2": "I", "I#": "I", "i@": ("I", "E"), "i@3": ("I", "E"), "j": "I",
    "y": "U", "Y": "U", "y:": "U",
    "0": "O", "O": "O", "O:": "O", "o": "O", "o:": "O", "oU": ("O", "U"), "OI": ("O", "I"), "O@": "O",
    "2": "O", "9": "O", "o@": "O",
    "u": "U", "u:": "U", "U": "U", "U@": ("U", "E"), "w": "U", "w#": "U",
}

_MODIFIERS = ":-#;^!/'\"0123456789~"
_VOWEL_CHARS = set("aeiouAEIOUV@0123&WY")


def _as_pair(v):
    return v if isinstance(v, tuple) else (v,)


def espeak_visemes(name):
    """Viseme tuple (1 or 2 entries) for an espeak-ng phoneme mnemonic."""
    if name in ESPEAK:
        return _as_pair(ESPEAK[name])
    if name.startswith("_"):
        return ("sil",)
    stripped = name.rstrip(_MODIFIERS) or name
    if stripped in ESPEAK:
        return _as_pair(ESPEAK[stripped])
    if stripped[:2] in ESPEAK:
        return _as_pair(ESPEAK[stripped[:2]])
    if stripped[0] in ESPEAK:
        return _as_pair(ESPEAK[stripped[0]])
    return ("E",) if stripped[0] in _VOWEL_CHARS else ("DD",)


def arpabet_visemes(name):
    """Viseme tuple for an ARPAbet phone (festival lower case or CMU upper case, stress digits ok)."""
    key = name.lower().rstrip("012")
    if key in ARPABET:
        return _as_pair(ARPABET[key])
    return ("sil",) if key.startswith(("+", "<", "pau", "sil")) else ("DD",)


def index_runs(values):
    """[(value, first, last)] of the runs of equal values in a 1-D array (``last`` included)."""
    values = np.asarray(values)
    out, j = [], 0
    while j < values.size:
        k = j
        while k + 1 < values.size and values[k + 1] == values[j]:
            k += 1
        out.append((values[j].item(), j, k))
        j = k + 1
    return out


def true_runs(mask):
    """[(first, last)] of the runs of True (nonzero) frames of a 1-D mask (``last`` included)."""
    return [(j, k) for v, j, k in index_runs(np.asarray(mask) != 0) if v]


def label_runs(labels):
    """[(class index, start_s, end_s)] of the runs of equal 50 Hz encoder-frame labels (frame j covers
    [20 j + 2.5, 20 j + 22.5) ms, centred where the encoder scores it); -1 (no label) runs included."""
    return [(int(v), 0.02 * j + 0.0025, 0.02 * (k + 1) + 0.0025) for v, j, k in index_runs(labels)]


def segments_to_visemes(phones, mapper):
    """[(phone, start, end)] -> [(viseme, start, end, phone)], diphthongs split at their midpoint."""
    out = []
    for name, start, end in phones:
        vis = mapper(name)
        if len(vis) == 1:
            out.append((vis[0], start, end, name))
        else:
            mid = start + 0.5 * (end - start)
            out.append((vis[0], start, mid, name))
            out.append((vis[1], mid, end, name))
    return out
