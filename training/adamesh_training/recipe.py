"""One command that trains everything in the default bundle from the corpus, exports it and evaluates it.

    python3 -m adamesh_training.recipe --corpus DIR --run DIR --bundle DIR [--minutes 110] [--build-corpus]
        [--seed 0] [--threads 1] [--skip-real-voice] [--flite-share P [--base-mix W]]

Stages, each run as its own module (so a stage can also be run by hand with the same arguments):

1. ``corpus``  (only with ``--build-corpus`` and when DIR/corpus.json is missing): ``corpus build``.
2. ``train``   ``train_expression --resume``: the speech encoder, style encoder and MoLoRA decoder (base,
   time-budgeted by ``--minutes``), then the built-in speakers' adapters. Checkpoints every 2 minutes.
   ``base-flite`` (only with ``--flite-share P``; off by default): ``train_realvoice --extra-corpus``, the
   base continued for 6,000 steps with a share P of each batch from the flite corpus (a third synthesiser,
   ``corpus build --set flite``, stage ``flite-corpus`` when it is missing) into RUN/base-flite (ADR 0037).
   Every later stage then starts from RUN/base-flite, and its folders go under it instead of RUN.
   ``base-control`` (only with ``--base-mix W`` too): the same continuation, schedule and seed on the
   training corpus alone (``train_realvoice --control``) into RUN/base-control. The lip stages below run
   on both bases (the control's stage names start with ``control-``), then ``base-mix`` interpolates
   their results, ``(1 - W) x control + W x flite``, with the built-in speakers fitted on the mix, into
   RUN/base-mix, which is what gets exported (ADR 0039).
   ``real-speech`` (only with ``--real-speech SOURCES``, e.g. ``klettres,asterisk``; off by default; it runs
   right after ``train``, before the continuations, which it does not depend on):
   ``real_closures build``, the real recordings with known text (training-language klettres words and
   the Asterisk voice prompts; reference material is refused) aligned, with their trusted bilabial
   closures, open frames and viseme labels, into RUN/real-closures.npz (ADR 0025).
   ``lip-contact`` (unless ``--lip-weight 0``): ``train_realvoice --lip-weight W``, a 500-step fine-tune
   of that base with the rig-level lip-contact loss (issue 13, ADR 0020) into RUN/lip, then the built-in
   speakers again; the stages after it use RUN/lip. With ``--real-speech`` a quarter of the batch is
   real speech (closures where both labelling methods agree, open lips in other speech, the encoder's
   viseme classes; use ``--lip-steps 1000``) and the run goes to RUN/lip-real. Not the default: it
   halves the jaw's amplitude on real speech (ADR 0025). ``--real-teacher 1`` adds the teacher's own
   animation of the real crops as a target and its channel ranges (ADR 0027), into RUN/lip-real-teacher.
   ``--real-mix A`` (with ``--real-teacher``) also trains the synthetic stage into RUN/lip, then
   ``interpolate`` mixes the two networks' weights, ``(1 - A) x lip + A x lip-real-teacher``, and fits the
   built-in speakers on the mix in RUN/lip-real-mix, which is what gets exported (ADR 0028).
3. ``export``  ``export_expression``: the ONNX graphs, speaker profiles, fixtures and manifest into
   ``--bundle``. A bundle folder that does not exist yet starts as a copy of ``models/default`` so the
   files this recipe does not make (pose network, tracker calibration) come along.
4. ``evaluate`` ``evaluate_expression``: held-out synthetic speakers and the real-speech set, the two
   baselines, 10-s MoLoRA adaptation (PyTorch, and through ``adapt_step.onnx`` with the torch-free Python
   ONNX driver) vs a single-rank LoRA; the report goes into the manifest.
5. ``real-voice`` ``real_voice_eval --write-manifest`` on the trusted real-speech reference (issue 13).

``--seed`` seeds the base and its continuations; the lip stages keep train_realvoice's own seed, as in the
bundle of ADR 0028 (ADR 0039 fixed this rule before the bundle it made was scored).

The recipe is resumable: it records finished stages in RUN/recipe.json with their wall time and the
inputs they saw, and a rerun skips a finished stage unless the stage before it ran again. An
interrupted ``train`` stage continues from RUN/base.pt. CUDA is used by training when torch sees it.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

from .atomic import write_json

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_BUNDLE = os.path.join(os.path.dirname(HERE), "models", "default")
SYNTHETIC_LIP_STEPS = 500          # the lip-contact stage of the default bundle (ADR 0020)
FLITE_BASE_STEPS, FLITE_BASE_LR = 6000, 5e-4    # the base continuation with flite speech (ADR 0037)


def _load(path):
    try:
        with open(path) as fh:
            return json.load(fh)
    except FileNotFoundError:
        return {"stages": {}}
    except json.JSONDecodeError as exc:
        raise SystemExit("%s is not valid JSON (%s); delete it to start the recipe's bookkeeping again"
                         % (path, exc))


def _save(path, state):
    write_json(path, state)


def _continuation(args, out, extra):
    """train_realvoice argv of a base continuation (ADR 0037, 0039): the trained base continued for
    FLITE_BASE_STEPS at FLITE_BASE_LR with the recipe's seed, plus EXTRA (its data)."""
    argv = ["--init", args.run, "--out", out] + extra + [
        "--steps", str(FLITE_BASE_STEPS), "--lr", str(FLITE_BASE_LR), "--minutes", "80", "--seed", str(args.seed),
        "--resume"]
    if args.lip_weight > 0:                        # the lip stages fit their own speakers; one keeps it short
        argv += ["--speakers", "spk40"]
    return argv


