"""Structure metrics: the seed's score, recovering a spec from a diagram, strict match.

``seed_score`` reproduces the seed project's formula: the IoU of the multisets of
"out-degrees of each node's targets", and for deep-learning diagrams a symmetric
z-score term on the mean out-degree (our reconstruction: each of the two z values
is skipped when its standard deviation is 0; the term is 1 / (1 + mean z) and is
averaged with the IoU; with both skipped the score is the IoU alone).

``structure_matches`` is the strict check the benchmarks use: layer sizes (and the
neuron/block convention) for dense networks, the exact layer chain for CNNs, and
graph isomorphism with matching labels for flowcharts.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

import networkx as nx

from core.dsl import Diagram
from core.plan import CnnLayer, CnnSpec, DenseSpec, FlowNode, FlowSpec, Spec


def _target_degrees(diagram: Diagram) -> list[tuple[int, ...]]:
    by_no = diagram.node_by_no()
    return [tuple(len(by_no[t].targets) for t in node.targets if t in by_no) for node in diagram.nodes]


def _iou(first: Counter, second: Counter) -> float:
    union = sum((first | second).values())
    return sum((first & second).values()) / union if union else 1.0


def seed_score(output: Diagram, target: Diagram, deep_learning: bool) -> float:
    """The seed's 0-1 structure score of ``output`` against the intended ``target``."""
    iou = _iou(Counter(_target_degrees(output)), Counter(_target_degrees(target)))
    if not deep_learning:
        return iou
    out_deg = [len(node.targets) for node in output.nodes]
    tgt_deg = [len(node.targets) for node in target.nodes]
    if len(out_deg) < 2 or len(tgt_deg) < 2:
        return iou
    mean_out, mean_tgt = statistics.fmean(out_deg), statistics.fmean(tgt_deg)
    std_out, std_tgt = statistics.pstdev(out_deg), statistics.pstdev(tgt_deg)
    zs = [abs(mean_out - mean_tgt) / std for std in (std_tgt, std_out) if std > 0]
    if not zs:
        return iou
    return 0.5 * iou + 0.5 / (1 + statistics.fmean(zs))


def normalise_label(label: str | None) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s+#-]", " ", (label or "").lower())).strip()


_NUMBER = re.compile(r"\d+")


def _chain(diagram: Diagram) -> list | None:
    """Nodes in chain order if the diagram is one simple path, else None."""
    nodes = diagram.node_by_no()
    incoming = Counter(t for node in diagram.nodes for t in node.targets)
    starts = [n for n in diagram.nodes if incoming[n.node_no] == 0]
    if len(starts) != 1 or any(len(n.targets) > 1 or incoming[n.node_no] > 1 for n in diagram.nodes):
        return None
    order, current = [], starts[0]
    while current is not None and len(order) <= len(nodes):
        order.append(current)
        current = nodes.get(current.targets[0]) if current.targets else None
    return order if len(order) == len(nodes) else None


