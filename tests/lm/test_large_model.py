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
