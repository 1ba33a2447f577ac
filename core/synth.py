"""Synthetic prompt/diagram dataset, deterministic by seed.

Sample ``i`` of seed ``s`` depends only on (s, i), so any slice can be rebuilt.
Each sample keeps its structural spec next to its prompt and its target text
(plan line + node lines laid out by :mod:`core.layout` in a random style).

Example:
    >>> samples = make_samples(3, seed=7)
    >>> samples[0].kind in ("dense", "cnn", "flow")
    True
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass

from core.dsl import serialize
from core.layout import layout
from core.plan import CnnLayer, CnnSpec, DenseSpec, FlowNode, FlowSpec, Spec, spec_to_dict, to_plan
from core.prompts.cnn import cnn_prompt
from core.prompts.dense import dense_prompt
from core.prompts.flow import flow_prompt
from core.prompts.vocab import label
from core.prompts.words import add_noise, wrap
from core.style import Style, random_style

KINDS = ("dense", "cnn", "flow")
KIND_WEIGHTS = (0.35, 0.30, 0.35)
WIDE_SIZES = [
    1,
    2,
    3,
    5,
    10,
    10,
    16,
    20,
    32,
    50,
    64,
    64,
    100,
    128,
    128,
    200,
    256,
    256,
    300,
    500,
    512,
    512,
    784,
    1000,
    1024,
    2048,
    4096,
]


@dataclass(frozen=True)
class Sample:
    id: str
    kind: str
    prompt: str
    text: str
    spec: dict
    template: int
    style: dict

    def as_dict(self) -> dict:
        return asdict(self)


def dense_spec(rng: random.Random) -> DenseSpec:
    layers = rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6, 7))
    roll = rng.random()
    if roll < 0.45:  # drawn neuron by neuron: every adjacent product at most 45
        sizes = [rng.randint(1, 12)]
        for _ in range(layers - 1):
            sizes.append(rng.randint(1, min(16, 45 // sizes[-1])))
    elif roll < 0.7:
        sizes = [rng.randint(1, 40) for _ in range(layers)]
    else:
        sizes = [rng.choice(WIDE_SIZES) if rng.random() < 0.8 else rng.randint(2, 5000) for _ in range(layers)]
    if layers >= 4 and rng.random() < 0.25:
        sizes[1:-1] = [sizes[1]] * (layers - 2)
    return DenseSpec(tuple(sizes))


def _grown(layer: CnnLayer, factor: int) -> CnnLayer:
    """A conv of a repeated block with its filters multiplied (16 if it had none)."""
    if layer.kind != "conv":
        return layer
    return CnnLayer("conv", layer.a, layer.b, min((layer.units or 16) * factor, 1024))


def cnn_spec(rng: random.Random) -> CnnSpec:
    side = (
        rng.choice((28, 28, 32, 32, 48, 64, 64, 96, 112, 128, 128, 150, 160, 192, 224, 224, 256))
        if rng.random() < 0.85
        else rng.randint(16, 300)
    )
    other = side if rng.random() < 0.9 else rng.choice((28, 32, 64, 128, 224, 96, 48))
    layers = [CnnLayer("input", side, other, rng.choice((0, 0, 0, 0, 1, 3, 3)))]
    # Real nets often repeat one block exactly: 'three conv layers, each followed by max pooling'.
    # Or one block with the filters doubling from block to block: 'convs with 32, 64 and 128 filters, each
    # followed by max pooling'.
    repeat, first_block = rng.random() < 0.3, None
    grow = repeat and rng.random() < 0.4
    for index in range(rng.choice((1, 2, 2, 2, 3, 3, 4))):
        if first_block:
            layers += [_grown(layer, 2**index) for layer in first_block] if grow else first_block
            continue
        start = len(layers)
        for _ in range(rng.choice((1, 1, 2))):
            kernel = rng.choice((3, 3, 3, 3, 3, 5, 5, 1, 7))
            filters = rng.choice((0, 0, 0, 16, 32, 32, 64, 64, 128, 256))
            layers.append(CnnLayer("conv", kernel, kernel, filters))
            if rng.random() < 0.04:
                layers.append(CnnLayer(rng.choice(("batchnorm", "relu"))))
        size = 2 if rng.random() < 0.85 else 3
        layers.append(CnnLayer("maxpool" if rng.random() < 0.75 else "avgpool", size, size))
        if repeat:
            first_block = [_grown(layer, 1) for layer in layers[start:]] if grow else layers[start:]
            layers[start:] = first_block
    if rng.random() < 0.15:
        layers.append(CnnLayer("flatten"))
    tail = rng.choice((1, 2, 2, 2, 3))
    for index in range(tail):
        units = (
            rng.choice((10, 10, 2, 1, 5, 100, 1000))
            if index == tail - 1
            else rng.choice((64, 128, 128, 256, 512, 1024, 4096, 84, 120, 32))
        )
        layers.append(CnnLayer("dense", units=units))
        if index < tail - 1 and rng.random() < 0.12:
            layers.append(CnnLayer("dropout", units=rng.choice((0, 20, 25, 50, 50))))
    if rng.random() < 0.04:
        layers.append(CnnLayer("softmax"))
    return CnnSpec(tuple(layers[:16]))


def _distinct_labels(roles: list[str], rng: random.Random) -> list[str]:
    labels: list[str] = []
    for role in roles:
        for _ in range(50):
            candidate = label(role, rng)
            low = candidate.lower()
            if all(low not in other.lower() and other.lower() not in low for other in labels):
                labels.append(candidate)
                break
        else:
            labels.append(f"step {len(labels) + 1}")
    return labels


def flow_spec(rng: random.Random) -> FlowSpec:
    """A connected DAG of data and process nodes with branches and merges."""
    count = rng.choice((3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12))
    chain = rng.randint(min(3, count), count)
    start_data = rng.random() < 0.7
    roles = [("data" if (i % 2 == 0) == start_data else "process") for i in range(chain)]
    roles = [("process" if role == "data" else "data") if rng.random() < 0.12 else role for role in roles]
    order = [float(i) for i in range(chain)]  # topological key of each node
    edges = [(i, i + 1) for i in range(chain - 1)]
    for new in range(chain, count):
        kind = rng.random()
        roles.append(rng.choice(("data", "process")))
        anchor = rng.randrange(new)
        if kind < 0.4:  # fan out from an existing node
            edges.append((anchor, new))
            order.append(order[anchor] + rng.uniform(0.1, 0.9))
        elif kind < 0.7:  # fan in to an existing node
            edges.append((new, anchor))
            order.append(order[anchor] - rng.uniform(0.1, 0.9))
        else:  # a side path that splits and merges again
            later = [n for n in range(new) if order[n] > order[anchor]]
            if not later:
                edges.append((new, anchor))
                order.append(order[anchor] - 0.5)
                continue
            end = rng.choice(later)
            edges += [(anchor, new), (new, end)]
            order.append((order[anchor] + order[end]) / 2)
    labels = _distinct_labels(roles, rng)
    ranked = sorted(range(count), key=lambda node: order[node])
    index = {node: i for i, node in enumerate(ranked)}
    nodes = tuple(FlowNode(labels[node], roles[node]) for node in ranked)
    return FlowSpec(nodes, tuple(sorted((index[a], index[b]) for a, b in set(edges))))


def reorder_by_mention(spec: FlowSpec, prompt: str) -> FlowSpec:
    """Number flowchart nodes in the order the request first mentions them.

    The plan lists nodes in this order, which is the easiest order for a model to copy.
    """
    lowered = prompt.lower()

    def first_mention(node: int) -> int:
        found = re.search(r"(?<![\w])" + re.escape(spec.nodes[node].label.lower()) + r"(?![\w])", lowered)
        return found.start() if found else len(lowered) + node

    ranked = sorted(range(len(spec.nodes)), key=first_mention)
    index = {node: i for i, node in enumerate(ranked)}
    return FlowSpec(
        tuple(spec.nodes[node] for node in ranked), tuple(sorted((index[a], index[b]) for a, b in spec.edges))
    )


def _noisy_flow_prompt(spec: FlowSpec, text: str, rng: random.Random) -> tuple[str, FlowSpec]:
    """Noise the request without touching labels; keep labels' case in step with the text."""
    labels = sorted({node.label for node in spec.nodes}, key=len, reverse=True)
    for k, name in enumerate(labels):
        text = text.replace(name, f"\x00{k}\x00")
    noisy = add_noise(text, rng)
    case = str.lower if noisy == noisy.lower() and text != text.lower() else None
    case = str.upper if noisy == noisy.upper() and text != text.upper() else case
    for k, name in enumerate(labels):
        noisy = noisy.replace(f"\x00{k}\x00", case(name) if case else name)
    if case:
        spec = FlowSpec(tuple(FlowNode(case(node.label), node.role) for node in spec.nodes), spec.edges)
    return noisy, spec


