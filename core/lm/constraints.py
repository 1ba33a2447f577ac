"""Plan-constrained decoding: the grammar and geometry the drawer's sampling must follow.

From the plan we know every node's number, targets and label, so those tokens are
forced; the model chooses only what a drawing is made of: position, shape, size,
line shape and colours. Each free slot is masked to legal tokens: coordinates on
the canvas, sizes that keep the node inside the canvas and clear of the nodes
already placed, labels that fit, palette colours. A parse failure, an overlap or a
node off the canvas therefore cannot happen. Edges through nodes are avoided where
the plan's edges are known: a node's y and size keep its box off the edges already
drawn between placed nodes, and its y keeps its own edges to placed nodes clear of
other placed boxes. Edges to nodes placed later can still run through it when no
clear spot is left; the pipeline's repair step handles those (and reports it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import torch

from core.defects import MIN_GAP, WHITE
from core.dsl import CANVAS_H, CANVAS_W, Node
from core.geometry import contrast_ratio, segment_box_hits
from core.layout import layout
from core.lm.tokenizer import (
    EOD,
    LABEL,
    LINE_TOKENS,
    NODE,
    SHAPE_TOKENS,
    TARGETS,
    clean_words,
    colour_token,
    colour_vocab,
    target_symbols,
)
from core.plan import Spec
from core.render import fit_label, text_area
from core.style import Style

SLOTS = ("x", "y", "shape", "w", "h", "line", "bg", "line_color")
MIN_SIZE = 10


@dataclass
class Step:
    """Either tokens to feed as they are, or one free slot of node ``node`` to sample."""

    forced: list[int] = field(default_factory=list)
    slot: str | None = None
    node: int = -1


class Vocabulary:
    """Token ids of the words the constraints talk about."""

    def __init__(self, tokenizer) -> None:
        vocab = tokenizer.get_vocab()

        def word(text: str) -> int:
            token = text if text.startswith("⟨") else text + "</w>"
            if token not in vocab:
                raise ValueError(f"the drawer tokenizer lacks the word {text!r}")
            return vocab[token]

        self.size = len(tokenizer)
        self.number = torch.tensor([word(str(n)) for n in range(1001)])
        self.shapes = {name: word(token) for name, token in SHAPE_TOKENS.items()}
        self.lines = {name: word(token) for name, token in LINE_TOKENS.items()}
        self.colours = {colour: word(colour_token(colour)) for colour in colour_vocab()}
        self.line_colours = [i for colour, i in self.colours.items() if contrast_ratio(colour, WHITE) >= 2.5]
        self.id_to_value: dict[int, object] = {int(i): n for n, i in enumerate(self.number.tolist())}
        self.id_to_value.update({i: name for name, i in self.shapes.items()})
        self.id_to_value.update({i: name for name, i in self.lines.items()})
        self.id_to_value.update({i: colour for colour, i in self.colours.items()})
        self.tokenizer = tokenizer

    def encode_words(self, symbols: list[str]) -> list[int]:
        return self.tokenizer(" ".join(symbols), add_special_tokens=False).input_ids


def program(spec: Spec, vocabulary: Vocabulary) -> tuple[list[Step], list[Node]]:
    """The decoding program for a plan, and the skeleton nodes (numbers, targets, labels)."""
    skeleton = list(layout(spec, Style()).nodes)
    steps: list[Step] = []
    pending: list[str] = []
    for index, node in enumerate(skeleton):
        pending += [NODE, str(node.node_no)]
        steps.append(Step(forced=vocabulary.encode_words(pending), slot=None))
        pending = []
        steps += [Step(slot=slot, node=index) for slot in SLOTS]
        pending = [TARGETS, *target_symbols(node.targets)]
        if node.label:
            pending += [LABEL, *clean_words(node.label)]
    steps.append(Step(forced=vocabulary.encode_words([*pending, EOD])))
    merged: list[Step] = []
    for step in steps:  # a forced chunk rides along with the sampled token before it
        if step.slot is None and merged and merged[-1].slot is not None:
            merged[-1].forced = step.forced
        else:
            merged.append(step)
    return merged, skeleton


def _min_label_width(label: str | None, height: float, shape: str | None = None) -> int:
    """The narrowest width at which ``label`` fits a node of this height (circles lose their corners)."""
    if not label:
        return MIN_SIZE
    for width in range(24, CANVAS_W, 8):
        if fit_label(label, *text_area(width, height, shape)):
            return width
    return CANVAS_W


def _min_label_height(label: str | None, width: float, shape: str | None = None) -> int:
    """The lowest height at which ``label`` fits a node of this width; 24 if none up to 240 does."""
    if not label:
        return MIN_SIZE
    for height in range(24, 241, 2):
        if fit_label(label, *text_area(width, height, shape)):
            return height
    return 24


Box = tuple[float, float, float, float]
EDGE_CLEARANCE = 4  # px between an edge and a node box it passes (the defect check allows 2 inside)


@dataclass
class Partial:
    """What one candidate has chosen so far for the node being drawn (``node``, a skeleton index), the
    boxes placed so far by skeleton index, and the plan's edges as skeleton index pairs."""

    values: dict = field(default_factory=dict)
    boxes: dict[int, Box] = field(default_factory=dict)
    links: tuple[tuple[int, int], ...] = ()
    node: int = -1

    @property
    def placed(self) -> list[Box]:
        return list(self.boxes.values())

    def place(self) -> None:
        x, y, w, h = (self.values[k] for k in ("x", "y", "w", "h"))
        self.boxes[self.node] = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        self.values = {}

    def drawn_edges(self) -> np.ndarray:
        """(E, 4) centre-to-centre segments of the edges between placed nodes other than this one."""
        segments = [
            (*_centre(self.boxes[a]), *_centre(self.boxes[b]))
            for a, b in self.links
            if a in self.boxes and b in self.boxes and self.node not in (a, b)
        ]
        return np.array(segments, dtype=float).reshape(-1, 4)

    def neighbours(self) -> list[int]:
        """Placed nodes this node has an edge with."""
        return sorted({b if a == self.node else a for a, b in self.links if self.node in (a, b)} & set(self.boxes))


