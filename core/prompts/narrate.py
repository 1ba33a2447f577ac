"""Free-form requests composed clause by clause, for the planner's data.

The template families (dense.py, cnn.py, flow.py) say a structure in one of ~35
fixed shapes each. Measured on hand-written requests, the planner's misses were
not unknown words but composition: counted repeats ("three hidden layers of 50",
"two 3x3 convolutions with 32 filters", "three blocks of (conv, conv, pool)"),
clauses out of order ("in 6, out 6, 3 hidden in the middle") and flowcharts told
as prose that mixes passive voice, relative clauses and fan-in/fan-out
("X is filtered by Y, the Z goes to W, which raises V"). Here every clause picks
its own wording, clauses are shuffled where the meaning allows, and structures
are drawn with those repeats on purpose.

Example:
    >>> prompt, spec = narrative_sample(random.Random(3), "flow")
"""

from __future__ import annotations

import random

from core.plan import CnnLayer, CnnSpec, DenseSpec, FlowSpec, Spec
from core.prompts.cnn import _run_phrase
from core.prompts.cnn import _Words as CnnWords
from core.prompts.words import article, join_list, number

DENSE_UNITS = ("neurons", "nodes", "units", "neurons", "hidden units", "cells")


def _n(value: int, rng: random.Random) -> str:
    return number(value, rng, rng.choice((0.0, 0.3, 0.7)))


def _units(value: int, unit: str, rng: random.Random) -> str:
    if value == 1:
        return rng.choice(("one ", "a single ", "1 ")) + unit.rstrip("s").replace("hidden unit", "unit")
    return f"{_n(value, rng)} {unit}"


def _hidden_groups(hidden: list[int]) -> list[tuple[int, int]]:
    """Runs of equal hidden sizes: [50, 50, 50, 5] -> [(3, 50), (1, 5)]."""
    groups: list[tuple[int, int]] = []
    for size in hidden:
        if groups and groups[-1][1] == size:
            groups[-1] = (groups[-1][0] + 1, size)
        else:
            groups.append((1, size))
    return groups


def _hidden_clause(hidden: list[int], unit: str, rng: random.Random) -> str:
    if not hidden:
        return rng.choice(("no hidden layer", "no hidden layers", "nothing in between", "no hidden layer at all"))
    parts = []
    for count, size in _hidden_groups(hidden):
        if count == 1:
            parts.append(
                rng.choice(
                    (
                        f"a hidden layer of {_n(size, rng)}",
                        f"{_units(size, unit, rng)}",
                        f"one hidden layer with {_units(size, unit, rng)}",
                        f"a layer of {_n(size, rng)}",
                        f"{_n(size, rng)}",
                    )
                )
            )
        else:
            k = _n(count, rng)
            parts.append(
                rng.choice(
                    (
                        f"{k} hidden layers of {_n(size, rng)}",
                        f"{k} hidden layers of size {size}",
                        f"{k} layers of {_units(size, unit, rng)} each",
                        f"{k} hidden layers with {_units(size, unit, rng)}",
                        f"{k} hidden layers, each with {_units(size, unit, rng)}",
                        f"{count}x{size}",
                        f"{k} x {size} {unit}",
                        join_list([_n(size, rng)] * count, rng),
                        f"{k} hidden layers of width {size}",
                    )
                )
            )
    glue = rng.choice((", then ", ", ", " followed by ", " and then ", "; "))
    return glue.join(parts)