def _lip_stages(args, base, data, prefix):
    """The lip-contact stages on BASE (stage names get PREFIX): [(name, module, argv)] and the run folder
    they end in. Their seed is train_realvoice's own default, as in the bundle of ADR 0028."""
    py = []
    real = args.real_speech != "none"
    teacher = real and args.real_teacher > 0
    mixed = teacher and args.real_mix > 0
    # a run folder per kind of fine-tune, so --resume never continues another recipe's checkpoint
    if mixed:                                      # ADR 0028: the shipped synthetic lip stage is one end
        synthetic = os.path.join(base, "lip")
        py.append((prefix + "lip-contact", "adamesh_training.train_realvoice",
                   ["--init", base, "--out", synthetic, "--lip-weight", str(args.lip_weight),
                    "--steps", str(SYNTHETIC_LIP_STEPS), "--minutes", "55", "--resume"]))
    run = os.path.join(base, ("lip-real-teacher" if teacher else "lip-real") if real else "lip")
    lip = ["--init", base, "--out", run, "--lip-weight", str(args.lip_weight),
           "--steps", str(args.lip_steps), "--minutes", "55", "--resume"]
    if real:
        lip += ["--real-closures", str(args.real_p), "--real-closures-weight", "0.05", "--real-open", "speech",
                "--real-visemes", "--real-closures-data", data]
        if args.real_source_share:                 # ADR 0032: isolated words drawn as often as prompts
            lip += ["--real-source-share", args.real_source_share]
    if teacher:                                    # ADR 0027: the teacher's own animation of real speech too
        lip += ["--real-teacher", str(args.real_teacher), "--real-teacher-channels", "all",
                "--real-teacher-style", "speakers", "--real-teacher-closures", "--real-envelope", "10"]
    py.append((prefix + ("lip-contact-real" if mixed else "lip-contact"), "adamesh_training.train_realvoice", lip))
    if mixed:
        mix = os.path.join(base, "lip-real-mix")
        py.append((prefix + "interpolate", "adamesh_training.interpolate",
                   ["--a", synthetic, "--b", run, "--alpha", str(args.real_mix), "--out", mix]))
        run = mix
    return py, run


