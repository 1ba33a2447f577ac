"""The large-model path offline: a tiny random Llama built here, LoRA SFT for 2 steps, save, load, generate."""

import torch
from peft import PeftModel
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from core.lm.sft import LoraSftConfig, train_lora_sft
from core.lm.templates import seed_prompt
from core.synth import make_samples


def tiny_llama(folder):
    texts = [seed_prompt(s.prompt) + "\n" + s.text for s in make_samples(40, seed=3)]
    bpe = Tokenizer(models.BPE(unk_token="<unk>"))
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    bpe.train_from_iterator(
        texts,
        trainers.BpeTrainer(
            vocab_size=400,
            special_tokens=["<unk>", "<s>", "</s>"],
            initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        ),
    )
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=bpe, bos_token="<s>", eos_token="</s>", unk_token="<unk>")
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        eos_token_id=tokenizer.eos_token_id,
        bos_token_id=tokenizer.bos_token_id,
    )
    LlamaForCausalLM(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_lora_sft_two_steps_save_load_generate(tmp_path):
    base = tiny_llama(tmp_path / "tiny")
    adapter = train_lora_sft(
        LoraSftConfig(model_dir=str(base), out_dir=str(tmp_path / "run"), samples=8, max_steps=2, max_length=1024)
    )
    assert (adapter / "adapter_model.safetensors").is_file()
    model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), adapter)
    tokenizer = PreTrainedTokenizerFast.from_pretrained(adapter)
    ids = tokenizer(seed_prompt("an MLP with 2 inputs and 1 output") + "\n", return_tensors="pt").input_ids
    out = model.generate(ids, max_new_tokens=8, do_sample=True, pad_token_id=tokenizer.eos_token_id)
    assert out.shape[1] > ids.shape[1]
    lora = [name for name, _ in model.named_parameters() if "lora_" in name]
    assert lora and torch.is_floating_point(next(model.parameters()))


def test_cli_trains_the_large_model_path(tmp_path):
    import json
    import subprocess
    import sys

    base = tiny_llama(tmp_path / "tiny")
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"model_dir": str(base)}))
    command = [sys.executable, "-m", "core.cli", "--workspace", str(tmp_path / "ws"), "train", "lora-sft"]
    done = subprocess.run(
        [*command, "--config", str(config), "--out", str(tmp_path / "run"), "--smoke"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "run" / "adapter" / "adapter_model.safetensors").is_file()
    config.write_text(json.dumps({"model_dir": str(tmp_path / "absent")}))
    bad = subprocess.run([*command, "--config", str(config), "--smoke"], capture_output=True, text=True)
    assert bad.returncode == 2 and "not a local model folder" in bad.stderr and "Traceback" not in bad.stderr


def test_a_resumed_adapter_widened_to_lower_layers_starts_where_it_stopped(tmp_path):
    from peft import LoraConfig, get_peft_model

    from core.lm.planner import resume_adapter

    base = tiny_llama(tmp_path / "tiny")
    top = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], layers_to_transform=[1])
    trained = get_peft_model(AutoModelForCausalLM.from_pretrained(base), top)
    for name, weight in trained.named_parameters():
        if "lora_B" in name:
            torch.nn.init.normal_(weight)  # a trained adapter: B is no longer zero
    trained.save_pretrained(tmp_path / "adapter")
    ids = torch.tensor([[1, 5, 9, 14]])
    widened = resume_adapter(AutoModelForCausalLM.from_pretrained(base), tmp_path / "adapter", first_layer=0)
    kept = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(base), tmp_path / "adapter")
    with torch.no_grad():
        assert torch.allclose(widened(ids).logits, kept(ids).logits, atol=1e-6)
        assert not torch.allclose(widened(ids).logits, AutoModelForCausalLM.from_pretrained(base)(ids).logits)
    trainable = {name.split(".layers.")[1].split(".")[0] for name, w in widened.named_parameters() if w.requires_grad}
    assert trainable == {"0", "1"}