def dense_narrative(spec: DenseSpec, rng: random.Random) -> str:
    inputs, hidden, outputs = spec.sizes[0], list(spec.sizes[1:-1]), spec.sizes[-1]
    unit = rng.choice(DENSE_UNITS)
    subject = rng.choice(
        (
            "an MLP",
            "a neural net",
            "a network",
            "a dense model",
            "a small feed-forward net",
            "a classifier",
            "a regression model",
            "a fully connected network",
            "a perceptron",
            "a value network",
            "a tiny model",
        )
    )
    context = rng.choice(("", "", "", " for tabular data", " for the iris data", " for a toy problem", " for control"))
    first = rng.choice(
        (
            f"{_units(inputs, 'inputs', rng)}",
            f"{_units(inputs, 'input features', rng)}",
            f"an input layer of {_units(inputs, unit, rng)}",
            f"an input of size {inputs}",
            f"input dim {inputs}",
            f"{inputs}-dimensional input",
            f"in {_n(inputs, rng)}",
            f"takes {_n(inputs, rng)} values",
        )
    )
    last = rng.choice(
        (
            f"{_units(outputs, 'outputs', rng)}",
            f"an output layer of {_units(outputs, unit, rng)}",
            f"a final layer of size {outputs}",
            f"{_n(outputs, rng)} out",
            f"{_units(outputs, 'output ' + unit.removeprefix('hidden '), rng)}",
            f"predicts {_n(outputs, rng)} values",
            f"output dim {outputs}",
        )
    )
    middle = _hidden_clause(hidden, unit, rng)
    roll = rng.random()
    if roll < 0.6:
        body = rng.choice(("{a}, {m}, {z}", "{a}; {m}; {z}", "{a}, {m} and {z}", "{a} -> {m} -> {z}"))
    elif roll < 0.85:  # input and output first, the middle last: needs a word that says where it goes
        where = rng.choice(("in the middle", "in between", "between them", "as hidden layers"))
        body = rng.choice(("{a}, {z}, with {m} " + where, "{a} and {z}, plus {m} " + where))
    else:
        body = rng.choice(("{z} from {a} through {m}", "{m} between {a} and {z}"))
    text = body.format(a=first, m=middle, z=last)
    opener = rng.choice(("", "", "Draw ", "Please draw ", "I need ", "Show me ", "sketch "))
    return f"{opener}{subject}{context}: {text}" if rng.random() < 0.5 else f"{opener}{subject}{context} with {text}"


def repeated_cnn_spec(rng: random.Random) -> CnnSpec:
    """CNNs with identical conv runs and identical blocks (VGG-like), the shapes counted in words."""
    side = rng.choice((28, 32, 48, 64, 96, 128, 150, 224, 256))
    layers = [CnnLayer("input", side, side, rng.choice((0, 0, 1, 3)))]
    kernel, filters = rng.choice((3, 3, 3, 5)), rng.choice((0, 0, 16, 32, 64))
    pool = CnnLayer(rng.choice(("maxpool", "maxpool", "avgpool")), 2, 2)
    same_blocks = rng.random() < 0.5
    for block in range(rng.choice((1, 2, 2, 3))):
        run = rng.choice((1, 2, 2, 3))
        units = filters if same_blocks or not filters else filters * 2**block
        layers += [CnnLayer("conv", kernel, kernel, units)] * run
        if rng.random() < 0.9:
            layers.append(pool)
    for _ in range(rng.choice((1, 1, 2, 3))):
        layers.append(CnnLayer("dense", units=rng.choice((10, 2, 1, 5, 100, 128, 512, 4096))))
    return CnnSpec(tuple(layers[:16]))


def cnn_narrative(spec: CnnSpec, rng: random.Random) -> str:
    words = CnnWords(rng)
    inp, body = spec.layers[0], list(spec.layers[1:])
    parts, index = [], 0
    last_dense = max(i for i, layer in enumerate(body) if layer.kind == "dense")
    while index < len(body):
        layer, run = body[index], 1
        while index + run < len(body) and body[index + run] == layer and layer.kind == "conv":
            run += 1
        if run > 1 and rng.random() < 0.7:
            parts.append(_run_phrase(layer, run, words))
        else:
            parts += [words.layer(item, index + k == last_dense) for k, item in enumerate(body[index : index + run])]
        index += run
    if not any(layer.kind in ("maxpool", "avgpool") for layer in body) and rng.random() < 0.5:
        parts.insert(len(parts) - 1, "no pooling")
    glue = rng.choice((", ", " -> ", "; ", ", then ", " → "))
    head = rng.choice(("a CNN", "a convnet", "a conv net", "a convolutional network", "an image classifier"))
    return f"{head} for {words.input(inp)}: " + glue.join(parts)


DATA_TO_PROCESS = ("goes into {b}", "is fed to {b}", "is read by {b}", "goes to {b}", "is sent to {b}")
PASSIVE = ("filtered", "processed", "parsed", "cleaned", "encoded", "analysed", "transformed", "checked", "scored")
PROCESS_TO_DATA = ("produces {b}", "outputs {b}", "writes {b}", "creates {b}", "returns {b}", "emits {b}")
ANY_EDGE = ("feeds {b}", "goes to {b}", "flows into {b}", "is passed to {b}", "leads to {b}")


def _the(label: str, rng: random.Random) -> str:
    """Prose puts articles before labels; the plan copies the label without them."""
    if label[:1].isupper() or rng.random() < 0.4:
        return label
    return rng.choice(("the ", "the ", article(label).split(" ")[0] + " ")) + label


