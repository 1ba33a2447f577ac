"""Model manifests: every shipped checkpoint lists the sha256 of each of its files.

Loading verifies the hashes first, so a truncated download, a hand-edited weight
file or a swapped checkpoint is refused with the name of the file that differs.

Example:
    >>> write_manifest(model_dir, {"kind": "readability", "metrics": {...}})
    >>> verify_manifest(model_dir)   # raises ManifestError on any mismatch
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

MANIFEST = "manifest.json"


class ManifestError(RuntimeError):
    """A model directory whose files do not match its manifest."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(directory: str | Path, info: dict) -> dict:
    """Hash every file in ``directory`` (recursively) and write manifest.json with ``info``."""
    root = Path(directory)
    files = {
        str(p.relative_to(root)): sha256_file(p) for p in sorted(root.rglob("*")) if p.is_file() and p.name != MANIFEST
    }
    manifest = {"created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **info, "files": files}
    (root / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def read_manifest(directory: str | Path) -> dict:
    path = Path(directory) / MANIFEST
    if not path.is_file():
        raise ManifestError(f"{directory} has no {MANIFEST}")
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError as exc:
        raise ManifestError(f"{path} is not valid JSON ({exc})") from None


def verify_manifest(directory: str | Path) -> dict:
    """Check every listed file's sha256; raises ManifestError naming what differs."""
    root = Path(directory)
    manifest = read_manifest(root)
    for name, expected in manifest.get("files", {}).items():
        path = root / name
        if not path.is_file():
            raise ManifestError(f"{root.name}: {name} is listed in the manifest but missing")
        if sha256_file(path) != expected:
            raise ManifestError(f"{root.name}: {name} does not match its sha256 in the manifest")
    unlisted = [p.name for p in root.glob("*.safetensors") if p.name not in manifest.get("files", {})]
    if unlisted:
        raise ManifestError(f"{root.name}: {', '.join(unlisted)} is not listed in the manifest")
    return manifest


def update_manifest(directory: str | Path, **info) -> dict:
    """Add or replace top-level entries (e.g. benchmark results) without touching the file hashes."""
    path = Path(directory) / MANIFEST
    manifest = read_manifest(directory)
    manifest.update(info)
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def headline_numbers(manifest: dict, skip: tuple[str, ...] = ("command", "date", "previous_checkpoint")) -> str:
    """A manifest's measured numbers (benchmark, else metrics, else training) as one readable line:
    nested results flattened to ``name value`` pairs, bookkeeping keys left out."""
    numbers = manifest.get("benchmark") or manifest.get("metrics") or manifest.get("training") or {}

    def pairs(prefix: str, value) -> list[str]:
        if isinstance(value, dict):
            return [item for key, inner in value.items() if key not in skip for item in pairs(f"{prefix}{key} ", inner)]
        if isinstance(value, list):
            return [] if value and isinstance(value[0], dict) else [f"{prefix.strip()} {value}"]
        shown = f"{value:.3g}" if isinstance(value, float) else str(value)
        return [f"{prefix.replace('_', ' ').strip()} {shown}"]

    return " · ".join(pairs("", numbers))
