"""The space the user score's kNN searches: auto-encoder latents plus a colour descriptor.

The auto-encoder is trained to reconstruct pixels, so its latents are dominated by
layout (where the boxes and lines are) and barely move when only the palette
changes, while a person's taste is often about colour. Measured on the scoring
benchmark's scripted raters, kNN on the latents alone lost to predicting the mean
rating; adding four colour numbers (CIELAB a*/b* means of the fills and of the
ink) made it win by a wide margin (README, Scoring). Each block is divided by its
typical spread (mean distance to the centroid over the auto-encoder's training
images) so that layout and colour weigh the same.

Example:
    >>> vectors = taste_vectors(latents, colour_features(inputs), scales)
"""

from __future__ import annotations

import cv2
import numpy as np

INK_MAX_LIGHTNESS = 170  # OpenCV 8-bit L*: text, lines and outlines are darker than this
WHITE_MIN_LIGHTNESS = 250
NEUTRAL_CHROMA = 3.0


def colour_features(inputs: np.ndarray) -> np.ndarray:
    """(N, 4): mean a*, b* of the filled areas and of the ink, from (N, 3, H, W) inverted model inputs."""
    rows = []
    for image in np.asarray(inputs):
        rgb = np.clip((1.0 - image.transpose(1, 2, 0)) * 255.0, 0, 255).astype(np.uint8)
        lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).reshape(-1, 3).astype(np.float32)
        lightness, a, b = lab[:, 0], lab[:, 1] - 128.0, lab[:, 2] - 128.0
        fill = (lightness > INK_MAX_LIGHTNESS) & ((lightness < WHITE_MIN_LIGHTNESS) | (np.hypot(a, b) > NEUTRAL_CHROMA))
        ink = lightness <= INK_MAX_LIGHTNESS
        rows.append([_mean(a, fill), _mean(b, fill), _mean(a, ink), _mean(b, ink)])
    return np.asarray(rows, dtype=np.float64).reshape(-1, 4)


def _mean(values: np.ndarray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else 0.0


def spread(features: np.ndarray) -> float:
    """Mean distance to the centroid: the unit each block is measured in."""
    features = np.asarray(features, dtype=np.float64)
    value = float(np.linalg.norm(features - features.mean(axis=0), axis=1).mean())
    return value if value > 0 else 1.0


def taste_scales(latents: np.ndarray, colours: np.ndarray) -> dict:
    return {"latent": round(spread(latents), 4), "colour": round(spread(colours), 4)}


def taste_vectors(latents: np.ndarray, colours: np.ndarray, scales: dict) -> np.ndarray:
    """Latents and colour descriptors side by side, each block in units of its spread."""
    return np.hstack([np.asarray(latents) / scales["latent"], np.asarray(colours) / scales["colour"]])
