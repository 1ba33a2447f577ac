"""Write a PEFT LoRA adapter of a Llama-architecture model as a llama.cpp GGUF adapter.

llama.cpp runs the planner on the packaged quantised backbone about seven times
faster than transformers on this CPU; it applies LoRA adapters given in GGUF.
The conversion follows llama.cpp's own converter: tensors renamed to GGUF names
(``blk.N.attn_q.weight.lora_a``), and the rows of the q/k ``lora_b`` matrices
permuted the way llama.cpp stores those projections for its rotary embedding.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

GGUF_NAMES = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
_KEY = re.compile(r"layers\.(\d+)\.(self_attn\.[a-z_]+|mlp\.[a-z_]+)\.lora_([AB])\.weight$")


def permute_rows(matrix: np.ndarray, heads: int) -> np.ndarray:
    """llama.cpp's q/k row order: each head's rotary halves interleaved."""
    rows = matrix.shape[0]
    return matrix.reshape(heads, 2, rows // heads // 2, *matrix.shape[1:]).swapaxes(1, 2).reshape(matrix.shape)


def convert_adapter(adapter_dir: str | Path, base_config: dict, out_path: str | Path) -> Path:
    """Convert ``adapter_dir`` (adapter_config.json + adapter_model.safetensors) to GGUF."""
    import gguf
    from safetensors.numpy import load_file

    adapter_dir = Path(adapter_dir)
    lora = json.loads((adapter_dir / "adapter_config.json").read_text())
    if lora.get("use_rslora") or lora.get("use_dora"):
        raise ValueError("only plain LoRA adapters can be converted")
    tensors = load_file(str(adapter_dir / "adapter_model.safetensors"))
    heads = base_config["num_attention_heads"]
    kv_heads = base_config.get("num_key_value_heads") or heads
    writer = gguf.GGUFWriter(str(out_path), "llama")
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(lora["lora_alpha"]))
    for key in sorted(tensors):
        match = _KEY.search(key)
        if not match:
            raise ValueError(f"unexpected adapter tensor {key}")
        layer, module, which = match.groups()
        matrix = tensors[key].astype(np.float32)
        if which == "B" and module == "self_attn.q_proj":
            matrix = permute_rows(matrix, heads)
        elif which == "B" and module == "self_attn.k_proj":
            matrix = permute_rows(matrix, kv_heads)
        name = f"blk.{layer}.{GGUF_NAMES[module]}.weight.lora_{which.lower()}"
        writer.add_tensor(name, np.ascontiguousarray(matrix.astype(np.float16)))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return Path(out_path)
