"""The structural spec of a diagram and its one-line plan text.

A spec says *what* a diagram shows, never where: layer sizes of a dense network,
the layer chain of a CNN, or the labelled DAG of a flowchart. The language model
writes the spec first as a ``# plan:`` comment line (DESIGN section 9), then the
node lines; this module turns specs into plan text and back.

Examples of plan lines::

    # plan: dense 3 5 4 2
    # plan: cnn input 28x28 ; conv 3x3 ; maxpool 2x2 ; dense 128 ; dense 10
    # plan: flow question [data] ; search [process] ; answer [data] | question > search ; search > answer

Repeats may be counted, as people say them: ``dense 100 50 x3 5`` is
``dense 100 50 50 50 5``; ``cnn input 32x32 ; conv 3x3 32 x2 ; maxpool 2x2`` has two
equal convolutions; ``( conv 3x3 ; maxpool 2x2 ) x3`` repeats a block. Measured on
the planner: written out in full, "three hidden layers of 50" became one, two or a
runaway number of 50s; a count is one number copied from the request.
:func:`counted_plan` writes a spec with its repeats counted where the request
counts them and listed where the request lists them (the planner's training
targets); :func:`parse_plan` reads both.

Flowchart edges are written one by one with labels, not node numbers and not as
chains: measured on the planner, numbered edges (1>2) were miscounted and chains
(a > b > c ; a > d) were mis-assembled even on training-like requests, while an
edge is one local copy from one statement of the request. Chains still parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PLAN_PREFIX = "# plan:"
MAX_LAYERS = 12
MAX_NEURON_PRODUCT = 45  # seed convention: one node per neuron only up to this
MAX_LAYER_UNITS = 100_000
MAX_FLOW_NODES = 16
MAX_FLOW_LABEL = 32
MAX_REPEAT = 32  # a count beyond this is refused before anything is expanded
ROLES = ("data", "process")
CNN_KINDS = ("input", "conv", "maxpool", "avgpool", "dense", "flatten", "dropout", "batchnorm", "relu", "softmax")


@dataclass(frozen=True)
class DenseSpec:
    sizes: tuple[int, ...]
    kind: str = "dense"

    @property
    def neuron_level(self) -> bool:
        """Seed convention: one node per neuron iff every adjacent product is at most 45."""
        return max(a * b for a, b in zip(self.sizes, self.sizes[1:])) <= MAX_NEURON_PRODUCT


@dataclass(frozen=True)
class CnnLayer:
    """One CNN block. ``a``/``b``: input height/width, kernel or pool size; ``units``:
    dense units, conv filters or input channels (0 = not stated)."""

    kind: str
    a: int = 0
    b: int = 0
    units: int = 0

    def label(self, last: bool = False) -> str:
        if self.kind == "input":
            size = f"{self.a}x{self.b}" + (f"x{self.units}" if self.units else "")
            return f"Input {size}"
        if self.kind == "conv":
            return f"Conv {self.a}x{self.a}" + (f", {self.units}" if self.units else "")
        if self.kind in ("maxpool", "avgpool"):
            return f"{'Max' if self.kind == 'maxpool' else 'Avg'} pool {self.a}x{self.a}"
        if self.kind == "dense":
            return f"{'Output' if last else 'Dense'} {self.units}"
        if self.kind == "dropout":
            return f"Dropout {self.units / 100:g}" if self.units else "Dropout"
        return {"flatten": "Flatten", "batchnorm": "BatchNorm", "relu": "ReLU", "softmax": "Softmax"}[self.kind]

    def plan(self) -> str:
        if self.kind == "input":
            return f"input {self.a}x{self.b}" + (f"x{self.units}" if self.units else "")
        if self.kind == "conv":
            return f"conv {self.a}x{self.a}" + (f" {self.units}" if self.units else "")
        if self.kind in ("maxpool", "avgpool"):
            return f"{self.kind} {self.a}x{self.a}"
        if self.kind == "dense":
            return f"dense {self.units}"
        if self.kind == "dropout" and self.units:
            return f"dropout {self.units / 100:g}"
        return self.kind


@dataclass(frozen=True)
class CnnSpec:
    layers: tuple[CnnLayer, ...]
    kind: str = "cnn"


@dataclass(frozen=True)
class FlowNode:
    label: str
    role: str  # "data" or "process"


@dataclass(frozen=True)
class FlowSpec:
    nodes: tuple[FlowNode, ...]
    edges: tuple[tuple[int, int], ...]  # 0-based (source, target)
    kind: str = "flow"


Spec = DenseSpec | CnnSpec | FlowSpec


def check_spec(spec: Spec) -> None:
    """Raise ValueError naming the first impossible part of a spec."""
    if isinstance(spec, DenseSpec):
        if not 2 <= len(spec.sizes) <= MAX_LAYERS:
            raise ValueError(f"a dense network needs 2 to {MAX_LAYERS} layers, got {len(spec.sizes)}")
        if any(not 1 <= size <= MAX_LAYER_UNITS for size in spec.sizes):
            raise ValueError(f"layer sizes must be 1 to {MAX_LAYER_UNITS}")
    elif isinstance(spec, CnnSpec):
        if not 2 <= len(spec.layers) <= 2 * MAX_LAYERS:
            raise ValueError(f"a CNN needs 2 to {2 * MAX_LAYERS} layers")
        for layer in spec.layers:
            if layer.kind not in CNN_KINDS:
                raise ValueError(f"unknown CNN layer {layer.kind!r}")
            if layer.kind == "dense" and not 1 <= layer.units <= MAX_LAYER_UNITS:
                raise ValueError("dense units must be 1 to 100000")
            if layer.kind == "input" and not (1 <= layer.a <= 4096 and 1 <= layer.b <= 4096):
                raise ValueError("input size must be 1 to 4096")
            if layer.kind in ("conv", "maxpool", "avgpool") and not 1 <= layer.a <= 15:
                raise ValueError("kernel and pool sizes must be 1 to 15")
    else:
        count = len(spec.nodes)
        if not 2 <= count <= MAX_FLOW_NODES:
            raise ValueError(f"a flowchart needs 2 to {MAX_FLOW_NODES} nodes, got {count}")
        if any(node.role not in ROLES or not node.label for node in spec.nodes):
            raise ValueError("every flowchart node needs a label and a role (data or process)")
        for source, target in spec.edges:
            if not (0 <= source < count and 0 <= target < count) or source == target:
                raise ValueError(f"bad flowchart edge {source + 1}>{target + 1}")
        if has_cycle(count, spec.edges):
            raise ValueError("a flowchart must not have a cycle")


def has_cycle(count: int, edges) -> bool:
    indegree = [0] * count
    children: list[list[int]] = [[] for _ in range(count)]
    for source, target in edges:
        children[source].append(target)
        indegree[target] += 1
    ready = [node for node in range(count) if indegree[node] == 0]
    visited = 0
    while ready:
        node = ready.pop()
        visited += 1
        for child in children[node]:
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    return visited != count


def to_plan(spec: Spec) -> str:
    """The plan comment line for a spec."""
    if isinstance(spec, DenseSpec):
        body = "dense " + " ".join(str(size) for size in spec.sizes)
    elif isinstance(spec, CnnSpec):
        body = "cnn " + " ; ".join(layer.plan() for layer in spec.layers)
    else:
        nodes = " ; ".join(f"{node.label} [{node.role}]" for node in spec.nodes)
        edges = " ; ".join(f"{spec.nodes[a].label} > {spec.nodes[b].label}" for a, b in spec.edges)
        body = f"flow {nodes} | {edges}"
    return f"{PLAN_PREFIX} {body}"


_KIND_WORDS = {
    "conv": r"\bconv(?:olution)?s?\b|\bconv(?=\d)|\bconv2d\b|\bconvolutional layers?\b",
    "maxpool": r"pool",
    "avgpool": r"pool",
    "dense": r"\bdense\b|\bfc\b|fully[ -]connected|\blinear\b",
    "dropout": r"dropout",
    "batchnorm": r"batch[ -]?norm|\bbn\b",
}


def _number_mentions(value: int, request: str) -> int:
    """How many times a request writes this number (digits, '4,096' or words, a sentence's last word too:
    '... and 10.'; '3x3' is not a 3, nor is the 5 of '0.5')."""
    from core.prompts.words import number_words

    forms = {str(value), f"{value:,}", number_words(value)}
    return sum(len(re.findall(rf"(?<![\w.,]){re.escape(form)}(?!\w|[.,]\d)", request, re.I)) for form in forms)


def _layer_mentions(layer: CnnLayer, request: str) -> int:
    """Times a layer is written: its units when it has them ('fc 4096, fc 4096'), else its kind's words."""
    if layer.units:
        return _number_mentions(layer.units, request)
    return len(re.findall(_KIND_WORDS.get(layer.kind, rf"\b{layer.kind}\b"), request, re.I))


