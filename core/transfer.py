"""Moving data in and out: the seed project's files, ratings CSV, pairs JSONL, diagram zips.

Imports stay inside the chosen directory (no ``..`` or symlink escapes), files and
archives are size-capped (no zip bombs), images are decoded and re-encoded before
they are stored, and CSV exports neutralise cells that a spreadsheet would run as
a formula (leading = + - @).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from core.dsl import parse, serialize
from core.prompts.words import SEED_PREFIX
from core.render import png_bytes, render_svg
from core.store import Store

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_IMAGE_BYTES = 10 * 1024 * 1024
MAX_ZIP_ENTRIES = 20_000
MAX_ZIP_TOTAL = 500 * 1024 * 1024
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
SEED_RATER = "seed"
csv.field_size_limit(MAX_FILE_BYTES)


class TransferError(ValueError):
    """A file that cannot be imported, with a one-sentence reason."""


@dataclass
class ImportReport:
    diagrams: int = 0
    ratings: int = 0
    pairs: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"imported {self.diagrams} diagrams, {self.ratings} ratings, {self.pairs} pairs"
        return text + (f"; skipped {len(self.skipped)} ({'; '.join(self.skipped[:3])})" if self.skipped else "")


def confined(root: Path, candidate: Path) -> Path:
    """``candidate`` resolved, if it stays inside ``root``; raises TransferError otherwise."""
    root = root.resolve()
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise TransferError(f"{candidate} points outside the import folder")
    return resolved


def _read_capped(path: Path, cap: int = MAX_FILE_BYTES) -> bytes:
    if path.stat().st_size > cap:
        raise TransferError(f"{path.name} is larger than {cap // (1024 * 1024)} MB")
    return path.read_bytes()


def clean_image(data: bytes) -> bytes:
    """Decode an uploaded image and re-encode it as PNG; rejects anything that is not one."""
    if len(data) > MAX_IMAGE_BYTES:
        raise TransferError("image larger than 10 MB")
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.shape[0] * image.shape[1] > 40_000_000:
        raise TransferError("not a readable image")
    ok, encoded = cv2.imencode(".png", image)
    return encoded.tobytes()


def seed_request(prompt: str) -> str:
    """The user's request inside a seed-style prompt (prefix and suffix removed)."""
    text = prompt.strip()
    if text.startswith(SEED_PREFIX.strip()):
        text = text[len(SEED_PREFIX.strip()) :].strip()
    cut = text.find("in the following format")
    return text[:cut].strip().rstrip(".") if cut > 0 else text


def import_seed(store: Store, directory: str | Path) -> ImportReport:
    """Import the seed project's CSV files, ``scores.csv`` and ``knn_user_score/0..5`` folders."""
    root = Path(directory)
    if not root.is_dir():
        raise TransferError(f"{directory} is not a folder")
    report = ImportReport()
    for path in sorted(root.rglob("*.csv")):
        try:
            path = confined(root, path)
            with io.StringIO(_read_capped(path).decode("utf-8", errors="replace")) as handle:
                reader = csv.DictReader(handle)
                columns = set(reader.fieldnames or [])
                if {"input_data", "output_data"} <= columns:
                    _import_sft_rows(store, reader, report)
                elif {"img_path", "score"} <= columns:
                    _import_scores(store, path.parent, root, reader, report)
        except (TransferError, UnicodeError, csv.Error) as exc:
            report.skipped.append(f"{path.name}: {exc}")
    for rating in range(6):
        folder = root / "knn_user_score" / str(rating)
        if folder.is_dir():
            for image_path in sorted(folder.iterdir()):
                _import_rated_image(store, root, image_path, rating, report)
    return report


def _import_sft_rows(store: Store, reader, report: ImportReport) -> None:
    for row in reader:
        result = parse(row.get("output_data") or "")
        if not result.diagram.nodes:
            report.skipped.append("a CSV row without readable node lines")
            continue
        text = serialize(result.diagram)
        store.add_diagram(text, prompt=seed_request(row.get("input_data") or ""), source="seed-import")
        report.diagrams += 1


def _import_scores(store: Store, base: Path, root: Path, reader, report: ImportReport) -> None:
    for row in reader:
        try:
            rating = int(round(float(row["score"])))
            if not 0 <= rating <= 5:
                raise ValueError
        except (TypeError, ValueError):
            report.skipped.append(f"score {row.get('score')!r} is not 0-5")
            continue
        _import_rated_image(store, root, base / (row.get("img_path") or ""), rating, report)


def _import_rated_image(store: Store, root: Path, image_path: Path, rating: int, report: ImportReport) -> None:
    try:
        path = confined(root, image_path)
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            raise TransferError(f"{image_path.name} is not an image file")
        image = clean_image(_read_capped(path, MAX_IMAGE_BYTES))
    except (TransferError, ValueError, OSError) as exc:
        report.skipped.append(f"{image_path.name}: {exc}")
        return
    diagram_id = store.add_diagram(image=image, prompt="", source="seed-import")
    store.add_rating(diagram_id, SEED_RATER, rating)
    report.diagrams += 1
    report.ratings += 1


