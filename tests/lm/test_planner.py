"""The planner: examples, a smoke LoRA run, and the GGUF adapter matching transformers in llama.cpp."""

import json

import numpy as np
import torch

from core.lm.planner import PlannerConfig, planner_examples, train_planner
from core.plan import parse_plan


def test_examples_are_prompt_completion_pairs_with_negatives():
    rows = planner_examples(300, seed=5, negatives=0.1)
    assert all(row["prompt"].startswith("Request: ") and row["prompt"].endswith("\nPlan:") for row in rows)
    nones = [row for row in rows if row["completion"] == " none"]
    assert 10 < len(nones) < 60
    for row in rows:
        if row["completion"] != " none":
            parse_plan(row["completion"].strip())  # every target plan parses


def test_smoke_training_writes_an_adapter(tmp_path):
    out = train_planner(PlannerConfig(samples=8, batch_size=4, max_minutes=1, logging_steps=1, out_dir=str(tmp_path)))
    assert (out / "adapter" / "adapter_model.safetensors").is_file()
    assert (out / "adapter.gguf").is_file()
    assert json.loads((out / "manifest.json").read_text())["kind"] == "planner-lora"
    assert json.loads((out / "train_info.json").read_text())["steps"] >= 1
    assert (out / "metrics.jsonl").read_text().count("loss") >= 1


def test_gguf_adapter_gives_llama_cpp_the_same_predictions(tmp_path):
    from llama_cpp import Llama
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from core.lm.backbone import gguf_path, hf_backbone_dir
    from core.lm.gguf_adapter import convert_adapter

    torch.manual_seed(0)
    base_dir = hf_backbone_dir()
    model = AutoModelForCausalLM.from_pretrained(base_dir, dtype=torch.float32)
    config = LoraConfig(
        r=4,
        lora_alpha=8,
        task_type="CAUSAL_LM",
        init_lora_weights=False,
        target_modules=["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"],
        layers_to_transform=list(range(24, 30)),
    )
    model = get_peft_model(model, config)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if "lora_B" in name:
                parameter.mul_(3.0)  # a visible change, so base and adapter predictions differ
    model.save_pretrained(tmp_path / "adapter")
    gguf_file = convert_adapter(
        tmp_path / "adapter", json.loads((base_dir / "config.json").read_text()), tmp_path / "adapter.gguf"
    )
    prompt = "Request: a CNN for 28x28 images\nPlan:"
    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    with torch.no_grad():
        expected = model(tokenizer(prompt, return_tensors="pt").input_ids).logits[0, -1].numpy()
    correlations = {}
    for name, lora in (("base", None), ("adapter", str(gguf_file))):
        llm = Llama(model_path=str(gguf_path()), lora_path=lora, n_ctx=128, n_threads=2, verbose=False, logits_all=True)
        llm.eval(llm.tokenize(prompt.encode(), add_bos=False))
        correlations[name] = np.corrcoef(np.array(llm.scores[llm.n_tokens - 1]), expected)[0, 1]
    assert correlations["adapter"] > 0.99 > correlations["base"]


def test_users_plan_fixes_become_training_pairs_and_a_bad_line_is_named(tmp_path):
    import pytest

    from core.lm.planner import user_plan_rows
    from core.store import Store
    from core.transfer import export_plan_fixes_jsonl

    store = Store(tmp_path / "ws")
    store.add_plan_fix("three blocks of (conv, pool) on 28x28, 10 out", "cnn input 28x28 ; conv 3x3 ; dense 10", "x")
    store.add_plan_fix("a to b", "flow a [data]", "flow a [data] ; b [process] | a > b")
    fixes = tmp_path / "fixes.jsonl"
    fixes.write_text(export_plan_fixes_jsonl(store))
    with pytest.raises(ValueError, match="line 1: not a plan fix"):
        user_plan_rows(fixes)
    for line in ("[1, 2]", '{"plan": "dense 3 2"}'):  # not an object; no request
        (tmp_path / "odd.jsonl").write_text(line + "\n")
        with pytest.raises(ValueError, match="line 1: not a plan fix"):
            user_plan_rows(tmp_path / "odd.jsonl")
    fixes.write_text(fixes.read_text().splitlines()[1] + "\n")
    [row] = user_plan_rows(fixes)
    assert (
        row["prompt"].rstrip().endswith("a to b\nPlan:") and row["completion"] == " flow a [data] ; b [process] | a > b"
    )
    assert row["kind"] == "flow"
    with pytest.raises(ValueError, match="user_plans: no file"):
        PlannerConfig(user_plans=str(tmp_path / "missing.jsonl"))
