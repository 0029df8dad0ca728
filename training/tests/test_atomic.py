"""Atomic JSON writes (adamesh_training.atomic): the layouts the tools rely on, and nothing half-written.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import errno
import json
import os
import sys
import tempfile
import unittest
from unittest import mock

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import atomic as A  # noqa: E402
from adamesh_training import recipe as R  # noqa: E402


class AtomicJson(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "report.json")

    def tearDown(self):
        self.dir.cleanup()

    def test_layouts_match_json_dump(self):
        doc = {"b": [1, 2.5, None], "a": {"é": "ü"}}
        for kwargs, newline in (({}, False), ({"indent": 2}, True), ({"indent": None}, False),
                                ({"sort_keys": True}, False), ({"indent": 0, "ensure_ascii": False}, False)):
            A.write_json(self.path, doc, newline=newline, **kwargs)
            with open(self.path, encoding="utf-8") as fh:
                text = fh.read()
            expected = json.dumps(doc, **dict({"indent": 1}, **kwargs)) + ("\n" if newline else "")
            self.assertEqual(expected, text, kwargs)
            self.assertEqual(doc, json.loads(text))
        self.assertEqual(["report.json"], os.listdir(self.dir.name))

    def test_a_value_json_cannot_write_keeps_the_old_file(self):
        A.write_json(self.path, {"steps": 10})
        with self.assertRaises(TypeError):
            A.write_json(self.path, {"steps": object()})
        with open(self.path) as fh:
            self.assertEqual({"steps": 10}, json.load(fh))
        self.assertEqual(["report.json"], os.listdir(self.dir.name))

    def test_a_full_disk_keeps_the_old_file_and_removes_the_partial_one(self):
        A.write_json(self.path, {"steps": 10})

        def full(fd):
            raise OSError(errno.ENOSPC, "No space left on device")
        with mock.patch.object(A.os, "fsync", full):
            with self.assertRaises(OSError) as caught:
                A.write_json(self.path, {"steps": 20})
        self.assertEqual(errno.ENOSPC, caught.exception.errno)
        with open(self.path) as fh:
            self.assertEqual({"steps": 10}, json.load(fh))
        self.assertEqual(["report.json"], os.listdir(self.dir.name))

    def test_the_recipe_bookkeeping_goes_through_it(self):
        state = os.path.join(self.dir.name, "recipe.json")
        R._save(state, {"stages": {"base": {"done": True}}})
        self.assertEqual({"stages": {"base": {"done": True}}}, R._load(state))
        with mock.patch.object(A.os, "replace", side_effect=OSError(errno.EIO, "I/O error")):
            with self.assertRaises(OSError):
                R._save(state, {"stages": {}})
        self.assertEqual({"stages": {"base": {"done": True}}}, R._load(state))
        self.assertEqual(["recipe.json"], os.listdir(self.dir.name))


if __name__ == "__main__":
    unittest.main()
