"""Turning diagrams and stored images into the small tensors the scoring models read.

Both the readability CNN and the auto-encoder see the whole canvas downsampled to
96 x 160 RGB (canvas aspect kept), scaled to [0, 1] and inverted so that empty
canvas is 0: the seed's models only trained once the white background stopped
dominating, and inversion gets the same effect without cropping away the edges
where off-canvas defects live.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from core.dsl import CANVAS_H, CANVAS_W, Diagram
from core.render import render_image

INPUT_H, INPUT_W = 96, 160


def prepare(image_rgb: np.ndarray) -> np.ndarray:
    """(3, 96, 160) float32 in [0, 1], 0 = white, from an RGB uint8 image of any size."""
    if image_rgb.shape[:2] != (CANVAS_H, CANVAS_W):
        image_rgb = cv2.resize(image_rgb, (CANVAS_W, CANVAS_H), interpolation=cv2.INTER_AREA)
    small = cv2.resize(image_rgb, (INPUT_W, INPUT_H), interpolation=cv2.INTER_AREA)
    return (1.0 - small.astype(np.float32) / 255.0).transpose(2, 0, 1).copy()


def diagram_input(diagram: Diagram) -> np.ndarray:
    return prepare(render_image(diagram))


def load_image_rgb(path: str | Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path} is not a readable image")
    return cv2.cvtColor(image, cv2.COLOR_BGR2RGB)


def stored_input(row: dict, image_path: Path | None) -> np.ndarray | None:
    """Model input for a stored diagram: its text when it has one, else its image."""
    from core.dsl import parse

    if row.get("text"):
        parsed = parse(row["text"]).diagram
        if parsed.nodes:
            return diagram_input(parsed)
    if image_path is not None and image_path.is_file():
        return prepare(load_image_rgb(image_path))
    return None
