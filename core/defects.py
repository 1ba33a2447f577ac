"""Geometric readability checks on a laid-out diagram.

Each check counts one kind of defect a reader would notice: shapes on top of each
other, shapes off the canvas, edges crossing or running through unrelated shapes,
shapes jammed together, labels that do not fit, lines that vanish on white, and
nodes too small to see. ``defect_rating`` turns the counts into the 0-5 label the
readability CNN starts from (documented there, tested by hand-computed cases).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from core.dsl import CANVAS_H, CANVAS_W, Diagram
from core.geometry import box_gap, contrast_ratio, count_crossings, edge_segments_array, segment_box_hits
from core.render import fit_label, label_area

MIN_GAP = 6.0  # px between shapes before they feel cramped
MIN_CONTRAST = 1.6  # WCAG ratio of a line colour against the white canvas
MIN_NODE_SIZE = 8
WHITE = (255, 255, 255)
MAX_CHECKED_NODES = 400  # pairwise checks are quadratic; beyond this only cheap checks run
MAX_CHECKED_EDGES = 2500


@dataclass(frozen=True)
class Defects:
    overlaps: int = 0
    out_of_canvas: int = 0
    crossings: int = 0
    edge_through_node: int = 0
    cramped: int = 0
    label_overflow: int = 0
    low_contrast: int = 0
    tiny_nodes: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def hard_total(self) -> int:
        """Everything but crossings, which complete bipartite layers cannot avoid."""
        return sum(self.as_dict().values()) - self.crossings


def find_defects(diagram: Diagram) -> Defects:
    """Count every defect kind in a diagram."""
    nodes = diagram.nodes
    out_of_canvas = sum(1 for n in nodes if n.box[0] < 0 or n.box[1] < 0 or n.box[2] > CANVAS_W or n.box[3] > CANVAS_H)
    tiny = sum(1 for n in nodes if min(n.w, n.h) < MIN_NODE_SIZE)
    label_overflow = sum(1 for n in nodes if n.label and fit_label(n.label, *label_area(n)) is None)
    low_contrast = sum(
        1
        for n in nodes
        if contrast_ratio(n.line_color, WHITE) < MIN_CONTRAST and contrast_ratio(n.bg, WHITE) < MIN_CONTRAST
    )
    low_contrast += sum(1 for n in nodes if n.targets and contrast_ratio(n.line_color, WHITE) < MIN_CONTRAST)
    overlaps = cramped = crossings = through = 0
    if len(nodes) <= MAX_CHECKED_NODES:
        for i, first in enumerate(nodes):
            for second in nodes[i + 1 :]:
                gap = box_gap(first, second)
                if gap < 0:
                    overlaps += 1
                elif gap < MIN_GAP:
                    cramped += 1
        crossings, through = edge_defects(diagram)
    return Defects(overlaps, out_of_canvas, crossings, through, cramped, label_overflow, low_contrast, tiny)


def _edge_geometry(diagram: Diagram) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(node index pairs, their segments, edge x node hits) or None when there is nothing to check."""
    nodes = diagram.nodes
    index = {node.node_no: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in diagram.edges() if b in index and a != b], dtype=int)
    if len(pairs) == 0 or len(pairs) > MAX_CHECKED_EDGES:
        return None
    segments = edge_segments_array(nodes, pairs)
    boxes = np.array([node.box for node in nodes]) + np.array([2, 2, -2, -2])
    return pairs, segments, segment_box_hits(segments, boxes, pairs)


def edge_defects(diagram: Diagram) -> tuple[int, int]:
    """(edge crossings, edges running through an unrelated node), vectorised."""
    geometry = _edge_geometry(diagram)
    if geometry is None:
        return 0, 0
    pairs, segments, hits = geometry
    return count_crossings(segments, pairs), int(hits.sum())


def through_edge_nodes(diagram: Diagram) -> list[int]:
    """Indices of the nodes an edge runs through and of those edges' end nodes (the ones a move can free)."""
    geometry = _edge_geometry(diagram)
    if geometry is None:
        return []
    pairs, _, hits = geometry
    edges, hit = np.nonzero(hits)
    return sorted({*hit.tolist(), *pairs[edges].ravel().tolist()})


# Points lost per defect, and the most a kind can cost; crossings matter least.
PENALTIES = {
    "overlaps": (0.8, 3.0),
    "out_of_canvas": (0.8, 3.0),
    "edge_through_node": (0.4, 2.0),
    "cramped": (0.2, 1.0),
    "label_overflow": (0.5, 2.0),
    "low_contrast": (0.3, 2.0),
    "tiny_nodes": (0.5, 2.0),
    "crossings": (0.02, 1.0),
}


def defect_rating(defects: Defects, missing_fraction: float = 0.0) -> float:
    """0-5 readability label from defect counts: 5 minus capped per-kind penalties.

    ``missing_fraction`` (0-1) is the share of the intended nodes that are absent, as
    when a model stops at its token limit; losing all of them costs 5 points.
    Example: 1 overlap and 10 crossings -> 5 - 0.8 - 0.2 = 4.0.
    """
    counts = defects.as_dict()
    lost = sum(min(counts[kind] * each, cap) for kind, (each, cap) in PENALTIES.items())
    lost += 5.0 * min(max(missing_fraction, 0.0), 1.0)
    return round(max(0.0, 5.0 - lost), 3)
