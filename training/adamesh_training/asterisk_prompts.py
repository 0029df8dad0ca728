"""Real connected speech with known text for training: the Asterisk PBX voice prompts (issue 13).

Debian's ``asterisk-core-sounds-{en,es,fr,it,ru}-g722`` packages hold about 2,800 studio recordings
of telephone prompts ("Please enter your password followed by the pound key.") read by five
professional speakers, one per language, 16 kHz G.722, with every prompt's text in
``/usr/share/doc/asterisk-core-sounds-LANG/core-sounds-LANG.txt.gz`` (CC-BY-SA 3.0 / CC-BY 3.0; see
each package's ``copyright``). They are read from the installed packages, never copied here:

    apt-get install asterisk-core-sounds-en-g722 asterisk-core-sounds-es-g722 \\
        asterisk-core-sounds-fr-g722 asterisk-core-sounds-it-g722 asterisk-core-sounds-ru-g722

None of these five speakers reads any item of the real-voice reference (LibriVox clips and klettres
words), so training on them keeps the reference's recordings and readers apart; the reference's
languages en, es, fr, it and ru are then no longer *unseen languages*, only unseen speakers, and
``real_voice_eval`` reports those languages apart from the others (ADR 0025).

Each prompt becomes ``(item id, source language tag, word phone lists, 16 kHz audio)``: English
words take the pocketsphinx dictionary's own pronunciation where it has one, every other word (and
every word of the other languages) espeak-ng's phonemes in the prompt's language, mapped to the
nearest en-us phone of the same viseme class exactly as the reference maps klettres words
(``realvoice_reference.to_arpabet``). Prompts that are only a tone description, or that hold symbols
the speaker reads in a way the text does not say ("press * to ..."), are left out.
"""

import gzip
import os
import re
import subprocess

import numpy as np

from . import align
from . import realvoice_reference as R

SOUNDS = "/usr/share/asterisk/sounds"
DOCS = "/usr/share/doc/asterisk-core-sounds-%s/core-sounds-%s.txt.gz"
SPEAKERS = {"en": "en_US_f_Allison", "es": "es_MX_f_Allison", "fr": "fr_CA_f_June", "it": "it_IT_m_Carlo",
            "ru": "ru_RU_f_IvrvoiceRU"}
ESPEAK = {"en": "en-us", "es": "es-419", "fr": "fr", "it": "it", "ru": "ru"}
SYMBOLS = re.compile(r"[*#@$=+%&/\\<>|~^_{}]")
TAG = "ast-"   # language tag prefix of these items, so they never join klettres items in an utterance


def installed(lang):
    return os.path.isdir(os.path.join(SOUNDS, SPEAKERS[lang])) and os.path.exists(DOCS % (lang, lang))


def prompt_texts(lang):
    """{relative name: text} of one language's prompts, tone descriptions and bracketed notes removed."""
    out = {}
    with gzip.open(DOCS % (lang, lang), "rt", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith(";") or ":" not in line:
                continue
            name, text = line.split(":", 1)
            text = re.sub(r"\[[^\]]*\]", " ", text).strip()
            if name.strip() and text:
                out[name.strip()] = text
    return out


def usable_text(text):
    """True when a prompt's text says what is spoken: letters, digits and punctuation only."""
    return not SYMBOLS.search(text) and re.search(r"\w", text) is not None


def items(languages=None):
    """[(item id, "ast-LANG", text, g722 path)] of every usable prompt of the installed languages."""
    out = []
    for lang in (languages or sorted(SPEAKERS)):
        if lang not in SPEAKERS:
            raise ValueError("no Asterisk prompts for %r (have %s)" % (lang, ", ".join(sorted(SPEAKERS))))
        if not installed(lang):
            raise FileNotFoundError("asterisk-core-sounds-%s-g722 is not installed "
                                    "(apt-get install asterisk-core-sounds-%s-g722)" % (lang, lang))
        root = os.path.join(SOUNDS, SPEAKERS[lang])
        for name, text in sorted(prompt_texts(lang).items()):
            path = os.path.join(root, name + ".g722")
            if usable_text(text) and os.path.exists(path):
                out.append(("ast/%s/%s" % (lang, name), TAG + lang, text, path))
    return out


def read_g722(path):
    """Mono float32 16 kHz samples of a G.722 file (FFmpeg decodes it; no resampling happens)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-f", "g722", "-i", path, "-f", "s16le",
                          "-ac", "1", "-ar", "16000", "-"], capture_output=True, check=True).stdout
    if not raw:
        raise ValueError("%s decoded to no audio" % path)
    return np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0


def _espeak_words(text, lang):
    """espeak-ng phonemes of ``text`` per spoken word (numbers expand to their words), in the voice of
    ``ESPEAK[lang]``, or of the language code itself for a language outside the Asterisk five."""
    out = subprocess.run(["espeak-ng", "-q", "-x", "--sep=_", "-v", ESPEAK.get(lang, lang), text],
                         capture_output=True, text=True, check=True).stdout
    words = [R.phoneme_tokens(w.split("_")) for w in R.LANGUAGE_SWITCH.sub(" ", out).split()]
    return [w for w in words if w]


def prompt_words(text, lang, lexicon=None):
    """[[en-us phone, ...] per word] of a prompt (or of any text in an espeak-ng language), for
    ``align.align_phones``."""
    if lang == "en":
        lexicon = align.cmudict() if lexicon is None else lexicon
        words = []
        for w in re.findall(r"[A-Za-z0-9']+", text):
            key = w.lower()
            if key in lexicon:
                words.append(list(lexicon[key]))
            else:
                words += [R.to_arpabet(ph) for ph in _espeak_words(w, lang)]
        return [w for w in words if w]
    return [w for w in (R.to_arpabet(ph) for ph in _espeak_words(text, lang)) if w]
