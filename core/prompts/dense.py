"""Requests for dense (fully connected) networks: 35 templates over layer sizes.

Each template is a function ``(inputs, hidden, outputs, w) -> str``; ``w`` hands out
consistently chosen words. Templates listed in HOLDOUT are never used for training
data; benchmarks use them as "unseen template" prompts.
"""

from __future__ import annotations

import random

from core.prompts.words import ARROWS, ORDINALS, article, join_list, number

MODELS = [
    "neural network",
    "MLP",
    "multilayer perceptron",
    "multi-layer perceptron",
    "feed-forward network",
    "feedforward neural net",
    "dense network",
    "fully connected network",
    "fully-connected neural network",
    "deep learning model",
    "deep neural network",
    "DNN",
    "ANN",
    "network",
    "model",
    "net",
    "dense net",
    "artificial neural network",
    "feed forward NN",
    "NN",
    "perceptron network",
    "fully connected net",
]
UNITS = ["nodes", "neurons", "units", "nodes", "neurons", "cells", "perceptrons", "elements", "nodes"]
HIDDEN = [
    "hidden layers",
    "hidden layers",
    "intermediate layers",
    "middle layers",
    "mid layers",
    "inner layers",
    "hidden layer",
]


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.unit = rng.choice(UNITS)
        self.model = rng.choice(MODELS)
        self.hidden = rng.choice(HIDDEN)
        self.words = rng.choice((0.0, 0.0, 0.3, 0.6))

    def n(self, value: int) -> str:
        return number(value, self.rng, self.words)

    def count(self, value: int, noun: str | None = None) -> str:
        """'3 nodes', '1 node' or 'a single node'."""
        noun = noun or self.unit
        if value == 1:
            singular = noun[:-2] if noun.endswith("sses") else noun[:-1] if noun.endswith("s") else noun
            return self.rng.choice(("1 ", "one ", "a single ", "a ")) + singular
        return f"{self.n(value)} {noun}"

    def hidden_list(self, hidden: list[int]) -> str:
        return join_list([self.n(size) for size in hidden], self.rng)

    def a(self, noun: str) -> str:
        return article(noun)

    def arrow(self) -> str:
        return self.rng.choice(ARROWS)


def _ordinal_layers(hidden: list[int], w: _Words) -> str:
    parts = [f"the {ORDINALS[i]} hidden layer has {w.count(size)}" for i, size in enumerate(hidden)]
    return "; ".join(parts) if w.rng.random() < 0.5 else ", ".join(parts)


def _multiline(i: int, hidden: list[int], o: int, w: _Words) -> str:
    lines = [f"Input layer: {w.count(i)}"]
    lines += [f"Hidden layer {k + 1}: {w.count(size)}" for k, size in enumerate(hidden)]
    lines.append(f"Output layer: {w.count(o)}")
    return f"{w.a(w.model)}\n" + "\n".join(lines)


def _equal_hidden(i: int, hidden: list[int], o: int, w: _Words) -> str:
    """Repeated hidden layers said once: 'two hidden layers of 24 neurons (each)', '3 x 50 hidden'."""
    k, h = len(hidden), hidden[0]
    each = w.rng.choice(("each", "apiece", "per layer", "in each", ""))
    repeated = (
        w.rng.choice(
            (
                f"{w.n(k)} {w.hidden} of {w.count(h)} {each}",
                f"{w.n(k)} {w.hidden} with {w.count(h)} {each}",
                f"{w.n(k)} {w.hidden} of size {w.n(h)}",
                f"{w.n(k)} x {h} hidden {w.unit}",
                f"{k}x{h} hidden",
                f"{w.n(k)} layers of {w.count(h)} {each} in between",
            )
        )
        .replace("  ", " ")
        .strip()
    )
    return w.rng.choice(
        (
            f"{w.a(w.model)} with {w.count(i, 'inputs')}, {repeated}, and {w.count(o, 'outputs')}",
            f"{w.a(w.model)}: {w.count(i, 'inputs')}, {repeated}, {w.count(o, 'outputs')}",
            f"{w.count(o, 'outputs')} from {w.count(i, 'inputs')} through {repeated}",
            f"{w.a(w.model)} taking {w.count(i, 'features')} with {repeated} and {w.count(o, 'outputs')}",
        )
    )


