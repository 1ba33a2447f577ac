"""Visual styles: palettes, shapes and line shapes a diagram can be drawn in.

Styles are what users' taste chooses between, so the synthetic data samples many
of them; every palette here keeps readable contrast on the white canvas.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

Colour = tuple[int, int, int]

# name -> (fill colours cycled over layers or roles, line colour)
PALETTES: dict[str, tuple[tuple[Colour, ...], Colour]] = {
    "slate": (((224, 230, 240), (208, 220, 236), (232, 236, 242)), (48, 64, 96)),
    "ocean": (((200, 228, 244), (176, 214, 236), (222, 240, 250)), (24, 72, 120)),
    "forest": (((208, 236, 212), (192, 224, 200), (228, 244, 230)), (32, 96, 56)),
    "sunset": (((252, 224, 200), (248, 208, 184), (254, 236, 220)), (128, 64, 32)),
    "lavender": (((228, 220, 244), (214, 204, 238), (238, 232, 250)), (80, 56, 128)),
    "mono": (((240, 240, 240), (224, 224, 224), (248, 248, 248)), (32, 32, 32)),
    "sand": (((244, 236, 212), (236, 224, 192), (250, 244, 228)), (112, 88, 40)),
    "rose": (((248, 216, 224), (240, 200, 212), (252, 232, 238)), (128, 40, 72)),
    "seed": (((192, 224, 208), (224, 224, 240), (232, 224, 240)), (64, 64, 128)),
    "contrast": (((255, 255, 255), (255, 240, 200), (220, 240, 255)), (0, 0, 0)),
}
LINE_CHOICES = ("solid arrow", "solid arrow", "solid arrow", "solid line", "dashed line")


@dataclass(frozen=True)
class Style:
    """How a diagram looks; layouts read it, nothing else in a diagram depends on it."""

    palette: str = "slate"
    neuron_shape: str = "circle"
    block_shape: str = "round rectangle"
    data_shape: str = "rectangle"
    process_shape: str = "round rectangle"
    line_shape: str = "solid arrow"
    scale: float = 1.0  # node size multiplier, 0.8-1.1

    def __post_init__(self) -> None:
        if self.palette not in PALETTES:
            raise ValueError(f"palette: unknown palette {self.palette!r}")
        if not 0.5 <= self.scale <= 1.5:
            raise ValueError(f"scale: must be 0.5-1.5, got {self.scale}")

    def fill(self, index: int) -> Colour:
        fills = PALETTES[self.palette][0]
        return fills[index % len(fills)]

    @property
    def line_color(self) -> Colour:
        return PALETTES[self.palette][1]


def random_style(rng: random.Random) -> Style:
    """A style drawn from the palettes and shape choices (deterministic given rng)."""
    return Style(
        palette=rng.choice(sorted(PALETTES)),
        neuron_shape=rng.choice(("circle", "circle", "circle", "round rectangle", "rectangle")),
        block_shape=rng.choice(("round rectangle", "rectangle")),
        data_shape=rng.choice(("rectangle", "round rectangle", "circle")),
        process_shape=rng.choice(("round rectangle", "rectangle")),
        line_shape=rng.choice(LINE_CHOICES),
        scale=round(rng.uniform(0.8, 1.1), 2),
    )
