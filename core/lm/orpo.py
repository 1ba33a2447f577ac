"""ORPO preference tuning of the drawer with a LoRA adapter (TRL's ORPOTrainer, CPU fp32).

The run collects pairs (from the store and/or automatic defect pairs), trains a
PEFT LoRA adapter, and saves it with a manifest and the pairs it saw. The adapter
loads with ``generate --adapter DIR`` and on the Generate page, or merges into a
new checkpoint with :func:`core.lm.adapters.merge_adapter`.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from core.lm.model import DEFAULT_DIR
from core.manifest import write_manifest
from core.store import Store

os.environ.setdefault("TRL_EXPERIMENTAL_SILENCE", "1")
SOURCES = ("store", "store+defects", "defects", "pairs-file")


@dataclass
class OrpoRunConfig:
    """Defaults as measured by bench/orpo_bench.py: the users' own pairs (a scripted rater's 200 pairs moved
    its preferred palette 0.110 -> 0.487 of candidates in 5 min), 4 epochs at 7e-4; automatic defect pairs
    ("store+defects", "defects") are kept but did not lower the defect rate."""

    base_dir: str = str(DEFAULT_DIR)
    source: str = "store"
    pairs_file: str = ""  # JSONL of {prompt, chosen, rejected} in compact form (source "pairs-file")
    defect_pairs: int = 300
    seed: int = 7
    beta: float = 0.1
    learning_rate: float = 7e-4
    epochs: float = 4.0
    batch_size: int = 8
    lora_r: int = 8
    lora_alpha: int = 16
    max_length: int = 1024
    max_minutes: float = 20.0
    logging_steps: int = 5
    out_dir: str = "runs/orpo"

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source: must be one of {', '.join(SOURCES)}")
        if self.source == "pairs-file" and not Path(self.pairs_file).is_file():
            raise ValueError("pairs_file: needs an existing JSONL file when source is pairs-file")
        if not 0 < self.beta <= 10:
            raise ValueError("beta: must be in (0, 10]")
        if not 0 < self.learning_rate < 1:
            raise ValueError("learning_rate: must be between 0 and 1")
        if self.max_minutes <= 0:
            raise ValueError("max_minutes: must be positive")

    @classmethod
    def smoke(cls, out_dir: str, base_dir: str | None = None) -> OrpoRunConfig:
        return cls(
            base_dir=base_dir or str(DEFAULT_DIR),
            source="defects",
            defect_pairs=4,
            epochs=1,
            batch_size=2,
            max_minutes=1,
            logging_steps=1,
            out_dir=out_dir,
        )


def collect_pairs(cfg: OrpoRunConfig, store: Store | None, drawer) -> list:
    from core.lm.pairs import Pair, dedupe, defect_pairs, store_pairs

    pairs = []
    if cfg.source == "pairs-file":
        rows = [json.loads(line) for line in Path(cfg.pairs_file).read_text().splitlines() if line.strip()]
        pairs = [Pair(r["prompt"], r["chosen"], r["rejected"], r.get("source", "file")) for r in rows]
    if "store" in cfg.source and store is not None:
        pairs += store_pairs(store)
    if "defects" in cfg.source:
        pairs += defect_pairs(drawer, cfg.defect_pairs, cfg.seed)
    return dedupe(pairs)


def train_orpo(cfg: OrpoRunConfig, store: Store | None = None, drawer=None) -> dict:
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import PrinterCallback
    from trl.experimental.orpo import ORPOConfig, ORPOTrainer

    from core.lm.callbacks import run_callbacks
    from core.lm.generate import Drawer

    torch.manual_seed(cfg.seed)
    started = time.time()
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    drawer = drawer or Drawer.load(cfg.base_dir, trainable=True)
    pairs = collect_pairs(cfg, store, drawer)
    if not pairs:
        raise ValueError("no preference pairs: label some pairs on the Label page or use the defects source")
    with (out / "pairs.jsonl").open("w") as handle:
        for pair in pairs:
            handle.write(json.dumps({**pair.trl(), "source": pair.source, "rater": pair.rater}) + "\n")
    model = drawer.model
    model.train()
    args = ORPOConfig(
        output_dir=str(out / "trainer"),
        beta=cfg.beta,
        learning_rate=cfg.learning_rate,
        num_train_epochs=cfg.epochs,
        per_device_train_batch_size=cfg.batch_size,
        max_length=cfg.max_length,
        logging_steps=cfg.logging_steps,
        lr_scheduler_type="cosine",
        warmup_steps=2,
        save_strategy="no",
        report_to="none",
        bf16=False,
        fp16=False,
        gradient_checkpointing=False,
        use_cpu=True,
        remove_unused_columns=False,
        disable_tqdm=True,
        dataloader_num_workers=0,
        seed=cfg.seed,
    )
    peft = LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=0.0,
        task_type="CAUSAL_LM",
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
    )
    trainer = ORPOTrainer(
        model=model,
        args=args,
        train_dataset=Dataset.from_list([p.trl() for p in pairs]),
        processing_class=drawer.tokenizer,
        peft_config=peft,
        callbacks=run_callbacks(out, cfg.max_minutes),
    )
    trainer.remove_callback(PrinterCallback)  # metrics go to metrics.jsonl, not stdout
    trainer.train()
    adapter_dir = out / "adapter"
    trainer.model.save_pretrained(adapter_dir)
    sources: dict[str, int] = {}
    for pair in pairs:
        sources[pair.source] = sources.get(pair.source, 0) + 1
    summary = {
        "pairs": len(pairs),
        "sources": sources,
        "steps": trainer.state.global_step,
        "seconds": round(time.time() - started, 1),
    }
    write_manifest(
        adapter_dir,
        {
            "kind": "orpo-lora",
            "base": str(cfg.base_dir),
            "base_manifest_sha": drawer.manifest.get("files", {}).get("model.safetensors"),
            "config": asdict(cfg),
            "summary": summary,
        },
    )
    return summary
