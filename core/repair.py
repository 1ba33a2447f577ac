"""Repair from the plan: redo positions with the layout engine, keep the model's styling.

Used when a sampled drawing has a wrong structure or a hard layout defect (an edge
through a node, cramped or unreadable shapes). The model's choices of palette,
shapes and line shape are kept; the candidate is marked ``repaired`` so the
result never hides that the engine, not the model, placed the nodes.
"""

from __future__ import annotations

from collections import Counter

from core.dsl import Diagram
from core.layout import layout
from core.plan import FlowSpec, Spec
from core.style import PALETTES, Style


def _distance(first, second) -> int:
    return sum((a - b) ** 2 for a, b in zip(first, second))


def infer_style(diagram: Diagram, spec: Spec) -> Style:
    """The style closest to what a drawing uses (palette by colours, most common shapes)."""
    if not diagram.nodes:
        return Style()
    colours = [node.bg for node in diagram.nodes] + [node.line_color for node in diagram.nodes]

    def palette_cost(name: str) -> int:
        fills, line = PALETTES[name]
        return sum(min(_distance(c, p) for p in (*fills, line)) for c in colours)

    palette = min(sorted(PALETTES), key=palette_cost)
    shapes = Counter(node.shape for node in diagram.nodes).most_common(1)[0][0]
    line_shape = Counter(node.line_shape for node in diagram.nodes).most_common(1)[0][0]
    data_shape = process_shape = shapes
    if isinstance(spec, FlowSpec) and len(diagram.nodes) == len(spec.nodes):
        by_role: dict[str, Counter] = {"data": Counter(), "process": Counter()}
        for node, flow_node in zip(diagram.nodes, spec.nodes):
            by_role[flow_node.role][node.shape] += 1
        data_shape = by_role["data"].most_common(1)[0][0] if by_role["data"] else shapes
        process_shape = by_role["process"].most_common(1)[0][0] if by_role["process"] else shapes
    block = shapes if shapes != "circle" else "round rectangle"
    return Style(
        palette=palette,
        neuron_shape=shapes,
        block_shape=block,
        data_shape=data_shape,
        process_shape=process_shape if process_shape != "circle" else "round rectangle",
        line_shape=line_shape,
    )


def repair(diagram: Diagram, spec: Spec) -> Diagram:
    """The plan laid out again by the engine in the drawing's own style."""
    return layout(spec, infer_style(diagram, spec))
