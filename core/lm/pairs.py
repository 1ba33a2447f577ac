"""Preference pairs for ORPO: from users' labels and from the model's own mistakes.

Every pair is (plan prompt, chosen drawing, rejected drawing) in the drawer's
compact form, with its provenance. Sources:

- ``user``: a pairwise choice on the Label page;
- ``ratings``: two rated diagrams of one generation whose ratings differ by 2+;
- ``defects``: the model's own sampled drawing that has a structure error or a
  layout defect (rejected) against the synthetic target of its plan drawn in that
  drawing's own style (chosen): the seed's method, with the style held equal so the
  pair differs only where the mistake is (a target in a random style taught the
  palette, not the layout: the defect rate did not move);
- ``best-worst``: best against worst of N samples by a scoring function;
- ``simulated``: a scripted rater's taste (benchmarks only).

Example:
    >>> pairs = dedupe(store_pairs(store) + defect_pairs(drawer, 200, seed=1))
    >>> rows = [pair.trl() for pair in pairs]
"""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field, replace

from core.defects import find_defects, through_edge_nodes
from core.dsl import Diagram, parse
from core.lm.sft import split_compact
from core.lm.tokenizer import to_compact
from core.metrics import structure_matches
from core.plan import find_plan, parse_plan
from core.repair import repair
from core.store import Store
from core.synth import cnn_spec, dense_spec, flow_spec


@dataclass(frozen=True)
class Pair:
    prompt: str
    chosen: str
    rejected: str
    source: str
    rater: str = ""
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    def trl(self) -> dict:
        return {"prompt": self.prompt, "chosen": self.chosen, "rejected": self.rejected}

    @property
    def key(self) -> str:
        return hashlib.sha256("\0".join((self.prompt, self.chosen, self.rejected)).encode()).hexdigest()


def compact_pair(chosen: Diagram, rejected: Diagram, source: str, rater: str = "", **meta) -> Pair | None:
    """A pair of two drawings of the same plan; None when their plans differ or are missing."""
    if not find_plan(chosen.comments) or find_plan(chosen.comments) != find_plan(rejected.comments):
        return None
    prompt, chosen_text = split_compact(to_compact(chosen))
    _, rejected_text = split_compact(to_compact(rejected))
    if chosen_text == rejected_text:
        return None
    return Pair(prompt, chosen_text, rejected_text, source, rater, meta)


def store_pairs(store: Store, min_gap: int = 2) -> list[Pair]:
    """Pairs from pairwise choices, and from rated candidates of one generation 2+ points apart."""
    pairs: list[Pair] = []
    for row in store.pairs():
        pair = compact_pair(
            parse(row["chosen_text"] or "").diagram,
            parse(row["rejected_text"] or "").diagram,
            "user",
            row["rater"],
            prompt=row["prompt"],
        )
        if pair:
            pairs.append(pair)
    ratings: dict[tuple[int, str], int] = {(r["diagram_id"], r["rater"]): r["rating"] for r in store.ratings()}
    by_rater: dict[str, dict[int, int]] = defaultdict(dict)
    for (diagram_id, rater), value in ratings.items():
        by_rater[rater][diagram_id] = value
    for group in store.generation_groups():
        for rater, rated in by_rater.items():
            scored = [(rated[i], i) for i in group["diagram_ids"] if i in rated]
            for high, high_id in scored:
                for low, low_id in scored:
                    if high - low >= min_gap:
                        pair = compact_pair(
                            parse(store.diagram(high_id)["text"] or "").diagram,
                            parse(store.diagram(low_id)["text"] or "").diagram,
                            "ratings",
                            rater,
                            ratings=(high, low),
                        )
                        if pair:
                            pairs.append(pair)
    return pairs


def random_spec(rng: random.Random):
    return rng.choice((dense_spec, cnn_spec, flow_spec))(rng)


MOVE_STEPS = (8, 16, 24, 32, 48, 64, 96)  # px a node may move to clear an edge
MOVE_OFFSETS = sorted(  # every move of those lengths along the axes and diagonals, nearest first
    {(dx, dy) for step in MOVE_STEPS for dx in (-step, 0, step) for dy in (-step, 0, step)} - {(0, 0)},
    key=lambda offset: (offset[0] ** 2 + offset[1] ** 2, offset),
)


def moved_off_edges(diagram: Diagram) -> Diagram | None:
    """The drawing with one node moved the shortest distance that leaves it free of hard defects, when an
    edge runs through a node and such a move exists; the rest of the drawing is unchanged."""
    candidates = through_edge_nodes(diagram)
    if not candidates:
        return None
    for dx, dy in MOVE_OFFSETS:
        for index in candidates:
            node = diagram.nodes[index]
            moved = replace(node, x=node.x + dx, y=node.y + dy)
            nodes = diagram.nodes[:index] + (moved,) + diagram.nodes[index + 1 :]
            candidate = replace(diagram, nodes=nodes)
            if find_defects(candidate).hard_total == 0:
                return candidate
    return None


def defect_pairs(drawer, count: int, seed: int, samples_per_plan: int = 4) -> list[Pair]:
    """The model's own wrong or defective drawings against a fixed version in the same style: the drawing
    with one node moved off the edge running through it when that clears every hard defect (a pair that
    differs in one node's position, so the preference is about that), else the plan's target."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    attempts = 0
    while len(pairs) < count and attempts < count * 4:
        attempts += 1
        spec = random_spec(rng)
        for drawing in drawer.draw(spec, count=samples_per_plan, seed=rng.randrange(10**6)):
            defects = find_defects(drawing.diagram)
            right = structure_matches(drawing.diagram, spec)[0]
            if defects.hard_total or not right:
                moved = moved_off_edges(drawing.diagram) if right else None
                target = moved or repair(drawing.diagram, spec)
                kind = "one node moved" if moved else "target"
                pair = compact_pair(target, drawing.diagram, "defects", defects=defects.hard_total, fix=kind)
                if pair:
                    pairs.append(pair)
                    break
    return pairs


def best_worst_pairs(drawer, score, count: int, seed: int, samples_per_plan: int = 6) -> list[Pair]:
    """Best vs worst of N samples of a plan by ``score(diagram) -> float`` (needs a clear gap)."""
    rng = random.Random(seed)
    pairs: list[Pair] = []
    for _ in range(count):
        spec = random_spec(rng)
        drawings = [d.diagram for d in drawer.draw(spec, count=samples_per_plan, seed=rng.randrange(10**6))]
        ranked = sorted(drawings, key=score)
        if score(ranked[-1]) - score(ranked[0]) >= 0.5:
            pair = compact_pair(ranked[-1], ranked[0], "best-worst")
            if pair:
                pairs.append(pair)
    return pairs


def dedupe(pairs: list[Pair]) -> list[Pair]:
    seen: set[str] = set()
    unique = []
    for pair in pairs:
        if pair.key not in seen:
            seen.add(pair.key)
            unique.append(pair)
    return unique


def plan_of(diagram: Diagram):
    line = find_plan(diagram.comments)
    return parse_plan(line) if line else None
