"""The drawer: a small Llama-architecture model trained from scratch on plan -> node lines.

``DrawerConfig`` sizes the network; ``load_drawer`` verifies the manifest's hashes
and loads weights strictly (missing or unexpected tensors are an error naming
them), in float32 whatever the storage dtype.

Example:
    >>> model, tokenizer, manifest = load_drawer("models/diagram-lm")
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from core.manifest import verify_manifest

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "diagram-lm"


@dataclass
class DrawerConfig:
    hidden_size: int = 256
    layers: int = 4
    heads: int = 4
    intermediate_size: int = 768
    max_positions: int = 1024

    def __post_init__(self) -> None:
        if self.hidden_size % self.heads:
            raise ValueError("hidden_size: must be divisible by heads")
        if not 1 <= self.layers <= 48:
            raise ValueError("layers: must be 1 to 48")
        if self.max_positions < 128:
            raise ValueError("max_positions: must be at least 128")


def build_drawer(cfg: DrawerConfig, tokenizer: PreTrainedTokenizerFast) -> LlamaForCausalLM:
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=cfg.hidden_size,
        intermediate_size=cfg.intermediate_size,
        num_hidden_layers=cfg.layers,
        num_attention_heads=cfg.heads,
        num_key_value_heads=cfg.heads,
        max_position_embeddings=cfg.max_positions,
        tie_word_embeddings=True,
        rope_theta=10000.0,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    return LlamaForCausalLM(config)


class ModelLoadError(RuntimeError):
    """A checkpoint that cannot be used, with the reason."""


def load_drawer(directory: str | Path = DEFAULT_DIR, verify: bool = True):
    """Model (float32, eval mode), tokenizer and manifest of a drawer checkpoint."""
    from safetensors.torch import load_file

    directory = Path(directory)
    if not (directory / "config.json").is_file():
        raise ModelLoadError(f"{directory} is not a model folder (no config.json)")
    manifest = verify_manifest(directory) if verify else {}
    tokenizer = PreTrainedTokenizerFast.from_pretrained(str(directory))
    config = LlamaConfig.from_pretrained(str(directory))
    model = LlamaForCausalLM(config)
    weights = {name: tensor.float() for name, tensor in load_file(str(directory / "model.safetensors")).items()}
    if config.tie_word_embeddings:
        weights.pop("lm_head.weight", None)  # tied: restored from the embedding
    missing, unexpected = model.load_state_dict(weights, strict=False)
    missing = [name for name in missing if not (config.tie_word_embeddings and name == "lm_head.weight")]
    if missing or unexpected:
        raise ModelLoadError(f"{directory.name}: missing weights {missing[:5]}, unexpected weights {unexpected[:5]}")
    model.tie_weights()
    model.eval()
    return model, tokenizer, manifest


def save_drawer(model: LlamaForCausalLM, tokenizer, directory: str | Path, half: bool = True) -> None:
    """Safetensors (fp16 storage by default: half the size, loaded back as float32) + tokenizer."""
    from safetensors.torch import save_file

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    model.config.save_pretrained(str(directory))
    state = {
        name: (t.half() if half else t).contiguous()
        for name, t in model.state_dict().items()
        if not (model.config.tie_word_embeddings and name == "lm_head.weight")
    }
    save_file(state, str(directory / "model.safetensors"))
    tokenizer.save_pretrained(str(directory))


def parameter_count(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
