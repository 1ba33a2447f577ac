"""Scoring benchmark: readability CNN vs defect labels, kNN user score vs baselines, speed.

Usage: python bench/scoring_bench.py [--n 600] [--rated 300]

- Readability: held-out damaged synthetic diagrams (a seed never used in training):
  Spearman and MAE against their defect labels, next to a bare defect count.
- User score: leave-one-out MAE of kNN predictions on a rated set, for the shipped taste
  vectors (AE latents + colour), the AE latents alone, raw pixels, PCA of pixels and the
  mean rating. No human-rated model outputs exist yet, so the rated set comes from
  scripted raters with a taste (palette, shapes, or diagram family) plus a readability
  term; the table says so.
- Speed: scoring 5 candidates with the models loaded once.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scipy.stats import spearmanr  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402

from core.defects import find_defects  # noqa: E402
from core.dsl import parse  # noqa: E402
from core.layout import layout  # noqa: E402
from core.scoring.damage import damage  # noqa: E402
from core.scoring.images import diagram_input  # noqa: E402
from core.scoring.knn import KnnUserScore  # noqa: E402
from core.scoring.scorer import Scorer  # noqa: E402
from core.style import random_style  # noqa: E402
from core.synth import make_sample  # noqa: E402

RATERS = {
    "likes cool palettes": {"ocean": 2.0, "forest": 1.5, "slate": 1.0, "sunset": -1.5, "rose": -1.0},
    "likes warm palettes and circles": {"sunset": 2.0, "rose": 1.5, "sand": 1.0, "ocean": -1.5, "circle": 1.0},
    "likes flowcharts, not big networks": {"flow": 2.0, "cnn": 0.5, "dense": -0.5},
}


def simulated_rating(name: str, style, kind: str, readability: float, rng: random.Random) -> int:
    taste = RATERS[name]
    value = 1.5 + taste.get(style.palette, 0.0) + taste.get(style.neuron_shape, 0.0) * 0.5 + taste.get(kind, 0.0)
    value += 0.4 * (readability - 2.5) + rng.gauss(0, 0.4)
    return int(np.clip(round(value), 0, 5))


def readability_rows(scorer: Scorer, count: int) -> None:
    rng = random.Random(90210)
    inputs, labels, defect_counts = [], [], []
    for index in range(count):
        diagram, label = damage(parse(make_sample(90210, index).text).diagram, rng)
        inputs.append(diagram_input(diagram))
        labels.append(label)
        defect_counts.append(find_defects(diagram).hard_total)
    predicted, _ = scorer.readability.score(np.stack(inputs))
    labels_array = np.array(labels)
    print(f"\n### Readability CNN on {count} held-out damaged diagrams (seed 90210)\n")
    print("| predictor | Spearman with defect label | MAE (0-5) |\n|---|---|---|")
    print(
        f"| CNN ensemble (5 folds) | {spearmanr(predicted, labels_array).statistic:.3f} | "
        f"{np.abs(predicted - labels_array).mean():.3f} |"
    )
    print(f"| minus the bare defect count | {spearmanr(-np.array(defect_counts), labels_array).statistic:.3f} | - |")
    print("| the seed's CNN (its own labels) | - | 0.77 |")


def user_rows(scorer: Scorer, count: int) -> None:
    rng = random.Random(4711)
    inputs, styles, kinds = [], [], []
    for index in range(count):
        sample = make_sample(4711, index)
        style = random_style(rng)
        from core.plan import spec_from_dict

        diagram = layout(spec_from_dict(sample.spec), style)
        if rng.random() < 0.3:
            diagram = damage(diagram, rng, clean_share=0.0)[0]
        inputs.append(diagram_input(diagram))
        styles.append(style)
        kinds.append(sample.spec["kind"])
    x = np.stack(inputs)
    readability, _ = scorer.readability.score(x)
    latents = scorer.encoder.encode(x)
    taste = scorer.encoder.taste(x)
    pixels = x.reshape(len(x), -1)
    pca = PCA(32, random_state=0).fit_transform(pixels)
    print(f"\n### User score: leave-one-out MAE on {count} diagrams rated by scripted raters\n")
    print(
        "| rater | mean rating | kNN raw pixels | kNN PCA(32) of pixels | kNN AE latents "
        "| kNN AE latents + colour (shipped) |"
    )
    print("|---|---|---|---|---|---|")
    for name in RATERS:
        ratings = np.array(
            [simulated_rating(name, s, k, r, rng) for s, k, r in zip(styles, kinds, readability)], dtype=float
        )
        ids = list(range(len(ratings)))
        mean_mae = np.mean([abs(np.delete(ratings, i).mean() - ratings[i]) for i in ids])
        maes = [KnnUserScore(f, ratings, ids).leave_one_out_mae() for f in (pixels, pca, latents, taste)]
        print(f"| {name} | {mean_mae:.3f} | " + " | ".join(f"{m:.3f}" for m in maes) + " |")


def speed_rows(scorer: Scorer) -> None:
    diagrams = [parse(make_sample(5, i).text).diagram for i in range(5)]
    scorer.score(diagrams)  # warm-up
    times = []
    for _ in range(10):
        started = time.perf_counter()
        scorer.score(diagrams)
        times.append(time.perf_counter() - started)
    print("\n### Speed\n\n| measure | value |\n|---|---|")
    print(f"| score 5 candidates (render + CNN ensemble + AE + kNN), median of 10 | {statistics.median(times):.3f} s |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=600)
    parser.add_argument("--rated", type=int, default=300)
    args = parser.parse_args()
    started = time.perf_counter()
    scorer = Scorer.load()
    print(f"# Scoring benchmark ({time.strftime('%Y-%m-%d')}); models loaded in {time.perf_counter() - started:.2f} s")
    readability_rows(scorer, args.n)
    user_rows(scorer, args.rated)
    speed_rows(scorer)


if __name__ == "__main__":
    main()
