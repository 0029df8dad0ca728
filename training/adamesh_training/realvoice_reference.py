"""The trusted real-speech reference: real recordings with known words, phone labels from two
independent methods, and the bilabial closures on which both methods agree.

    python3 -m adamesh_training.realvoice_reference build --out ../training/reference/real-voice.json
    python3 -m adamesh_training.realvoice_reference agreement --ref ../training/reference/real-voice.json
    python3 -m adamesh_training.realvoice_reference spectrogram --ref ... --item ID --out x.png
    python3 -m adamesh_training.realvoice_reference validation --out ../training/reference/validation-fillets.json

Sources (Debian packages, never copied into the repository):

* ``pocketsphinx-testdata``: the 5 LibriVox clips (English connected speech, one reader);
* ``klettres-data``: letters and syllables read by native speakers. The *reference split* is every
  item of the languages in :data:`REFERENCE_LANGUAGES`; the other languages (:func:`training_items`)
  are the only klettres material training may use. The split is by language, so no reference reader
  is ever heard in training; ``test_realvoice.py`` checks it.

Two labelling methods, both kept in the reference file:

1. *pocketsphinx*: forced phone alignment with the en-us acoustic model (align.py's JSGF method). For
   klettres the word's espeak-ng phonemes in its own language are mapped to the nearest en-us phone
   (same viseme class), so the alignment is cross-lingual for languages other than English.
2. *landmarks*: no model at all. Around every boundary of a bilabial (p, b, m) the release is the
   steepest rise and the closure the steepest fall of the 1-7 kHz band energy (5 ms hop, 20 ms
   difference, at least 9 dB), searched within 40 ms of the pocketsphinx boundary; Stevens's acoustic
   landmarks (the burst or the nasal-to-vowel jump, and the vowel-to-closure drop).

A bilabial *event* is trusted when both methods place each of its defined edges (closure after a
sound, release before a sound) within one animation frame (1/30 s) of each other; its times are the
landmark times. The agreement of the two methods is measured over every event (``agreement``) and is
the error bar of every closure figure measured on the reference. Viseme labels for frame agreement
are the pocketsphinx segments with trusted bilabial edges moved to the landmarks.

``validation`` labels a *validation* set the same way (ADR 0040): acted lines of the Fish Fillets NG
dialogues (``fillets-ng-data-cs``, ``-nl``; fillets_dialogs.py), a fixed spread of each language's lines.
No shipped recipe trains on them, so choices between candidates (a mix weight, a seed, a threshold) can
be made there and only confirmed once on the reference. ``real_voice_eval --reference`` scores either
file; a run trained with ``real_closures --source fillets`` must not be validated on it.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

from . import align
from . import visemes as V
from .atomic import write_json

KLETTRES = "/usr/share/klettres"
REFERENCE_LANGUAGES = ("cs", "da", "de", "en", "en_GB", "es", "fr", "it", "nl", "pt_BR", "ru")
ESPEAK_VOICE = {"en_GB": "en-gb", "pt_BR": "pt-br", "en": "en-us", "nb": "nb", "nn": "nb", "nds": "de"}
FRAME = 1.0 / 30.0
SEARCH = 0.04
MIN_JUMP_DB = 9.0
PP = ("P", "B", "M")
VIS_REP = {"PP": "P", "FF": "F", "TH": "TH", "DD": "D", "kk": "K", "CH": "SH", "SS": "S", "nn": "N",
           "RR": "R", "aa": "AA", "E": "EH", "I": "IY", "O": "AO", "U": "UW", "sil": "SIL"}
DIRECT = {"p": "P", "b": "B", "m": "M", "f": "F", "v": "V", "t": "T", "d": "D", "k": "K", "g": "G",
          "s": "S", "z": "Z", "n": "N", "l": "L", "r": "R", "h": "HH", "j": "Y", "w": "W", "S": "SH",
          "Z": "ZH", "tS": "CH", "dZ": "JH", "N": "NG", "T": "TH", "D": "DH", "x": "HH", "R": "R",
          "eI": "EY", "aI": "AY", "aU": "AW", "oU": "OW", "OI": "OY", "@U": "OW"}


def read_audio(path):
    """Mono float32 at 16 kHz from any file sox reads (no dither: the same file gives the same samples)."""
    raw = subprocess.run(["sox", "-D", path, "-t", "raw", "-e", "signed-integer", "-b", "16", "-c", "1",
                          "-r", "16000", "-"], capture_output=True, check=True).stdout
    return np.frombuffer(raw, "<i2").astype(np.float32) / 32768.0


def klettres_items(languages=None):
    """[(item id, language, word, path)] of every klettres sound of ``languages`` (default: all)."""
    out = []
    for lang in sorted(os.listdir(KLETTRES)):
        xml = os.path.join(KLETTRES, lang, "sounds.xml")
        if (languages is not None and lang not in languages) or not os.path.exists(xml):
            continue
        with open(xml, encoding="utf-8") as fh:
            text = fh.read()
        for name, rel in re.findall(r'<sound\s+name="([^"]*)"\s+file="([^"]*)"', text):
            path = os.path.join(KLETTRES, rel)
            if os.path.exists(path):
                out.append(("klettres/%s/%s" % (lang, os.path.splitext(os.path.basename(rel))[0]), lang, name, path))
    return out


def training_items():
    """klettres items that training may use: every language outside the reference split."""
    return [it for it in klettres_items() if it[1] not in REFERENCE_LANGUAGES]


def espeak_phonemes(word, lang):
    """espeak-ng phoneme mnemonics of a klettres word (single letters are read as letter names)."""
    text = word if len(word) == 1 else word.lower()
    voice = ESPEAK_VOICE.get(lang, lang.lower())
    out = subprocess.run(["espeak-ng", "-q", "-x", "--sep= ", "-v", voice, text],
                         capture_output=True, text=True, check=True).stdout
    return phoneme_tokens(LANGUAGE_SWITCH.sub(" ", out).split())


LANGUAGE_SWITCH = re.compile(r"\([a-z-]+\)")   # espeak-ng's "(en)" marks where it switches language


def phoneme_tokens(tokens):
    """espeak-ng ``-x`` mnemonics without stress marks, dropping pause and length-only tokens."""
    return [p.strip("',") for p in tokens if p.strip("',_:!")]


def word_audio(word, lang, path):
    """A klettres item's espeak-ng phonemes and 16 kHz audio; ValueError when espeak-ng has no phonemes."""
    ph = espeak_phonemes(word, lang)
    if not ph:
        raise ValueError("no phonemes for %r" % word)
    return ph, read_audio(path)


