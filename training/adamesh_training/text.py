"""Sentences from packaged text: fortunes (fortune-mod), the wamerican word list, and a generator.

Every source is read from the installed Debian files; nothing is copied into the repository.
Sentences are cleaned to plain ASCII letters and basic punctuation and kept to 3-22 words.
"""

import glob
import os
import re

import numpy as np

FORTUNE_DIR = "/usr/share/games/fortunes"
WORDS_FILE = "/usr/share/dict/american-english"

_SUBJECTS = ["the old man", "my sister", "a small dog", "the teacher", "every student", "our neighbour",
             "the pilot", "a tired baker", "the mayor", "my brother", "the children", "a curious cat"]
_VERBS = ["bought", "painted", "found", "moved", "opened", "carried", "watched", "fixed", "borrowed",
          "remembered", "pushed", "mapped", "pulled", "phoned about", "voted for"]
_OBJECTS = ["a blue boat", "the purple map", "five ripe apples", "a broken fan", "the window",
            "some warm bread", "a map of Boston", "the very big box", "a moving van", "my pen",
            "the heavy table", "a few photos", "the baby's blanket", "a bowl of soup"]
_PLACES = ["before noon", "in the park", "by the river", "after the movie", "at the bus stop",
           "on Monday", "near the bridge", "beside the lamp", "every morning", "at midnight"]

# Short sentences in other languages for espeak-ng's non-English voices (written for this project).
FOREIGN = {
    "de": ["Mein Vater baut ein Boot am Meer.", "Wir essen heute Abend Brot mit Butter.",
           "Die Katze schläft auf dem Sofa.", "Morgen fahren wir mit dem Bus nach Berlin.",
           "Bitte mach das Fenster auf.", "Das Wetter ist schön und warm."],
    "fr": ["Ma mère prépare du pain chaud.", "Nous partons à Paris demain matin.",
           "Le petit chat boit du lait.", "Il fait beau au bord de la mer.",
           "Papa ouvre la fenêtre du salon.", "Je voudrais un verre d'eau, merci."],
    "es": ["Mi padre bebe café por la mañana.", "Vamos a la playa el lunes.",
           "El perro bonito come pan.", "Mañana voy a comprar manzanas.",
           "La ventana de la cocina está abierta.", "Buenas noches, mamá."],
    "it": ["Mia madre beve un caffè.", "Domani andiamo a Milano in treno.",
           "Il bambino mangia una mela.", "La porta della casa è aperta.",
           "Vorrei una pizza, per favore.", "Il mare è molto bello oggi."],
    "nl": ["Mijn moeder bakt brood in de morgen.", "Wij fietsen naar het park.",
           "De kat slaapt op de bank.", "Morgen gaan we met de boot."],
    "pt": ["Minha mãe bebe café com leite.", "Vamos ao mercado amanhã.",
           "O menino abre a porta.", "A praia é muito bonita."],
    "pl": ["Moja mama pije mleko.", "Jutro pojedziemy do parku.", "Ten pies jest bardzo mały."],
    "sv": ["Min bror bor i en stor by.", "Vi äter frukost på morgonen.", "Katten sover på mattan."],
}


def _clean(s):
    s = s.replace("\n", " ").replace("\t", " ")
    s = re.sub(r"[^A-Za-z0-9 ,.;:?!'\-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s


def fortune_sentences(limit=None):
    """Sentences split from the English fortune files (sorted file order, deterministic)."""
    out = []
    for path in sorted(glob.glob(os.path.join(FORTUNE_DIR, "*"))):
        if "." in os.path.basename(path) or os.path.isdir(path) or os.path.islink(path):
            continue
        try:
            with open(path, encoding="latin-1") as fh:
                body = fh.read()
        except OSError:
            continue
        for entry in body.split("\n%\n"):
            if re.search(r"^\s*(--|Q:|A:)", entry, re.M) and len(entry) > 300:
                continue
            for sent in re.split(r"(?<=[.!?])\s+", entry.replace("\n", " ")):
                sent = _clean(sent)
                n = len(sent.split())
                if 3 <= n <= 22 and re.search(r"[a-z]", sent):
                    out.append(sent)
                    if limit and len(out) >= limit:
                        return out
    return out


def word_list():
    if not os.path.exists(WORDS_FILE):
        return []
    with open(WORDS_FILE, encoding="utf-8", errors="ignore") as fh:
        return sorted({w.strip() for w in fh if re.fullmatch(r"[a-z]{2,10}", w.strip())})


def generated_sentence(rng, words=None):
    s = "%s %s %s %s." % (rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS), rng.choice(_PLACES))
    if words and rng.random() < 0.5:
        extra = " ".join(rng.choice(words) for _ in range(rng.integers(2, 5)))
        s = s[:-1] + ", then " + extra + "."
    return s[0].upper() + s[1:]


# Phoneme mnemonics that every espeak-ng language's phoneme table has (checked on all 131 voices of
# espeak-ng 1.51): pseudo-words from them are spoken with each language's own phonemes.
PSEUDO_CONSONANTS = ("p", "b", "m", "f", "v", "t", "d", "n", "s", "l", "k", "g")
PSEUDO_VOWELS = ("a", "e", "i", "o", "u")


def pseudo_phonemes(rng, words=None):
    """A pseudo-sentence in espeak-ng phoneme input, ``[[b'amo t'elu ...]]``: 3-9 words of 1-3
    (C)V syllables, stress on the first syllable; about a third of the consonants are bilabial."""
    out = []
    for _ in range(int(rng.integers(3, 10)) if words is None else words):
        syl = []
        for k in range(int(rng.integers(1, 4))):
            c = "" if (k == 0 and rng.random() < 0.15) else PSEUDO_CONSONANTS[int(rng.integers(len(PSEUDO_CONSONANTS)))]
            syl.append(("'" if k == 0 else "") + c + PSEUDO_VOWELS[int(rng.integers(len(PSEUDO_VOWELS)))])
        w = "".join(syl)
        out.append(w.replace("'", "", 1) if w.startswith("'") and len(syl) == 1 else w)
    return "[[" + " ".join(out) + "]]"


class SentenceSource:
    """Deterministic sentence stream for a seed: fortunes, generated sentences, foreign sentences."""

    def __init__(self):
        self.fortunes = fortune_sentences()
        self.words = word_list()

    def english(self, rng):
        if self.fortunes and rng.random() < 0.65:
            return self.fortunes[int(rng.integers(len(self.fortunes)))]
        return generated_sentence(rng, self.words)

    @staticmethod
    def fixed_pool(lang):
        """The fixed sentences a language draws from (FOREIGN), or None where sentences are English
        (fortunes and generated sentences, an open supply)."""
        return None if lang.startswith("en") else FOREIGN.get(lang)

    def language(self, lang, rng):
        pool = self.fixed_pool(lang)
        if pool is None:
            return self.english(rng)
        return pool[int(rng.integers(len(pool)))]
