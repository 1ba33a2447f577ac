"""Controlled damage to clean layouts: the readability CNN's training data before anyone labels.

Each operator imitates a failure seen in real model output (the seed's images):
shapes pushed into each other or off the canvas, shrunk or blown up, edges made
to cross or pierce nodes by moving endpoints, cramped spacing, faint colours and
texts cut short as by a token limit. The label of a damaged diagram is computed
from its measured defects (:func:`core.defects.defect_rating`), never from the
operator that was applied, so the CNN learns defects rather than operators.
"""

from __future__ import annotations

import random
from dataclasses import replace

from core.defects import defect_rating, find_defects
from core.dsl import CANVAS_H, CANVAS_W, Diagram, Node


def _move(node: Node, x: float, y: float) -> Node:
    return replace(node, x=int(round(x)), y=int(round(y)))


def push_together(diagram: Diagram, rng: random.Random) -> Diagram:
    nodes = list(diagram.nodes)
    if len(nodes) < 2:
        return diagram
    for _ in range(rng.randint(1, 3)):
        a, b = rng.sample(range(len(nodes)), 2)
        t = rng.uniform(0.55, 0.95)
        nodes[a] = _move(
            nodes[a], nodes[a].x + (nodes[b].x - nodes[a].x) * t, nodes[a].y + (nodes[b].y - nodes[a].y) * t
        )
    return replace(diagram, nodes=tuple(nodes))


def off_canvas(diagram: Diagram, rng: random.Random) -> Diagram:
    nodes = list(diagram.nodes)
    for index in rng.sample(range(len(nodes)), min(len(nodes), rng.randint(1, 3))):
        node = nodes[index]
        x = rng.choice((rng.uniform(-40, 15), rng.uniform(CANVAS_W - 15, CANVAS_W + 60), node.x))
        y = rng.choice((rng.uniform(-30, 10), rng.uniform(CANVAS_H - 10, CANVAS_H + 40), node.y))
        nodes[index] = _move(node, x, y)
    return replace(diagram, nodes=tuple(nodes))


def resize(diagram: Diagram, rng: random.Random) -> Diagram:
    factor = rng.choice((rng.uniform(0.1, 0.45), rng.uniform(1.6, 3.2)))
    chosen = set(rng.sample(range(len(diagram.nodes)), max(1, int(len(diagram.nodes) * rng.uniform(0.2, 1)))))
    nodes = [
        replace(n, w=max(2, int(n.w * factor)), h=max(2, int(n.h * factor))) if i in chosen else n
        for i, n in enumerate(diagram.nodes)
    ]
    return replace(diagram, nodes=tuple(nodes))


def scramble(diagram: Diagram, rng: random.Random) -> Diagram:
    """Random positions for some nodes: crossings and edges through nodes appear."""
    nodes = list(diagram.nodes)
    for index in rng.sample(range(len(nodes)), max(1, int(len(nodes) * rng.uniform(0.2, 0.7)))):
        nodes[index] = _move(nodes[index], rng.uniform(60, CANVAS_W - 60), rng.uniform(40, CANVAS_H - 40))
    return replace(diagram, nodes=tuple(nodes))


def cramp(diagram: Diagram, rng: random.Random) -> Diagram:
    """Squeeze the layout toward one point so shapes crowd together."""
    factor = rng.uniform(0.25, 0.7)
    cx, cy = rng.uniform(300, 700), rng.uniform(200, 400)
    return replace(
        diagram, nodes=tuple(_move(n, cx + (n.x - cx) * factor, cy + (n.y - cy) * factor) for n in diagram.nodes)
    )


def fade(diagram: Diagram, rng: random.Random) -> Diagram:
    """Faint lines and fills, nearly white on white."""
    level = rng.randint(225, 252)
    faint = (level, level, min(255, level + 2))
    return replace(
        diagram,
        nodes=tuple(replace(n, line_color=faint, bg=rng.choice((n.bg, (250, 250, 250)))) for n in diagram.nodes),
    )


def truncate(diagram: Diagram, rng: random.Random) -> tuple[Diagram, float]:
    """Drop the last nodes, as when generation stops at a token limit; returns the missing share."""
    keep = rng.randint(1, max(1, len(diagram.nodes) - 1))
    kept = diagram.nodes[:keep]
    numbers = {n.node_no for n in kept}
    kept = tuple(replace(n, targets=tuple(t for t in n.targets if t in numbers)) for n in kept)
    return replace(diagram, nodes=kept), 1 - keep / len(diagram.nodes)


def shrink_labels(diagram: Diagram, rng: random.Random) -> Diagram:
    """Boxes too small for their labels."""
    return replace(
        diagram,
        nodes=tuple(replace(n, w=max(10, int(n.w * rng.uniform(0.3, 0.6)))) if n.label else n for n in diagram.nodes),
    )


OPERATORS = [push_together, off_canvas, resize, scramble, cramp, fade, shrink_labels]


def damage(diagram: Diagram, rng: random.Random, clean_share: float = 0.2) -> tuple[Diagram, float]:
    """A damaged copy and its 0-5 readability label (from measured defects)."""
    missing = 0.0
    if rng.random() >= clean_share:
        for operator in rng.sample(OPERATORS, rng.choice((1, 1, 1, 2, 2, 3))):
            diagram = operator(diagram, rng)
        if rng.random() < 0.15 and len(diagram.nodes) > 2:
            diagram, missing = truncate(diagram, rng)
    return diagram, defect_rating(find_defects(diagram), missing)
