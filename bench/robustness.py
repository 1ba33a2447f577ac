"""Robustness table: hostile or odd input, and how each case was handled.

Usage: python bench/robustness.py
Every case must end in a clear message or a bounded, valid result: never a
traceback, never a hang, never executed input. Prints a Markdown table.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.dsl import parse  # noqa: E402
from core.manifest import ManifestError  # noqa: E402
from core.pipeline import Generator, RequestError  # noqa: E402
from core.store import Store  # noqa: E402
from core.transfer import TransferError, extract_zip, import_seed, safe_cell  # noqa: E402

ROWS: list[tuple[str, str, str, float]] = []


def case(group: str, name: str, function) -> None:
    started = time.perf_counter()
    try:
        outcome = function()
    except Exception as exc:  # noqa: BLE001 - the table records what escaped
        outcome = f"UNHANDLED {type(exc).__name__}: {exc}"
    ROWS.append((group, name, str(outcome).replace("|", "/").replace("\n", " ")[:150], time.perf_counter() - started))


def prompt_cases(generator: Generator) -> None:
    def ask(prompt: str):
        def run():
            try:
                result = generator.generate(prompt, count=3, seed=0)
                repaired = sum(c["repaired"] for c in result.candidates)
                return f"diagram: plan `{result.plan[:60]}`, {len(result.candidates)} candidates ({repaired} repaired)"
            except RequestError as exc:
                return f"message: {exc}"

        return run

    for name, prompt in [
        ("empty", ""),
        ("blank", "   \n\t "),
        ("over 4,000 characters", "an MLP " * 700),
        ("control characters", "an MLP\x00\x07 with 3 inputs\x1b[31m and 2 outputs"),
        ("looks like code", "__import__('os').system('rm -rf /'); an MLP with 2 inputs, 1 output"),
        ("non-English", "입력 3개, 은닉층 5개와 4개, 출력 2개인 신경망"),
        ("absurd size", "an MLP with 100000 input nodes and 1 output"),
        ("500 layers", "a dense network with 500 layers of 10 neurons"),
        ("not a diagram", "write a poem"),
    ]:
        case("prompt", name, ask(prompt))


def text_cases() -> None:
    def parsed(text: str):
        def run():
            result = parse(text)
            return f"{len(result.diagram.nodes)} valid nodes, {len(result.errors)} line errors" + (
                f" (first: {result.errors[0]})" if result.errors else ""
            )

        return run

    line = "[0, 100, 100, 'circle', 40, 40, 'solid arrow', (0, 0, 0), (0, 0, 0), [1]]"
    for name, text in [
        ("huge numbers", "[0, 10**100, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]"),
        ("4,000-digit number", "[0, " + "9" * 4000 + ", 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]"),
        ("negative sizes", "[0, 100, 100, 'circle', -40, 40, 'solid arrow', (0,0,0), (0,0,0), []]"),
        ("NaN", "[0, nan, 100, 'circle', 40, 40, 'solid arrow', (0,0,0), (0,0,0), []]"),
        ("duplicate ids and dangling targets", line + "\n" + line),
        ("deep nesting", "[" * 100_000 + "]" * 100_000),
        ("a million lines", "\n".join([line] * 1_000_000)),
        ("odd Unicode", "[0, 1, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), [], '\u202eevil\u0000😀']"),
        ("code in a line", "[__import__('os').getcwd()]"),
    ]:
        case("diagram text", name, parsed(text))


def file_cases(root: Path) -> None:
    store = Store(root / "ws")
    seed = root / "seed"
    (seed / "knn_user_score" / "5").mkdir(parents=True)
    secret = root / "secret.png"
    secret.write_bytes(b"\x89PNG")
    (seed / "scores.csv").write_text("img_path,score\n../secret.png,5\n/etc/passwd,5\n")
    (seed / "knn_user_score" / "5" / "link.png").symlink_to(secret)
    case("files", "import with .. and symlink escapes", lambda: import_seed(store, seed).summary())
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.bin", b"\0" * (700 * 1024 * 1024))

    def unzip(data: bytes):
        try:
            extract_zip(data, root / "out")
            return "extracted"
        except TransferError as exc:
            return f"refused: {exc}"

    case("files", "zip bomb (700 MB of zeros)", lambda: unzip(bomb.getvalue()))
    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../escape.txt", "x")
    case("files", "zip entry with ../", lambda: unzip(evil.getvalue()))
    case("files", "CSV formula injection", lambda: f"'=HYPERLINK(...)' exported as {safe_cell('=HYPERLINK(1)')!r}")


def model_cases(root: Path) -> None:
    from core.lm.model import DEFAULT_DIR, ModelLoadError, load_drawer

    copy = root / "model"
    shutil.copytree(DEFAULT_DIR, copy)
    with (copy / "model.safetensors").open("r+b") as handle:
        handle.seek(-8, 2)
        handle.write(b"\x00" * 8)

    def load():
        try:
            load_drawer(copy)
            return "loaded (BAD)"
        except (ManifestError, ModelLoadError) as exc:
            return f"refused: {exc}"

    case("models", "tampered weights", load)


def main() -> None:
    generator = Generator.load()
    prompt_cases(generator)
    text_cases()
    with tempfile.TemporaryDirectory() as scratch:
        file_cases(Path(scratch))
        model_cases(Path(scratch))
    print(f"# Robustness ({time.strftime('%Y-%m-%d')})\n")
    print("| area | case | handled as | seconds |\n|---|---|---|---|")
    for group, name, outcome, seconds in ROWS:
        print(f"| {group} | {name} | {outcome} | {seconds:.2f} |")
    unhandled = [row for row in ROWS if row[2].startswith("UNHANDLED")]
    print(f"\n{len(ROWS) - len(unhandled)}/{len(ROWS)} cases handled")


if __name__ == "__main__":
    main()
