"""Diagrams from model code: the text of a PyTorch ``print(model)`` or a Keras ``model.summary()``.

Nothing is executed: the text is read line by line. Layers become labelled blocks;
activations and normalisation are left out unless asked for (DESIGN section 2: one
node per layer the request names); repeated identical layers are said once
("Conv 3x3, 64 ×2"). Residual blocks (PyTorch modules named ``*Block``,
``Bottleneck`` or ``*Residual*``) become the block and an ``Add`` node with the
skip connection into it; a Keras functional summary's "Connected to" column gives
its skip connections directly. The result is a labelled DAG, laid out by the
flowchart layout (layered, so a skip edge goes around the blocks it skips).

Example:
    >>> graph = read_summary(open("resnet.txt").read())
    >>> diagram = summary_diagram(graph)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.plan import MAX_FLOW_NODES, FlowNode, FlowSpec, check_spec

MAX_SUMMARY_CHARS = 500_000
QUIET = re.compile(r"(ReLU|GELU|SiLU|Sigmoid|Tanh|Softmax|LogSoftmax|Mish|ELU|Activation|BatchNorm|LayerNorm|Identity)")
RESIDUAL = re.compile(r"(Block|Bottleneck|Residual)")
_TORCH_LEAF = re.compile(r"^\s*\((?P<name>[^)]+)\):\s*(?P<cls>\w+)\((?P<args>.*)\)\s*$")
_TORCH_OPEN = re.compile(r"^\s*(?:\((?P<name>[^)]+)\):\s*)?(?P<cls>\w+)\(\s*$")
_KERAS_ROW = re.compile(r"^[\s│┃|]*(?P<name>[\w./-]+) \((?P<type>[A-Za-z0-9_]+)\)?\s*[│┃|]?\s*(?P<rest>.*)$")
_KERAS_LINK = re.compile(r"([\w./-]+)\[\d+\]\[\d+\]")


class SummaryError(ValueError):
    """Text that is not a model summary we can read; the message is for the user."""


@dataclass
class LayerGraph:
    """Labelled layers and the edges between them (indices); ``source`` says which reader was used."""

    labels: list[str] = field(default_factory=list)
    edges: list[tuple[int, int]] = field(default_factory=list)
    source: str = ""

    def add(self, label: str, after: list[int]) -> int:
        self.labels.append(label)
        index = len(self.labels) - 1
        self.edges += [(a, index) for a in after]
        return index


def _ints(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", text)]


def _torch_label(cls: str, args: str) -> str:
    """A block label for one leaf module."""
    numbers = _ints(args)
    kernel = re.search(r"kernel_size=\(?(\d+)", args)
    if cls.startswith("Conv"):
        k = kernel[1] if kernel else "?"
        return f"{cls.replace('2d', '')} {k}x{k}, {numbers[1]}" if len(numbers) > 1 else cls
    if "Pool" in cls:
        if cls.startswith("Adaptive"):
            return "Global avg pool" if "Avg" in cls else "Global max pool"
        size = kernel[1] if kernel else (numbers[0] if numbers else 2)
        return f"{'Max' if 'Max' in cls else 'Avg'} pool {size}x{size}"
    if cls == "Linear":
        out = re.search(r"out_features=(\d+)", args)
        return f"Dense {out[1] if out else numbers[-1]}"
    if cls == "Dropout" or cls.startswith("Dropout"):
        rate = re.search(r"p=([\d.]+)", args)
        return f"Dropout {float(rate[1]):g}" if rate else "Dropout"
    if cls in ("LSTM", "GRU", "RNN") and len(numbers) > 1:
        return f"{cls} {numbers[1]}"
    if cls == "Embedding" and len(numbers) > 1:
        return f"Embedding {numbers[1]}"
    return cls


def read_torch(text: str, keep_all: bool = False) -> LayerGraph:
    """Read ``print(model)`` output; residual containers get an Add node and a skip edge."""
    graph = LayerGraph(source="PyTorch")
    stack: list[dict] = []  # open containers: class name and the node before it
    last: list[int] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if leaf := _TORCH_LEAF.match(line):
            label = _torch_label(leaf["cls"], leaf["args"])
            residual = next((frame for frame in stack if RESIDUAL.search(frame["cls"])), None)
            if residual is not None:  # inside a residual block: only its width is kept
                if leaf["cls"].startswith("Conv"):
                    residual["channels"] = _ints(leaf["args"])[1:2] or residual.get("channels")
                continue
            if QUIET.match(leaf["cls"]) and not keep_all:
                continue
            last = [graph.add(label, last)]
        elif opened := _TORCH_OPEN.match(line):
            stack.append({"cls": opened["cls"], "before": list(last)})
        elif line.strip() == ")":
            if not stack:
                raise SummaryError(f"line {number}: a ')' closes nothing")
            frame = stack.pop()
            if RESIDUAL.search(frame["cls"]) and not any(RESIDUAL.search(f["cls"]) for f in stack):
                width = f" {frame['channels'][0]}" if frame.get("channels") else ""
                body = graph.add(f"{frame['cls']}{width}", frame["before"])
                last = [graph.add("Add", [body, *frame["before"]])]
        else:
            raise SummaryError(f"line {number} is not part of a PyTorch module printout: {line.strip()[:60]!r}")
    if stack:
        raise SummaryError("the printout ends inside an unclosed module")
    return graph


def _keras_label(kind: str, rest: str) -> str:
    shape = re.search(r"\(None,?\s*([\d,\s]*)\)", rest)
    dims = _ints(shape[1]) if shape else []
    if kind == "InputLayer":
        return "Input " + "x".join(map(str, dims)) if dims else "Input"
    if kind.startswith("Conv"):
        return f"{kind} {dims[-1]}" if dims else kind
    if kind == "Dense":
        return f"Dense {dims[-1]}" if dims else kind
    if "Pool" in kind:
        return ("Global " if kind.startswith("Global") else "") + ("Max pool" if "Max" in kind else "Avg pool")
    return {"Add": "Add", "Concatenate": "Concat", "Flatten": "Flatten", "Dropout": "Dropout"}.get(kind, kind)


def _keras_rows(text: str) -> list[tuple[str, str, str]]:
    """(name, type, rest of the row) per layer, from a Keras 3 box table or a classic summary."""
    rows: list[list[str]] = []
    if "│" in text:  # Keras 3: cells between │, a row may wrap over several lines
        current: list[str] | None = None
        for line in text.splitlines():
            if line.lstrip().startswith(("├", "└", "┡")):
                current = None
            elif line.lstrip().startswith("│"):
                cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
                if current is None:
                    current = [""] * len(cells)
                    rows.append(current)
                for k, cell in enumerate(cells[: len(current)]):
                    current[k] = f"{current[k]} {cell}".strip()
        found = []
        for cells in rows:
            head = re.match(r"(\S+)\s*\((\w+)", cells[0])
            if head:
                found.append((head[1], head[2], " ".join(cells[1:])))
        return found
    found = []
    for line in text.splitlines():
        row = _KERAS_ROW.match(line)
        if row and row["name"] not in ("Layer", "Model", "Total", "Trainable", "Non-trainable"):
            found.append((row["name"], row["type"], row["rest"]))
        elif found and line.strip(" )") and not set(line.strip()) <= set("_=-"):
            name, kind, rest = found[-1]
            found[-1] = (name, kind, f"{rest} {line}")  # a wrapped "Connected to" cell
    return found


def _known(link: str, names: dict[str, list[int]]) -> list[int]:
    """Nodes of a linked layer; Keras 3 cuts long names with '…', so a prefix decides."""
    if link in names:
        return names[link]
    stem = link.rstrip("…")
    for name, nodes in names.items():
        short = name.rstrip("…")
        if (link.endswith("…") and short.startswith(stem)) or (name.endswith("…") and stem.startswith(short)):
            return nodes
    return []


def read_keras(text: str, keep_all: bool = False) -> LayerGraph:
    """Read ``model.summary()`` (classic or Keras 3 boxes); functional models keep their "Connected to" edges."""
    rows = _keras_rows(text)
    if not rows:
        raise SummaryError("no layer rows found (expected lines like 'dense (Dense)  (None, 10)  650')")
    graph = LayerGraph(source="Keras")
    index: dict[str, list[int]] = {}
    last: list[int] = []
    functional = any(_KERAS_LINK.search(rest) for _, _, rest in rows)
    for name, kind, rest in rows:
        links = re.findall(r"([\w./-]+…?)\[\d+\]\[\d+\]|([\w./-]+…)(?=\s|,|$)", rest)
        sources = [i for pair in links for i in _known(pair[0] or pair[1], index)] if functional else last
        label = _keras_label(kind, rest)
        if QUIET.search(kind) and not keep_all:
            index[name] = sources  # edges pass through a left-out layer
            continue
        last = [graph.add(label, sorted(set(sources)))]
        index[name] = last
    return graph


def _merge_runs(graph: LayerGraph) -> LayerGraph:
    """'Conv 3x3, 64' twice in a plain chain becomes one 'Conv 3x3, 64 ×2' node."""
    count = len(graph.labels)
    outs = {i: [t for s, t in graph.edges if s == i] for i in range(count)}
    ins = {i: [s for s, t in graph.edges if t == i] for i in range(count)}
    keep, repeat, mapping = [], {}, {}
    for i in range(count):
        previous = ins[i][0] if len(ins[i]) == 1 else None
        if previous is not None and outs[previous] == [i] and graph.labels[previous] == graph.labels[i]:
            head = mapping[previous]
            repeat[head] = repeat.get(head, 1) + 1
            mapping[i] = head
        else:
            mapping[i] = i
            keep.append(i)
    merged = LayerGraph(source=graph.source)
    new = {}
    for i in keep:
        new[i] = merged.add(graph.labels[i] + (f" ×{repeat[i]}" if i in repeat else ""), [])
    merged.edges = sorted({(new[mapping[s]], new[mapping[t]]) for s, t in graph.edges if mapping[s] != mapping[t]})
    return merged


def read_summary(text: str, keep_all: bool = False) -> LayerGraph:
    """Read either format (PyTorch if it has '(name): Module(' lines, else Keras) and merge repeats."""
    if not text or not text.strip():
        raise SummaryError("the summary is empty: paste the output of print(model) or model.summary()")
    if len(text) > MAX_SUMMARY_CHARS:
        raise SummaryError(f"the summary is longer than {MAX_SUMMARY_CHARS:,} characters")
    torch_like = re.search(r"^\s*\([\w.]+\):\s*\w+\(", text, re.MULTILINE)
    graph = read_torch(text, keep_all) if torch_like else read_keras(text, keep_all)
    if len(graph.labels) < 2:
        raise SummaryError(f"found {len(graph.labels)} drawable layer(s) in the {graph.source} summary; need 2")
    return _merge_runs(graph)


def summary_spec(graph: LayerGraph) -> FlowSpec:
    """The layer graph as a flowchart spec: first and last layers are data, the rest processes."""
    count = len(graph.labels)
    if count > MAX_FLOW_NODES:
        raise SummaryError(
            f"the model has {count} blocks after merging repeats; a diagram shows at most {MAX_FLOW_NODES}"
        )
    sinks = {i for i in range(count) if not any(s == i for s, _ in graph.edges)}
    nodes = tuple(
        FlowNode(label, "data" if i == 0 or i in sinks else "process") for i, label in enumerate(graph.labels)
    )
    spec = FlowSpec(nodes, tuple(graph.edges))
    check_spec(spec)
    return spec


def summary_diagram(graph: LayerGraph, style=None):
    """Lay the layer graph out as a Diagram (flowchart layout; the style's colours and shapes)."""
    from core.layout import layout
    from core.style import Style

    return layout(summary_spec(graph), style or Style())
