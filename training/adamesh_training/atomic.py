"""Atomic writes of the training tools' JSON files (reports, manifests, run state, corpus tables).

The text goes to ``PATH.partial`` beside the target, is flushed and synced to disk, and then renamed over
the target, so a reader sees the old file or the new one, never half of one. When anything fails on the
way (a value JSON cannot write, a full disk), the target keeps what it held and the partial file is
removed before the error goes on to the caller.
"""

import json
import os


def write_text(path, text):
    """Replace the file at ``path`` with ``text`` (UTF-8) atomically."""
    tmp = path + ".partial"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.remove(tmp)
        except OSError:
            pass
        raise


def write_json(path, obj, indent=1, sort_keys=False, ensure_ascii=True, newline=False):
    """``json.dump(obj, indent=..., sort_keys=..., ensure_ascii=...)`` into ``path`` atomically; ``newline``
    ends the file with a line break (the bundle manifests' layout). The document is serialised before the
    partial file is opened, so a value JSON cannot write leaves no trace on disk."""
    text = json.dumps(obj, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii)
    write_text(path, text + "\n" if newline else text)
