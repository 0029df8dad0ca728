"""espeak-ng speech with exact phoneme timing, through libespeak-ng's C API (ctypes).

The library is initialised once per process in synchronous mode with phoneme events
(``espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_PHONEME_EVENTS)``).
A synth callback collects the 16-bit PCM (22,050 Hz) and the ``espeakEVENT_PHONEME`` events; each
event's ``sample`` field is the sample index at which that phoneme starts (``audio_position`` is the
same instant in whole milliseconds), so phoneme starts are exact to the sample. A phoneme ends where
the next event starts; the last one ends at the end of the audio.
"""

import ctypes
import ctypes.util
import glob
import os
import threading

import numpy as np

ESPEAK_RATE_HZ = 22050

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PHONEMES = 0x100            # espeakPHONEMES: text inside [[ ]] is read as phoneme mnemonics
_EVENT_LIST_TERMINATED = 0
_EVENT_PHONEME = 7
_PARAM_RATE = 1
_PARAM_VOLUME = 2
_PARAM_PITCH = 3
_PARAM_RANGE = 4


class _Event(ctypes.Structure):
    # espeak_EVENT from speak_lib.h; id is a union whose 8-byte string member carries the phoneme.
    _fields_ = [
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", ctypes.c_char * 8),
    ]


_Callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                             ctypes.POINTER(_Event))


class EspeakError(RuntimeError):
    pass


class _Engine:
    def __init__(self):
        name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(name)
        except OSError as e:
            raise EspeakError("libespeak-ng is not installed (apt-get install libespeak-ng1 espeak-ng): %s" % e)
        rate = self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, _INITIALIZE_PHONEME_EVENTS)
        if rate != ESPEAK_RATE_HZ:
            raise EspeakError("espeak_Initialize returned %d, expected %d Hz" % (rate, ESPEAK_RATE_HZ))
        self.lib.espeak_Synth.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.chunks = []
        self.events = []
        self.callback = _Callback(self._collect)  # keep a reference: the C side holds only a pointer
        self.lib.espeak_SetSynthCallback(self.callback)
        self.lock = threading.Lock()

    def _collect(self, wav, count, events):
        if wav and count > 0:
            self.chunks.append(np.ctypeslib.as_array(wav, (count,)).copy())
        i = 0
        while events[i].type != _EVENT_LIST_TERMINATED:
            ev = events[i]
            if ev.type == _EVENT_PHONEME:
                self.events.append((ev.id.split(b"\0", 1)[0].decode("latin-1"), int(ev.sample)))
            i += 1
        return 0

    def synth(self, text, voice, rate_wpm=175, pitch=50, pitch_range=50, phonemes=False):
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode("utf-8")) != 0:
                raise EspeakError("espeak-ng has no voice %r" % voice)
            self.lib.espeak_SetParameter(_PARAM_RATE, int(rate_wpm), 0)
            self.lib.espeak_SetParameter(_PARAM_PITCH, int(pitch), 0)
            self.lib.espeak_SetParameter(_PARAM_RANGE, int(pitch_range), 0)
            self.lib.espeak_SetParameter(_PARAM_VOLUME, 100, 0)
            self.chunks, self.events = [], []
            data = text.encode("utf-8")
            flags = _CHARS_UTF8 | (_PHONEMES if phonemes else 0)
            err = self.lib.espeak_Synth(data, len(data) + 1, 0, _POS_CHARACTER, 0, flags, None, None)
            self.lib.espeak_Synchronize()
            if err != 0:
                raise EspeakError("espeak_Synth failed (%d) for voice %r" % (err, voice))
            pcm = np.concatenate(self.chunks) if self.chunks else np.zeros(0, np.int16)
            return pcm, list(self.events)


_engine = None


def engine():
    global _engine
    if _engine is None:
        _engine = _Engine()
    return _engine


def synthesize(text, voice="en-us", rate_wpm=175, pitch=50, pitch_range=50, phonemes=False):
    """Speaks ``text``; returns (float32 samples at 22,050 Hz, [(phoneme, start_s, end_s), ...]).

    Phoneme names are espeak-ng's mnemonics (``b``, ``aI``, ``_:`` for a pause, ...). With
    ``phonemes=True``, text inside ``[[ ]]`` is read as phoneme mnemonics of the voice's own phoneme
    table (any language, whatever its script).
    """
    pcm, events = engine().synth(text, voice, rate_wpm, pitch, pitch_range, phonemes)
    audio = pcm.astype(np.float32) / 32768.0
    total = audio.size
    phones = []
    for k, (name, start) in enumerate(events):
        end = events[k + 1][1] if k + 1 < len(events) else total
        start, end = min(start, total), min(max(end, start), total)
        if end > start:
            phones.append((name, start / ESPEAK_RATE_HZ, end / ESPEAK_RATE_HZ))
    return audio, phones


VOICE_DATA_GLOBS = ("/usr/lib/*/espeak-ng-data/voices", "/usr/share/espeak-ng-data/voices",
                    "/usr/local/share/espeak-ng-data/voices")


def installed_variants():
    """Names of the installed voice variant files (``+NAME``); the C API accepts unknown ones silently."""
    names = set()
    for pattern in VOICE_DATA_GLOBS:
        for d in glob.glob(pattern):
            names.update(os.listdir(os.path.join(d, "!v")) if os.path.isdir(os.path.join(d, "!v")) else [])
    return names


def missing_voices(voices):
    """The ``lang+variant`` strings whose language voice or variant file espeak-ng does not have."""
    variants = installed_variants()
    missing = []
    for v in voices:
        lang, _, var = v.partition("+")
        if (var and var not in variants) or engine().lib.espeak_SetVoiceByName(lang.encode("utf-8")) != 0:
            missing.append(v)
    return missing
