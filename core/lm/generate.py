"""Sampling N candidate drawings of one plan in a single batched call.

All candidates share the plan, so forced tokens line up across the batch and
are fed in one forward pass each (KV cache); free slots are sampled per
candidate with temperature and top-p under the constraint masks. Deterministic
for a given seed. ``constrained=False`` samples freely until the end token (the
benchmark's comparison mode).

Example:
    >>> drawer = Drawer.load()
    >>> results = drawer.draw(spec, count=5, seed=1)
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import torch

from core.dsl import Diagram
from core.lm.constraints import Partial, Vocabulary, program, slot_mask
from core.lm.model import DEFAULT_DIR, load_drawer
from core.lm.tokenizer import EOD, NODES, PLAN, clean_words, decode_ids, from_compact
from core.plan import Spec, to_plan

GEOMETRY_SLOTS = ("x", "y", "w", "h")
GEOMETRY_TEMPERATURE = 0.5  # relative to the style temperature


@dataclass
class Drawing:
    diagram: Diagram
    stopped: bool  # ended with the end-of-diagram token
    n_tokens: int
    errors: list[str]


def drawer_prompt(spec: Spec) -> str:
    """The drawer's input: the plan as compact symbols."""
    return " ".join([PLAN, *clean_words(to_plan(spec).split(":", 1)[1]), NODES])


def _sample(logits: torch.Tensor, temperature: float, top_p: float, generator: torch.Generator) -> torch.Tensor:
    if temperature <= 0:
        return logits.argmax(-1)
    probs = torch.softmax(logits / temperature, dim=-1)
    if top_p < 1.0:
        sorted_probs, order = probs.sort(dim=-1, descending=True)
        cumulative = sorted_probs.cumsum(-1)
        sorted_probs[(cumulative - sorted_probs) > top_p] = 0
        probs = torch.zeros_like(probs).scatter(-1, order, sorted_probs)
    return torch.multinomial(probs, 1, generator=generator).squeeze(-1)


class Drawer:
    def __init__(self, model, tokenizer, manifest: dict, name: str = "diagram-lm") -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.manifest = manifest
        self.name = name
        self.vocabulary = Vocabulary(tokenizer)
        self.eod = tokenizer.convert_tokens_to_ids(EOD)

    @classmethod
    def load(cls, directory: str | Path = DEFAULT_DIR, adapter: str | Path | None = None) -> Drawer:
        model, tokenizer, manifest = load_drawer(directory)
        if adapter:
            from core.lm.adapters import apply_adapter

            model = apply_adapter(model, adapter)
        return cls(model, tokenizer, manifest, Path(directory).name + (f"+{Path(adapter).name}" if adapter else ""))

    def _forward(self, ids: torch.Tensor, cache):
        out = self.model(input_ids=ids, past_key_values=cache, use_cache=True)
        return out.logits[:, -1, :], out.past_key_values

    @torch.inference_mode()
    def draw(
        self,
        spec: Spec,
        count: int = 5,
        seed: int = 0,
        temperature: float = 0.9,
        top_p: float = 0.95,
        constrained: bool = True,
        max_new_tokens: int | None = None,
    ) -> list[Drawing]:
        generator = torch.Generator().manual_seed(seed)
        prompt = self.tokenizer(drawer_prompt(spec), add_special_tokens=False).input_ids
        if constrained:
            return self._draw_constrained(spec, prompt, count, temperature, top_p, generator)
        return self._draw_free(spec, prompt, count, temperature, top_p, generator, max_new_tokens)

    def _draw_constrained(self, spec, prompt, count, temperature, top_p, generator) -> list[Drawing]:
        steps, skeleton = program(spec, self.vocabulary)
        first = steps[0].forced if steps[0].slot is None else []
        ids = torch.tensor([prompt + first] * count)
        logits, cache = self._forward(ids, None)
        partials = [Partial() for _ in range(count)]
        generated = [list(first) for _ in range(count)]
        for step in steps[1:] if first else steps:
            if step.slot is None:
                chunk = torch.tensor([step.forced] * count)
                logits, cache = self._forward(chunk, cache)
                for row in generated:
                    row.extend(step.forced)
                continue
            label = skeleton[step.node].label
            masks = torch.stack([slot_mask(step.slot, partial, label, self.vocabulary) for partial in partials])
            # Style is where candidates should differ; geometry should stay close to what the model knows works.
            heat = temperature * (GEOMETRY_TEMPERATURE if step.slot in GEOMETRY_SLOTS else 1.0)
            chosen = _sample(logits.masked_fill(~masks, float("-inf")), heat, top_p, generator)
            for index, (partial, token) in enumerate(zip(partials, chosen.tolist())):
                partial.values[step.slot] = self.vocabulary.id_to_value[token]
                if step.slot == "h":
                    partial.place()
                generated[index].append(token)
                generated[index].extend(step.forced)
            logits, cache = self._forward(torch.tensor([[t, *step.forced] for t in chosen.tolist()]), cache)
        return [self._finish(spec, row) for row in generated]

    def _draw_free(self, spec, prompt, count, temperature, top_p, generator, max_new_tokens) -> list[Drawing]:
        limit = max_new_tokens or max(64, 24 * (len(program(spec, self.vocabulary)[1]) + 2))
        ids = torch.tensor([prompt] * count)
        logits, cache = self._forward(ids, None)
        generated: list[list[int]] = [[] for _ in range(count)]
        finished = [False] * count
        for _ in range(limit):
            chosen = _sample(logits, temperature, top_p, generator)
            for index, token in enumerate(chosen.tolist()):
                if not finished[index]:
                    generated[index].append(token)
                    finished[index] = token == self.eod
            if all(finished):
                break
            logits, cache = self._forward(chosen.unsqueeze(1), cache)
        return [self._finish(spec, row) for row in generated]

    def _finish(self, spec: Spec, ids: list[int]) -> Drawing:
        compact = decode_ids(self.tokenizer, ids)
        diagram, errors = from_compact(compact)
        return Drawing(
            Diagram(diagram.nodes, (to_plan(spec),)), stopped=self.eod in ids, n_tokens=len(ids), errors=errors
        )


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - started
