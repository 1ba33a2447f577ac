"""One object that scores candidates: readability ensemble + auto-encoder + kNN + ranking.

Models load once per Scorer. Stored diagrams never change, so each one's readability
and taste vector are cached by its id: re-scoring after a new rating encodes only the
new diagram, and the latent explorer only the diagrams it has not seen (a freshly
generated candidate is remembered under its new id, so it is never encoded again).

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
        # (store file, diagram id) -> readability and taste vector; stored diagrams never change
        self._features: dict[tuple[str, int], tuple[float, np.ndarray]] = {}

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

    def remember(self, store: Store, diagram_id: int, score: CandidateScore) -> None:
        """Keep a just-scored candidate's numbers under the id the store gave it (no second encoding later)."""
        self._features[(str(store.path), diagram_id)] = (score.readability, score.latent)

    def stored_features(
        self, store: Store, rows: list[dict], batch: int = 256
    ) -> tuple[list[dict], np.ndarray, np.ndarray]:
        """The rows that have an image, their readability and their taste vectors; diagrams not seen
        before are drawn once and scored in batches, the rest come from the cache."""
        where = str(store.path)
        missing = [row for row in rows if (where, row["id"]) not in self._features]
        for start in range(0, len(missing), batch):
            drawn = [(row["id"], stored_input(row, store.image_file(row))) for row in missing[start : start + batch]]
            drawn = [(diagram_id, image) for diagram_id, image in drawn if image is not None]
            if not drawn:
                continue
            x = np.stack([image for _, image in drawn])
            means, _ = self.readability.score(x)
            for (diagram_id, _), mean, latent in zip(drawn, means, self.encoder.taste(x)):
                self._features[(where, diagram_id)] = (float(mean), latent)
        found = [(row, self._features.get((where, row["id"]))) for row in rows]
        found = [(row, features) for row, features in found if features is not None]
        if not found:
            return [], np.zeros(0), np.zeros((0, 1))
        return (
            [row for row, _ in found],
            np.array([readability for _, (readability, _) in found]),
            np.stack([latent for _, (_, latent) in found]),
        )

    def user_model(self, store: Store | None, rater: str | None) -> KnnUserScore | None:
        """kNN over this rater's rated diagrams (latest rating per diagram)."""
        if store is None or not rater:
            return None
        given = {rating["diagram_id"]: rating["rating"] for rating in store.ratings(rater)}
        rows = [row for row in map(store.diagram, given) if row]
        kept, _, latents = self.stored_features(store, rows)
        if not kept:
            return KnnUserScore(np.zeros((0, 1)), np.zeros(0), [])
        return KnnUserScore(latents, np.array([given[row["id"]] for row in kept]), [row["id"] for row in kept])

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
