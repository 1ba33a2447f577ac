"""Final score and ranking: readability and expected user score, weights configurable.

final = w_readability * readability + w_user * user_score (both 0-5). Without a
user score (too few ratings) the final score falls back to readability alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RankingWeights:
    readability: float = 0.5
    user: float = 0.5
    top_k: int = 3

    def __post_init__(self) -> None:
        if self.readability < 0 or self.user < 0 or self.readability + self.user == 0:
            raise ValueError("weights: need non-negative weights that do not both be zero")
        if self.top_k < 1:
            raise ValueError("top_k: must be at least 1")


def final_score(
    readability: float | None, user_score: float | None, weights: RankingWeights | None = None
) -> float | None:
    """Weighted mean of the two scores; readability alone when the user score is missing."""
    weights = weights or RankingWeights()
    if readability is None:
        return user_score
    if user_score is None or weights.user == 0:
        return readability
    total = weights.readability + weights.user
    return (weights.readability * readability + weights.user * user_score) / total


def rank(items: list[dict], key: str = "final") -> list[dict]:
    """Items sorted best first (missing scores last), each given its 1-based ``rank``."""
    ordered = sorted(items, key=lambda item: (item.get(key) is None, -(item.get(key) or 0.0)))
    for position, item in enumerate(ordered, start=1):
        item["rank"] = position
    return ordered