def _layers_of(diagram: Diagram) -> list[list[int]] | None:
    """Neuron layers of a fully connected layered graph, or None."""
    graph = nx.DiGraph()
    graph.add_nodes_from(node.node_no for node in diagram.nodes)
    graph.add_edges_from(diagram.edges())
    if not nx.is_directed_acyclic_graph(graph):
        return None
    depth: dict[int, int] = {}
    for node in nx.topological_sort(graph):
        depth[node] = max((depth[p] + 1 for p in graph.predecessors(node)), default=0)
    layers: list[list[int]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for node, level in depth.items():
        layers[level].append(node)
    for level, members in enumerate(layers[:-1]):
        following = set(layers[level + 1])
        for node in members:
            if set(graph.successors(node)) != following:
                return None
    if layers and any(graph.out_degree(node) for node in layers[-1]):
        return None
    return layers


def _cnn_layer(label: str) -> CnnLayer | None:
    text = label.lower()
    numbers = [int(n) for n in _NUMBER.findall(text)]
    if text.startswith("input") and len(numbers) >= 2:
        return CnnLayer("input", numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 0)
    if text.startswith("conv") and numbers:
        return CnnLayer("conv", numbers[0], numbers[0], numbers[2] if len(numbers) > 2 else 0)
    if ("max pool" in text or "avg pool" in text) and numbers:
        return CnnLayer("maxpool" if "max" in text else "avgpool", numbers[0], numbers[0])
    if (text.startswith("dense") or text.startswith("output")) and numbers:
        return CnnLayer("dense", units=numbers[0])
    if text.startswith("dropout"):
        rate = re.search(r"\d*\.\d+|\d+", text)
        return CnnLayer("dropout", units=round(float(rate[0]) * 100) if rate else 0)
    names = {"flatten": "flatten", "batchnorm": "batchnorm", "relu": "relu", "softmax": "softmax"}
    return CnnLayer(names[text]) if text in names else None


def spec_from_diagram(diagram: Diagram, kind: str) -> Spec | None:
    """Recover the structure a diagram shows, read as ``kind``; None if unreadable."""
    numbers = [node.node_no for node in diagram.nodes]
    if not numbers or len(set(numbers)) != len(numbers):
        return None
    if any(target not in set(numbers) or target == source for source, target in diagram.edges()):
        return None  # dangling or self edges: not a structure, whatever the rest shows
    if kind == "flow":
        index = {node.node_no: i for i, node in enumerate(diagram.nodes)}
        edges = tuple((index[a], index[b]) for a, b in diagram.edges() if b in index)
        return FlowSpec(tuple(FlowNode(node.label or "", "data") for node in diagram.nodes), edges)
    chain = _chain(diagram)
    if kind == "cnn":
        if chain is None:
            return None
        layers = [_cnn_layer(node.label or "") for node in chain]
        return None if any(layer is None for layer in layers) else CnnSpec(tuple(layers))
    if chain is not None and all(node.label for node in chain):
        sizes = [_NUMBER.findall(node.label or "") for node in chain]
        if all(len(found) == 1 for found in sizes):
            return DenseSpec(tuple(int(found[0]) for found in sizes))
    layers = _layers_of(diagram)
    if layers is None or len(layers) < 2 or any(node.label for node in diagram.nodes):
        return None
    return DenseSpec(tuple(len(layer) for layer in layers))


def _flow_graph(spec: FlowSpec) -> nx.DiGraph:
    graph = nx.DiGraph()
    for i, node in enumerate(spec.nodes):
        graph.add_node(i, label=normalise_label(node.label))
    graph.add_edges_from(spec.edges)
    return graph


def spec_matches(found: Spec, expected: Spec) -> tuple[bool, str]:
    """Compare two specs: sizes, the CNN chain, or labelled graph isomorphism for flowcharts."""
    if found.kind != expected.kind:
        return False, f"a {found.kind} instead of a {expected.kind}"
    if isinstance(expected, DenseSpec):
        ok = found.sizes == expected.sizes
        return ok, "ok" if ok else f"layer sizes {list(found.sizes)} instead of {list(expected.sizes)}"
    if isinstance(expected, CnnSpec):
        ok = found.layers == expected.layers
        return ok, "ok" if ok else "CNN layer chain differs"
    want, got = _flow_graph(expected), _flow_graph(found)
    if want.number_of_nodes() != got.number_of_nodes():
        return False, f"{got.number_of_nodes()} nodes instead of {want.number_of_nodes()}"
    if not nx.is_isomorphic(want, got, node_match=lambda a, b: a["label"] == b["label"]):
        return False, "flowchart graph or labels differ"
    return True, "ok"


def structure_matches(diagram: Diagram, spec: Spec) -> tuple[bool, str]:
    """Strict structure check of a diagram against the intended spec, with a reason."""
    found = spec_from_diagram(diagram, spec.kind)
    if found is None:
        return False, f"the nodes do not form a readable {spec.kind} structure"
    ok, reason = spec_matches(found, spec)
    if ok and isinstance(spec, DenseSpec):
        drawn_by_neuron = not any(node.label for node in diagram.nodes)
        if drawn_by_neuron != spec.neuron_level:
            return False, "neuron-by-neuron vs block drawing does not follow the convention"
    return ok, reason