def repeat_runs(items: tuple, max_period: int = 4) -> list[tuple[tuple, int]]:
    """Split a sequence into (block, count) runs, longest coverage first, shortest block on ties."""
    runs, start = [], 0
    while start < len(items):
        best = (items[start : start + 1], 1)
        for period in range(1, max_period + 1):
            block = items[start : start + period]
            count = 1
            while items[start + count * period : start + (count + 1) * period] == block:
                count += 1
            if count > 1 and period * count > len(best[0]) * best[1]:
                best = (block, count)
        runs.append(best)
        start += len(best[0]) * best[1]
    return runs


def _counted_layers(layers: tuple, request: str, times: int, inside_group: bool) -> list[str]:
    """Plan parts for a layer sequence the request writes ``times`` times over (once per block it lists)."""
    parts: list[str] = []
    for block, count in repeat_runs(layers, max_period=1 if inside_group else 4):
        written = _layer_mentions(block[0], request) // times  # mentions per written copy of this context
        if count == 1:
            parts += [layer.plan() for layer in block]
        elif len(block) == 1:
            parts += [block[0].plan()] * count if written >= count else [f"{block[0].plan()} x{count}"]
        elif written >= count:  # every block is written out: list them, counting inside each
            for _ in range(count):
                parts += _counted_layers(block, request, times * count, inside_group=False)
        else:
            parts.append("( " + " ; ".join(_counted_layers(block, request, times, inside_group=True)) + f" ) x{count}")
    return parts


