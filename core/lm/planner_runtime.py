"""Running the trained planner: llama.cpp (fast, default) or transformers (fallback).

The shipped planner is ``models/planner/``: the PEFT LoRA adapter (for
transformers), the same adapter as GGUF (for llama.cpp), and a manifest. (A GBNF
grammar for the plan was measured and dropped: llama.cpp's grammar sampling took
~360 ms per token here against ~9 ms without it; the pipeline validates plans and
resamples instead.)

Example:
    >>> planner = load_planner()
    >>> planner.plan("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs")
    'dense 3 5 4 2'
"""

from __future__ import annotations

import threading
from pathlib import Path

from core.lm.templates import planner_prompt
from core.manifest import verify_manifest

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "planner"
MAX_PLAN_TOKENS = 200


class LlamaCppPlanner:
    """Greedy (or sampled) plans from the packaged GGUF backbone + the GGUF LoRA adapter."""

    def __init__(self, adapter_gguf: str | Path | None, threads: int = 2) -> None:
        from llama_cpp import Llama

        from core.lm.backbone import gguf_path

        self.llm = Llama(
            model_path=str(gguf_path()),
            lora_path=str(adapter_gguf) if adapter_gguf else None,
            n_ctx=1024,
            n_threads=threads,
            verbose=False,
            seed=0,
        )
        self.lock = threading.Lock()  # one llama.cpp context: app sessions take turns

    def plan(self, request: str, temperature: float = 0.0, seed: int = 0) -> str:
        prompt = planner_prompt(request)
        tokens = self.llm.tokenize(prompt.encode(), add_bos=False)
        if len(tokens) > 800:
            raise ValueError("the request is too long for the planner (over 800 tokens)")
        with self.lock:
            self.llm.set_seed(seed)
            result = self.llm(prompt, max_tokens=MAX_PLAN_TOKENS, temperature=temperature, top_p=0.95, seed=seed)
        return result["choices"][0]["text"].strip()


class HFPlanner:
    """Plans with transformers + PEFT: batched, greedy or sampled (evaluation, no llama.cpp)."""

    def __init__(self, model_dir: str | Path, max_new_tokens: int = MAX_PLAN_TOKENS) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from core.lm.backbone import hf_backbone_dir

        model_dir = Path(model_dir)
        self.tokenizer = AutoTokenizer.from_pretrained(model_dir)
        self.tokenizer.padding_side = "left"
        if (model_dir / "adapter_config.json").is_file():
            from peft import PeftModel

            base = AutoModelForCausalLM.from_pretrained(hf_backbone_dir(), dtype=torch.float32)
            self.model = PeftModel.from_pretrained(base, model_dir).merge_and_unload()
        else:
            self.model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
        self.model.eval()
        self.max_new_tokens = max_new_tokens

    def plan(self, request: str, temperature: float = 0.0, seed: int = 0) -> str:
        return self.plans([request], sample=temperature > 0, seed=seed)[0]

    def plans(self, requests: list[str], batch_size: int = 16, sample: bool = False, seed: int = 0) -> list[str]:
        import torch

        outputs: list[str] = []
        torch.manual_seed(seed)
        for start in range(0, len(requests), batch_size):
            prompts = [planner_prompt(r) for r in requests[start : start + batch_size]]
            batch = self.tokenizer(prompts, return_tensors="pt", padding=True)
            with torch.inference_mode():
                generated = self.model.generate(
                    **batch,
                    max_new_tokens=self.max_new_tokens,
                    do_sample=sample,
                    temperature=0.7 if sample else None,
                    top_p=0.95 if sample else None,
                    pad_token_id=self.tokenizer.pad_token_id,
                    eos_token_id=self.tokenizer.eos_token_id,
                )
            for row in generated[:, batch["input_ids"].shape[1] :]:
                outputs.append(self.tokenizer.decode(row, skip_special_tokens=True).strip())
        return outputs


def load_planner(directory: str | Path = DEFAULT_DIR, backend: str = "auto"):
    """The shipped planner with llama.cpp when available, else transformers."""
    directory = Path(directory)
    verify_manifest(directory)
    if backend in ("auto", "llama.cpp"):
        try:
            return LlamaCppPlanner(directory / "adapter.gguf")
        except ImportError:
            if backend == "llama.cpp":
                raise
    return HFPlanner(directory / "adapter")
