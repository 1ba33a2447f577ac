"""Diagram Format Text: dataclasses, parse, serialize, validate.

One node per line, a Python-literal list (DESIGN section 2)::

    [node_no, x, y, 'shape', w, h, 'line shape', (R, G, B), (R, G, B), [targets], 'label']

The 11th element (label) is optional so every seed-format text stays readable.
Lines starting with ``#`` are comments (the model's plan); blank lines are ignored.

Parsing never uses ``eval``: each line goes through ``ast.parse`` and a walker that
accepts only list/tuple/str/int literals, after cheap guards on line length,
bracket depth and node count so hostile text stays fast.

Example:
    >>> result = parse("[0, 100, 100, 'circle', 40, 40, 'solid arrow', (255, 255, 255), (0, 0, 0), []]")
    >>> result.diagram.nodes[0].shape
    'circle'
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field

CANVAS_W = 1000
CANVAS_H = 600
SHAPES = ("rectangle", "round rectangle", "circle")
LINE_SHAPES = ("solid arrow", "solid line", "dashed line")

MAX_LINE_CHARS = 4000
MAX_DEPTH = 3
MAX_NODES = 2000
MAX_TARGETS = 2000
MAX_LABEL_CHARS = 80
MAX_ERRORS = 200
MAX_TEXT_CHARS = 2_000_000
# Coordinates and sizes far beyond the canvas are never meaningful; refusing them
# keeps renderers and geometry checks away from huge integers.
MAX_ABS_INT = 100_000


@dataclass(frozen=True)
class Node:
    """One shape of a diagram; ``targets`` are the node numbers its edges point to."""

    node_no: int
    x: int
    y: int
    shape: str
    w: int
    h: int
    line_shape: str
    bg: tuple[int, int, int]
    line_color: tuple[int, int, int]
    targets: tuple[int, ...] = ()
    label: str | None = None

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Bounding box as (left, top, right, bottom)."""
        return (self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2)


@dataclass(frozen=True)
class Diagram:
    """An ordered set of nodes plus the comment lines (the plan) that preceded them."""

    nodes: tuple[Node, ...] = ()
    comments: tuple[str, ...] = ()

    def node_by_no(self) -> dict[int, Node]:
        return {node.node_no: node for node in self.nodes}

    def edges(self) -> list[tuple[int, int]]:
        """Directed edges (source node_no, target node_no) in node order."""
        return [(node.node_no, target) for node in self.nodes for target in node.targets]


@dataclass(frozen=True)
class LineError:
    """A problem found on one line (1-based ``line``; 0 means the whole text)."""

    line: int
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "text"
        return f"{where}: {self.reason}"


@dataclass
class ParseResult:
    """The valid part of a text plus everything that was wrong with the rest."""

    diagram: Diagram
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Reject(Exception):
    """Internal: a literal that is not part of the format."""


def _literal(node: ast.AST, depth: int = 0):
    """Convert an AST of plain literals to Python values; anything else is rejected."""
    if depth > MAX_DEPTH:
        raise _Reject("nesting is too deep")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise _Reject(f"unsupported literal {value!r}"[:80])
        return value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand, depth)
        if not isinstance(value, (int, float)):
            raise _Reject("a sign must precede a number")
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(element, depth + 1) for element in node.elts]
    raise _Reject(f"'{type(node).__name__}' is not a literal")


def _bracket_depth(line: str) -> int:
    """How deep the brackets of a line nest, not counting brackets inside quoted labels ('((['  is a label)."""
    depth = deepest = 0
    quote, escaped = "", False
    for char in line:
        if quote:
            escaped, quote = (False, quote) if escaped else (char == "\\", "" if char == quote else quote)
            continue
        if char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "])":
            depth -= 1
    return deepest


def _int(value, name: str) -> int:
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")) or not value.is_integer():
            raise _Reject(f"{name} must be an integer, got {value!r}")
        value = int(value)
    if not isinstance(value, int):
        raise _Reject(f"{name} must be an integer")
    if abs(value) > MAX_ABS_INT:
        raise _Reject(f"{name} is out of range ({value})")
    return value


def _colour(value, name: str) -> tuple[int, int, int]:
    if not isinstance(value, list) or len(value) != 3:
        raise _Reject(f"{name} must be an (R, G, B) tuple")
    channels = tuple(_int(channel, name) for channel in value)
    if any(not 0 <= channel <= 255 for channel in channels):
        raise _Reject(f"{name} channels must be 0-255")
    return channels  # type: ignore[return-value]


def node_from_values(values) -> Node:
    """Build a Node from a parsed list of 10 or 11 values; raises ValueError with a reason."""
    try:
        return _node_from_values(values)
    except _Reject as exc:
        raise ValueError(str(exc)) from None


