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
from dataclasses import dataclass, replace
from pathlib import Path

import torch

from core.dsl import Diagram, Node
from core.lm.constraints import Partial, Vocabulary, plan_links, program, slot_mask
from core.lm.llama import PlainLlama
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
    def load(
        cls, directory: str | Path = DEFAULT_DIR, adapter: str | Path | None = None, trainable: bool = False
    ) -> Drawer:
        """The drawer for generation (plain PyTorch forward pass, ``core.lm.llama``), or with
        ``trainable`` or an ``adapter`` on transformers' model, which training and PEFT need."""
        model, tokenizer, manifest = load_drawer(directory, plain=not (trainable or adapter))
        if adapter:
            from core.lm.adapters import apply_adapter

            model = apply_adapter(model, adapter)
        return cls(model, tokenizer, manifest, Path(directory).name + (f"+{Path(adapter).name}" if adapter else ""))

    def _forward(self, ids: torch.Tensor, cache):
        if isinstance(self.model, PlainLlama):
            return self.model.step(ids, cache)
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
        pins: dict[int, Node] | None = None,
    ) -> list[Drawing]:
        """N drawings of ``spec``; ``pins`` (node number -> node, constrained mode only) keeps those
        nodes exactly as given and draws the rest around them."""
        generator = torch.Generator().manual_seed(seed)
        prompt = self.tokenizer(drawer_prompt(spec), add_special_tokens=False).input_ids
        if constrained:
            return self._draw_constrained(spec, prompt, count, temperature, top_p, generator, pins or {})
        if pins:
            raise ValueError("pinned nodes need constrained decoding")
        return self._draw_free(spec, prompt, count, temperature, top_p, generator, max_new_tokens)

    def _pinned_token(self, slot: str, node: Node) -> int:
        """The token of a pinned node's slot; a colour outside the palette takes its nearest palette colour."""
        value = {
            "x": node.x,
            "y": node.y,
            "w": node.w,
            "h": node.h,
            "shape": node.shape,
            "line": node.line_shape,
            "bg": node.bg,
            "line_color": node.line_color,
        }[slot]
        if slot in GEOMETRY_SLOTS:
            return int(self.vocabulary.number[max(0, min(1000, value))])
        if slot == "shape":
            return self.vocabulary.shapes[value]
        if slot == "line":
            return self.vocabulary.lines[value]
        nearest = min(self.vocabulary.colours, key=lambda c: sum((a - b) ** 2 for a, b in zip(c, value)))
        return self.vocabulary.colours[nearest]

    def _draw_constrained(self, spec, prompt, count, temperature, top_p, generator, pins) -> list[Drawing]:
        steps, skeleton = program(spec, self.vocabulary)
        pinned = {index: pins[node.node_no] for index, node in enumerate(skeleton) if node.node_no in pins}
        first = steps[0].forced if steps[0].slot is None else []
        ids = torch.tensor([prompt + first] * count)
        logits, cache = self._forward(ids, None)
        # Pinned boxes are placed before anything is drawn, so the free nodes keep clear of them.
        links = plan_links(skeleton)
        partials = [Partial(boxes={i: node.box for i, node in pinned.items()}, links=links) for _ in range(count)]
        generated = [list(first) for _ in range(count)]
        for step in steps[1:] if first else steps:
            if step.slot is None:
                chunk = torch.tensor([step.forced] * count)
                logits, cache = self._forward(chunk, cache)
                for row in generated:
                    row.extend(step.forced)
                continue
            label = skeleton[step.node].label
            for partial in partials:
                partial.node = step.node
            if step.node in pinned:
                chosen = torch.full((count,), self._pinned_token(step.slot, pinned[step.node]))
            else:
                masks = torch.stack([slot_mask(step.slot, partial, label, self.vocabulary) for partial in partials])
                # Style is where candidates should differ; geometry should stay close to what the model knows works.
                heat = temperature * (GEOMETRY_TEMPERATURE if step.slot in GEOMETRY_SLOTS else 1.0)
                chosen = _sample(logits.masked_fill(~masks, float("-inf")), heat, top_p, generator)
            for index, (partial, token) in enumerate(zip(partials, chosen.tolist())):
                partial.values[step.slot] = self.vocabulary.id_to_value[token]
                if step.slot == "h":
                    if step.node in pinned:
                        partial.values = {}  # already placed
                    else:
                        partial.place()
                generated[index].append(token)
                generated[index].extend(step.forced)
            logits, cache = self._forward(torch.tensor([[t, *step.forced] for t in chosen.tolist()]), cache)
        drawings = [self._finish(spec, row) for row in generated]
        if pinned:  # the user's pinned nodes exactly (a colour off the palette was only approximated above)
            exact = {node.node_no: node for node in pinned.values()}
            for drawing in drawings:
                nodes = tuple(
                    replace(exact[node.node_no], targets=node.targets, label=node.label)
                    if node.node_no in exact
                    else node
                    for node in drawing.diagram.nodes
                )
                drawing.diagram = Diagram(nodes, drawing.diagram.comments)
        return drawings

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