def _centre(box: Box) -> tuple[float, float]:
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def plan_links(skeleton: list[Node]) -> tuple[tuple[int, int], ...]:
    """The plan's edges as skeleton index pairs."""
    index = {node.node_no: i for i, node in enumerate(skeleton)}
    return tuple((i, index[t]) for i, node in enumerate(skeleton) for t in node.targets if t in index and index[t] != i)


def _hits(segments: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(E, B) booleans: segment e runs through box b. Only segments and boxes whose extents meet the
    other side's overall extent are tested."""
    out = np.zeros((len(segments), len(boxes)), dtype=bool)
    if len(segments) == 0 or len(boxes) == 0:
        return out
    extents = np.hstack([np.minimum(segments[:, :2], segments[:, 2:]), np.maximum(segments[:, :2], segments[:, 2:])])
    rows, columns = _meets(extents, boxes), _meets(boxes, extents)
    if rows.any() and columns.any():
        out[np.ix_(rows, columns)] = segment_box_hits(segments[rows], boxes[columns])
    return out


def _meets(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(len(boxes),) booleans: the box meets the rectangle around all of ``others``."""
    left, top = others[:, :2].min(0)
    right, bottom = others[:, 2:].max(0)
    return (boxes[:, 0] <= right) & (boxes[:, 2] >= left) & (boxes[:, 1] <= bottom) & (boxes[:, 3] >= top)


def _boxes(x, y, w, h) -> np.ndarray:
    """(n, 4) boxes centred at (x, y), w x h; any of the four may be an array of n."""
    x, y, w, h = np.broadcast_arrays(*(np.asarray(value, dtype=float) for value in (x, y, w, h)))
    return np.stack([x - w / 2, y - h / 2, x + w / 2, y + h / 2], -1).reshape(-1, 4)


def _edge_blocked_y(partial: Partial, x: float, w: float, h: float, ys: np.ndarray) -> np.ndarray:
    """(len(ys),) booleans: at this y a w x h box at x would sit on a drawn edge, or one of this node's
    own edges to a placed node would run through another placed box."""
    pad = EDGE_CLEARANCE
    blocked = _hits(partial.drawn_edges(), _boxes(x, ys, w + 2 * pad, h + 2 * pad)).any(0)
    placed = {i: box for i, box in partial.boxes.items() if i != partial.node}
    for neighbour in partial.neighbours():
        others = np.array([box for i, box in placed.items() if i != neighbour], dtype=float).reshape(-1, 4)
        centre = np.broadcast_to(_centre(partial.boxes[neighbour]), (len(ys), 2))
        segments = np.hstack([np.stack([np.full(len(ys), x), ys], 1), centre])
        blocked |= _hits(segments, others + np.array([2, 2, -2, -2])).any(1)  # as the defect check counts
    return blocked


def _sizes_clear(partial: Partial, sizes: np.ndarray, box_of) -> np.ndarray:
    """(len(sizes),) booleans: a node of this size (``box_of(sizes) -> (n, 4) boxes``) stays off the drawn edges."""
    pad = EDGE_CLEARANCE
    return ~_hits(partial.drawn_edges(), box_of(sizes) + np.array([-pad, -pad, pad, pad])).any(0)


def edge_clear(slot: str, partial: Partial, label: str | None) -> np.ndarray | None:
    """(1001,) booleans: the values of a y, w or h slot that keep this node and the plan's edges apart,
    or None when the plan has no edges or no y is clear (then only the other constraints apply)."""
    if not partial.links:
        return None
    values, numbers = partial.values, np.arange(1001, dtype=float)
    if slot == "y":
        for w, h in (label_box(label), (MIN_SIZE, MIN_SIZE)):
            clear = ~_edge_blocked_y(partial, values["x"], w, h, numbers)
            if clear.any():
                return clear
        return None
    x, y = values["x"], values["y"]
    clear = np.ones(1001, dtype=bool)  # sizes above 320 are refused by the other constraints anyway
    sizes = numbers[:321]
    if slot == "w":
        clear[:321] = _sizes_clear(partial, sizes, lambda w: _boxes(x, y, w, MIN_SIZE))
    else:
        clear[:321] = _sizes_clear(partial, sizes, lambda h: _boxes(x, y, values["w"], h))
    return clear


def _blocked_y(placed, x_low: float, x_high: float, margin: float) -> list[tuple[int, int]]:
    """y ranges where a box spanning [x_low, x_high] would touch a placed box (with margin)."""
    return [
        (int(top - margin), int(bottom + margin))
        for left, top, right, bottom in placed
        if left - margin < x_high and x_low < right + margin
    ]


def _x_allowed(placed, box: tuple[int, int] = (MIN_SIZE, MIN_SIZE)) -> np.ndarray:
    """x values where a node of size ``box`` (w, h) still fits at some y, so legal y, w and h exist later."""
    half_w, half_h = box[0] / 2, box[1] / 2
    margin_x, margin_y = MIN_GAP + 2 + half_w, MIN_GAP + 2 + half_h
    allowed = np.zeros(1001, dtype=bool)
    allowed[int(np.ceil(half_w)) : int(CANVAS_W - half_w) + 1] = True
    if not placed:
        return allowed
    boxes = np.array(placed)
    xs = np.arange(1001)[:, None]
    in_band = (boxes[None, :, 0] - margin_x < xs) & (xs < boxes[None, :, 2] + margin_x)  # (1001, N)
    ys = np.arange(int(np.ceil(half_h)), int(CANVAS_H - half_h) + 1)
    for x in np.nonzero(allowed)[0]:
        band = boxes[in_band[x]]
        if len(band):
            top, bottom = band[None, :, 1] - margin_y, band[None, :, 3] + margin_y
            covered = ((top <= ys[:, None]) & (ys[:, None] <= bottom)).any(1)
            allowed[x] = not covered.all()
    return allowed


def _open_values(low: int, high: int, blocked: list[tuple[int, int]]) -> np.ndarray:
    """(1001,) booleans: the numbers from ``low`` to ``high`` outside every blocked range."""
    numbers = np.zeros(1001, dtype=bool)
    numbers[max(low, 0) : high + 1] = True
    for start, end in blocked:
        numbers[max(start, 0) : max(end + 1, 0)] = False
    return numbers


@lru_cache(maxsize=4096)
def label_box(label: str | None) -> tuple[int, int]:
    """The smallest rectangle (w, h) a node needs for its label to fit: where x and y must leave room."""
    if not label:
        return MIN_SIZE, MIN_SIZE
    width = min(_min_label_width(label, 44), 320)
    return width, max(24, _min_label_height(label, width))


def allowed_numbers(slot: str, partial: Partial, label: str | None) -> tuple[int, int, list[tuple[int, int]]]:
    """(low, high, excluded ranges) of the legal values of a numeric slot (x is masked separately)."""
    gap = MIN_GAP + 2
    values, placed = partial.values, partial.placed
    if slot == "y":  # room for the label's box if the chosen x has it, else for a minimal node
        x = values["x"]
        for w, h in (label_box(label), (MIN_SIZE, MIN_SIZE)):
            blocked = _blocked_y(placed, x - w / 2, x + w / 2, gap + h / 2)
            low, high = int(np.ceil(h / 2)), int(CANVAS_H - h / 2)
            if _open_values(low, high, blocked).any():
                break
        return low, high, blocked
    x, y = values["x"], values["y"]
    if slot == "w":
        high = min(2 * x, 2 * (CANVAS_W - x), 320)
        for left, top, right, bottom in placed:
            if top - gap - MIN_SIZE / 2 < y < bottom + gap + MIN_SIZE / 2:
                distance = left - x if left > x else x - right
                high = min(high, 2 * (distance - gap))
        low = min(_min_label_width(label, 44, values.get("shape")), high)
        return max(MIN_SIZE, int(low)), int(high), []
    w = values["w"]
    high = min(2 * y, 2 * (CANVAS_H - y), 240)
    for left, top, right, bottom in placed:
        if left - gap < x + w / 2 and x - w / 2 < right + gap:
            distance = top - y if top > y else y - bottom
            high = min(high, 2 * (distance - gap))
    # the width was chosen for a two-line label: a height too low for it would overflow
    low = _min_label_height(label, w, values.get("shape")) if label else MIN_SIZE
    return max(MIN_SIZE, min(low, int(high))), int(high), []


def slot_mask(slot: str, partial: Partial, label: str | None, vocabulary: Vocabulary) -> torch.Tensor:
    """Boolean mask over the vocabulary of the tokens legal in this slot."""
    mask = torch.zeros(vocabulary.size, dtype=torch.bool)
    if slot == "shape":
        mask[list(vocabulary.shapes.values())] = True
    elif slot == "line":
        mask[list(vocabulary.lines.values())] = True
    elif slot == "bg":
        mask[list(vocabulary.colours.values())] = True
    elif slot == "line_color":  # lines and borders must stand out on the white canvas
        mask[vocabulary.line_colours] = True
    elif slot == "x":  # room for the label's box, else for a minimal node, else anywhere
        numbers = torch.from_numpy(_x_allowed(partial.placed, label_box(label)))
        if not numbers.any():
            numbers = torch.from_numpy(_x_allowed(partial.placed))
        if not numbers.any():  # the canvas is full: let the model choose, repair fixes it
            numbers[MIN_SIZE // 2 : CANVAS_W - MIN_SIZE // 2 + 1] = True
        mask[vocabulary.number[numbers]] = True
    else:
        low, high, blocked = allowed_numbers(slot, partial, label)
        if high < low:  # nothing legal: let the model choose and the repair step fix it
            low, high, blocked = MIN_SIZE, {"x": CANVAS_W, "y": CANVAS_H}.get(slot, 200), []
        numbers = torch.from_numpy(_open_values(low, high, blocked))
        if not numbers.any():
            numbers[low : high + 1] = True
        clear = edge_clear(slot, partial, label)
        if clear is not None and (numbers & torch.from_numpy(clear)).any():  # edges give way to the rest
            numbers &= torch.from_numpy(clear)
        mask[vocabulary.number[numbers]] = True
    return mask