def _node_from_values(values) -> Node:
    if not isinstance(values, list):
        raise _Reject("a node line must be a list")
    if len(values) not in (10, 11):
        raise _Reject(f"a node has 10 or 11 elements, got {len(values)}")
    node_no = _int(values[0], "node number")
    x, y = _int(values[1], "x"), _int(values[2], "y")
    shape = values[3]
    if shape not in SHAPES:
        raise _Reject(f"unknown shape {str(shape)[:30]!r}")
    w, h = _int(values[4], "width"), _int(values[5], "height")
    line_shape = values[6]
    if line_shape not in LINE_SHAPES:
        raise _Reject(f"unknown line shape {str(line_shape)[:30]!r}")
    bg = _colour(values[7], "background colour")
    line_color = _colour(values[8], "line colour")
    raw_targets = values[9]
    if not isinstance(raw_targets, list):
        raise _Reject("targets must be a list of node numbers")
    if len(raw_targets) > MAX_TARGETS:
        raise _Reject("too many targets")
    targets = tuple(_int(target, "target") for target in raw_targets)
    label = None
    if len(values) == 11:
        label = values[10]
        if not isinstance(label, str):
            raise _Reject("label must be a string")
        if len(label) > MAX_LABEL_CHARS:
            raise _Reject(f"label longer than {MAX_LABEL_CHARS} characters")
        label = label or None
    return Node(node_no, x, y, shape, w, h, line_shape, bg, line_color, targets, label)


def parse_line(line: str) -> Node:
    """Parse one node line; raises ValueError with a one-phrase reason."""
    if len(line) > MAX_LINE_CHARS:
        raise ValueError(f"line longer than {MAX_LINE_CHARS} characters")
    if _bracket_depth(line) > MAX_DEPTH:
        raise ValueError("nesting is too deep")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. invalid escape sequences in hostile strings
            tree = ast.parse(line, mode="eval")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise ValueError("not a Python list literal") from None
    try:
        return _node_from_values(_literal(tree.body))
    except _Reject as exc:
        raise ValueError(str(exc)) from None


def parse(text: str) -> ParseResult:
    """Parse Diagram Format Text into the valid nodes plus line-level errors.

    Structural checks that involve several nodes (duplicate ids, dangling targets)
    are left to :func:`validate`, so a caller can still render a partly valid text.
    """
    errors: list[LineError] = []
    if not isinstance(text, str):
        return ParseResult(Diagram(), [LineError(0, "input is not text")])
    if len(text) > MAX_TEXT_CHARS:
        errors.append(LineError(0, f"text longer than {MAX_TEXT_CHARS} characters; the rest was ignored"))
        text = text[:MAX_TEXT_CHARS]
    nodes: list[Node] = []
    comments: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if not nodes:
                comments.append(line[:MAX_LINE_CHARS])
            continue
        if len(nodes) >= MAX_NODES:
            errors.append(LineError(number, f"more than {MAX_NODES} nodes; the rest was ignored"))
            break
        try:
            nodes.append(parse_line(line))
        except ValueError as exc:
            if len(errors) < MAX_ERRORS:
                errors.append(LineError(number, str(exc)))
    return ParseResult(Diagram(tuple(nodes), tuple(comments)), errors)


def _format_node(node: Node) -> str:
    bg = "({}, {}, {})".format(*node.bg)
    line_color = "({}, {}, {})".format(*node.line_color)
    targets = "[" + ", ".join(str(target) for target in node.targets) + "]"
    head = (
        f"[{node.node_no}, {node.x}, {node.y}, '{node.shape}', {node.w}, {node.h}, "
        f"'{node.line_shape}', {bg}, {line_color}, {targets}"
    )
    if node.label is None:
        return head + "]"
    return head + ", " + repr(node.label) + "]"


def serialize(diagram: Diagram, with_comments: bool = True) -> str:
    """One canonical text: comments first, then one node line each, newline-terminated."""
    lines = list(diagram.comments) if with_comments else []
    lines.extend(_format_node(node) for node in diagram.nodes)
    return "\n".join(lines) + ("\n" if lines else "")


def validate(diagram: Diagram) -> list[LineError]:
    """Whole-diagram checks; each error names the node it is about (line 0)."""
    errors: list[LineError] = []
    seen: set[int] = set()
    for node in diagram.nodes:
        if node.node_no in seen:
            errors.append(LineError(0, f"node {node.node_no}: duplicate node number"))
        seen.add(node.node_no)
    for node in diagram.nodes:
        who = f"node {node.node_no}"
        if node.w <= 0 or node.h <= 0:
            errors.append(LineError(0, f"{who}: width and height must be positive"))
        left, top, right, bottom = node.box
        if left < 0 or top < 0 or right > CANVAS_W or bottom > CANVAS_H:
            errors.append(LineError(0, f"{who}: outside the {CANVAS_W} x {CANVAS_H} canvas"))
        for target in node.targets:
            if target == node.node_no:
                errors.append(LineError(0, f"{who}: points to itself"))
            elif target not in seen:
                errors.append(LineError(0, f"{who}: target {target} does not exist"))
        if len(set(node.targets)) != len(node.targets):
            errors.append(LineError(0, f"{who}: repeated target"))
    return errors


def describe_errors(errors: list[LineError], limit: int = 3) -> str:
    """One sentence summarising errors for a CLI message or a page banner."""
    if not errors:
        return "no errors"
    shown = "; ".join(str(error) for error in errors[:limit])
    more = f" (and {len(errors) - limit} more)" if len(errors) > limit else ""
    return f"{len(errors)} problem(s): {shown}{more}"
