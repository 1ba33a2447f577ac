"""ORPO benchmark: before/after on held-out plans for two kinds of preference pairs.

Usage: python bench/orpo_bench.py [--plans 60] [--samples 4] [--minutes 20] [--pairs 300]
       [--epochs E] [--lr LR] [--beta B] [--only defects|palette]

1. Automatic defect pairs (synthetic target vs the model's own defective drawing):
   layout defect rate, mean readability and structure accuracy, before and after.
2. A scripted rater who prefers the 'ocean' palette (pairs from the model's own
   samples): the share of candidates drawn in that palette, before and after.

Candidates are drawn with the constraints on and the repair step off, so what is
measured is the model itself. Plans come from a seed the pairs never used.
Adapters are written to runs/orpo-bench-*/ (the defect one is what ships as
models/orpo-defects when it helps).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.defects import find_defects  # noqa: E402
from core.lm.generate import Drawer  # noqa: E402
from core.lm.orpo import OrpoRunConfig, train_orpo  # noqa: E402
from core.lm.pairs import compact_pair, random_spec  # noqa: E402
from core.metrics import structure_matches  # noqa: E402
from core.repair import infer_style  # noqa: E402
from core.scoring.scorer import Scorer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
TARGET_PALETTE = "ocean"
DEFECT_KINDS = (
    "overlaps",
    "out_of_canvas",
    "label_overflow",
    "edge_through_node",
    "cramped",
    "low_contrast",
    "tiny_nodes",
)


def measure(drawer: Drawer, scorer: Scorer, plans: list, samples: int) -> dict:
    drawings, specs = [], []
    for index, spec in enumerate(plans):
        for drawing in drawer.draw(spec, count=samples, seed=1000 + index):
            drawings.append(drawing.diagram)
            specs.append(spec)
    readability = [s.readability for s in scorer.score(drawings)]
    found = [find_defects(d) for d in drawings]
    defective = [defects.hard_total > 0 for defects in found]
    structure = [structure_matches(d, s)[0] for d, s in zip(drawings, specs)]
    palette = [infer_style(d, s).palette == TARGET_PALETTE for d, s in zip(drawings, specs)]
    return {
        "n": len(drawings),
        "defect rate": sum(defective) / len(drawings),
        "mean readability": statistics.fmean(readability),
        "structure": sum(structure) / len(drawings),
        f"{TARGET_PALETTE} share": sum(palette) / len(drawings),
        **{f"… with {kind}": sum(getattr(d, kind) > 0 for d in found) / len(drawings) for kind in DEFECT_KINDS},
    }


def palette_pairs(drawer: Drawer, count: int, seed: int) -> list:
    rng = random.Random(seed)
    pairs = []
    for _ in range(count * 6):
        if len(pairs) >= count:
            break
        spec = random_spec(rng)
        drawings = [d.diagram for d in drawer.draw(spec, count=6, seed=rng.randrange(10**6))]
        liked = [d for d in drawings if infer_style(d, spec).palette == TARGET_PALETTE]
        other = [d for d in drawings if infer_style(d, spec).palette != TARGET_PALETTE]
        if liked and other:
            pair = compact_pair(liked[0], rng.choice(other), "simulated", "prefers-ocean")
            if pair:
                pairs.append(pair)
    return pairs


def write_pairs(pairs: list, path: Path) -> Path:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({**p.trl(), "source": p.source}) + "\n" for p in pairs))
    return path


def report(name: str, before: dict, after: dict, pairs: int, seconds: float) -> None:
    print(f"\n### {name} ({pairs} pairs, ORPO {seconds / 60:.1f} min)\n")
    print("| measure | before | after |\n|---|---|---|")
    for key in before:
        fmt = "{:.0f}" if key == "n" else "{:.3f}"
        print(f"| {key} | {fmt.format(before[key])} | {fmt.format(after[key])} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=60)
    parser.add_argument("--samples", type=int, default=4)
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--epochs", type=float, default=OrpoRunConfig.epochs)
    parser.add_argument("--lr", type=float, default=OrpoRunConfig.learning_rate)
    parser.add_argument("--beta", type=float, default=OrpoRunConfig.beta, help="weight of ORPO's odds-ratio term")
    parser.add_argument("--only", choices=("defects", "palette"), help="run one of the two experiments")
    args = parser.parse_args()
    tuning = {"epochs": args.epochs, "learning_rate": args.lr, "beta": args.beta}
    scorer = Scorer.load()
    rng = random.Random(31337)
    plans = [random_spec(rng) for _ in range(args.plans)]
    base = Drawer.load()
    before = measure(base, scorer, plans, args.samples)
    print(
        f"# ORPO benchmark ({time.strftime('%Y-%m-%d')}), {args.plans} held-out plans x {args.samples} samples, "
        f"{args.epochs:g} epochs, learning rate {args.lr:g}, beta {args.beta:g}"
    )

    stamp = time.strftime("%Y%m%d-%H%M%S")
    if args.only != "palette":
        out = REPO / "runs" / f"orpo-bench-defects-{stamp}"
        started = time.time()
        summary = train_orpo(
            OrpoRunConfig(
                source="defects", defect_pairs=args.pairs, max_minutes=args.minutes, out_dir=str(out), **tuning
            )
        )
        after = measure(Drawer.load(adapter=out / "adapter"), scorer, plans, args.samples)
        report("Automatic defect pairs", before, after, summary["pairs"], time.time() - started)
    if args.only == "defects":
        return

    pairs = palette_pairs(Drawer.load(), args.pairs, seed=99)
    out = REPO / "runs" / f"orpo-bench-palette-{stamp}"
    started = time.time()
    summary = train_orpo(
        OrpoRunConfig(
            source="pairs-file",
            pairs_file=str(write_pairs(pairs, out / "input.jsonl")),
            max_minutes=args.minutes,
            out_dir=str(out),
            **tuning,
        )
    )
    after = measure(Drawer.load(adapter=out / "adapter"), scorer, plans, args.samples)
    report(
        f"Scripted rater who prefers the '{TARGET_PALETTE}' palette",
        before,
        after,
        summary["pairs"],
        time.time() - started,
    )


if __name__ == "__main__":
    main()