def counted_plan(spec: Spec, request: str) -> str:
    """The plan line with a repeat counted ('50 x3') where the request counts it and listed where
    the request lists it, so that writing the plan is copying from the request either way."""
    if isinstance(spec, DenseSpec):
        words = []
        for (size,), count in repeat_runs(spec.sizes, max_period=1):
            listed = count == 1 or _number_mentions(size, request) >= count
            words += [str(size)] * count if listed else [str(size), f"x{count}"]
        return f"{PLAN_PREFIX} dense " + " ".join(words)
    if isinstance(spec, CnnSpec):
        return f"{PLAN_PREFIX} cnn " + " ; ".join(_counted_layers(spec.layers, request, 1, inside_group=False))
    return to_plan(spec)


def flow_paths(spec: FlowSpec) -> list[list[int]]:
    """Cover every edge once with chains, in node order; lone nodes become one-node paths."""
    remaining = sorted(spec.edges)
    paths = []
    while remaining:
        source, target = remaining.pop(0)
        path = [source, target]
        while True:
            following = next((edge for edge in remaining if edge[0] == path[-1]), None)
            if following is None:
                break
            remaining.remove(following)
            path.append(following[1])
        paths.append(path)
    covered = {node for path in paths for node in path}
    return paths + [[node] for node in range(len(spec.nodes)) if node not in covered]


_SIZE = re.compile(r"^(\d+)x(\d+)(?:x(\d+))?$")