# (template id, needs hidden layers, needs equal hidden sizes, function)
TEMPLATES = [
    (
        0,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} with {w.count(i)} in the input layer, {w.hidden_list(h)} {w.unit} in the {w.hidden}, and {w.count(o)} in the output layer"
        ),
    ),
    (
        1,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} with {w.count(i, 'inputs')}, hidden layers of {w.hidden_list(h)}, {w.count(o, 'outputs')}"
        ),
    ),
    (2, False, False, lambda i, h, o, w: f"{w.model}: " + w.arrow().join(w.n(s) for s in [i, *h, o])),
    (
        3,
        False,
        False,
        lambda i, h, o, w: (
            f"{w.model}: {w.count(i, 'input features')}"
            + "".join(w.arrow() + w.n(s) for s in h)
            + w.arrow()
            + w.count(o, "outputs")
        ),
    ),
    (
        4,
        False,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} with layer sizes "
            + w.rng.choice(("[{}]", "({})", "{}")).format(", ".join(str(s) for s in [i, *h, o]))
        ),
    ),
    (5, False, False, lambda i, h, o, w: "-".join(str(s) for s in [i, *h, o]) + f" {w.model}"),
    (
        6,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} taking {w.count(i, 'features')}, with {w.n(len(h))} {w.hidden} ({w.hidden_list(h)}), producing {w.count(o, 'outputs')}"
        ),
    ),
    (
        7,
        True,
        False,
        lambda i, h, o, w: (
            f"an input layer of {w.count(i)}, followed by {w.hidden} with {w.hidden_list(h)} {w.unit}, and an output layer of {w.count(o)}"
        ),
    ),
    (
        8,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} with {w.count(i, 'inputs')} and {w.count(o, 'outputs')} where {_ordinal_layers(h, w)}"
        ),
    ),
    (9, True, True, _equal_hidden),
    (
        10,
        True,
        False,
        lambda i, h, o, w: (
            f"A deep learning model with {w.n(i)} input nodes, {w.hidden_list(h)} nodes in each of the {w.n(len(h))} hidden layers, and {w.n(o)} node in the output layer"
        ),
    ),
    (
        11,
        True,
        False,
        lambda i, h, o, w: (
            f"neural network with {w.n(i)} input nodes, {w.hidden_list(h)} nodes in the mid layers, and {w.n(o)} output elements"
        ),
    ),
    (
        12,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} that outputs {w.count(o, 'values')} from {w.count(i, 'inputs')} through {w.hidden} of {w.hidden_list(h)}"
        ),
    ),
    (13, True, False, lambda i, h, o, w: f"{w.count(o, 'outputs')}, {w.count(i, 'inputs')}, hidden {w.hidden_list(h)}"),
    (14, True, False, lambda i, h, o, w: f"input {w.n(i)}, hidden {w.hidden_list(h)}, output {w.n(o)}"),
    (15, True, False, lambda i, h, o, w: f"in: {i} | hidden: {', '.join(map(str, h))} | out: {o}"),
    (
        16,
        True,
        False,
        lambda i, h, o, w: (
            f"It takes {w.count(i, 'inputs')}. "
            + " ".join(
                f"{'The first' if k == 0 else 'The next'} hidden layer has {w.count(s)}." for k, s in enumerate(h)
            )
            + f" The output layer has {w.count(o)}."
        ),
    ),
    (17, False, False, lambda i, h, o, w: f"a {len(h) + 2}-layer {w.model} ({', '.join(str(s) for s in [i, *h, o])})"),
    (
        18,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} mapping {w.count(i, 'features')} to {w.count(o, 'classes')} via {w.hidden_list(h)} hidden {w.unit}"
        ),
    ),
    (
        19,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} for {o}-class classification with {w.count(i, 'input features')} and hidden layers {w.hidden_list(h)}"
        ),
    ),
    (
        20,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.count(i, 'inputs')} feeding a hidden layer of {w.n(h[0])}"
            + "".join(f", then {w.n(s)}" for s in h[1:])
            + f", then an output of {w.n(o)}"
        ),
    ),
    (
        21,
        False,
        False,
        lambda i, h, o, w: "draw layers: " + ", ".join(w.n(s) for s in [i, *h, o]) + " (input to output)",
    ),
    (
        22,
        False,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} with {w.count(i, 'inputs')} directly connected to {w.count(o, 'outputs')}"
            if not h
            else f"{w.a(w.model)} with {w.count(i, 'inputs')} connected through {w.hidden_list(h)} to {w.count(o, 'outputs')}"
        ),
    ),
    (
        23,
        False,
        False,
        lambda i, h, o, w: f"{w.n(i)} in, " + (f"{w.hidden_list(h)} hidden, " if h else "") + f"{w.n(o)} out",
    ),
    (
        24,
        False,
        False,
        lambda i, h, o, w: "Linear(" + "), Linear(".join(f"{a}, {b}" for a, b in zip([i, *h], [*h, o])) + ")",
    ),
    (
        25,
        True,
        False,
        lambda i, h, o, w: "Dense(" + "), Dense(".join(str(s) for s in [*h, o]) + f") on an input of shape ({i},)",
    ),
    (
        26,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} with {w.n(len(h))} {w.hidden}: {w.hidden_list(h)}; input dim {i}; output dim {o}"
        ),
    ),
    (
        27,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.count(i, 'input neurons')}, then {w.hidden_list(h)} hidden neurons, then {w.count(o, 'output neurons')}"
        ),
    ),
    (
        28,
        False,
        False,
        lambda i, h, o, w: (
            f"a network that goes from {w.n(i)} to " + " to ".join(w.n(s) for s in [*h, o]) + f" {w.unit}"
        ),
    ),
    (
        29,
        True,
        False,
        lambda i, h, o, w: f"{w.hidden} {w.hidden_list(h)}, {w.count(i, 'inputs')}, {w.count(o, 'outputs')}",
    ),
    (30, True, False, lambda i, h, o, w: _multiline(i, h, o, w)),
    (
        31,
        True,
        False,
        lambda i, h, o, w: f"{w.n(i)} features in, " + " → ".join(w.n(s) for s in h) + f" hidden, {w.n(o)} out",
    ),
    (
        32,
        True,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} ({w.count(i, 'inputs')}; hidden sizes {'/'.join(map(str, h))}; {w.count(o, 'outputs')})"
        ),
    ),
    (
        33,
        False,
        False,
        lambda i, h, o, w: (
            f"{w.a(w.model)} whose input layer has {w.count(i)}"
            + (f", whose {w.hidden} have {w.hidden_list(h)} {w.unit}" if h else "")
            + f" and whose output layer has {w.count(o)}"
        ),
    ),
    (
        34,
        True,
        False,
        lambda i, h, o, w: f"{w.count(i, 'inputs')} -> [{', '.join(map(str, h))}] -> {w.count(o, 'outputs')}",
    ),
]
HOLDOUT = {16, 20, 28, 33}


def dense_prompt(sizes: tuple[int, ...], rng: random.Random, holdout: bool = False) -> tuple[str, int]:
    """A request for a dense network with these layer sizes; returns (text, template id).

    With ``holdout`` only the held-out templates are used, otherwise only the others.
    """
    inputs, hidden, outputs = sizes[0], list(sizes[1:-1]), sizes[-1]
    equal = len(hidden) >= 2 and len(set(hidden)) == 1
    usable = [
        (tid, fn)
        for tid, needs_hidden, needs_equal, fn in TEMPLATES
        if (tid in HOLDOUT) == holdout and (hidden or not needs_hidden) and (equal or not needs_equal)
    ]
    if equal and not holdout and rng.random() < 0.5:
        usable = [(9, _equal_hidden)]
    tid, fn = rng.choice(usable)
    return fn(inputs, hidden, outputs, _Words(rng)), tid
