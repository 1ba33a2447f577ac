"""One object that scores candidates: readability ensemble + auto-encoder + kNN + ranking.

Models load once per Scorer; the latents of rated diagrams are cached by diagram
id, so re-scoring after a new rating only encodes the new diagram.

Example:
    >>> scorer = Scorer.load()
    >>> results = scorer.score([diagram_a, diagram_b], store=store, rater="ana")
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.dsl import Diagram
from core.scoring.autoencoder import AutoEncoder
from core.scoring.images import diagram_input, stored_input
from core.scoring.knn import KnnUserScore, UserScore
from core.scoring.ranking import RankingWeights, final_score
from core.scoring.readability import ReadabilityEnsemble
from core.store import Store

DEFAULT_WEIGHTS = RankingWeights()


@dataclass
class CandidateScore:
    readability: float
    readability_spread: float
    user: UserScore
    final: float
    latent: np.ndarray = field(repr=False)

    def as_dict(self) -> dict:
        return {
            "readability": round(self.readability, 3),
            "user_score": None if self.user.score is None else round(self.user.score, 3),
            "final": round(self.final, 3),
        }


class Scorer:
    def __init__(
        self, readability: ReadabilityEnsemble, encoder: AutoEncoder, weights: RankingWeights = DEFAULT_WEIGHTS
    ) -> None:
        self.readability = readability
        self.encoder = encoder
        self.weights = weights
        self._latents: dict[int, np.ndarray] = {}

    @classmethod
    def load(
        cls,
        readability_dir: str | Path | None = None,
        encoder_dir: str | Path | None = None,
        weights: RankingWeights = DEFAULT_WEIGHTS,
    ) -> Scorer:
        readability = ReadabilityEnsemble.load(readability_dir) if readability_dir else ReadabilityEnsemble.load()
        encoder = AutoEncoder.load(encoder_dir) if encoder_dir else AutoEncoder.load()
        return cls(readability, encoder, weights)

    def latent_of(self, store: Store, row: dict) -> np.ndarray | None:
        """Taste vector (auto-encoder latent + colour, core.scoring.taste) of a stored diagram, cached by id."""
        if row["id"] not in self._latents:
            image = stored_input(row, store.image_file(row))
            if image is None:
                return None
            self._latents[row["id"]] = self.encoder.taste([image])[0]
        return self._latents[row["id"]]

    def user_model(self, store: Store | None, rater: str | None) -> KnnUserScore | None:
        """kNN over this rater's rated diagrams (latest rating per diagram)."""
        if store is None or not rater:
            return None
        latents, ratings, ids = [], [], []
        for rating in store.ratings(rater):
            row = store.diagram(rating["diagram_id"])
            latent = self.latent_of(store, row) if row else None
            if latent is not None:
                latents.append(latent)
                ratings.append(rating["rating"])
                ids.append(row["id"])
        if not ids:
            return KnnUserScore(np.zeros((0, 1)), np.zeros(0), [])
        return KnnUserScore(np.stack(latents), np.array(ratings), ids)

    def score_inputs(self, inputs: list[np.ndarray], user_model: KnnUserScore | None = None) -> list[CandidateScore]:
        if not inputs:
            return []
        x = np.stack(inputs)
        means, spreads = self.readability.score(x)
        latents = self.encoder.taste(x)
        results = []
        for mean, spread, latent in zip(means, spreads, latents):
            user = (
                user_model.predict(latent)
                if user_model is not None
                else UserScore(None, [], "no rater selected, so the final score uses readability alone")
            )
            results.append(
                CandidateScore(
                    float(mean), float(spread), user, float(final_score(float(mean), user.score, self.weights)), latent
                )
            )
        return results

    def score(
        self, diagrams: list[Diagram], store: Store | None = None, rater: str | None = None
    ) -> list[CandidateScore]:
        return self.score_inputs([diagram_input(d) for d in diagrams], self.user_model(store, rater))
