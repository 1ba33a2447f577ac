"""The drawer's forward pass in plain PyTorch, for generation without importing transformers.

The drawer is a 4-layer Llama (``core.lm.model``) trained with transformers. Generating
only needs its forward pass with a KV cache, but importing transformers costs ~2 s on
this CPU (it pulls in torch.distributed, torch._dynamo and sympy), most of the model's
load time. This module computes the same function, the Llama architecture as
transformers implements it (RMSNorm in float32, rotary embeddings on halves, causal
attention, SiLU-gated MLP, tied output head), from the same safetensors file; a test
checks its logits against transformers' on the shipped checkpoint. Training, ORPO and
adapters keep using transformers.

Example:
    >>> model = PlainLlama.load("models/diagram-lm")
    >>> logits, cache = model.step(torch.tensor([[5, 9, 12]]), None)
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F


class PlainLlama:
    """Weights of a Llama checkpoint and its cached forward pass (inference only, float32)."""

    def __init__(self, config: dict, weights: dict[str, torch.Tensor]) -> None:
        """``config`` as in config.json; ``weights`` by their checkpoint names, any float dtype."""
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.kv_heads = config.get("num_key_value_heads") or self.heads
        self.head_dim = config.get("head_dim") or config["hidden_size"] // self.heads
        self.eps = config.get("rms_norm_eps", 1e-6)
        rope = config.get("rope_parameters") or {}
        theta = rope.get("rope_theta", config.get("rope_theta", 10000.0))
        if rope.get("rope_type", "default") != "default" or config.get("hidden_act", "silu") != "silu":
            raise ValueError("only default rotary embeddings and SiLU activations are supported")
        self.inv_freq = 1.0 / theta ** (torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim)
        self.w = {name: tensor.float() for name, tensor in weights.items()}
        self.embed = self.w["model.embed_tokens.weight"]
        self.head = self.embed if config.get("tie_word_embeddings") else self.w["lm_head.weight"]

    @classmethod
    def load(cls, directory: str | Path) -> PlainLlama:
        """From a checkpoint folder (config.json + model.safetensors), unchecked: ``load_drawer`` verifies."""
        from safetensors.torch import load_file

        directory = Path(directory)
        config = json.loads((directory / "config.json").read_text())
        return cls(config, load_file(str(directory / "model.safetensors")))

    def _norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.w[name]

    def _rotary_tables(self, start: int, count: int) -> tuple[torch.Tensor, torch.Tensor]:
        """cos and sin of the rotary angles of positions start .. start + count - 1 (same for every layer)."""
        freqs = torch.outer(torch.arange(start, start + count, dtype=torch.float32), self.inv_freq)
        angles = torch.cat([freqs, freqs], -1)
        return angles.cos(), angles.sin()

    @staticmethod
    def _rotary(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
        half = x.shape[-1] // 2
        return x * cos + torch.cat([-x[..., half:], x[..., :half]], -1) * sin

    @torch.inference_mode()
    def step(self, ids: torch.Tensor, cache: list | None) -> tuple[torch.Tensor, list]:
        """Logits of the last position for each row, and the cache extended by ``ids`` (batch, new tokens)."""
        batch, new = ids.shape
        start = cache[0][0].shape[2] if cache else 0
        x = F.embedding(ids, self.embed)
        cos, sin = self._rotary_tables(start, new)
        cache = cache or [None] * self.layers
        for layer in range(self.layers):
            p = f"model.layers.{layer}."
            h = self._norm(x, p + "input_layernorm.weight")
            q = (
                (h @ self.w[p + "self_attn.q_proj.weight"].T)
                .view(batch, new, self.heads, self.head_dim)
                .transpose(1, 2)
            )
            k = (h @ self.w[p + "self_attn.k_proj.weight"].T).view(batch, new, self.kv_heads, self.head_dim)
            v = (h @ self.w[p + "self_attn.v_proj.weight"].T).view(batch, new, self.kv_heads, self.head_dim)
            q, k, v = self._rotary(q, cos, sin), self._rotary(k.transpose(1, 2), cos, sin), v.transpose(1, 2)
            if cache[layer] is not None:
                k, v = torch.cat([cache[layer][0], k], 2), torch.cat([cache[layer][1], v], 2)
            cache[layer] = (k, v)
            if self.kv_heads != self.heads:
                k = k.repeat_interleave(self.heads // self.kv_heads, 1)
                v = v.repeat_interleave(self.heads // self.kv_heads, 1)
            # causal within the new tokens; every cached position is visible
            mask = torch.ones(new, start + new, dtype=torch.bool).tril(start)
            attn = F.scaled_dot_product_attention(q, k, v, attn_mask=mask, scale=1 / math.sqrt(self.head_dim))
            x = x + attn.transpose(1, 2).reshape(batch, new, -1) @ self.w[p + "self_attn.o_proj.weight"].T
            h = self._norm(x, p + "post_attention_layernorm.weight")
            gate = F.silu(h @ self.w[p + "mlp.gate_proj.weight"].T) * (h @ self.w[p + "mlp.up_proj.weight"].T)
            x = x + gate @ self.w[p + "mlp.down_proj.weight"].T
        x = self._norm(x[:, -1], "model.norm.weight")
        return x @ self.head.T, cache
