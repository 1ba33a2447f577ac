"""Layout defects per family over synthetic samples (issue: layout bench).

Usage: python bench/layout_bench.py [--n 2000] [--seed 7]
Prints a Markdown table: samples with each defect kind (all must be 0) and mean crossings.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.defects import find_defects  # noqa: E402
from core.dsl import parse, validate  # noqa: E402
from core.metrics import structure_matches  # noqa: E402
from core.plan import spec_from_dict  # noqa: E402
from core.synth import make_sample  # noqa: E402

KINDS = ("overlaps", "out_of_canvas", "label_overflow", "edge_through_node", "cramped", "low_contrast", "tiny_nodes")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    rows: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for index in range(args.n):
        sample = make_sample(args.seed, index)
        result = parse(sample.text)
        row = rows[sample.kind]
        row["samples"] += 1
        row["parse/validate failures"] += (not result.ok) or bool(validate(result.diagram))
        row["structure mismatches"] += not structure_matches(result.diagram, spec_from_dict(sample.spec))[0]
        defects = find_defects(result.diagram)
        for kind in KINDS:
            row[kind] += getattr(defects, kind) > 0
        row["crossings"] += defects.crossings
    columns = ["samples", "parse/validate failures", "structure mismatches", *KINDS, "mean crossings"]
    print(f"Layout bench: {args.n} samples, seed {args.seed}, {time.perf_counter() - started:.1f} s\n")
    print("| family | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for family in ("dense", "cnn", "flow"):
        row = rows[family]
        values = [int(row[c]) for c in columns[:-1]] + [f"{row['crossings'] / max(row['samples'], 1):.2f}"]
        print(f"| {family} | " + " | ".join(str(v) for v in values) + " |")


if __name__ == "__main__":
    main()
