"""Plane geometry shared by the renderer and the readability checks.

Edges run from border to border: the point where the segment between two node
centres leaves each node's outline (ellipse for circles, box otherwise).
"""

from __future__ import annotations

import math

import numpy as np

from core.dsl import Node

Point = tuple[float, float]
Segment = tuple[Point, Point]


def border_point(node: Node, toward: Point) -> Point:
    """Where the ray from ``node``'s centre toward ``toward`` leaves its outline."""
    dx, dy = toward[0] - node.x, toward[1] - node.y
    if dx == 0 and dy == 0:
        return (float(node.x), float(node.y))
    half_w, half_h = max(node.w, 1) / 2, max(node.h, 1) / 2
    if node.shape == "circle":
        scale = 1 / math.sqrt((dx / half_w) ** 2 + (dy / half_h) ** 2)
    else:
        scale = min(half_w / abs(dx) if dx else math.inf, half_h / abs(dy) if dy else math.inf)
    scale = min(scale, 1.0)
    return (node.x + dx * scale, node.y + dy * scale)


def edge_segment(source: Node, target: Node) -> Segment:
    """The drawn part of an edge: from ``source``'s border to ``target``'s border."""
    start = border_point(source, (target.x, target.y))
    end = border_point(target, (source.x, source.y))
    return (start, end)


def box_gap(first: Node, second: Node) -> float:
    """Distance between two nodes' outlines; negative when they overlap.

    Two circles use their real radii; anything else uses bounding boxes.
    """
    if first.shape == "circle" and second.shape == "circle" and first.w == first.h and second.w == second.h:
        return math.dist((first.x, first.y), (second.x, second.y)) - (first.w + second.w) / 2
    a, b = first.box, second.box
    gap_x = max(b[0] - a[2], a[0] - b[2])
    gap_y = max(b[1] - a[3], a[1] - b[3])
    if gap_x < 0 and gap_y < 0:
        return max(gap_x, gap_y)
    return math.hypot(max(gap_x, 0), max(gap_y, 0))


def relative_luminance(colour: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG contrast ratio, 1 (none) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def edge_segments_array(nodes, edges) -> np.ndarray:
    """(E, 4) array of drawn edge segments x0, y0, x1, y1 for (source, target) node pairs."""
    out = np.zeros((len(edges), 4))
    for row, (source, target) in enumerate(edges):
        (x0, y0), (x1, y1) = edge_segment(nodes[source], nodes[target])
        out[row] = (x0, y0, x1, y1)
    return out


def segment_box_hits(segments: np.ndarray, boxes: np.ndarray, exclude: np.ndarray | None = None) -> np.ndarray:
    """Boolean (E, N): segment e passes through the interior of box n (vectorised Liang-Barsky).

    Args:
        segments: (E, 4) x0, y0, x1, y1.
        boxes: (N, 4) left, top, right, bottom.
        exclude: (E, 2) box indices never counted for that segment (its own endpoints); None counts every box.
    """
    if len(segments) == 0 or len(boxes) == 0:
        return np.zeros((len(segments), len(boxes)), dtype=bool)
    x0, y0 = segments[:, 0:1], segments[:, 1:2]
    dx, dy = segments[:, 2:3] - x0, segments[:, 3:4] - y0
    left, top, right, bottom = (boxes[:, i][None, :] for i in range(4))
    t_min = np.zeros((len(segments), len(boxes)))
    t_max = np.ones_like(t_min)
    inside = np.ones_like(t_min, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            p = np.broadcast_to(p, t_min.shape)
            q = np.broadcast_to(q, t_min.shape)
            t = q / p
            inside &= ~((p == 0) & (q <= 0))
            t_min = np.where(p < 0, np.maximum(t_min, t), t_min)
            t_max = np.where(p > 0, np.minimum(t_max, t), t_max)
    hits = inside & (t_min < t_max)
    if exclude is not None:
        rows = np.arange(len(segments))
        hits[rows, exclude[:, 0]] = False
        hits[rows, exclude[:, 1]] = False
    return hits


def count_crossings(segments: np.ndarray, endpoints: np.ndarray) -> int:
    """Proper crossings among (E, 4) segments; pairs sharing an endpoint node are skipped.

    ``endpoints`` is (E, 2) node indices of each segment.
    """
    if len(segments) < 2:
        return 0
    a, b = segments[:, None, 0:2], segments[:, None, 2:4]
    c, d = segments[None, :, 0:2], segments[None, :, 2:4]

    def orient(p, q, r):
        return (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])

    o1, o2 = orient(a, b, c), orient(a, b, d)
    o3, o4 = orient(c, d, a), orient(c, d, b)
    cross = (o1 * o2 < 0) & (o3 * o4 < 0)
    shared = (
        (endpoints[:, None, 0] == endpoints[None, :, 0])
        | (endpoints[:, None, 0] == endpoints[None, :, 1])
        | (endpoints[:, None, 1] == endpoints[None, :, 0])
        | (endpoints[:, None, 1] == endpoints[None, :, 1])
    )
    return int(np.triu(cross & ~shared, k=1).sum())
