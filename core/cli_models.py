"""Command-line commands that need the models: generate, generate-batch, score, train."""

from __future__ import annotations

import json
import sys
from pathlib import Path

TRAIN_KINDS = ("sft", "orpo", "cnn", "ae", "planner", "lora-sft")


def _user_error(message: str):
    from core.cli import UserError

    return UserError(message)


def _load_generator(args, scoring: bool = True):
    from core.lm.backbone import BackboneMissing
    from core.lm.model import ModelLoadError
    from core.manifest import ManifestError
    from core.pipeline import Generator

    for flag, value in (("--model", args.model), ("--adapter", args.adapter)):
        if value and not Path(value).is_dir():
            raise _user_error(f"{flag} {value} is not a folder")
    try:
        return Generator.load(args.model, args.adapter, scoring=scoring)
    except (ManifestError, ModelLoadError) as exc:
        raise _user_error(f"cannot load the model: {exc}") from None
    except BackboneMissing as exc:
        raise _user_error(str(exc)) from None


def _store(args):
    from core.store import Store

    return Store(args.workspace) if args.rater else None


def cmd_generate(args) -> None:
    from core.pipeline import RequestError

    generator = _load_generator(args)
    try:
        result = generator.generate(
            args.prompt,
            count=args.count,
            seed=args.seed,
            temperature=args.temperature,
            store=_store(args),
            rater=args.rater,
            out_dir=args.out,
        )
    except RequestError as exc:
        raise _user_error(str(exc)) from None
    print(json.dumps(result.as_json(), indent=1))


def cmd_generate_batch(args) -> None:
    from core.pipeline import RequestError

    source = Path(args.input)
    if not source.is_file():
        raise _user_error(f"{args.input} does not exist")
    generator = _load_generator(args)
    store = _store(args)
    done = failed = 0
    with source.open(encoding="utf-8") as lines, open(args.out, "w", encoding="utf-8") as out:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row: dict = {"id": None, "candidates": [], "error": None}
            try:
                item = json.loads(line)
                row["id"] = item.get("id", number) if isinstance(item, dict) else number
                if not isinstance(item, dict) or not isinstance(item.get("prompt"), str):
                    raise RequestError('each line needs {"id", "prompt"} with a text prompt')
                result = generator.generate(
                    item["prompt"], count=args.count, seed=args.seed, store=store, rater=args.rater
                )
                row["candidates"] = result.as_json()["candidates"]
                done += 1
            except (json.JSONDecodeError, RequestError) as exc:
                row["error"] = f"line {number}: {exc}"
                failed += 1
            out.write(json.dumps(row) + "\n")
            out.flush()
    print(f"wrote {done + failed} lines to {args.out} ({failed} with an error)", file=sys.stderr)


def cmd_score(args) -> None:
    from core.dsl import describe_errors, parse
    from core.scoring.scorer import Scorer

    source = Path(args.input)
    if not source.is_file():
        raise _user_error(f"{args.input} does not exist")
    scorer = Scorer.load()
    user_model = scorer.user_model(_store(args), args.rater)
    with source.open(encoding="utf-8") as lines, open(args.out, "w", encoding="utf-8") as out:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            row = {"id": number, "readability": None, "user_score": None, "final": None, "errors": []}
            try:
                item = json.loads(line)
                row["id"] = item.get("id", number)
                result = parse(item.get("text") or "")
                row["errors"] = [str(error) for error in result.errors]
                if result.diagram.nodes:
                    from core.scoring.images import diagram_input

                    score = scorer.score_inputs([diagram_input(result.diagram)], user_model)[0]
                    row.update(score.as_dict())
                else:
                    row["errors"].append(f"no valid node lines ({describe_errors(result.errors)})")
            except (json.JSONDecodeError, AttributeError) as exc:
                row["errors"] = [f"line {number}: not a JSON object with a text field ({exc})"]
            out.write(json.dumps(row) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


def cmd_train(args) -> None:
    from core.runs import run_training

    config = {}
    if args.config:
        try:
            config = json.loads(Path(args.config).read_text())
        except (OSError, json.JSONDecodeError) as exc:
            raise _user_error(f"--config {args.config}: {exc}") from None
    try:
        summary = run_training(args.kind, config, out_dir=args.out, smoke=args.smoke)
    except (TypeError, ValueError) as exc:
        raise _user_error(f"bad training config: {exc}") from None
    print(json.dumps(summary, indent=1, default=str))


def add_model_commands(commands) -> None:
    """Register the model commands on the CLI's sub-parser collection."""
    for name, func, help_text in (
        ("generate", cmd_generate, "prompt -> ranked candidate diagrams (JSON)"),
        ("generate-batch", cmd_generate_batch, "JSONL prompts -> JSONL candidates"),
    ):
        parser = commands.add_parser(name, help=help_text)
        if name == "generate":
            parser.add_argument("--prompt", required=True)
            parser.add_argument("--out", default=None, help="folder for candidate PNGs")
        else:
            parser.add_argument("--in", dest="input", required=True)
            parser.add_argument("--out", required=True)
        parser.add_argument("--count", type=int, default=5)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--temperature", type=float, default=0.9)
        parser.add_argument("--model", default=None, help="drawer checkpoint folder (default: models/diagram-lm)")
        parser.add_argument("--adapter", default=None, help="LoRA adapter folder (ORPO or SFT)")
        parser.add_argument("--rater", default=None, help="rater whose ratings drive the user score")
        parser.set_defaults(func=func)

    score = commands.add_parser("score", help="score diagrams: JSONL {id, text} -> JSONL scores")
    score.add_argument("--in", dest="input", required=True)
    score.add_argument("--out", required=True)
    score.add_argument("--rater", default=None)
    score.set_defaults(func=cmd_score)

    train = commands.add_parser("train", help="train a model (the same runs the Train page launches)")
    train.add_argument("kind", choices=TRAIN_KINDS)
    train.add_argument("--config", default=None, help="JSON file of config fields")
    train.add_argument("--out", default=None)
    train.add_argument("--smoke", action="store_true", help="tiny settings that finish in seconds")
    train.set_defaults(func=cmd_train)