def _cnn_layer(part: str) -> CnnLayer:
    words = part.split()
    if not words:
        raise ValueError("empty CNN layer")
    kind, args = words[0], words[1:]
    if kind == "input":
        match = _SIZE.match(args[0]) if args else None
        if not match:
            raise ValueError(f"bad input size in {part!r}")
        return CnnLayer("input", int(match[1]), int(match[2]), int(match[3] or 0))
    if kind in ("conv", "maxpool", "avgpool"):
        size = args[0] if args else ""
        match = _SIZE.match(f"{size}x{size}" if size.isdigit() else size)  # "maxpool 2" reads as 2x2
        if not match or match[1] != match[2]:
            raise ValueError(f"bad size in {part!r}")
        units = int(args[1]) if kind == "conv" and len(args) > 1 and args[1].isdigit() else 0
        return CnnLayer(kind, int(match[1]), int(match[1]), units)
    if kind == "dense":
        if not args or not args[0].isdigit():
            raise ValueError(f"dense needs units in {part!r}")
        return CnnLayer("dense", units=int(args[0]))
    if kind == "dropout":
        rate = round(float(args[0]) * 100) if args else 0
        return CnnLayer("dropout", units=rate)
    if kind in CNN_KINDS and not args:
        return CnnLayer(kind)
    raise ValueError(f"unknown CNN layer {part!r}")


_FLOW_NODE = re.compile(r"^(.*?)\s*\[(data|process)\]$")


def _flow(body: str, request: str | None = None) -> FlowSpec:
    """A flowchart plan; with the ``request``, an edge end that was never declared is declared
    when the request names it (a source or sink as data, a middle step as a process), and an
    edge that would close a cycle or names something the request does not is dropped."""
    node_part, _, path_part = body.rpartition("|")
    if "|" in node_part and request is None:
        raise ValueError("a flowchart plan has one '|', between its nodes and its edges")
    node_part = node_part.split("|")[0]  # the planner wrote its nodes twice (the copy maybe short): the first list
    nodes, index = [], {}
    for part in node_part.split(";"):
        match = _FLOW_NODE.match(part.strip())
        if not match or not match[1].strip():
            raise ValueError(f"bad flowchart node {part.strip()!r}")
        label = match[1].strip()[:MAX_FLOW_LABEL]
        index.setdefault(label.lower(), len(nodes))
        if index[label.lower()] == len(nodes):
            nodes.append(FlowNode(label, match[2]))
    pairs = []
    for path in path_part.split(";"):
        names = [name.strip()[:MAX_FLOW_LABEL] for name in path.split(">") if name.strip()]
        pairs += [(a, b) for a, b in zip(names, names[1:]) if a.lower() != b.lower()]
    if request is not None:
        return _lenient_flow(nodes, index, pairs, request.lower())
    edges = set()
    for a, b in pairs:
        for name in (a, b):
            if name.lower() not in index:
                raise ValueError(f"the path names {name.lower()!r}, which is not a declared node")
        edges.add((index[a.lower()], index[b.lower()]))
    return FlowSpec(tuple(nodes), tuple(sorted(edges)))


def _lenient_flow(nodes: list, index: dict, pairs: list, request: str) -> FlowSpec:
    declared = len(nodes)
    undeclared = {name.lower(): name for pair in pairs for name in pair if name.lower() not in index}
    for key, name in undeclared.items():
        if key in request and len(nodes) < MAX_FLOW_NODES:
            index[key] = len(nodes)
            nodes.append(FlowNode(name, "data"))
    edges: list[tuple[int, int]] = []
    for a, b in pairs:
        if a.lower() in index and b.lower() in index:
            edge = (index[a.lower()], index[b.lower()])
            if edge not in edges and not has_cycle(len(nodes), [*edges, edge]):
                edges.append(edge)
    for node in range(declared, len(nodes)):  # a step between two others is a process
        if any(t == node for _, t in edges) and any(s == node for s, _ in edges):
            nodes[node] = FlowNode(nodes[node].label, "process")
    return FlowSpec(tuple(nodes), tuple(sorted(edges)))


_COUNT = re.compile(r"^x(\d+)$")
_GROUP = re.compile(r"\(([^()]*)\)\s*x(\d+)")


def _count(word: str) -> int:
    count = int(_COUNT.match(word)[1])
    if not 1 <= count <= MAX_REPEAT:
        raise ValueError(f"a repeat count must be 1 to {MAX_REPEAT}, got {word!r}")
    return count