def finish_request(request: str, spec: Spec, rng: random.Random) -> tuple[str, Spec]:
    """Noise and wrap a request; flowchart labels stay verbatim and nodes are numbered by first mention."""
    if isinstance(spec, FlowSpec):
        request, spec = _noisy_flow_prompt(spec, request, rng)
        spec = reorder_by_mention(spec, request)
    else:
        request = add_noise(request, rng)
    return wrap(request, rng, keep_case=isinstance(spec, FlowSpec)), spec


def narrative_request(seed: int, index: int, kind: str | None = None) -> tuple[str, Spec]:
    """A request composed clause by clause (core.prompts.narrate) and its spec, deterministic by (seed, index)."""
    from core.prompts.narrate import narrative_sample

    rng = random.Random(f"narrative:{seed}:{index}")
    request, spec = narrative_sample(rng, kind or rng.choices(KINDS, KIND_WEIGHTS)[0])
    return finish_request(request, spec, rng)


def pipeline_request(seed: int, index: int) -> tuple[str, Spec]:
    """A small coherent pipeline told as people tell it (core.prompts.pipelines), deterministic by (seed, index)."""
    from core.prompts.pipelines import pipeline_sample

    rng = random.Random(f"pipeline:{seed}:{index}")
    request, spec = pipeline_sample(rng)
    return finish_request(request, spec, rng)


