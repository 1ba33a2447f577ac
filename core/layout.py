"""Readable layouts: a spec plus a style in, a Diagram out.

Conventions follow the seed (DESIGN section 2): dense networks are drawn neuron by
neuron only when every adjacent layer product is at most 45, otherwise one block
per layer; CNNs are a chain of blocks; layers run top to bottom up to 8 layers and
left to right beyond (in rows that turn back, so long chains stay readable).
Flowcharts use a layered layout: longest-path layers, dummy nodes on long edges and
barycentre ordering to keep crossings low.

Example:
    >>> diagram = layout(DenseSpec((3, 5, 4, 2)), Style())
"""

from __future__ import annotations

import math
from dataclasses import replace

from core.defects import edge_defects
from core.dsl import CANVAS_H, CANVAS_W, Diagram, Node
from core.geometry import box_gap
from core.plan import CnnSpec, DenseSpec, FlowSpec, Spec, check_spec, to_plan
from core.render import fit_label
from core.style import Style

MARGIN = 24
MAX_ROW_NODES = 8  # chain blocks per row before the chain turns back
MIN_BLOCK_W, MAX_BLOCK_W = 96, 300


def layout(spec: Spec, style: Style) -> Diagram:
    """Lay out any spec; the plan line goes first as a comment."""
    check_spec(spec)
    if isinstance(spec, DenseSpec):
        nodes = _dense_neurons(spec, style) if spec.neuron_level else _chain(_dense_blocks(spec), style)
    elif isinstance(spec, CnnSpec):
        last_dense = max((i for i, layer in enumerate(spec.layers) if layer.kind == "dense"), default=-1)
        blocks = [(layer.label(i == last_dense), _cnn_fill(layer.kind), 0.0) for i, layer in enumerate(spec.layers)]
        nodes = _chain(blocks, style)
    else:
        nodes = _flow(spec, style)
    return Diagram(tuple(nodes), (to_plan(spec),))


def _cnn_fill(kind: str) -> int:
    return {"input": 0, "conv": 1, "maxpool": 2, "avgpool": 2}.get(kind, 0)


def _dense_blocks(spec: DenseSpec) -> list[tuple[str, int, float]]:
    """(label, fill index, relative width) per layer; wider layers get wider blocks."""
    names = ["Input"] + ["Hidden"] * (len(spec.sizes) - 2) + ["Output"]
    fills = [0] + [1] * (len(spec.sizes) - 2) + [2]
    widest = math.log10(max(spec.sizes) + 1)
    return [
        (f"{name} {size}", fill, 0.55 + 0.45 * math.log10(size + 1) / widest)
        for name, size, fill in zip(names, spec.sizes, fills)
    ]


def _dense_neurons(spec: DenseSpec, style: Style) -> list[Node]:
    """One circle per neuron, each layer fully connected to the next.

    Wide layers next to narrow ones make shallow edges that graze neighbouring
    neurons, so the spacing and size are tightened until no edge runs through one.
    """
    best: tuple[int, list[Node]] | None = None
    for spread_factor in (1.0, 0.85, 0.72, 0.6):
        for size_factor in (1.0, 0.8, 0.65):
            nodes = _neuron_grid(spec, style, spread_factor, size_factor)
            hits = edge_defects(Diagram(tuple(nodes)))[1]
            if best is None or hits < best[0]:
                best = (hits, nodes)
            if hits == 0:
                return nodes
    return best[1]


def _neuron_grid(spec: DenseSpec, style: Style, spread_factor: float, size_factor: float) -> list[Node]:
    layers = spec.sizes
    vertical = len(layers) <= 8  # layers stacked top to bottom
    along, across = (CANVAS_H, CANVAS_W) if vertical else (CANVAS_W, CANVAS_H)
    step = (along - 2 * MARGIN) / len(layers)
    widest = max(layers)
    spread = min((across - 2 * MARGIN) / widest, 110.0) * spread_factor
    size = int(min(step * 0.5, spread * 0.62, 48) * style.scale * size_factor)
    size = max(size, 10)
    nodes: list[Node] = []
    first_ids = [sum(layers[:i]) for i in range(len(layers))]
    for index, count in enumerate(layers):
        main = MARGIN + step * (index + 0.5)
        fill = style.fill(0 if index == 0 else 2 if index == len(layers) - 1 else 1)
        targets = (
            tuple(range(first_ids[index + 1], first_ids[index + 1] + layers[index + 1]))
            if index + 1 < len(layers)
            else ()
        )
        for position in range(count):
            cross = across / 2 + (position - (count - 1) / 2) * spread
            x, y = (cross, main) if vertical else (main, cross)
            nodes.append(
                Node(
                    first_ids[index] + position,
                    round(x),
                    round(y),
                    style.neuron_shape,
                    size,
                    size,
                    style.line_shape,
                    fill,
                    style.line_color,
                    targets,
                )
            )
    return nodes


