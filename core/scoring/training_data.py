"""Human labels from the store as training data for the readability CNN."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from core.scoring.images import stored_input
from core.store import Store


def human_readability_set(store: Store) -> tuple[np.ndarray, np.ndarray]:
    """Images and mean rating (0-5) of every diagram someone rated (latest rating per rater)."""
    ratings: dict[int, list[int]] = defaultdict(list)
    for rating in store.ratings():
        ratings[rating["diagram_id"]].append(rating["rating"])
    images, labels = [], []
    for diagram_id, values in ratings.items():
        row = store.diagram(diagram_id)
        image = stored_input(row, store.image_file(row)) if row else None
        if image is not None:
            images.append(image)
            labels.append(float(np.mean(values)))
    if not images:
        return np.zeros((0, 3, 96, 160), dtype=np.float32), np.zeros(0, dtype=np.float32)
    return np.stack(images), np.array(labels, dtype=np.float32)
