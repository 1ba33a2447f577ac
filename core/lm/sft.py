"""Supervised fine-tuning with TRL's SFTTrainer: the shipped drawer and the large-model path.

- ``train_drawer``: the small Llama from scratch on plan -> node lines (compact
  symbols), completion-only loss, fp32 on CPU, no gradient checkpointing.
- ``train_lora_sft``: any Hugging Face causal LM + a PEFT LoRA adapter, on the
  seed's prompt template -> Diagram Format Text (the deepseek-coder recipe on a
  GPU; tests run it on a tiny random Llama).

Both log to ``metrics.jsonl`` for the Train page and stop at ``max_minutes``.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.dsl import parse
from core.lm.model import DEFAULT_DIR, DrawerConfig, build_drawer, parameter_count, save_drawer
from core.lm.templates import seed_prompt
from core.lm.tokenizer import NODES, to_compact, train_tokenizer
from core.manifest import write_manifest
from core.synth import make_sample


@dataclass
class DrawerTrainConfig:
    samples: int = 24000
    seed: int = 11
    epochs: float = 1.0
    learning_rate: float = 2e-3
    batch_size: int = 16
    max_minutes: float = 55.0
    warmup_steps: int = 100
    logging_steps: int = 10
    out_dir: str = str(DEFAULT_DIR)
    model: DrawerConfig = field(default_factory=DrawerConfig)

    def __post_init__(self) -> None:
        if isinstance(self.model, dict):
            self.model = DrawerConfig(**self.model)
        if not 50 <= self.samples <= 2_000_000:
            raise ValueError("samples: must be 50 to 2,000,000")
        if not 0 < self.learning_rate < 1:
            raise ValueError("learning_rate: must be between 0 and 1")
        if not 1 <= self.batch_size <= 256:
            raise ValueError("batch_size: must be 1 to 256")
        if self.max_minutes <= 0:
            raise ValueError("max_minutes: must be positive")

    @classmethod
    def smoke(cls, out_dir: str) -> DrawerTrainConfig:
        return cls(
            samples=60,
            batch_size=8,
            max_minutes=1,
            warmup_steps=1,
            logging_steps=1,
            out_dir=out_dir,
            model=DrawerConfig(hidden_size=32, layers=1, heads=2, intermediate_size=64),
        )


def split_compact(compact: str) -> tuple[str, str]:
    """(prompt, completion) of a compact text: the plan up to the nodes marker, then the nodes."""
    head, _, tail = compact.partition(NODES)
    return head + NODES, " " + tail.strip()


def _sft_args(
    out: Path,
    batch_size: int,
    learning_rate: float,
    epochs: float,
    warmup: int,
    logging: int,
    max_length: int,
    seed: int,
):
    from trl import SFTConfig

    return SFTConfig(
        output_dir=str(out / "trainer"),
        per_device_train_batch_size=batch_size,
        num_train_epochs=epochs,
        learning_rate=learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=warmup,
        logging_steps=logging,
        save_strategy="no",
        report_to="none",
        bf16=False,
        fp16=False,
        gradient_checkpointing=False,
        use_cpu=True,
        max_length=max_length,
        completion_only_loss=True,
        dataloader_num_workers=0,
        seed=seed,
        disable_tqdm=True,
        train_sampling_strategy="group_by_length",
    )


def train_drawer(cfg: DrawerTrainConfig) -> dict:
    """Train tokenizer and drawer from scratch; writes a loadable checkpoint with its manifest."""
    import torch
    from datasets import Dataset
    from trl import SFTTrainer

    from core.lm.callbacks import run_callbacks

    torch.manual_seed(cfg.seed)
    started = time.time()
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    compacts = [to_compact(parse(make_sample(cfg.seed, i).text).diagram) for i in range(cfg.samples)]
    data_hash = hashlib.sha256("\n".join(compacts).encode()).hexdigest()
    tokenizer = train_tokenizer(compacts, out)
    model = build_drawer(cfg.model, tokenizer)
    rows = [dict(zip(("prompt", "completion"), split_compact(text))) for text in compacts]
    trainer = SFTTrainer(
        model=model,
        processing_class=tokenizer,
        train_dataset=Dataset.from_list(rows),
        args=_sft_args(
            out,
            cfg.batch_size,
            cfg.learning_rate,
            cfg.epochs,
            cfg.warmup_steps,
            cfg.logging_steps,
            cfg.model.max_positions,
            cfg.seed,
        ),
        callbacks=run_callbacks(out, cfg.max_minutes),
    )
    trainer.train()
    save_drawer(trainer.model, tokenizer, out)
    info = {
        "kind": "diagram-lm",
        "parameters": parameter_count(trainer.model),
        "config": asdict(cfg),
        "data": {"seed": cfg.seed, "samples": cfg.samples, "sha256": data_hash},
        "training": {
            "seconds": round(time.time() - started, 1),
            "steps": trainer.state.global_step,
            "final_loss": _last_loss(out / "metrics.jsonl"),
        },
    }
    write_manifest(out, info)
    return info


def _last_loss(path: Path) -> float | None:
    losses = [json.loads(line).get("loss") for line in path.read_text().splitlines() if '"loss"' in line]
    return losses[-1] if losses else None


@dataclass
class LoraSftConfig:
    """The large-model path: LoRA SFT of any local causal LM on the seed's prompt template."""

    model_dir: str
    out_dir: str = "runs/lora-sft"
    samples: int = 700
    seed: int = 2
    epochs: float = 2.0
    learning_rate: float = 2e-4
    batch_size: int = 1
    lora_r: int = 16
    lora_alpha: int = 16
    max_length: int = 2048
    max_steps: int = -1
    max_minutes: float = 600.0
    dtype: str = "float32"  # "float16" on GPUs without bfloat16 (the seed's CUBLAS failure)

    def __post_init__(self) -> None:
        if not Path(self.model_dir).is_dir():
            raise ValueError(f"model_dir: {self.model_dir} is not a local model folder (nothing is downloaded)")
        if self.dtype not in ("float32", "float16", "bfloat16"):
            raise ValueError("dtype: must be float32, float16 or bfloat16")


def train_lora_sft(cfg: LoraSftConfig) -> Path:
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTTrainer

    from core.lm.callbacks import run_callbacks

    out = Path(cfg.out_dir)
    tokenizer = AutoTokenizer.from_pretrained(cfg.model_dir)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(cfg.model_dir, dtype=getattr(torch, cfg.dtype))
    rows = []
    for index in range(cfg.samples):
        sample = make_sample(cfg.seed, index)
        rows.append({"prompt": seed_prompt(sample.prompt) + "\n", "completion": sample.text})
    args = _sft_args(out, cfg.batch_size, cfg.learning_rate, cfg.epochs, 0, 1, cfg.max_length, cfg.seed)
    args.max_steps = cfg.max_steps
    peft = LoraConfig(r=cfg.lora_r, lora_alpha=cfg.lora_alpha, target_modules="all-linear", task_type="CAUSAL_LM")
    trainer = SFTTrainer(
        model=model,
        processing_class=tokenizer,
        train_dataset=Dataset.from_list(rows),
        args=args,
        peft_config=peft,
        callbacks=run_callbacks(out, cfg.max_minutes),
    )
    trainer.train()
    trainer.model.save_pretrained(out / "adapter")
    tokenizer.save_pretrained(out / "adapter")
    return out / "adapter"
