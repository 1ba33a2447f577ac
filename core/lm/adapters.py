"""LoRA adapters on the drawer: load (merged for speed) or merge into a new checkpoint."""

from __future__ import annotations

from pathlib import Path

from core.manifest import MANIFEST, verify_manifest


def apply_adapter(model, adapter_dir: str | Path):
    """The model with the adapter's weights merged in (hashes checked when it has a manifest)."""
    from peft import PeftModel

    adapter_dir = Path(adapter_dir)
    if not (adapter_dir / "adapter_config.json").is_file():
        raise ValueError(f"{adapter_dir} is not a LoRA adapter folder (no adapter_config.json)")
    if (adapter_dir / MANIFEST).is_file():
        verify_manifest(adapter_dir)
    merged = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    merged.eval()
    return merged


def merge_adapter(base_dir: str | Path, adapter_dir: str | Path, out_dir: str | Path) -> Path:
    """Write base + adapter as a new standalone drawer checkpoint with its own manifest."""
    from core.lm.model import load_drawer, save_drawer
    from core.manifest import write_manifest

    model, tokenizer, manifest = load_drawer(base_dir)
    merged = apply_adapter(model, adapter_dir)
    save_drawer(merged, tokenizer, out_dir)
    write_manifest(
        out_dir,
        {
            "kind": "diagram-lm",
            "merged_from": [str(base_dir), str(adapter_dir)],
            "base": {k: manifest.get(k) for k in ("config", "data")},
        },
    )
    return Path(out_dir)
