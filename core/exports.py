"""Editable exports of a diagram: Mermaid flowchart text, draw.io (diagrams.net) XML and JSON.

SVG and PNG live in :mod:`core.render`; these are the forms other tools edit.
Each writer keeps what the target can hold: Mermaid keeps nodes, labels, shapes,
edge styles and colours (not positions: Mermaid lays out itself); draw.io and
JSON keep everything, and both read back into the same :class:`Diagram`.

Example:
    >>> text = to_mermaid(diagram)          # paste into any Mermaid renderer
    >>> xml = to_drawio(diagram)            # File > Open in diagrams.net
    >>> from_drawio(xml) == diagram.__class__(diagram.nodes)
    True
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET

from core.dsl import CANVAS_H, CANVAS_W, Diagram, Node, node_from_values

FORMATS = {".mmd": "mermaid", ".drawio": "drawio", ".json": "json"}
MAX_IMPORT_CHARS = 5_000_000


class ExportError(ValueError):
    """A file that cannot be read back as a diagram; the message is for the user."""


def hex_colour(colour: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def parse_hex(text: str, name: str) -> list[int]:
    """'#rrggbb' -> [r, g, b] (a list, as the node parser reads colours)."""
    match = re.fullmatch(r"#?([0-9a-fA-F]{6})", (text or "").strip())
    if not match:
        raise ExportError(f"{name}: {text!r} is not a #rrggbb colour")
    value = match[1]
    return [int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)]


# ---------------------------------------------------------------- Mermaid

_MERMAID_SHAPE = {"rectangle": ('["', '"]'), "round rectangle": ('("', '")'), "circle": ('(("', '"))')}
_MERMAID_EDGE = {"solid arrow": "-->", "solid line": "---", "dashed line": "-.-"}


def _mermaid_text(label: str | None) -> str:
    # Mermaid strings cannot hold a double quote; its own escape is an HTML entity.
    return (label or " ").replace('"', "#quot;").replace("\n", " ")


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid ``flowchart`` text; the direction follows the wider extent of the layout."""
    xs = [node.x for node in diagram.nodes] or [0]
    ys = [node.y for node in diagram.nodes] or [0]
    direction = "LR" if max(xs) - min(xs) >= max(ys) - min(ys) else "TB"
    lines = [f"flowchart {direction}"]
    for node in diagram.nodes:
        opening, closing = _MERMAID_SHAPE[node.shape]
        lines.append(f"    n{node.node_no}{opening}{_mermaid_text(node.label)}{closing}")
    by_no = diagram.node_by_no()
    for node in diagram.nodes:
        for target in node.targets:
            if target in by_no:
                lines.append(f"    n{node.node_no} {_MERMAID_EDGE[node.line_shape]} n{target}")
    for node in diagram.nodes:
        lines.append(f"    style n{node.node_no} fill:{hex_colour(node.bg)},stroke:{hex_colour(node.line_color)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- draw.io

_DRAWIO_SHAPE = {
    "rectangle": "rounded=0;whiteSpace=wrap;",
    "round rectangle": "rounded=1;whiteSpace=wrap;",
    "circle": "ellipse;whiteSpace=wrap;aspect=fixed;",
}
_DRAWIO_EDGE = {
    "solid arrow": "endArrow=classic;html=1;",
    "solid line": "endArrow=none;html=1;",
    "dashed line": "endArrow=none;dashed=1;html=1;",
}


def to_drawio(diagram: Diagram) -> str:
    """An uncompressed ``.drawio`` file (mxfile) that diagrams.net opens and edits."""
    mxfile = ET.Element("mxfile", host="Diagram Studio", type="device")
    page = ET.SubElement(mxfile, "diagram", id="diagram-studio", name="Page-1")
    model = ET.SubElement(
        page, "mxGraphModel", grid="1", gridSize="10", page="1", pageWidth=str(CANVAS_W), pageHeight=str(CANVAS_H)
    )
    root = ET.SubElement(model, "root")
    ET.SubElement(root, "mxCell", id="0")
    ET.SubElement(root, "mxCell", id="1", parent="0")
    for node in diagram.nodes:
        style = f"{_DRAWIO_SHAPE[node.shape]}fillColor={hex_colour(node.bg)};strokeColor={hex_colour(node.line_color)};"
        cell = ET.SubElement(
            root, "mxCell", id=f"n{node.node_no}", value=node.label or "", style=style, vertex="1", parent="1"
        )
        left, top = node.x - node.w // 2, node.y - node.h // 2
        geometry = dict(x=str(left), y=str(top), width=str(node.w), height=str(node.h))
        ET.SubElement(cell, "mxGeometry", **geometry, attrib={"as": "geometry"})
    by_no = diagram.node_by_no()
    for node in diagram.nodes:
        for target in node.targets:
            if target not in by_no:
                continue
            style = f"{_DRAWIO_EDGE[node.line_shape]}strokeColor={hex_colour(node.line_color)};"
            edge = ET.SubElement(
                root,
                "mxCell",
                id=f"e{node.node_no}-{target}",
                style=style,
                edge="1",
                parent="1",
                source=f"n{node.node_no}",
                target=f"n{target}",
            )
            ET.SubElement(edge, "mxGeometry", relative="1", attrib={"as": "geometry"})
    ET.indent(mxfile)
    return ET.tostring(mxfile, encoding="unicode") + "\n"


def _style_map(style: str) -> dict[str, str]:
    pairs = [part.split("=", 1) if "=" in part else (part, "1") for part in style.split(";") if part]
    return {key: value for key, value in pairs}


def from_drawio(xml_text: str) -> Diagram:
    """Read an uncompressed draw.io file written by :func:`to_drawio` (or edited in diagrams.net)."""
    if len(xml_text) > MAX_IMPORT_CHARS:
        raise ExportError("the draw.io file is larger than 5 MB")
    if "<!DOCTYPE" in xml_text or "<!ENTITY" in xml_text:
        raise ExportError("the draw.io file declares a DTD or entities, which are not read")
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise ExportError(f"not valid XML ({exc})") from None
    cells = root.findall(".//mxGraphModel/root/mxCell")
    if not cells:
        raise ExportError("no mxGraphModel cells: compressed draw.io files are not read (File > Properties)")
    numbers, nodes, targets = {}, [], {}
    vertices = [cell for cell in cells if cell.get("vertex") == "1"]
    for index, cell in enumerate(vertices):
        found = re.fullmatch(r"n(\d+)", cell.get("id", ""))
        numbers[cell.get("id")] = int(found[1]) if found else index
    for cell in cells:
        if cell.get("edge") == "1" and cell.get("source") in numbers and cell.get("target") in numbers:
            edge_info = (numbers[cell.get("target")], _style_map(cell.get("style", "")))
            targets.setdefault(cell.get("source"), []).append(edge_info)
    for cell in vertices:
        style = _style_map(cell.get("style", ""))
        geometry = cell.find("mxGeometry")
        if geometry is None:
            raise ExportError(f"cell {cell.get('id')} has no geometry")
        try:
            left, top, width, height = (round(float(geometry.get(k, "0"))) for k in ("x", "y", "width", "height"))
        except ValueError:
            raise ExportError(f"cell {cell.get('id')} has a non-numeric geometry") from None
        shape = "circle" if "ellipse" in style else "round rectangle" if style.get("rounded") == "1" else "rectangle"
        outgoing = targets.get(cell.get("id"), [])
        edge_style = outgoing[0][1] if outgoing else {}
        line_shape = (
            "dashed line"
            if edge_style.get("dashed") == "1"
            else "solid line"
            if edge_style.get("endArrow") == "none"
            else "solid arrow"
        )
        values = [
            numbers[cell.get("id")],
            left + width // 2,
            top + height // 2,
            shape,
            width,
            height,
            line_shape,
            parse_hex(style.get("fillColor", "#ffffff"), "fillColor"),
            parse_hex(style.get("strokeColor", "#000000"), "strokeColor"),
            [number for number, _ in outgoing],
        ]
        label = cell.get("value", "").strip()
        if style.get("html") == "1":  # a label edited in diagrams.net may be HTML
            label = html.unescape(re.sub(r"<[^>]+>", " ", label)).strip()
        nodes.append(_node(values + ([label] if label else [])))
    return Diagram(tuple(nodes))


def _node(values: list) -> Node:
    try:
        return node_from_values(values)
    except ValueError as exc:
        raise ExportError(str(exc)) from None


# ---------------------------------------------------------------- JSON


def to_json(diagram: Diagram) -> str:
    """A self-describing JSON form: canvas size, one object per node, colours as #rrggbb."""
    nodes = [
        {
            "id": node.node_no,
            "x": node.x,
            "y": node.y,
            "shape": node.shape,
            "width": node.w,
            "height": node.h,
            "line_shape": node.line_shape,
            "fill": hex_colour(node.bg),
            "line_color": hex_colour(node.line_color),
            "targets": list(node.targets),
            "label": node.label,
        }
        for node in diagram.nodes
    ]
    return json.dumps({"canvas": {"width": CANVAS_W, "height": CANVAS_H}, "nodes": nodes}, indent=1) + "\n"


def from_json(text: str) -> Diagram:
    """Inverse of :func:`to_json`; raises ExportError naming the first bad field."""
    if len(text) > MAX_IMPORT_CHARS:
        raise ExportError("the JSON file is larger than 5 MB")
    try:
        data = json.loads(text)
        items = data["nodes"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ExportError(f"not a diagram JSON ({exc})") from None
    nodes = []
    for index, item in enumerate(items):
        try:
            values = [
                item["id"],
                item["x"],
                item["y"],
                item["shape"],
                item["width"],
                item["height"],
                item["line_shape"],
                parse_hex(item["fill"], f"node {index} fill"),
                parse_hex(item["line_color"], f"node {index} line_color"),
                list(item["targets"]),
            ]
        except (KeyError, TypeError) as exc:
            raise ExportError(f"node {index}: missing or bad field {exc}") from None
        nodes.append(_node(values + ([item["label"]] if item.get("label") else [])))
    return Diagram(tuple(nodes))


def export_text(diagram: Diagram, fmt: str) -> str:
    """The diagram in one of ``mermaid``, ``drawio``, ``json``."""
    writers = {"mermaid": to_mermaid, "drawio": to_drawio, "json": to_json}
    if fmt not in writers:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(writers)}")
    return writers[fmt](diagram)