def safe_cell(value) -> str:
    """A CSV cell a spreadsheet will not execute: leading = + - @ (or tab/CR) get a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def export_ratings_csv(store: Store) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["diagram_id", "rater", "rating", "created", "source", "prompt"])
    for rating in store.ratings():
        diagram = store.diagram(rating["diagram_id"]) or {}
        writer.writerow(
            [
                safe_cell(v)
                for v in (
                    rating["diagram_id"],
                    rating["rater"],
                    rating["rating"],
                    rating["created"],
                    diagram.get("source"),
                    diagram.get("prompt"),
                )
            ]
        )
    return out.getvalue()


def export_pairs_jsonl(store: Store) -> str:
    """Preference pairs in TRL's prompt/chosen/rejected format, with provenance and ratings."""
    ratings = {(r["diagram_id"], r["rater"]): r["rating"] for r in store.ratings()}
    lines = []
    for pair in store.pairs():
        lines.append(
            json.dumps(
                {
                    "prompt": pair["prompt"],
                    "chosen": pair["chosen_text"] or "",
                    "rejected": pair["rejected_text"] or "",
                    "rater": pair["rater"],
                    "source": pair["source"],
                    "chosen_rating": ratings.get((pair["chosen_id"], pair["rater"])),
                    "rejected_rating": ratings.get((pair["rejected_id"], pair["rater"])),
                }
            )
        )
    return "\n".join(lines) + ("\n" if lines else "")


def export_plan_fixes_jsonl(store: Store) -> str:
    """The user's corrections of the planner, one JSON object per line: the request, the plan drawn before the fix
    ('planned': the planner's, or an earlier fix) and the right one ('plan'). The planner's next training stage reads
    them (``PlannerConfig.user_plans``)."""
    rows = [{"request": f["prompt"], "plan": f["plan"], "planned": f["planned"]} for f in store.plan_fixes()]
    return "".join(json.dumps(row) + "\n" for row in rows)


def export_diagrams_zip(store: Store) -> bytes:
    """A zip with PNG, SVG, text, Mermaid, draw.io and JSON for every stored diagram (PNG only for image-only ones)."""
    from core.exports import FORMATS, export_text

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in store.diagrams():
            name = f"diagram_{row['id']:06d}"
            if row["text"]:
                diagram = parse(row["text"]).diagram
                archive.writestr(f"{name}.txt", row["text"])
                archive.writestr(f"{name}.svg", render_svg(diagram))
                archive.writestr(f"{name}.png", png_bytes(diagram))
                for suffix, fmt in FORMATS.items():
                    archive.writestr(f"{name}{suffix}", export_text(diagram, fmt))
            elif row["image_path"]:
                archive.write(store.image_file(row), f"{name}.png")
    return buffer.getvalue()


def import_ratings_csv(store: Store, data: bytes) -> ImportReport:
    """Ratings from a CSV with diagram_id, rater, rating (as exported)."""
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(data[:MAX_FILE_BYTES].decode("utf-8", errors="replace")))
    for row in reader:
        try:
            diagram_id, rating = int(row["diagram_id"]), int(row["rating"])
            rater = (row.get("rater") or "").lstrip("'")
            if store.diagram(diagram_id) is None:
                raise ValueError(f"diagram {diagram_id} is not in the store")
            store.add_rating(diagram_id, rater, rating)
            report.ratings += 1
        except (KeyError, TypeError, ValueError) as exc:
            report.skipped.append(str(exc))
    return report


def safe_zip_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """Members of an uploaded zip after entry-count, size and path checks."""
    members = archive.infolist()
    if len(members) > MAX_ZIP_ENTRIES:
        raise TransferError(f"the archive has more than {MAX_ZIP_ENTRIES} entries")
    if sum(member.file_size for member in members) > MAX_ZIP_TOTAL:
        raise TransferError("the archive unpacks to more than 500 MB")
    for member in members:
        name = Path(member.filename)
        if name.is_absolute() or ".." in name.parts:
            raise TransferError(f"the archive entry {member.filename} points outside the folder")
    return members


def extract_zip(data: bytes, target: Path) -> Path:
    """Unpack an uploaded zip into ``target`` after :func:`safe_zip_members` checks."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in safe_zip_members(archive):
            destination = confined(target, Path(member.filename))
            if member.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source:
                chunk = source.read(member.file_size + 1)
            if len(chunk) > member.file_size:
                raise TransferError(f"{member.filename} is larger than its header says")
            destination.write_bytes(chunk)
    return target


def import_pairs_jsonl(store: Store, data: bytes, rater: str = "import") -> ImportReport:
    """Preference pairs from JSONL lines {prompt, chosen, rejected} (Diagram Format Text)."""
    report = ImportReport()
    for number, line in enumerate(data[:MAX_FILE_BYTES].decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            texts = [row["chosen"], row["rejected"]]
            if not all(isinstance(t, str) and parse(t).diagram.nodes for t in texts):
                raise ValueError("chosen and rejected must be diagram texts")
            ids = [store.add_diagram(t, prompt=str(row.get("prompt", "")), source="import") for t in texts]
            store.add_pair(str(row.get("prompt", "")), ids[0], ids[1], str(row.get("rater") or rater), source="import")
            report.pairs += 1
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            report.skipped.append(f"line {number}: {exc}")
    return report


def import_diagrams_zip(store: Store, data: bytes) -> ImportReport:
    """Diagrams from a zip of .txt (Diagram Format Text) and .png files, as exported."""
    report = ImportReport()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in safe_zip_members(archive):
            name = member.filename.lower()
            if member.is_dir() or not name.endswith((".txt", ".png", ".jpg", ".jpeg")):
                continue
            content = archive.read(member)
            try:
                if name.endswith(".txt"):
                    result = parse(content.decode("utf-8", errors="replace"))
                    if not result.diagram.nodes:
                        raise TransferError("no valid node lines")
                    store.add_diagram(serialize(result.diagram), source="import")
                else:
                    store.add_diagram(image=clean_image(content), source="import")
                report.diagrams += 1
            except TransferError as exc:
                report.skipped.append(f"{member.filename}: {exc}")
    return report