def to_arpabet(phones):
    out = []
    for p in phones:
        key = p.rstrip(":;#-")
        if key in DIRECT:
            out.append(DIRECT[key])
        else:
            out.extend(VIS_REP[v] for v in V.espeak_visemes(p) if v != "sil")
    return out


def band_db(audio, lo=1000.0, hi=7000.0, hop=80, win=160):
    """1-7 kHz band energy in dB every 5 ms (frame i centred at (hop i + win / 2) / 16000 s)."""
    n = max(0, 1 + (audio.size - win) // hop)
    idx = np.arange(win)[None] + hop * np.arange(n)[:, None]
    spec = np.abs(np.fft.rfft(audio[idx] * np.hanning(win)[None], n=256, axis=1)) ** 2
    f = np.fft.rfftfreq(256, 1 / 16000.0)
    e = spec[:, (f >= lo) & (f < hi)].sum(1)
    return 10 * np.log10(e + 1e-10), (hop * np.arange(n) + win / 2) / 16000.0


def landmark(band, times, t, rising):
    """Time and size (dB) of the steepest rise (or fall) within SEARCH of ``t``; None when < 9 dB."""
    d = np.full(band.size, 0.0)
    d[2:-2] = band[4:] - band[:-4]                       # 20 ms difference, centred
    sel = np.nonzero(np.abs(times - t) <= SEARCH)[0]
    if sel.size == 0:
        return None
    vals = d[sel] if rising else -d[sel]
    k = int(np.argmax(vals))
    return (float(times[sel[k]]), float(vals[k])) if vals[k] >= MIN_JUMP_DB else None


def bilabial_events(segs, audio):
    """Events [{phone, ps_closure, ps_release, lm_closure, lm_release, trusted}] of one item."""
    band, times = band_db(audio)
    events = []
    i = 0
    while i < len(segs):
        p, s, e = segs[i]
        if p not in PP:
            i += 1
            continue
        j = i                                            # a geminate (Italian "emme") is one closure
        while j + 1 < len(segs) and segs[j + 1][0] in PP:
            j += 1
        e = segs[j][2]
        prev_sound = i > 0 and segs[i - 1][0] != "SIL"
        next_sound = j + 1 < len(segs) and segs[j + 1][0] != "SIL"
        i = j + 1
        ev = {"phone": p, "ps_closure": s if prev_sound else None, "ps_release": e if next_sound else None}
        ok = prev_sound or next_sound
        for edge, rising in (("closure", False), ("release", True)):
            t = ev["ps_" + edge]
            lm = landmark(band, times, t, rising) if t is not None else None
            ev["lm_" + edge] = None if lm is None else round(lm[0], 4)
            ev["lm_%s_db" % edge] = None if lm is None else round(lm[1], 1)
            if t is not None:
                ok = ok and lm is not None and abs(lm[0] - t) <= FRAME
        ev["trusted"] = bool(ok)
        # the interval the lips must be closed in: landmark edges, or 50 ms from the defined edge
        c = ev["lm_closure"] if ev["lm_closure"] is not None else ev["ps_closure"]
        r = ev["lm_release"] if ev["lm_release"] is not None else ev["ps_release"]
        if c is None and r is None:
            c, r = s, e
        ev["closed"] = [round(max(0.0, c if c is not None else r - 0.05), 4), round(r if r is not None else c + 0.05, 4)]
        events.append(ev)
    return events


def reference_visemes(segs, events):
    """[(viseme, start, end)]: pocketsphinx segments, trusted bilabial edges moved to landmarks."""
    segs = [list(s) for s in segs]
    k = 0
    i = 0
    while i < len(segs):
        if segs[i][0] not in PP:
            i += 1
            continue
        j = i
        while j + 1 < len(segs) and segs[j + 1][0] in PP:
            j += 1
        ev = events[k]
        k += 1
        if ev["trusted"]:
            if ev["lm_closure"] is not None:
                segs[i][1] = ev["lm_closure"]
                if i > 0:
                    segs[i - 1][2] = ev["lm_closure"]
            if ev["lm_release"] is not None:
                segs[j][2] = ev["lm_release"]
                if j + 1 < len(segs):
                    segs[j + 1][1] = ev["lm_release"]
        # next to a pause the lips are closed over the whole scored interval
        if i > 0 and segs[i - 1][0] == "SIL" and ev["closed"][0] < segs[i][1]:
            segs[i][1] = segs[i - 1][2] = max(segs[i - 1][1], ev["closed"][0])
        if j + 1 < len(segs) and segs[j + 1][0] == "SIL" and ev["closed"][1] > segs[j][2]:
            segs[j][2] = segs[j + 1][1] = min(segs[j + 1][2], ev["closed"][1])
        i = j + 1
    out = []
    for v, s, e, _ in V.segments_to_visemes([tuple(x) for x in segs], V.arpabet_visemes):
        out.append([v, round(s, 4), round(e, 4)])
    return out


def build(out_path, log=print):
    items = []
    with tempfile.TemporaryDirectory(prefix="adamesh-ref-") as tmp:
        tr = align.transcripts()
        lex = align.cmudict()
        for cid in sorted(tr):
            wav = os.path.join(align.LIBRIVOX, cid + ".wav")
            words = [lex[w] for w in tr[cid]]
            items.append(("librivox/" + cid, "en", " ".join(tr[cid]).lower(), wav, words, None))
        for iid, lang, word, path in klettres_items(REFERENCE_LANGUAGES):
            ph = espeak_phonemes(word, lang)
            if not ph:
                log("skip %s: no phonemes for %r" % (iid, word))
                continue
            items.append((iid, lang, word, path, [to_arpabet(ph)], ph))
        rows = []
        for n, (iid, lang, word, path, words, ph) in enumerate(items):
            audio = read_audio(path)
            try:
                segs = align.align_audio(audio, words, tmp)
            except Exception as e:  # an item pocketsphinx cannot align stays out, with the reason
                log("skip %s: %s" % (iid, e))
                continue
            if not any(p != "SIL" for p, _, _ in segs):
                log("skip %s: empty alignment" % iid)
                continue
            rows.append(labelled_row(iid, "en" if lang in ("en", "en_GB") else lang.split("_")[0],
                                     iid.split("/")[0], path, word, ph, audio, segs))
            if n % 50 == 0:
                log("%d/%d %s" % (n, len(items), iid))
    return _save(out_path, {"reference_languages": list(REFERENCE_LANGUAGES),
                            "never_in_training": "every item below; klettres training material is "
                                                 "training_items() only"}, rows)


def labelled_row(iid, language, source, path, word, espeak, audio, segs):
    """One item of a reference-format file: its pocketsphinx segments, bilabial events and visemes."""
    events = bilabial_events(segs, audio)
    return {"id": iid, "language": language, "source": source, "path": path, "word": word, "espeak": espeak,
            "seconds": round(audio.size / 16000.0, 3),
            "pocketsphinx": [[p, round(s, 4), round(e, 4)] for p, s, e in segs],
            "bilabials": events, "visemes": reference_visemes(segs, events)}


def _save(out_path, fields, rows):
    """Writes a reference-format file (the reference or a validation set): FIELDS, the labelling
    constants and the items."""
    doc = dict({"format": "adamesh-real-voice-reference", "version": 1}, **fields)
    doc.update(frame_s=FRAME, landmark_search_s=SEARCH, landmark_min_db=MIN_JUMP_DB, items=rows)
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    write_json(out_path, doc, indent=0, ensure_ascii=False)
    return doc


VALIDATION_LANGUAGES = ("cs", "nl")       # English has 30 lines: too few to matter


def validation_items(languages=VALIDATION_LANGUAGES, per_language=600):
    """[(item id, language, script text, ogg path)]: ``per_language`` Fish Fillets lines of each language,
    evenly spread over its sorted lines (so over levels and characters), at least 3 words each."""
    from . import fillets_dialogs as FD
    out = []
    for lang in languages:
        lines = [it for it in FD.items([lang]) if len(it[2].split()) >= 3]
        step = max(1, len(lines) // per_language) if per_language else 1
        out += [(iid, lang, text, path) for iid, _, text, path in lines[::step][:per_language]]
    return out


def _validation_row(item):
    """One validation line labelled like the reference, or (item id, reason) when it cannot be aligned."""
    from . import fillets_dialogs as FD
    iid, lang, text, path = item
    with tempfile.TemporaryDirectory(prefix="adamesh-val-") as tmp:
        try:
            audio = read_audio(path)
            segs = align.align_audio(audio, FD.line_words(text, lang), tmp)
        except Exception as e:  # an item pocketsphinx cannot align stays out, with the reason
            return iid, str(e)
    if not any(p != "SIL" for p, _, _ in segs):
        return iid, "empty alignment"
    return labelled_row(iid, lang, "fillets", path, text, None, audio, segs)


def build_validation(out_path, languages=VALIDATION_LANGUAGES, per_language=600, log=print, workers=1):
    """The validation set: :func:`validation_items` labelled like the reference (pocketsphinx alignment of
    the line's espeak-ng phonemes, landmark edges, trusted events where both agree); ``workers``
    processes align lines in parallel, the result is the same."""
    items = validation_items(languages, per_language)
    rows = []
    if workers > 1:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_validation_row, items, chunksize=8)
    else:
        done = map(_validation_row, items)
    for n, row in enumerate(done):
        if isinstance(row, tuple):
            log("skip %s: %s" % row)
        else:
            rows.append(row)
        if n % 100 == 0:
            log("%d/%d %s" % (n, len(items), items[n][0]))
    return _save(out_path, {"validation": True, "validation_languages": list(languages),
                            "per_language": per_language,
                            "never_in_training": "no shipped recipe trains on Fish Fillets; a run made with "
                                                 "real_closures --source fillets must not be validated on this file"},
                 rows)


def agreement(doc):
    """Inter-method agreement of the bilabial edges (pocketsphinx vs landmarks), overall and per source."""
    def summary(evs):
        d = []
        found = total = 0
        for ev in evs:
            for edge in ("closure", "release"):
                if ev["ps_" + edge] is None:
                    continue
                total += 1
                if ev["lm_" + edge] is not None:
                    found += 1
                    d.append(abs(ev["lm_" + edge] - ev["ps_" + edge]))
        d = np.array(d)
        return {"events": len(evs), "trusted": sum(e["trusted"] for e in evs),
                "trusted_fraction": round(float(np.mean([e["trusted"] for e in evs])), 3) if evs else None,
                "edges": total, "landmark_found": found,
                "median_abs_diff_ms": round(float(np.median(d)) * 1000, 1) if d.size else None,
                "within_20ms": round(float(np.mean(d <= 0.02)), 3) if d.size else None,
                "within_1_frame": round(float(np.mean(d <= FRAME)), 3) if d.size else None}
    out = {"all": summary([e for it in doc["items"] for e in it["bilabials"]])}
    for src in sorted({it["source"] for it in doc["items"]}):
        out[src] = summary([e for it in doc["items"] if it["source"] == src for e in it["bilabials"]])
    return out


def _frame_labels(segs, times):
    lab = np.full(times.size, -1)
    for v, s_, e_ in segs:
        lab[(times >= s_) & (times < e_)] = V.VISEME_INDEX[v]
    return lab


def synthetic_check(per_language=12, log=print):
    """Both labelling methods against exact timing: espeak-ng speaking the reference words and the
    LibriVox transcripts (the phoneme events give every boundary to the sample). Returns viseme-frame
    agreement at +-20 ms of the pocketsphinx labels, and the bilabial edge errors of both methods."""
    from . import espeak
    from .augment import resample_to_16k
    work = []
    tr = align.transcripts()
    for cid in sorted(tr):
        work.append(("en-us", " ".join(tr[cid]).lower(), "en"))
    for lang in REFERENCE_LANGUAGES:
        its = klettres_items([lang])
        pick = [it for it in its if len(it[2]) > 1][:per_language // 2] + [it for it in its if len(it[2]) == 1][:per_language // 2]
        for _, _, word, _ in pick:
            work.append(({"en_GB": "en", "pt_BR": "pt"}.get(lang, ESPEAK_VOICE.get(lang, lang.lower())),
                         word if len(word) == 1 else word.lower(), lang))
    agree = frames = 0
    err = {"pocketsphinx": [], "landmarks": []}
    per = {}
    with tempfile.TemporaryDirectory(prefix="adamesh-refchk-") as tmp:
        for voice, text, lang in work:
            try:
                audio, phones = espeak.synthesize(text, voice)
            except espeak.EspeakError as e:
                log("skip %s" % e)
                continue
            audio, _ = resample_to_16k(audio, espeak.ESPEAK_RATE_HZ)
            audio = audio.astype(np.float32)
            names = [p for p, _, _ in phones if not p.startswith("_")]
            try:
                segs = align.align_audio(audio, [to_arpabet(names)], tmp)
            except Exception as e:
                log("skip %s %r: %s" % (voice, text, e))
                continue
            truth = [(v, s_, e_) for v, s_, e_, _ in V.segments_to_visemes(phones, V.espeak_visemes)]
            events = bilabial_events(segs, audio)
            est = [tuple(x) for x in reference_visemes(segs, events)]
            t = 0.02 * np.arange(int(audio.size / 320)) + 0.0125
            lt = _frame_labels(truth, t)
            ok = np.zeros(t.size, bool)
            for off in (0.0, -0.02, 0.02):
                ok |= _frame_labels(est, t + off) == lt
            have = lt >= 0
            agree += int((ok & have).sum())
            frames += int(have.sum())
            a = per.setdefault(lang, [0, 0])
            a[0] += int((ok & have).sum())
            a[1] += int(have.sum())
            tpp = [(s_, e_) for v, s_, e_ in truth if v == "PP"]
            for ev in events:
                for edge, k in (("closure", 0), ("release", 1)):
                    if ev["ps_" + edge] is None or not tpp:
                        continue
                    true_t = min((x[k] for x in tpp), key=lambda x: abs(x - ev["ps_" + edge]))
                    err["pocketsphinx"].append(abs(ev["ps_" + edge] - true_t))
                    if ev["lm_" + edge] is not None:
                        err["landmarks"].append(abs(ev["lm_" + edge] - true_t))
    out = {"items": len(work), "viseme_agreement_20ms": round(agree / max(frames, 1), 3),
           "per_language": {k: round(a / max(b, 1), 3) for k, (a, b) in per.items()}}
    for k, v in err.items():
        v = np.array(v)
        out["bilabial_edge_" + k] = {"edges": int(v.size), "median_ms": round(float(np.median(v)) * 1000, 1),
                                     "within_20ms": round(float(np.mean(v <= 0.02)), 3),
                                     "within_1_frame": round(float(np.mean(v <= FRAME)), 3)}
    return out


def spectrogram_png(doc, item_id, out, t0=None, t1=None):
    """Spectrogram with pocketsphinx bilabial segments (blue) and landmark edges (red, green)."""
    from PIL import Image, ImageDraw
    it = next(i for i in doc["items"] if i["id"] == item_id)
    audio = read_audio(it["path"])
    t0 = t0 or 0.0
    t1 = t1 or audio.size / 16000.0
    x = audio[int(t0 * 16000):int(t1 * 16000)]
    hop, win = 16, 256                                   # 1 ms columns, 0-6 kHz
    n = 1 + (x.size - win) // hop
    idx = np.arange(win)[None] + hop * np.arange(n)[:, None]
    s = 10 * np.log10(np.abs(np.fft.rfft(x[idx] * np.hanning(win)[None], axis=1)) ** 2 + 1e-10)[:, :97]
    s = np.clip((s - (np.percentile(s, 99) - 60)) / 60, 0, 1)
    img = (255 * (1 - s.T[::-1])).astype(np.uint8)       # frequency up, dark = energy
    h = img.shape[0]
    im = Image.fromarray(img).resize((n, 3 * h)).convert("RGB")
    h = 3 * h // 2
    dr = ImageDraw.Draw(im)
    col = lambda t: int((t - t0) / (hop / 16000.0))      # noqa: E731
    for p, s_, e_ in it["pocketsphinx"]:
        if t0 <= s_ <= t1:
            dr.line([(col(s_), 0), (col(s_), 12)], fill=(0, 0, 255))
            dr.text((col(s_) + 2, 0), p, fill=(0, 0, 255))
    for ev in it["bilabials"]:
        for key, c in (("ps_closure", (0, 0, 255)), ("ps_release", (0, 0, 255)),
                       ("lm_closure", (220, 0, 0)), ("lm_release", (0, 160, 0))):
            if ev[key] is not None and t0 <= ev[key] <= t1:
                y0 = 14 if key.startswith("ps") else 2 * h // 2
                dr.line([(col(ev[key]), y0), (col(ev[key]), 2 * h)], fill=c)
    for k in range(int(t0 * 10) + 1, int(t1 * 10) + 1):  # 100 ms ticks at the bottom
        dr.line([(col(k / 10), 2 * h - 8), (col(k / 10), 2 * h)], fill=(0, 0, 0))
        dr.text((col(k / 10) + 1, 2 * h - 20), "%.1f" % (k / 10), fill=(0, 0, 0))
    im.save(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["build", "validation", "agreement", "synthetic-check", "spectrogram"])
    ap.add_argument("--languages", default=",".join(VALIDATION_LANGUAGES), help="validation: Fish Fillets languages")
    ap.add_argument("--per-language", type=int, default=600, help="validation: lines per language")
    ap.add_argument("--workers", type=int, default=2, help="validation: alignment processes")
    ap.add_argument("--out", default=None)
    ap.add_argument("--ref", default=None)
    ap.add_argument("--item", default=None)
    ap.add_argument("--t0", type=float, default=None)
    ap.add_argument("--t1", type=float, default=None)
    a = ap.parse_args(argv)
    if a.command == "build":
        doc = build(a.out, log=lambda *x: print(*x, file=sys.stderr, flush=True))
        print(json.dumps(agreement(doc), indent=1))
    elif a.command == "validation":
        if not a.out:
            ap.error("validation needs --out FILE")
        try:
            doc = build_validation(a.out, tuple(a.languages.split(",")), a.per_language,
                                   log=lambda *x: print(*x, file=sys.stderr, flush=True), workers=a.workers)
        except (FileNotFoundError, ValueError) as e:             # a language not installed, or not recorded
            raise SystemExit("realvoice_reference validation: %s" % e)
        print(json.dumps(agreement(doc), indent=1))
    elif a.command == "synthetic-check":
        print(json.dumps(synthetic_check(log=lambda *x: print(*x, file=sys.stderr, flush=True)), indent=1))
    elif a.command == "agreement":
        print(json.dumps(agreement(json.load(open(a.ref))), indent=1))
    else:
        spectrogram_png(json.load(open(a.ref)), a.item, a.out, a.t0, a.t1)


if __name__ == "__main__":
    main()