def _block_size(label: str, max_w: float, max_h: float, scale: float) -> tuple[int, int]:
    """Smallest comfortable box that fits ``label`` within the slot."""
    height = int(min(max_h, 56 * scale))
    for width in range(MIN_BLOCK_W, int(max_w) + 1, 8):
        if fit_label(label, width - 8, height - 4):
            return min(int(width * 1.15 + 8), int(max_w)), height
    return int(max_w), height


def _chain(blocks: list[tuple[str, int, float]], style: Style) -> list[Node]:
    """Labelled blocks in a chain: one column up to 8, else rows that turn back.

    Each block is (label, fill index, relative width 0-1; 0 means just fit the label).
    """
    count = len(blocks)
    if count <= 8:
        step = (CANVAS_H - 2 * MARGIN) / count
        centres = [(CANVAS_W / 2, MARGIN + step * (i + 0.5)) for i in range(count)]
        slot_w, slot_h = 2 * MAX_BLOCK_W, step * 0.62
    else:
        rows = math.ceil(count / MAX_ROW_NODES)
        per_row = math.ceil(count / rows)
        step_x = (CANVAS_W - 2 * MARGIN) / per_row
        step_y = (CANVAS_H - 2 * MARGIN) / rows
        centres = []
        for i in range(count):
            row, column = divmod(i, per_row)
            if row % 2:
                column = per_row - 1 - column  # boustrophedon: the next row runs back
            centres.append((MARGIN + step_x * (column + 0.5), MARGIN + step_y * (row + 0.5)))
        slot_w, slot_h = step_x * 0.8, min(step_y * 0.45, 64)
    nodes = []
    for i, ((label, fill, relative), (x, y)) in enumerate(zip(blocks, centres)):
        w, h = _block_size(label, min(slot_w, MAX_BLOCK_W), slot_h, style.scale)
        if relative and count <= 8:
            w = max(w, int(relative * MAX_BLOCK_W * style.scale))
        targets = (i + 1,) if i + 1 < count else ()
        nodes.append(
            Node(
                i,
                round(x),
                round(y),
                style.block_shape,
                w,
                h,
                style.line_shape,
                style.fill(fill),
                style.line_color,
                targets,
                label,
            )
        )
    return nodes


def flow_layers(count: int, edges) -> list[int]:
    """Longest-path layer of each node; sources sit one layer before their nearest target."""
    layer = [0] * count
    for _ in range(count):
        changed = False
        for source, target in edges:
            if layer[target] < layer[source] + 1:
                layer[target] = layer[source] + 1
                changed = True
        if not changed:
            break
    # A source with a far-away target sits just before it, not in layer 0: long edges from the
    # left edge of the canvas were the ones that ran through unrelated nodes.
    for node in range(count):
        targets = [layer[t] for s, t in edges if s == node]
        if targets and not any(t == node for _, t in edges):
            layer[node] = min(targets) - 1
    return layer


def _crossings(order: list[list[int]], links: list[tuple[int, int]]) -> int:
    position = {node: (depth, index) for depth, row in enumerate(order) for index, node in enumerate(row)}
    total = 0
    by_depth: dict[int, list[tuple[int, int]]] = {}
    for a, b in links:
        by_depth.setdefault(position[a][0], []).append((position[a][1], position[b][1]))
    for pairs in by_depth.values():
        for i, (a1, b1) in enumerate(pairs):
            for a2, b2 in pairs[i + 1 :]:
                if (a1 - a2) * (b1 - b2) < 0:
                    total += 1
    return total


def order_layers(count: int, edges, layer: list[int], sweeps: int = 8) -> list[list[int]]:
    """Barycentre ordering with dummy nodes on long edges; ids >= count are dummies."""
    depth = max(layer) + 1
    rows: list[list[int]] = [[] for _ in range(depth)]
    for node in range(count):
        rows[layer[node]].append(node)
    links: list[tuple[int, int]] = []
    next_id = count
    for source, target in edges:
        previous = source
        for level in range(layer[source] + 1, layer[target]):
            rows[level].append(next_id)
            links.append((previous, next_id))
            previous, next_id = next_id, next_id + 1
        links.append((previous, target))
    parents: dict[int, list[int]] = {}
    children: dict[int, list[int]] = {}
    for a, b in links:
        children.setdefault(a, []).append(b)
        parents.setdefault(b, []).append(a)
    best = [row[:] for row in rows]
    best_cost = _crossings(best, links)
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        levels = range(1, depth) if downward else range(depth - 2, -1, -1)
        for level in levels:
            neighbour_row = rows[level - 1] if downward else rows[level + 1]
            index = {node: i for i, node in enumerate(neighbour_row)}
            links_of = parents if downward else children
            current = {node: i for i, node in enumerate(rows[level])}

            def barycentre(node, index=index, links_of=links_of, current=current):
                linked = [index[n] for n in links_of.get(node, []) if n in index]
                return sum(linked) / len(linked) if linked else current[node]

            rows[level].sort(key=barycentre)
        cost = _crossings(rows, links)
        if cost < best_cost:
            best, best_cost = [row[:] for row in rows], cost
    return best


