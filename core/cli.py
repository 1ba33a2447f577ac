"""The command line (DESIGN section 5): ``python -m core.cli COMMAND ...``.

Errors are one line on stderr: exit 2 for bad input, 1 for an internal failure,
0 otherwise; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path


class UserError(Exception):
    """Bad input from the user: reported as one sentence with exit status 2."""


def _read_text(path: str, cap: int = 5_000_000) -> str:
    file = Path(path)
    if not file.is_file():
        raise UserError(f"{path} does not exist or is not a file")
    if file.stat().st_size > cap:
        raise UserError(f"{path} is larger than {cap // 1_000_000} MB")
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text") from None


def cmd_dataset(args) -> None:
    from core.synth import make_sample

    if not 1 <= args.n <= 1_000_000:
        raise UserError("--n must be between 1 and 1,000,000")
    with open(args.out, "w", encoding="utf-8") as out:
        for index in range(args.n):
            sample = make_sample(args.seed, index, holdout=args.holdout)
            out.write(
                json.dumps(
                    {
                        "id": sample.id,
                        "kind": sample.kind,
                        "prompt": sample.prompt,
                        "text": sample.text,
                        "spec": sample.spec,
                    }
                )
                + "\n"
            )
    print(f"wrote {args.n} samples to {args.out}")


def cmd_render(args) -> None:
    from core.dsl import describe_errors, parse, validate

    result = parse(_read_text(args.input))
    if not result.diagram.nodes:
        raise UserError(f"{args.input} has no valid node lines ({describe_errors(result.errors)})")
    if result.errors and not args.tolerant:
        raise UserError(f"{args.input}: {describe_errors(result.errors)}; use --tolerant to draw the valid nodes")
    _write_diagram(result.diagram, Path(args.out))
    problems = validate(result.diagram)
    note = f" ({describe_errors(problems)})" if problems else ""
    print(f"wrote {args.out}{note}")


def _write_diagram(diagram, out: Path) -> None:
    """Write by the file's suffix: PNG, SVG, Diagram Format Text, Mermaid, draw.io or JSON."""
    from core.dsl import serialize
    from core.exports import FORMATS, export_text
    from core.render import png_bytes, render_svg

    suffix = out.suffix.lower()
    if suffix == ".png":
        out.write_bytes(png_bytes(diagram))
    elif suffix == ".svg":
        out.write_text(render_svg(diagram), encoding="utf-8")
    elif suffix == ".txt":
        out.write_text(serialize(diagram), encoding="utf-8")
    elif suffix in FORMATS:
        out.write_text(export_text(diagram, FORMATS[suffix]), encoding="utf-8")
    else:
        raise UserError("--out must end in .png, .svg, .txt, .mmd (Mermaid), .drawio (diagrams.net) or .json")


def cmd_from_summary(args) -> None:
    from core.summary import SummaryError, read_summary, summary_diagram

    try:
        graph = read_summary(_read_text(args.input, cap=1_000_000), keep_all=args.keep_all)
        diagram = summary_diagram(graph)
    except SummaryError as exc:
        raise UserError(f"{args.input}: {exc}") from None
    _write_diagram(diagram, Path(args.out))
    skips = len(graph.edges) - (len(graph.labels) - 1)
    print(f"wrote {args.out}: {len(graph.labels)} blocks from a {graph.source} summary, {max(skips, 0)} skip edges")


def cmd_import_seed(args) -> None:
    from core.store import Store
    from core.transfer import TransferError, import_seed

    try:
        report = import_seed(Store(args.workspace), args.dir)
    except TransferError as exc:
        raise UserError(str(exc)) from None
    print(report.summary())


def cmd_export(args) -> None:
    from core.store import Store
    from core.transfer import export_diagrams_zip, export_pairs_jsonl, export_plan_fixes_jsonl, export_ratings_csv

    store = Store(args.workspace)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "ratings.csv").write_text(export_ratings_csv(store), encoding="utf-8")
    (out / "pairs.jsonl").write_text(export_pairs_jsonl(store), encoding="utf-8")
    (out / "plan_fixes.jsonl").write_text(export_plan_fixes_jsonl(store), encoding="utf-8")
    if not args.no_diagrams:
        (out / "diagrams.zip").write_bytes(export_diagrams_zip(store))
    counts = store.counts()
    print(
        f"exported {counts['ratings']} ratings, {counts['pairs']} pairs, {counts['plan_fixes']} plan fixes, "
        f"{counts['diagrams']} diagrams to {out}"
    )


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake as one line (exit 2) instead of usage + error."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m core.cli", description="Diagram Studio command line")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument(
        "--workspace", default=None, help="workspace folder (default: $DIAGRAM_STUDIO_WORKSPACE or workspace/)"
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    dataset = commands.add_parser("dataset", help="write synthetic samples as JSONL")
    dataset.add_argument("--n", type=int, required=True)
    dataset.add_argument("--seed", type=int, default=0)
    dataset.add_argument("--out", required=True)
    dataset.add_argument("--holdout", action="store_true", help="use only the held-out templates")
    dataset.set_defaults(func=cmd_dataset)

    render = commands.add_parser(
        "render", help="draw Diagram Format Text as PNG or SVG, or export it as Mermaid, draw.io or JSON"
    )
    render.add_argument("--in", dest="input", required=True)
    render.add_argument("--out", required=True)
    render.add_argument("--tolerant", action="store_true", help="draw the valid nodes of a partly bad text")
    render.set_defaults(func=cmd_render)

    summary = commands.add_parser(
        "from-summary", help="diagram from the text of a PyTorch print(model) or a Keras model.summary()"
    )
    summary.add_argument("--in", dest="input", required=True)
    summary.add_argument("--out", required=True, help=".png, .svg, .txt, .mmd, .drawio or .json")
    summary.add_argument("--keep-all", action="store_true", help="keep activation and normalisation layers")
    summary.set_defaults(func=cmd_from_summary)

    seed = commands.add_parser("import-seed", help="import the seed project's CSVs and rated image folders")
    seed.add_argument("dir")
    seed.set_defaults(func=cmd_import_seed)

    export = commands.add_parser("export", help="write ratings.csv, pairs.jsonl, plan_fixes.jsonl and diagrams.zip")
    export.add_argument("--out", default="export")
    export.add_argument("--no-diagrams", action="store_true")
    export.set_defaults(func=cmd_export)

    from core.cli_models import add_model_commands

    add_model_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
        return 0
    except UserError as exc:
        if args.debug:
            traceback.print_exc()
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the CLI edge turns every failure into one line
        if args.debug:
            traceback.print_exc()
        print(
            f"error: internal failure ({type(exc).__name__}: {str(exc)[:200]}); rerun with --debug for details",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    # Run the imported module's main, not this __main__ copy: core.cli_models raises
    # core.cli.UserError, which is a different class from __main__.UserError.
    from core.cli import main as imported_main

    sys.exit(imported_main())
