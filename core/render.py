"""Draw diagrams as PNG (OpenCV, anti-aliased) and SVG with the same geometry.

Pure functions: every call allocates its own canvas, so images rendered at the
same time never overwrite each other (the seed's global canvas did).

Example:
    >>> from core.dsl import parse
    >>> image = render_image(parse(text).diagram)   # (600, 1000, 3) uint8, RGB
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import cv2
import numpy as np

from core.dsl import CANVAS_H, CANVAS_W, Diagram, Node
from core.geometry import edge_segment, relative_luminance

FONT = cv2.FONT_HERSHEY_SIMPLEX
FONT_SCALES = (0.55, 0.5, 0.45, 0.4, 0.35)
MIN_FONT_SCALE = FONT_SCALES[-1]
EDGE_THICKNESS = 2
ARROW_LENGTH = 11.0
ARROW_HALF_WIDTH = 5.0
DASH, GAP = 9.0, 8.0
MAX_DRAWN_EDGES = 20_000
SVG_FONT_PX = 15  # SVG font size at scale 0.5; Hershey simplex is about 30 px per unit scale


def _ascii(text: str) -> str:
    # Hershey fonts only have ASCII glyphs; SVG keeps the original text.
    return "".join(char if 32 <= ord(char) < 127 else "?" for char in text)


def _text_width(text: str, scale: float) -> int:
    (width, _), _ = cv2.getTextSize(_ascii(text), FONT, scale, 1)
    return width


def _line_height(scale: float) -> int:
    (_, height), baseline = cv2.getTextSize("Ag", FONT, scale, 1)
    return height + baseline + 2


LABEL_AREA_FACTOR = {"circle": 0.72}  # share of a shape's box that text may use; others use all of it


def text_area(width: float, height: float, shape: str | None = None) -> tuple[float, float]:
    """Width and height available for text inside a ``shape`` of this size (circles lose their corners)."""
    factor = LABEL_AREA_FACTOR.get(shape, 1.0)
    return width * factor - 8, height * factor - 4


def label_area(node: Node) -> tuple[float, float]:
    """Width and height available for text inside a node."""
    return text_area(node.w, node.h, node.shape)


def _split_two(words: list[str]) -> list[tuple[str, str]]:
    return [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]


def fit_label(label: str, width: float, height: float) -> tuple[list[str], float] | None:
    """The largest font scale (and line split, 1 or 2 lines) at which ``label`` fits.

    Returns None when it does not fit even at the smallest scale on two lines.
    """
    words = label.split()
    for scale in FONT_SCALES:
        line_height = _line_height(scale)
        if line_height <= height and _text_width(label, scale) <= width:
            return [label], scale
        if 2 * line_height <= height and len(words) > 1:
            splits = sorted(_split_two(words), key=lambda pair: max(_text_width(p, scale) for p in pair))
            best = splits[0]
            if max(_text_width(part, scale) for part in best) <= width:
                return list(best), scale
    return None


def _label_layout(node: Node) -> tuple[list[str], float]:
    """Lines and scale to draw; an unfittable label is cut with '...' at the smallest scale."""
    width, height = label_area(node)
    fitted = fit_label(node.label or "", width, height)
    if fitted:
        return fitted
    text = node.label or ""
    while len(text) > 1 and _text_width(text + "...", MIN_FONT_SCALE) > width:
        text = text[:-1]
    return [text + "..."], MIN_FONT_SCALE


def text_colour(background: tuple[int, int, int]) -> tuple[int, int, int]:
    return (20, 20, 20) if relative_luminance(background) > 0.35 else (250, 250, 250)


def _visible_edges(diagram: Diagram):
    by_no = diagram.node_by_no()
    drawn = 0
    for node in diagram.nodes:
        for target_no in node.targets:
            target = by_no.get(target_no)
            if target is None or target is node:
                continue
            drawn += 1
            if drawn > MAX_DRAWN_EDGES:
                return
            yield node, target


def _round_rect_radius(node: Node) -> int:
    return int(min(node.w, node.h, 60) * 0.22)


def _draw_round_rect(canvas, node: Node, fill, outline) -> None:
    left, top, right, bottom = (int(round(v)) for v in node.box)
    radius = max(1, _round_rect_radius(node))
    cv2.rectangle(canvas, (left + radius, top), (right - radius, bottom), fill, -1)
    cv2.rectangle(canvas, (left, top + radius), (right, bottom - radius), fill, -1)
    corners = (
        (left + radius, top + radius, 180),
        (right - radius, top + radius, 270),
        (right - radius, bottom - radius, 0),
        (left + radius, bottom - radius, 90),
    )
    for cx, cy, angle in corners:
        cv2.ellipse(canvas, (cx, cy), (radius, radius), angle, 0, 90, fill, -1, cv2.LINE_AA)
        cv2.ellipse(canvas, (cx, cy), (radius, radius), angle, 0, 90, outline, 2, cv2.LINE_AA)
    for start, end in (
        ((left + radius, top), (right - radius, top)),
        ((left + radius, bottom), (right - radius, bottom)),
        ((left, top + radius), (left, bottom - radius)),
        ((right, top + radius), (right, bottom - radius)),
    ):
        cv2.line(canvas, start, end, outline, 2, cv2.LINE_AA)


def _draw_node(canvas, node: Node) -> None:
    fill, outline = node.bg, node.line_color
    if node.shape == "circle":
        axes = (max(1, node.w // 2), max(1, node.h // 2))
        cv2.ellipse(canvas, (node.x, node.y), axes, 0, 0, 360, fill, -1, cv2.LINE_AA)
        cv2.ellipse(canvas, (node.x, node.y), axes, 0, 0, 360, outline, 2, cv2.LINE_AA)
    elif node.shape == "round rectangle":
        _draw_round_rect(canvas, node, fill, outline)
    else:
        left, top, right, bottom = (int(round(v)) for v in node.box)
        cv2.rectangle(canvas, (left, top), (right, bottom), fill, -1)
        cv2.rectangle(canvas, (left, top), (right, bottom), outline, 2, cv2.LINE_AA)
    if node.label:
        lines, scale = _label_layout(node)
        line_height = _line_height(scale)
        colour = text_colour(fill)
        first_baseline = node.y - (len(lines) * line_height) / 2 + line_height - 4
        for index, line in enumerate(lines):
            x = node.x - _text_width(line, scale) / 2
            y = first_baseline + index * line_height
            cv2.putText(canvas, _ascii(line), (int(round(x)), int(round(y))), FONT, scale, colour, 1, cv2.LINE_AA)


def arrow_head(start, end) -> list[tuple[float, float]]:
    """Triangle of an arrow head whose tip is ``end``."""
    length = math.dist(start, end) or 1.0
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    base = (end[0] - ux * ARROW_LENGTH, end[1] - uy * ARROW_LENGTH)
    return [
        end,
        (base[0] - uy * ARROW_HALF_WIDTH, base[1] + ux * ARROW_HALF_WIDTH),
        (base[0] + uy * ARROW_HALF_WIDTH, base[1] - ux * ARROW_HALF_WIDTH),
    ]


def _dashes(start, end):
    length = math.dist(start, end)
    if length == 0:
        return
    ux, uy = (end[0] - start[0]) / length, (end[1] - start[1]) / length
    position = 0.0
    while position < length:
        stop = min(position + DASH, length)
        yield ((start[0] + ux * position, start[1] + uy * position), (start[0] + ux * stop, start[1] + uy * stop))
        position += DASH + GAP


def _ipt(point) -> tuple[int, int]:
    return (int(round(point[0])), int(round(point[1])))


def _draw_edge(canvas, source: Node, target: Node) -> None:
    start, end = edge_segment(source, target)
    colour = source.line_color
    if source.line_shape == "dashed line":
        for a, b in _dashes(start, end):
            cv2.line(canvas, _ipt(a), _ipt(b), colour, EDGE_THICKNESS, cv2.LINE_AA)
        return
    if source.line_shape == "solid arrow" and math.dist(start, end) > ARROW_LENGTH:
        head = arrow_head(start, end)
        shaft_end = ((head[1][0] + head[2][0]) / 2, (head[1][1] + head[2][1]) / 2)
        cv2.line(canvas, _ipt(start), _ipt(shaft_end), colour, EDGE_THICKNESS, cv2.LINE_AA)
        cv2.fillPoly(canvas, [np.array([_ipt(p) for p in head], dtype=np.int32)], colour, cv2.LINE_AA)
        return
    cv2.line(canvas, _ipt(start), _ipt(end), colour, EDGE_THICKNESS, cv2.LINE_AA)


def render_image(diagram: Diagram, width: int = CANVAS_W, height: int = CANVAS_H) -> np.ndarray:
    """RGB image (height, width, 3) uint8 of a diagram; edges under nodes, labels on top."""
    canvas = np.full((CANVAS_H, CANVAS_W, 3), 255, dtype=np.uint8)
    for source, target in _visible_edges(diagram):
        _draw_edge(canvas, source, target)
    for node in diagram.nodes:
        _draw_node(canvas, node)
    if (width, height) != (CANVAS_W, CANVAS_H):
        canvas = cv2.resize(canvas, (width, height), interpolation=cv2.INTER_AREA)
    return canvas


def png_bytes(diagram: Diagram) -> bytes:
    """PNG file contents of a diagram."""
    ok, encoded = cv2.imencode(".png", cv2.cvtColor(render_image(diagram), cv2.COLOR_RGB2BGR))
    if not ok:
        raise RuntimeError("OpenCV could not encode the PNG")
    return encoded.tobytes()


def _rgb(colour) -> str:
    return "rgb({},{},{})".format(*colour)


def _svg_node(node: Node) -> list[str]:
    style = f'fill="{_rgb(node.bg)}" stroke="{_rgb(node.line_color)}" stroke-width="2"'
    if node.shape == "circle":
        parts = [f'<ellipse cx="{node.x}" cy="{node.y}" rx="{node.w / 2:g}" ry="{node.h / 2:g}" {style}/>']
    else:
        radius = _round_rect_radius(node) if node.shape == "round rectangle" else 0
        left, top = node.x - node.w / 2, node.y - node.h / 2
        parts = [f'<rect x="{left:g}" y="{top:g}" width="{node.w}" height="{node.h}" rx="{radius}" {style}/>']
    if node.label:
        lines, scale = _label_layout(node)
        size = SVG_FONT_PX * scale / 0.5
        colour = _rgb(text_colour(node.bg))
        first = node.y - (len(lines) - 1) * size * 0.6
        for index, line in enumerate(lines):
            parts.append(
                f'<text x="{node.x}" y="{first + index * size * 1.2:.1f}" font-size="{size:.1f}" '
                f'text-anchor="middle" dominant-baseline="central" fill="{colour}">{escape(line)}</text>'
            )
    return parts


def render_svg(diagram: Diagram) -> str:
    """SVG document of a diagram with the same geometry as :func:`render_image`."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{CANVAS_W}" height="{CANVAS_H}" '
        f'viewBox="0 0 {CANVAS_W} {CANVAS_H}" font-family="Helvetica, Arial, sans-serif">',
        f'<rect width="{CANVAS_W}" height="{CANVAS_H}" fill="white"/>',
        '<g class="edges">',
    ]
    for source, target in _visible_edges(diagram):
        (x1, y1), (x2, y2) = edge_segment(source, target)
        colour = _rgb(source.line_color)
        dash = f' stroke-dasharray="{DASH:g} {GAP:g}"' if source.line_shape == "dashed line" else ""
        if source.line_shape == "solid arrow" and math.dist((x1, y1), (x2, y2)) > ARROW_LENGTH:
            head = arrow_head((x1, y1), (x2, y2))
            x2, y2 = (head[1][0] + head[2][0]) / 2, (head[1][1] + head[2][1]) / 2
            points = " ".join(f"{px:.1f},{py:.1f}" for px, py in head)
            parts.append(f'<polygon points="{points}" fill="{colour}"/>')
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="{EDGE_THICKNESS}"{dash}/>'
        )
    parts.append('</g><g class="nodes">')
    for node in diagram.nodes:
        parts.append('<g class="node">' + "".join(_svg_node(node)) + "</g>")
    parts.append("</g></svg>")
    return "\n".join(parts)