def make_sample(
    seed: int, index: int, holdout: bool = False, kind: str | None = None, with_text: bool = True
) -> Sample:
    """Sample ``index`` of the dataset with this seed (held-out templates if ``holdout``).

    ``with_text=False`` skips the layout (the text is just the plan line): the planner
    only needs prompts and specs, and layouts are most of the cost.
    """
    rng = random.Random(f"{seed}:{index}:{int(holdout)}")
    kind = kind or rng.choices(KINDS, KIND_WEIGHTS)[0]
    style = random_style(rng)
    spec: Spec
    if kind == "dense":
        spec = dense_spec(rng)
        request, template = dense_prompt(spec.sizes, rng, holdout)
    elif kind == "cnn":
        spec = cnn_spec(rng)
        request, template = cnn_prompt(spec.layers, rng, holdout)
    else:
        spec = flow_spec(rng)
        request, template = flow_prompt(spec, rng, holdout)
    prompt, spec = finish_request(request, spec, rng)
    text = serialize(layout(spec, style)) if with_text else to_plan(spec) + "\n"
    return Sample(
        f"{seed}-{index}{'h' if holdout else ''}", kind, prompt, text, spec_to_dict(spec), template, asdict(style)
    )


def make_samples(count: int, seed: int, holdout: bool = False, kind: str | None = None) -> list[Sample]:
    return [make_sample(seed, index, holdout, kind) for index in range(count)]


def default_style() -> Style:
    return Style()
