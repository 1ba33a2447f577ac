"""Expected user score: distance-weighted mean rating of the k nearest rated diagrams.

Distances are Euclidean in the auto-encoder's full latent space (never the 2-D
projection). Every prediction returns its neighbours, distances and weights so
the app can show how a score was made.

Example:
    >>> model = KnnUserScore(latents, ratings, ids)
    >>> model.predict(latent)  # UserScore(score=3.7, neighbours=[...])
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MIN_RATINGS = 3
DEFAULT_K = 5
EPSILON = 1e-6


@dataclass
class Neighbour:
    diagram_id: int
    distance: float
    weight: float
    rating: float


@dataclass
class UserScore:
    score: float | None
    neighbours: list[Neighbour] = field(default_factory=list)
    message: str = ""


class KnnUserScore:
    """kNN regressor over one rater's rated diagrams."""

    def __init__(self, latents: np.ndarray, ratings: np.ndarray, diagram_ids: list[int], k: int = DEFAULT_K) -> None:
        if len(latents) != len(ratings) or len(ratings) != len(diagram_ids):
            raise ValueError("latents, ratings and diagram_ids must have the same length")
        latents = np.asarray(latents, dtype=np.float64)
        width = latents.shape[-1] if latents.ndim > 1 else latents.size // max(len(ratings), 1)
        self.latents = latents.reshape(len(ratings), width)  # also right for no ratings yet
        self.ratings = np.asarray(ratings, dtype=np.float64)
        self.ids = list(diagram_ids)
        self.k = k

    @property
    def ready(self) -> bool:
        return len(self.ratings) >= MIN_RATINGS

    def predict(self, latent: np.ndarray, exclude: int | None = None) -> UserScore:
        """Score for one latent; ``exclude`` leaves one stored diagram out (for leave-one-out)."""
        mask = np.array([i != exclude for i in self.ids], dtype=bool) if exclude is not None else slice(None)
        latents, ratings = self.latents[mask], self.ratings[mask]
        ids = [i for i in self.ids if i != exclude] if exclude is not None else self.ids
        if len(ratings) < MIN_RATINGS:
            return UserScore(
                None,
                [],
                f"only {len(ratings)} rated diagram(s); at least {MIN_RATINGS} are needed, "
                "so the final score uses readability alone",
            )
        distances = np.linalg.norm(latents - np.asarray(latent, dtype=np.float64).reshape(1, -1), axis=1)
        nearest = np.argsort(distances, kind="stable")[: min(self.k, len(distances))]
        weights = 1.0 / (distances[nearest] + EPSILON)
        score = float(np.sum(weights * ratings[nearest]) / np.sum(weights))
        neighbours = [
            Neighbour(ids[i], float(distances[i]), float(w / weights.sum()), float(ratings[i]))
            for i, w in zip(nearest, weights)
        ]
        return UserScore(score, neighbours, f"weighted mean of the {len(nearest)} nearest rated diagrams")

    def leave_one_out_mae(self) -> float:
        errors = [
            abs(self.predict(self.latents[i], exclude=self.ids[i]).score - self.ratings[i])
            for i in range(len(self.ids))
            if len(self.ids) > MIN_RATINGS
        ]
        return float(np.mean(errors)) if errors else float("nan")
