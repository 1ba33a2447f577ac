"""The drawer: a small Llama-architecture model trained from scratch on plan -> node lines.

``DrawerConfig`` sizes the network; ``load_drawer`` verifies the manifest's hashes
and loads weights strictly (missing or unexpected tensors are an error naming
them), in float32 whatever the storage dtype.

Example:
    >>> model, tokenizer, manifest = load_drawer("models/diagram-lm")
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import torch

from core.manifest import verify_manifest

if TYPE_CHECKING:  # transformers takes seconds to import; generation does without it (core.lm.llama)
    from transformers import LlamaForCausalLM, PreTrainedTokenizerFast

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
    from transformers import LlamaConfig, LlamaForCausalLM

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


def expected_weights(config: dict) -> set[str]:
    """The tensor names of a Llama checkpoint with this config (the tied output head not stored)."""
    names = {"model.embed_tokens.weight", "model.norm.weight"}
    per_layer = ("input_layernorm", "post_attention_layernorm") + tuple(
        f"{block}.{proj}_proj"
        for block, projs in (("self_attn", "qkvo"), ("mlp", ("gate", "up", "down")))
        for proj in projs
    )
    for layer in range(config["num_hidden_layers"]):
        names |= {f"model.layers.{layer}.{part}.weight" for part in per_layer}
    return names if config.get("tie_word_embeddings") else names | {"lm_head.weight"}


def load_drawer(directory: str | Path = DEFAULT_DIR, verify: bool = True, plain: bool = False):
    """Model (float32, eval mode), tokenizer and manifest of a drawer checkpoint.

    ``plain=True`` gives the inference-only ``core.lm.llama.PlainLlama`` and a
    ``FileTokenizer`` (no transformers import); otherwise transformers' model, for
    training and adapters. Either way weights load strictly: a missing or unexpected
    tensor is an error naming it.
    """
    from safetensors.torch import load_file

    directory = Path(directory)
    if not (directory / "config.json").is_file():
        raise ModelLoadError(f"{directory} is not a model folder (no config.json)")
    manifest = verify_manifest(directory) if verify else {}
    config = json.loads((directory / "config.json").read_text())
    weights = load_file(str(directory / "model.safetensors"))
    if config.get("tie_word_embeddings"):
        weights.pop("lm_head.weight", None)  # tied: restored from the embedding
    missing = sorted(expected_weights(config) - set(weights))
    unexpected = sorted(set(weights) - expected_weights(config))
    if missing or unexpected:
        raise ModelLoadError(f"{directory.name}: missing weights {missing[:5]}, unexpected weights {unexpected[:5]}")
    if plain:
        from core.lm.llama import PlainLlama
        from core.lm.tokenizer import FileTokenizer

        return PlainLlama(config, weights), FileTokenizer(directory), manifest
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    model = LlamaForCausalLM(LlamaConfig.from_pretrained(str(directory)))
    missing = model.load_state_dict({name: tensor.float() for name, tensor in weights.items()}, strict=False)[0]
    if [name for name in missing if name != "lm_head.weight"]:
        raise ModelLoadError(f"{directory.name}: missing weights {missing[:5]}")
    model.tie_weights()
    model.eval()
    return model, PreTrainedTokenizerFast.from_pretrained(str(directory)), manifest


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