def _flow(spec: FlowSpec, style: Style) -> list[Node]:
    count = len(spec.nodes)
    layer = flow_layers(count, spec.edges)
    rows = order_layers(count, spec.edges, layer)
    depth, breadth = len(rows), max(len(row) for row in rows)
    # Left to right reads best for pipelines; fall back to top-down when rows are too many.
    horizontal = depth <= 6 or depth * 110 <= CANVAS_W - 2 * MARGIN or breadth > 4
    along, across = (CANVAS_W, CANVAS_H) if horizontal else (CANVAS_H, CANVAS_W)
    step = (along - 2 * MARGIN) / depth
    max_w = min(step * 0.78, 190) if horizontal else min((across - 2 * MARGIN) / breadth * 0.8, 190)
    max_h = min((across - 2 * MARGIN) / breadth * 0.6, 64) if horizontal else min(step * 0.6, 56)
    targets: dict[int, list[int]] = {}
    for source, target in spec.edges:
        targets.setdefault(source, []).append(target)
    nodes: list[Node] = []
    for level, row in enumerate(rows):
        main = MARGIN + step * (level + 0.5)
        spacing = (across - 2 * MARGIN) / len(row)
        for position, node_id in enumerate(row):
            if node_id >= count:
                continue
            flow_node = spec.nodes[node_id]
            cross = MARGIN + spacing * (position + 0.5)
            x, y = (main, cross) if horizontal else (cross, main)
            w, h = _block_size(flow_node.label, max_w, max_h, style.scale)
            shape = style.data_shape if flow_node.role == "data" else style.process_shape
            if shape == "circle":
                w, h = min(int(w * 1.3), int(max_w)), min(int(h * 1.25), int(max_h))
            fill = style.fill(0 if flow_node.role == "data" else 1)
            nodes.append(
                Node(
                    node_id,
                    round(x),
                    round(y),
                    shape,
                    w,
                    h,
                    style.line_shape,
                    fill,
                    style.line_color,
                    tuple(sorted(targets.get(node_id, []))),
                    flow_node.label,
                )
            )
    return _untangle(sorted(nodes, key=lambda node: node.node_no), horizontal)


def _fits(node: Node, others: list[Node]) -> bool:
    left, top, right, bottom = node.box
    if left < MARGIN / 2 or top < MARGIN / 2 or right > CANVAS_W - MARGIN / 2 or bottom > CANVAS_H - MARGIN / 2:
        return False
    return all(box_gap(node, other) >= 12 for other in others if other.node_no != node.node_no)


# (across the layer, along the flow) moves tried in order: small slides first
UNTANGLE_MOVES = [(d, 0) for d in (20, -20, 40, -40, 60, -60, 90, -90, 120, -120, 160, -160)] + [
    (across, along) for along in (30, -30, 60, -60) for across in (0, 20, -20, 40, -40, 60, -60)
]


def _untangle(nodes: list[Node], horizontal: bool, rounds: int = 12) -> list[Node]:
    """Slide nodes across their layer until no edge runs through an unrelated node.

    One node at a time first; then a run of neighbours in one layer together, for an edge
    that only clears when two stacked nodes make room at once; a node may also leave its
    layer's line a little (along the flow) when sliding across it is not enough.
    """
    hits = edge_defects(Diagram(tuple(nodes)))[1]
    for _ in range(rounds):
        if hits == 0:
            break
        improved = False
        for members in _movable_groups(nodes, horizontal):
            for offset in UNTANGLE_MOVES:
                trial = _shifted(nodes, members, offset, horizontal)
                if trial is None:
                    continue
                trial_hits = edge_defects(Diagram(tuple(trial)))[1]
                if trial_hits < hits:
                    nodes, hits, improved = trial, trial_hits, True
                    break
        if not improved:
            break
    return nodes


def _movable_groups(nodes: list[Node], horizontal: bool) -> list[set[int]]:
    """Each node alone, then each run of 2+ consecutive nodes of one layer (indices into ``nodes``)."""
    singles = [{index} for index in range(len(nodes))]
    layers: dict[int, list[int]] = {}
    for index, node in enumerate(nodes):
        layers.setdefault(node.x if horizontal else node.y, []).append(index)
    runs = []
    for members in layers.values():
        members.sort(key=lambda i: nodes[i].y if horizontal else nodes[i].x)
        runs += [set(members[a:b]) for a in range(len(members)) for b in range(a + 2, len(members) + 1)]
    return singles + runs


def _shifted(nodes: list[Node], members: set[int], offset: tuple[int, int], horizontal: bool) -> list[Node] | None:
    """``nodes`` with ``members`` moved by (across, along) the layer; None if one no longer fits."""
    across, along = offset
    dx, dy = (along, across) if horizontal else (across, along)
    trial = [replace(node, x=node.x + dx, y=node.y + dy) if i in members else node for i, node in enumerate(nodes)]
    return trial if all(_fits(trial[i], trial) for i in members) else None