def _verb(spec: FlowSpec, a: int, b: int, rng: random.Random) -> str:
    roles = spec.nodes[a].role, spec.nodes[b].role
    pool = ANY_EDGE
    if roles == ("data", "process"):
        pool = DATA_TO_PROCESS + ANY_EDGE
    elif roles == ("process", "data"):
        pool = PROCESS_TO_DATA + ANY_EDGE
    return rng.choice(pool).format(b=_the(spec.nodes[b].label, rng))


def flow_narrative(spec: FlowSpec, rng: random.Random) -> str:
    """Tell every edge exactly once, in topological order, mixing sentence shapes."""
    label = [node.label for node in spec.nodes]
    outs = {i: [t for s, t in spec.edges if s == i] for i in range(len(label))}
    ins = {i: [s for s, t in spec.edges if t == i] for i in range(len(label))}
    done: set[tuple[int, int]] = set()
    sentences: list[str] = []
    for node in range(len(label)):  # specs are numbered in a topological order
        sources = [s for s in ins[node] if (s, node) not in done]
        targets = [t for t in outs[node] if (node, t) not in done]
        name = _the(label[node], rng)
        if spec.nodes[node].role == "process" and sources and targets and rng.random() < 0.6:
            src = join_list([_the(label[s], rng) for s in sources], rng)
            dst = join_list([_the(label[t], rng) for t in targets], rng)
            be = "are" if len(sources) > 1 else "is"
            sentences.append(
                rng.choice(
                    (
                        f"{src} {be} {rng.choice(PASSIVE)} by {name} into {dst}",
                        f"{name} turns {src} into {dst}",
                        f"{src} {'go' if len(sources) > 1 else 'goes'} into {name}, which produces {dst}",
                        f"{src} → {name} → {dst}",
                    )
                )
            )
            done |= {(s, node) for s in sources} | {(node, t) for t in targets}
            continue
        if len(sources) > 1:
            src = join_list([_the(label[s], rng) for s in sources], rng)
            sentences.append(
                rng.choice((f"both {src} go into {name}", f"{src} feed {name}", f"{src} are combined in {name}"))
            )
            done |= {(s, node) for s in sources}
        elif sources:
            sentences.append(f"{_the(label[sources[0]], rng)} {_verb(spec, sources[0], node, rng)}")
            done.add((sources[0], node))
        if len(targets) > 1:
            dst = join_list([_the(label[t], rng) for t in targets], rng)
            sentences.append(
                rng.choice((f"{name} feeds both {dst}", f"{name} goes to {dst}", f"{name} splits into {dst}"))
            )
            done |= {(node, t) for t in targets}
        elif targets and rng.random() < 0.5:
            verb = _verb(spec, node, targets[0], rng)
            if sentences and sentences[-1].endswith(label[node]) and rng.random() < 0.6:
                sentences[-1] += f", which {verb.replace('is ', 'is then ', 1)}"  # "..., which feeds X"
            else:
                sentences.append(f"{name} {verb}")
            done.add((node, targets[0]))
    # Capitalise a sentence only where it starts with an article: labels stay verbatim.
    sentences = [
        s[0].upper() + s[1:] if s.startswith(("the ", "a ", "an ", "both ")) and rng.random() < 0.3 else s
        for s in sentences
    ]
    head = rng.choice(("", "", "", "pipeline: ", "a workflow where ", "system: ", "Draw this flow: "))
    return head + rng.choice(("; ", ". ", ", ", "; then ")).join(sentences)


def narrative_sample(rng: random.Random, kind: str) -> tuple[str, Spec]:
    """A composed request and its spec (flowchart nodes in the synth module's topological numbering)."""
    from core.synth import dense_spec, flow_spec

    if kind == "dense":
        spec: Spec = dense_spec(rng)
        if len(spec.sizes) >= 3 and rng.random() < 0.5:  # counted repeats on purpose
            sizes = list(spec.sizes)
            start = rng.randrange(1, len(sizes) - 1)
            run = rng.randint(2, 4)
            sizes[start:start] = [sizes[start]] * (run - 1)
            spec = DenseSpec(tuple(sizes[:12]))
        return dense_narrative(spec, rng), spec
    if kind == "cnn":
        spec = repeated_cnn_spec(rng)
        return cnn_narrative(spec, rng), spec
    spec = flow_spec(rng)
    return flow_narrative(spec, rng), spec
