"""The one-command training recipe: stage order, resumption, clear failures.

Run from the repository root: python3 -m unittest discover -s training/tests -t training
"""

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
from unittest import mock

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, TRAINING)
from adamesh_training import recipe as R  # noqa: E402

# A stage module that appends its name to a log; fails when its name is in FAIL_STAGES.
STAGE = """
import os, sys
name = sys.argv[1]
with open(os.environ["RECIPE_TEST_LOG"], "a") as fh:
    fh.write(name + "\\n")
sys.exit(3 if name in os.environ.get("FAIL_STAGES", "").split(",") else 0)
"""


class Recipe(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp)
        self.corpus = os.path.join(self.tmp, "corpus")
        os.makedirs(self.corpus)
        with open(os.path.join(self.corpus, "corpus.json"), "w") as fh:
            fh.write("{}")
        self.bundle = os.path.join(self.tmp, "bundle")
        os.makedirs(self.bundle)
        with open(os.path.join(self.bundle, "manifest.json"), "w") as fh:
            fh.write("{}")
        pkg = os.path.join(self.tmp, "fakestages")
        os.makedirs(pkg)
        open(os.path.join(pkg, "__init__.py"), "w").close()
        with open(os.path.join(pkg, "stage.py"), "w") as fh:
            fh.write(STAGE)
        self.log = os.path.join(self.tmp, "log.txt")
        os.environ["RECIPE_TEST_LOG"] = self.log
        os.environ["PYTHONPATH"] = self.tmp + os.pathsep + os.environ.get("PYTHONPATH", "")
        self.addCleanup(os.environ.pop, "RECIPE_TEST_LOG")
        self.addCleanup(os.environ.pop, "FAIL_STAGES", None)

    def ran(self):
        with open(self.log) as fh:
            return fh.read().split()

    def run_recipe(self, extra=()):
        def fake(args):
            return [(name, "fakestages.stage", [name]) for name, _, _ in REAL(args)]
        with mock.patch.object(R, "stages", fake):
            return R.main(["--corpus", self.corpus, "--run", os.path.join(self.tmp, "run"),
                           "--bundle", self.bundle] + list(extra))

    def test_real_plan_trains_exports_then_evaluates_the_same_run_and_bundle(self):
        args = mock.Mock(build_corpus=True, corpus="/c", run="/r", bundle="/b", minutes=110.0, seed=0, threads=1,
                         skip_real_voice=False, lip_weight=0.05, lip_steps=1000, real_speech="klettres,asterisk",
                         real_p=0.25, real_teacher=0.0, real_mix=0.0, real_source_share=None, flite_share=0.0,
                         flite_corpus="/r/corpus-flite", base_mix=0.0)
        plan = R.stages(args)
        self.assertEqual([p[0] for p in plan],
                         ["corpus", "train", "real-speech", "lip-contact", "export", "evaluate", "real-voice"])
        self.assertEqual(plan[2][2][:3], ["build", "--source", "klettres,asterisk"])
        self.assertIn("/r/real-closures.npz", plan[2][2])
        lip = plan[3][2]
        value = lambda opt: lip[lip.index(opt) + 1]  # noqa: E731
        self.assertEqual((value("--out"), value("--real-closures"), value("--real-closures-data"), value("--steps")),
                         ("/r/lip-real", "0.25", "/r/real-closures.npz", "1000"))
        self.assertIn("--real-visemes", plan[3][2])
        self.assertEqual(plan[4][2], ["--run", "/r/lip-real", "--bundle", "/b"])
        self.assertIn("/r/lip-real/base.pt", plan[6][2])
        self.assertNotIn("--real-teacher", plan[3][2])
        args.real_teacher = 1.0                           # ADR 0027's arm: its own run folder
        plan = R.stages(args)
        lip = plan[3][2]
        self.assertEqual((value("--out"), value("--real-teacher"), value("--real-teacher-style"), value("--real-envelope")),
                         ("/r/lip-real-teacher", "1.0", "speakers", "10"))
        self.assertIn("--real-teacher-closures", lip)
        self.assertEqual(plan[4][2], ["--run", "/r/lip-real-teacher", "--bundle", "/b"])
        args.real_mix = 0.7                               # ADR 0028: synthetic stage, real stage, their mix
        plan = R.stages(args)
        self.assertEqual([p[0] for p in plan], ["corpus", "train", "real-speech", "lip-contact", "lip-contact-real",
                                                "interpolate", "export", "evaluate", "real-voice"])
        synthetic = dict(zip(plan[3][2][::2], plan[3][2][1::2]))
        self.assertEqual((synthetic["--out"], synthetic["--steps"]), ("/r/lip", "500"))
        self.assertNotIn("--real-closures", plan[3][2])
        lip = plan[4][2]
        self.assertEqual((value("--out"), value("--steps"), value("--real-teacher")),
                         ("/r/lip-real-teacher", "1000", "1.0"))
        self.assertEqual(plan[5][2], ["--a", "/r/lip", "--b", "/r/lip-real-teacher", "--alpha", "0.7",
                                      "--out", "/r/lip-real-mix"])
        self.assertEqual(plan[6][2], ["--run", "/r/lip-real-mix", "--bundle", "/b"])
        self.assertIn("/r/lip-real-mix/base.pt", plan[8][2])
        self.assertNotIn("--real-source-share", lip)
        args.real_source_share = "klettres=1,asterisk=2,ktuberling=1"   # ADR 0032: only the real stage draws by source
        plan = R.stages(args)
        lip = plan[4][2]
        self.assertEqual(value("--real-source-share"), "klettres=1,asterisk=2,ktuberling=1")
        self.assertNotIn("--real-source-share", plan[3][2])
        args.real_teacher, args.real_mix, args.real_source_share = 0.0, 0.0, None
        args.real_speech, args.lip_steps = "none", 500   # the default: the lip-contact fine-tune alone
        plan = R.stages(args)
        self.assertEqual([p[0] for p in plan], ["corpus", "train", "lip-contact", "export", "evaluate", "real-voice"])
        self.assertNotIn("--real-closures", plan[2][2])
        train = dict(zip(plan[1][2][::2], plan[1][2][1::2]))
        self.assertEqual(train["--out"], "/r")
        self.assertEqual(train["--minutes"], "110.0")
        self.assertIn("--resume", plan[1][2])
        lip = dict(zip(plan[2][2][::2], plan[2][2][1::2]))
        self.assertEqual((lip["--init"], lip["--out"], lip["--lip-weight"]), ("/r", "/r/lip", "0.05"))
        self.assertEqual(plan[3][2], ["--run", "/r/lip", "--bundle", "/b"])   # the fine-tuned run is exported
        self.assertIn("/r/lip/base.pt", plan[5][2])
        args.build_corpus, args.skip_real_voice, args.lip_weight = False, True, 0.0
        plan = R.stages(args)
        self.assertEqual([p[0] for p in plan], ["train", "export", "evaluate"])
        self.assertEqual(plan[1][2], ["--run", "/r", "--bundle", "/b"])

    def test_flite_share_continues_the_base_and_every_later_stage_starts_from_it(self):
        flite = os.path.join(self.tmp, "flite")
        args = mock.Mock(build_corpus=False, corpus="/c", run="/r", bundle="/b", minutes=110.0, seed=2, threads=1,
                         skip_real_voice=False, lip_weight=0.05, lip_steps=1000, real_speech="klettres,asterisk",
                         real_p=0.25, real_teacher=1.0, real_mix=0.8, real_source_share=None, flite_share=0.3,
                         flite_corpus=flite, base_mix=0.0)
        plan = R.stages(args)                             # no flite corpus yet: it is built first
        self.assertEqual([p[0] for p in plan], ["train", "real-speech", "flite-corpus", "base-flite", "lip-contact",
                                                "lip-contact-real", "interpolate", "export", "evaluate", "real-voice"])
        self.assertEqual(plan[1][2][-1], "/r/real-closures.npz")  # the real crops are the run's, not the stage's
        self.assertEqual(plan[2][2], ["build", "--set", "flite", "--out", flite])
        cont = plan[3][2]
        self.assertEqual([self.value(cont, o) for o in ("--init", "--out", "--extra-corpus", "--extra-p", "--steps",
                                                        "--lr", "--seed")],
                         ["/r", "/r/base-flite", flite, "0.3", "6000", "0.0005", "2"])
        self.assertIn("--resume", cont)
        self.assertEqual(self.value(cont, "--speakers"), "spk40")   # the lip stages fit the speakers that ship
        for i, out in ((4, "/r/base-flite/lip"), (5, "/r/base-flite/lip-real-teacher")):
            self.assertEqual((self.value(plan[i][2], "--init"), self.value(plan[i][2], "--out")), ("/r/base-flite", out))
            self.assertNotIn("--seed", plan[i][2])        # the lip stages keep train_realvoice's seed (ADR 0039)
        self.assertEqual(plan[6][2], ["--a", "/r/base-flite/lip", "--b", "/r/base-flite/lip-real-teacher",
                                      "--alpha", "0.8", "--out", "/r/base-flite/lip-real-mix"])
        self.assertEqual(plan[7][2], ["--run", "/r/base-flite/lip-real-mix", "--bundle", "/b"])
        os.makedirs(flite)
        with open(os.path.join(flite, "corpus.json"), "w") as fh:
            fh.write("{}")
        args.lip_weight = 0.0                             # nothing after it: the continuation itself is exported
        plan = R.stages(args)
        self.assertEqual([p[0] for p in plan], ["train", "base-flite", "export", "evaluate", "real-voice"])
        self.assertNotIn("--speakers", plan[1][2])
        self.assertEqual(plan[2][2], ["--run", "/r/base-flite", "--bundle", "/b"])
        for bad in (["--flite-share", "1.5"], ["--flite-corpus", flite]):
            err = io.StringIO()
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
                self.run_recipe(bad)
            self.assertIn("--flite-", err.getvalue())
            self.assertFalse(os.path.exists(self.log), "no stage ran")

    @staticmethod
    def value(argv, opt):
        return argv[argv.index(opt) + 1]

    def test_base_mix_runs_the_lip_stages_on_a_control_continuation_too_and_exports_the_weight_mix(self):
        args = mock.Mock(build_corpus=False, corpus="/c", run="/r", bundle="/b", minutes=110.0, seed=0, threads=1,
                         skip_real_voice=False, lip_weight=0.05, lip_steps=1000, real_speech="klettres,asterisk",
                         real_p=0.25, real_teacher=1.0, real_mix=0.8, real_source_share=None, flite_share=0.3,
                         flite_corpus=self.tmp, base_mix=0.5)
        with open(os.path.join(self.tmp, "corpus.json"), "w") as fh:
            fh.write("{}")
        plan = R.stages(args)
        names = [p[0] for p in plan]
        self.assertEqual(names, ["train", "real-speech", "base-flite", "base-control", "lip-contact", "lip-contact-real",
                                 "interpolate", "control-lip-contact", "control-lip-contact-real",
                                 "control-interpolate", "base-mix", "export", "evaluate", "real-voice"])
        self.assertEqual(len(set(names)), len(names), "each stage has its own entry in the book")
        flite, control = plan[2][2], plan[3][2]
        self.assertEqual(self.value(control, "--out"), "/r/base-control")
        self.assertIn("--control", control)
        self.assertNotIn("--extra-corpus", control)
        # the same schedule and seed as the flite continuation, so the two differ in their data alone
        for opt in ("--init", "--steps", "--lr", "--minutes", "--seed", "--speakers"):
            self.assertEqual(self.value(control, opt), self.value(flite, opt), opt)
        by_name = dict((p[0], p[2]) for p in plan)
        for prefix, base in (("", "/r/base-flite"), ("control-", "/r/base-control")):
            for stage in ("lip-contact", "lip-contact-real"):
                self.assertEqual(self.value(by_name[prefix + stage], "--init"), base)
            self.assertEqual(by_name[prefix + "lip-contact-real"][4:], by_name["lip-contact-real"][4:])
            self.assertEqual(self.value(by_name[prefix + "interpolate"], "--out"), base + "/lip-real-mix")
        self.assertEqual(by_name["base-mix"], ["--a", "/r/base-control/lip-real-mix", "--b", "/r/base-flite/lip-real-mix",
                                               "--alpha", "0.5", "--out", "/r/base-mix"])
        self.assertEqual(by_name["export"], ["--run", "/r/base-mix", "--bundle", "/b"])
        self.assertIn("/r/base-mix/base.pt", by_name["real-voice"])
        for bad in (["--base-mix", "0.5"], ["--flite-share", "0.3", "--base-mix", "2"],
                    ["--flite-share", "0.3", "--base-mix", "0.5", "--lip-weight", "0"]):
            err = io.StringIO()
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
                self.run_recipe(bad)
            self.assertIn("--base-mix", err.getvalue())
            self.assertFalse(os.path.exists(self.log), "no stage ran")

    def test_a_rerun_skips_finished_stages(self):
        self.run_recipe()
        stages = ["train", "lip-contact", "export", "evaluate", "real-voice"]
        self.assertEqual(self.ran(), stages)
        self.run_recipe()
        self.assertEqual(self.ran(), stages)
        book = json.load(open(os.path.join(self.tmp, "run", "recipe.json")))
        self.assertEqual(sorted(book["stages"]), sorted(stages))

    def test_a_failed_stage_stops_the_recipe_and_is_run_again_next_time_with_everything_after_it(self):
        os.environ["FAIL_STAGES"] = "export"
        with self.assertRaises(SystemExit) as ctx:
            self.run_recipe()
        self.assertIn("stage export failed", str(ctx.exception))
        self.assertEqual(self.ran(), ["train", "lip-contact", "export"])
        os.environ["FAIL_STAGES"] = ""
        self.run_recipe()
        self.assertEqual(self.ran(), ["train", "lip-contact", "export", "export", "evaluate", "real-voice"])

    def test_a_missing_corpus_is_named_with_the_command_that_builds_it(self):
        shutil.rmtree(self.corpus)
        with self.assertRaises(SystemExit) as ctx:
            self.run_recipe()
        self.assertIn("no corpus at", str(ctx.exception))
        self.assertIn("corpus build", str(ctx.exception))
        self.assertFalse(os.path.exists(self.log))

    def test_a_teacher_weight_without_real_speech_is_refused_before_anything_runs(self):
        for extra in (["--real-teacher", "1"], ["--real-speech", "klettres", "--real-teacher", "-1"],
                      ["--real-speech", "klettres", "--real-mix", "0.7"],
                      ["--real-speech", "klettres", "--real-teacher", "1", "--real-mix", "1.5"],
                      ["--real-source-share", "asterisk=1"]):
            err = io.StringIO()
            with self.assertRaises(SystemExit), contextlib.redirect_stderr(err):
                self.run_recipe(extra)
            self.assertIn(next(o for o in ("--real-mix", "--real-source-share", "--real-teacher") if o in extra),
                          err.getvalue())
            self.assertFalse(os.path.exists(self.log), "no stage ran")


REAL = R.stages

if __name__ == "__main__":
    unittest.main()