def _dense_sizes(body: str) -> tuple[int, ...]:
    sizes: list[int] = []
    for word in body.split():
        if _COUNT.match(word):
            if not sizes:
                raise ValueError(f"{word!r} repeats nothing")
            sizes += [sizes[-1]] * (_count(word) - 1)
        elif word.isdigit():
            sizes.append(int(word))
        else:
            raise ValueError(f"a dense layer size must be a whole number, got {word!r}")
        if len(sizes) > MAX_LAYERS:
            raise ValueError(f"a dense network needs 2 to {MAX_LAYERS} layers")
    return tuple(sizes)


def _cnn_layers(body: str) -> tuple[CnnLayer, ...]:
    def expand_group(match: re.Match) -> str:
        return " ; ".join([match[1].strip()] * _count(f"x{match[2]}"))

    body = _GROUP.sub(expand_group, body)
    if "(" in body or ")" in body:
        raise ValueError("unbalanced or nested brackets in the CNN plan")
    layers: list[CnnLayer] = []
    for part in body.split(";"):
        words = part.split()
        count = _count(words.pop()) if len(words) > 1 and _COUNT.match(words[-1]) else 1
        layers += [_cnn_layer(" ".join(words))] * count
        if len(layers) > 2 * MAX_LAYERS:
            raise ValueError(f"a CNN needs 2 to {2 * MAX_LAYERS} layers")
    return tuple(layers)


def parse_plan(line: str, request: str | None = None) -> Spec:
    """Read a plan line (repeats listed or counted) back into a spec; raises ValueError with a reason.

    Given the ``request`` the plan was written for, a flowchart's undeclared or cycle-closing
    edges are mended against it instead of refused (see :func:`_flow`)."""
    text = line.strip()
    if text.startswith(PLAN_PREFIX):
        text = text[len(PLAN_PREFIX) :].strip()
    kind, _, body = text.partition(" ")
    try:
        if kind == "dense":
            spec: Spec = DenseSpec(_dense_sizes(body))
        elif kind == "cnn":
            spec = CnnSpec(_cnn_layers(body))
        elif kind == "flow":
            spec = _flow(body, request)
        else:
            raise ValueError(f"unknown diagram kind {kind!r}")
    except (ValueError, IndexError) as exc:
        raise ValueError(f"unreadable plan: {exc}") from None
    check_spec(spec)
    return spec


def find_plan(comments) -> str | None:
    """The plan line among a diagram's comment lines, if any."""
    return next((line for line in comments if line.strip().startswith(PLAN_PREFIX)), None)


def spec_to_dict(spec: Spec) -> dict:
    """JSON-friendly form kept next to each synthetic sample."""
    if isinstance(spec, DenseSpec):
        return {"kind": "dense", "sizes": list(spec.sizes), "neuron_level": spec.neuron_level}
    if isinstance(spec, CnnSpec):
        return {"kind": "cnn", "layers": [[layer.kind, layer.a, layer.b, layer.units] for layer in spec.layers]}
    return {
        "kind": "flow",
        "nodes": [[node.label, node.role] for node in spec.nodes],
        "edges": [list(edge) for edge in spec.edges],
    }


def spec_from_dict(data: dict) -> Spec:
    """Inverse of :func:`spec_to_dict`; raises ValueError on bad input."""
    try:
        kind = data["kind"]
        if kind == "dense":
            spec: Spec = DenseSpec(tuple(int(size) for size in data["sizes"]))
        elif kind == "cnn":
            spec = CnnSpec(tuple(CnnLayer(str(k), int(a), int(b), int(u)) for k, a, b, u in data["layers"]))
        elif kind == "flow":
            spec = FlowSpec(
                tuple(FlowNode(str(label), str(role)) for label, role in data["nodes"]),
                tuple((int(s), int(t)) for s, t in data["edges"]),
            )
        else:
            raise ValueError(f"unknown kind {kind!r}")
    except (KeyError, TypeError) as exc:
        raise ValueError(f"bad spec: {exc}") from None
    check_spec(spec)
    return spec
