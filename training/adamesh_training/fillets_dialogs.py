"""Real connected speech with known text for training: the Fish Fillets NG dialogues (issue 13).

Debian's ``fillets-ng-data`` holds the puzzle game's dialogue scripts and its English recordings;
``fillets-ng-data-cs`` and ``fillets-ng-data-nl`` hold the Czech and Dutch recordings. Every spoken line
has an id, and ``script/LEVEL/dialogs_LANG.lua`` gives its text::

    dialogId("let-m-divna", "font_small", "What kind of strange ship is that?")
    dialogStr("Co je to za divnou loď?")

The English original is the third argument of ``dialogId`` and the translation is the ``dialogStr`` that
follows; the recording is ``sound/LEVEL/LANG/ID.ogg`` (Vorbis, 22.05 kHz mono). The lines are acted,
not read: two fish (the small one, ``m`` in the id, and the big one, ``v``) and a cast of minor
characters, each language by its own actors, in questions, exclamations and asides. None of them reads
any item of the real-voice reference. The game and its data are GPL-2+ (see each package's
``copyright``); the files are read from the installed packages, never copied here:

    apt-get install fillets-ng-data fillets-ng-data-cs fillets-ng-data-nl

Each line becomes ``(item id, "fng-LANG", text, ogg path)``. Words take espeak-ng's phonemes in the
line's language (English words the pocketsphinx dictionary's own pronunciation where it has one), mapped
to en-us phones of the same viseme class as the Asterisk prompts are (``asterisk_prompts.prompt_words``).
Lines whose text is not what is spoken (a music cue, a sound file name, no letters at all) are left out.
"""

import os
import re

from . import asterisk_prompts as AP

ROOT = "/usr/share/games/fillets-ng"
TAG = "fng-"               # language tag prefix: these actors never join klettres items in an utterance
LANGUAGES = ("cs", "en", "nl")
PACKAGES = {"cs": "fillets-ng-data-cs", "en": "fillets-ng-data", "nl": "fillets-ng-data-nl"}
_STRING = r'"((?:[^"\\]|\\.)*)"'
_LINE = re.compile(r'dialogId\(\s*' + _STRING + r'\s*,\s*' + _STRING + r'\s*,\s*' + _STRING + r'\s*\)'
                   r'(?:\s*dialogStr\(\s*' + _STRING + r'\s*\))?')
_ESCAPE = re.compile(r'\\(.)')
NOT_SPOKEN = re.compile(r'\.(ogg|wav|mp3|mod)\b|^\s*mplayer\b|[*#@$=+%&/\\<>|~^_{}\[\]]', re.I)


def _unescape(s):
    return _ESCAPE.sub(lambda m: {"n": " ", "t": " "}.get(m.group(1), m.group(1)), s)


def parse_dialogs(text, lang):
    """[(line id, spoken text)] of one ``dialogs_LANG.lua``: the ``dialogStr`` translation, or for English
    the ``dialogId`` original. Lines without a translation are left out (the game shows the English)."""
    out = []
    for line_id, _font, english, translated in _LINE.findall(text):
        spoken = english if lang == "en" else translated
        spoken = " ".join(_unescape(spoken).split())
        if spoken:
            out.append((line_id, spoken))
    return out


def role(line_id):
    """The speaker's role in a line id: "m" (small fish), "v" (big fish) or a minor character's code."""
    parts = line_id.split("-")
    return parts[1] if len(parts) >= 3 else parts[0]


def usable_text(text):
    """True when a line's text says what is spoken: letters, not a file name or a stage direction."""
    return re.search(r"[^\W\d_]", text) is not None and not NOT_SPOKEN.search(text)


def installed(lang):
    return os.path.isdir(os.path.join(ROOT, "script")) and any(
        os.path.isdir(os.path.join(ROOT, "sound", level, lang)) for level in _levels())


def _levels():
    folder = os.path.join(ROOT, "sound")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def items(languages=None):
    """[(item id, "fng-LANG", text, ogg path)] of every recorded line with usable text, sorted."""
    out = []
    for lang in (languages or LANGUAGES):
        if lang not in LANGUAGES:
            raise ValueError("no Fish Fillets recordings for %r (have %s)" % (lang, ", ".join(LANGUAGES)))
        if not installed(lang):
            raise FileNotFoundError("%s is not installed (apt-get install fillets-ng-data %s)"
                                    % (PACKAGES[lang], PACKAGES[lang]))
        for level in _levels():
            script = os.path.join(ROOT, "script", level, "dialogs_%s.lua" % lang)
            sounds = os.path.join(ROOT, "sound", level, lang)
            if not (os.path.exists(script) and os.path.isdir(sounds)):
                continue
            with open(script, encoding="utf-8", errors="replace") as fh:
                lines = parse_dialogs(fh.read(), lang)
            for line_id, text in lines:
                path = os.path.join(sounds, line_id + ".ogg")
                if usable_text(text) and os.path.exists(path):
                    out.append(("fng/%s/%s/%s" % (lang, level, line_id), TAG + lang, text, path))
    return sorted(set(out))


def line_words(text, lang, lexicon=None):
    """[[en-us phone, ...] per word] of a line, for ``align.align_phones``."""
    return AP.prompt_words(text, lang, lexicon)