def stages(args):
    """The recipe as (name, module, argv) in order; argv is what the stage's own main() parses."""
    py = []
    if args.build_corpus:
        py.append(("corpus", "adamesh_training.corpus",
                   ["build", "--out", args.corpus, "--seed", str(args.seed)]))
    py.append(("train", "adamesh_training.train_expression",
               ["--corpus", args.corpus, "--out", args.run, "--minutes", str(args.minutes),
                "--seed", str(args.seed), "--threads", str(args.threads), "--resume"]))
    # before the continuations: it does not depend on them, so a new continuation does not rebuild it
    real = args.lip_weight > 0 and args.real_speech != "none"
    data = os.path.join(args.run, "real-closures.npz")
    if real:
        py.append(("real-speech", "adamesh_training.real_closures",
                   ["build", "--source", args.real_speech, "--workers", str(max(2, args.threads)), "--out", data]))
    run = args.run
    if args.flite_share > 0:                       # ADR 0037: the base continued with a share of flite speech
        if not os.path.exists(os.path.join(args.flite_corpus, "corpus.json")):
            py.append(("flite-corpus", "adamesh_training.corpus",
                       ["build", "--set", "flite", "--out", args.flite_corpus]))
        py.append(("base-flite", "adamesh_training.train_realvoice",
                   _continuation(args, os.path.join(args.run, "base-flite"),
                                 ["--extra-corpus", args.flite_corpus, "--extra-p", str(args.flite_share)])))
        run = os.path.join(args.run, "base-flite")
        if args.base_mix > 0:                      # ADR 0039: the same schedule on the training corpus alone
            py.append(("base-control", "adamesh_training.train_realvoice",
                       _continuation(args, os.path.join(args.run, "base-control"), ["--control"])))
    if args.lip_weight > 0:
        lip, run = _lip_stages(args, run, data, "")
        py += lip
        if args.base_mix > 0:                      # ADR 0039: the lip stages on the control base, then a mix
            lip, control = _lip_stages(args, os.path.join(args.run, "base-control"), data, "control-")
            py += lip
            mix = os.path.join(args.run, "base-mix")
            py.append(("base-mix", "adamesh_training.interpolate",
                       ["--a", control, "--b", run, "--alpha", str(args.base_mix), "--out", mix]))
            run = mix
    py.append(("export", "adamesh_training.export_expression", ["--run", run, "--bundle", args.bundle]))
    py.append(("evaluate", "adamesh_training.evaluate_expression",
               ["--run", run, "--bundle", args.bundle, "--clips", os.path.join(run, "clips"),
                "--onnx-driver", args.bundle]))
    if not args.skip_real_voice:
        py.append(("real-voice", "adamesh_training.real_voice_eval",
                   ["--bundle", args.bundle, "--checkpoint", os.path.join(run, "base.pt"),
                    "--run", run, "--label", "recipe bundle", "--write-manifest"]))
    return py


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--run", required=True, help="training run folder (checkpoints, state, logs)")
    ap.add_argument("--bundle", required=True, help="bundle folder to export into (e.g. ../models/default)")
    ap.add_argument("--minutes", type=float, default=110.0, help="wall-clock budget of the base training stage")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--lip-weight", type=float, default=0.05,
                    help="weight of the lip-contact fine-tune after the base (ADR 0020); 0 skips that stage")
    ap.add_argument("--lip-steps", type=int, default=500, help="1000 with --real-speech (ADR 0025)")
    ap.add_argument("--real-speech", default="none",
                    help="real-speech sources of the lip-contact fine-tune (real_closures --source, e.g. "
                         "klettres,asterisk, klettres,asterisk,ktuberling or klettres,asterisk,fillets), or none (ADR 0025)")
    ap.add_argument("--real-source-share", default=None, metavar="SRC=W,...",
                    help="with --real-speech: each source's share of the real crops (train_realvoice "
                         "--real-source-share, e.g. klettres=1,asterisk=2,ktuberling=1; ADR 0032)")
    ap.add_argument("--real-p", type=float, default=0.25,
                    help="share of the lip-contact fine-tune's batch that is real speech")
    ap.add_argument("--real-teacher", type=float, default=0.0, metavar="W",
                    help="with --real-speech: real crops also get the teacher's animation of their labels in a "
                         "training speaker's style (clear of bilabials and in the trusted closures) at weight W, "
                         "and the teacher's channel ranges (ADR 0027; 1 is the measured arm)")
    ap.add_argument("--real-mix", type=float, default=0.0, metavar="A",
                    help="with --real-teacher: also train the synthetic lip-contact stage (RUN/lip, %d steps) and "
                         "export the weight interpolation (1 - A) x RUN/lip + A x RUN/lip-real-teacher, with its "
                         "speakers fitted again, from RUN/lip-real-mix (ADR 0028)" % SYNTHETIC_LIP_STEPS)
    ap.add_argument("--flite-share", type=float, default=0.0, metavar="P",
                    help="continue the base for %d steps with this share of each batch from the flite corpus "
                         "(a third synthesiser), into RUN/base-flite; the lip stages then start from it and go "
                         "under it (ADR 0037; 0.3 is the measured arm)" % FLITE_BASE_STEPS)
    ap.add_argument("--base-mix", type=float, default=0.0, metavar="W",
                    help="with --flite-share: also continue the base for as many steps on the training corpus alone "
                         "(train_realvoice --control) into RUN/base-control, run the lip stages on both bases and export "
                         "the weight mix (1 - W) x control + W x flite, speakers fitted again, from RUN/base-mix "
                         "(ADR 0039; 0.5 is the measured mix)")
    ap.add_argument("--flite-corpus", default=None, metavar="DIR",
                    help="with --flite-share: the flite corpus (default RUN/corpus-flite; built when missing)")
    ap.add_argument("--build-corpus", action="store_true", help="build the corpus first if it is missing")
    ap.add_argument("--skip-real-voice", action="store_true",
                    help="skip the real-voice evaluation (needs pocketsphinx, klettres-data, ffmpeg)")
    ap.add_argument("--dry-run", action="store_true", help="print the stages and exit")
    args = ap.parse_args(argv)
    if args.real_source_share and args.real_speech == "none":
        ap.error("--real-source-share needs --real-speech")
    if args.real_teacher < 0 or (args.real_teacher and args.real_speech == "none"):
        ap.error("--real-teacher is a weight >= 0 and needs --real-speech")
    if not 0 <= args.real_mix <= 1 or (args.real_mix and not args.real_teacher):
        ap.error("--real-mix is a weight in [0, 1] and needs --real-teacher")
    if not 0 <= args.flite_share <= 1:
        ap.error("--flite-share is a share of the batch in [0, 1]")
    if not 0 <= args.base_mix <= 1 or (args.base_mix and not (args.flite_share and args.lip_weight)):
        ap.error("--base-mix is a weight in [0, 1] and needs --flite-share and the lip stages")
    if args.flite_corpus and not args.flite_share:
        ap.error("--flite-corpus needs --flite-share")
    args.corpus, args.run, args.bundle = (os.path.abspath(p) for p in (args.corpus, args.run, args.bundle))
    args.flite_corpus = os.path.abspath(args.flite_corpus or os.path.join(args.run, "corpus-flite"))

    plan = stages(args)
    if args.dry_run:
        for name, module, sargv in plan:
            print("%-10s python3 -m %s %s" % (name, module, " ".join(sargv)))
        return 0
    if not args.build_corpus and not os.path.exists(os.path.join(args.corpus, "corpus.json")):
        raise SystemExit("no corpus at %s (corpus.json missing): build it with --build-corpus, or "
                         "python3 -m adamesh_training.corpus build --out %s" % (args.corpus, args.corpus))
    os.makedirs(args.run, exist_ok=True)
    book_path = os.path.join(args.run, "recipe.json")
    book = _load(book_path)
    if not os.path.exists(os.path.join(args.bundle, "manifest.json")):
        if os.path.abspath(args.bundle) != os.path.abspath(DEFAULT_BUNDLE):
            shutil.copytree(DEFAULT_BUNDLE, args.bundle, dirs_exist_ok=True)
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads), OMP_NUM_THREADS=str(args.threads))
    rerun = False
    for name, module, sargv in plan:
        done = book["stages"].get(name)
        if done and done.get("argv") == sargv and not rerun:
            print("recipe: %s already done (%.1f min), skipped" % (name, done["seconds"] / 60), file=sys.stderr)
            continue
        print("recipe: %s: python3 -m %s %s" % (name, module, " ".join(sargv)), file=sys.stderr)
        t0 = time.time()
        rc = subprocess.call([sys.executable, "-m", module] + sargv, cwd=HERE, env=env)
        if rc != 0:
            raise SystemExit("recipe: stage %s failed (exit %d); fix it and run the same command again: "
                             "finished stages are skipped, training resumes from its checkpoint" % (name, rc))
        book["stages"][name] = {"argv": sargv, "seconds": round(time.time() - t0, 1),
                                "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        _save(book_path, book)
        rerun = True
    total = sum(s["seconds"] for s in book["stages"].values())
    print("recipe: all stages done, %.1f min in all; bundle %s" % (total / 60, args.bundle), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
