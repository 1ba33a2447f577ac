"""Editing a diagram as a table: one row per node, read back with a message per bad cell.

The Generate page shows a candidate's nodes in an editable grid; every edit goes
through here, so the page stays thin and the rules are the format's own
(:func:`core.dsl.node_from_values` and :func:`core.dsl.validate`).

Example:
    >>> rows = node_rows(diagram)
    >>> rows[0]["x"] = 120
    >>> edited, problems = diagram_from_rows(rows, diagram.comments)
"""

from __future__ import annotations

import re

from core.dsl import Diagram, describe_errors, node_from_values, validate
from core.exports import ExportError, hex_colour, parse_hex

COLUMNS = ("pin", "node", "x", "y", "shape", "width", "height", "line", "fill", "line_color", "targets", "label")


def node_rows(diagram: Diagram, pinned: set[int] | None = None) -> list[dict]:
    """The nodes as table rows; colours as #rrggbb, targets as '1, 2'."""
    pinned = pinned or set()
    return [
        {
            "pin": node.node_no in pinned,
            "node": node.node_no,
            "x": node.x,
            "y": node.y,
            "shape": node.shape,
            "width": node.w,
            "height": node.h,
            "line": node.line_shape,
            "fill": hex_colour(node.bg),
            "line_color": hex_colour(node.line_color),
            "targets": ", ".join(str(target) for target in node.targets),
            "label": node.label or "",
        }
        for node in diagram.nodes
    ]


def diagram_from_rows(rows: list[dict], comments: tuple[str, ...] = ()) -> tuple[Diagram, list[str]]:
    """The edited diagram (valid rows only) and one message per problem, naming the row."""
    nodes, problems = [], []
    for index, row in enumerate(rows, 1):
        try:
            targets = [int(t) for t in re.split(r"[,\s]+", str(row.get("targets") or "").strip()) if t]
            values = [
                row["node"],
                row["x"],
                row["y"],
                row["shape"],
                row["width"],
                row["height"],
                row["line"],
                parse_hex(str(row["fill"]), "fill"),
                parse_hex(str(row["line_color"]), "line colour"),
                targets,
            ]
            label = str(row.get("label") or "").strip()
            nodes.append(node_from_values(values + ([label] if label else [])))
        except (ValueError, TypeError, KeyError, ExportError) as exc:
            problems.append(f"row {index}: {exc}")
    diagram = Diagram(tuple(nodes), tuple(comments))
    whole = validate(diagram)
    if whole:
        problems.append(describe_errors(whole, limit=5))
    return diagram, problems


def pinned_nodes(rows: list[dict], diagram: Diagram) -> dict:
    """Node number -> node for the rows ticked 'pin' (the edited values)."""
    by_no = diagram.node_by_no()
    return {row["node"]: by_no[row["node"]] for row in rows if row.get("pin") and row.get("node") in by_no}
