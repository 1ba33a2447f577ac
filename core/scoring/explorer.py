"""Latent explorer data: latents of stored diagrams, a 2-D projection and how far to trust it.

Neighbours and scores always use the full latent space; the 2-D map is only a
picture of it, and its trustworthiness (scikit-learn: 1 = every 2-D neighbourhood
is a true one) says how much its distances mean.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness

from core.store import Store

MAX_POINTS = 3000


def latent_table(store: Store, scorer, limit: int = MAX_POINTS) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per stored diagram with its source, ratings and readability, plus the latents."""
    rows = store.diagrams(limit=limit)
    ratings: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for rating in store.ratings():
        ratings[rating["diagram_id"]].append((rating["rater"], rating["rating"]))
    kept, readability, latents = scorer.stored_features(store, rows)
    if not kept:
        return pd.DataFrame(columns=["id", "source", "prompt", "rating", "raters", "readability"]), latents
    records = []
    for row in kept:
        given = ratings.get(row["id"], [])
        records.append(
            {
                "id": row["id"],
                "source": row["source"],
                "prompt": (row["prompt"] or "")[:80],
                "rating": float(np.mean([r for _, r in given])) if given else np.nan,
                "raters": ", ".join(sorted({name for name, _ in given})) or "none",
            }
        )
    table = pd.DataFrame(records)
    table["readability"] = np.round(readability, 2)
    return table, latents


def project(latents: np.ndarray, method: str = "PCA", seed: int = 0) -> tuple[np.ndarray, float]:
    """2-D coordinates and their trustworthiness (k = 5 neighbours)."""
    if len(latents) < 3:
        return np.zeros((len(latents), 2)), float("nan")
    if method == "t-SNE" and len(latents) > 5:
        perplexity = min(30.0, max(2.0, (len(latents) - 1) / 3))
        points = TSNE(2, perplexity=perplexity, random_state=seed, init="pca").fit_transform(latents)
    else:
        points = PCA(2, random_state=seed).fit_transform(latents)
    k = min(5, max(1, len(latents) // 2 - 1))
    return points, float(trustworthiness(latents, points, n_neighbors=k))
