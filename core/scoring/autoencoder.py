"""Convolutional auto-encoder whose latent space, with a colour descriptor beside it
(core.scoring.taste), holds the user-taste kNN.

The seed's auto-encoder only trained after two changes, kept here: a dense skip
path from the (downsampled) input straight to the latent, concatenated with the
conv features, and a warm-up followed by exponential learning-rate decay.

Example:
    >>> encoder = AutoEncoder.load()
    >>> latents = encoder.encode(inputs)      # (N, 32)
    >>> vectors = encoder.taste(inputs)       # (N, 36): latents + colour, what the kNN compares
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from core.dsl import parse
from core.manifest import verify_manifest, write_manifest
from core.scoring.damage import damage
from core.scoring.images import INPUT_H, INPUT_W, diagram_input
from core.scoring.taste import colour_features, taste_scales, taste_vectors
from core.synth import make_sample

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "autoencoder"
SCALE_IMAGES = 1000  # training images the taste scales are measured on
SCALE_FALLBACK_IMAGES = 120


@dataclass
class AutoEncoderConfig:
    samples: int = 4000
    seed: int = 5
    latent_dim: int = 32
    epochs: int = 30
    batch_size: int = 64
    learning_rate: float = 2e-3
    warmup_epochs: int = 3
    decay: float = 0.93
    max_minutes: float = 10.0
    out_dir: str = str(DEFAULT_DIR)

    def __post_init__(self) -> None:
        if not 16 <= self.latent_dim <= 64:
            raise ValueError("latent_dim: must be 16 to 64")
        if self.samples < 20:
            raise ValueError("samples: need at least 20")
        if not 1 <= self.epochs <= 500:
            raise ValueError("epochs: must be 1 to 500")
        if self.max_minutes <= 0:
            raise ValueError("max_minutes: must be positive")


class DiagramAutoEncoder(nn.Module):
    def __init__(self, latent_dim: int = 32) -> None:
        super().__init__()
        channels = (3, 16, 32, 64, 64)
        self.encoder = nn.Sequential(
            *[
                layer
                for cin, cout in zip(channels, channels[1:])
                for layer in (nn.Conv2d(cin, cout, 3, stride=2, padding=1), nn.ReLU())
            ]
        )
        self.skip = nn.Linear(3 * 12 * 20, 64)  # dense path from the downsampled input
        self.to_latent = nn.Linear(64 * 6 * 10 + 64, latent_dim)
        self.from_latent = nn.Linear(latent_dim, 64 * 6 * 10)
        back = (64, 64, 32, 16)
        self.decoder = nn.Sequential(
            *[
                layer
                for cin, cout in zip(back, back[1:])
                for layer in (nn.ConvTranspose2d(cin, cout, 4, stride=2, padding=1), nn.ReLU())
            ],
            nn.ConvTranspose2d(16, 3, 4, stride=2, padding=1),
        )

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        conv = self.encoder(x).flatten(1)
        skip = F.relu(self.skip(F.adaptive_avg_pool2d(x, (12, 20)).flatten(1)))
        return self.to_latent(torch.cat([conv, skip], dim=1))

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.decoder(self.from_latent(z).view(-1, 64, 6, 10)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))


def training_images(count: int, seed: int) -> np.ndarray:
    """Rendered diagrams of every family and style, a third of them damaged."""
    rng = random.Random(seed)
    images = []
    for index in range(count):
        diagram = parse(make_sample(seed, index).text).diagram
        if rng.random() < 0.33:
            diagram = damage(diagram, rng, clean_share=0.0)[0]
        images.append(diagram_input(diagram))
    return np.stack(images)


def train_autoencoder(cfg: AutoEncoderConfig, log=lambda record: None) -> dict:
    from safetensors.torch import save_file

    torch.manual_seed(cfg.seed)
    started = time.time()
    x = torch.from_numpy(training_images(cfg.samples, cfg.seed))
    held = max(1, len(x) // 10)
    train, valid = x[held:], x[:held]
    model = DiagramAutoEncoder(cfg.latent_dim)
    optimiser = torch.optim.Adam(model.parameters(), lr=cfg.learning_rate)
    deadline = started + cfg.max_minutes * 60
    valid_loss = float("nan")
    for epoch in range(cfg.epochs):
        factor = (
            (epoch + 1) / cfg.warmup_epochs if epoch < cfg.warmup_epochs else cfg.decay ** (epoch - cfg.warmup_epochs)
        )
        for group in optimiser.param_groups:
            group["lr"] = cfg.learning_rate * factor
        model.train()
        order = torch.randperm(len(train))
        total = 0.0
        for start in range(0, len(order), cfg.batch_size):
            batch = train[order[start : start + cfg.batch_size]]
            loss = F.mse_loss(model(batch), batch, reduction="sum") / len(batch)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(batch)
        model.eval()
        with torch.inference_mode():
            valid_loss = F.mse_loss(model(valid), valid, reduction="sum").item() / len(valid)
        log(
            {
                "epoch": epoch + 1,
                "loss": total / len(train),
                "eval_loss": valid_loss,
                "learning_rate": cfg.learning_rate * factor,
            }
        )
        if time.time() > deadline:
            break
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    save_file(model.state_dict(), str(out / "autoencoder.safetensors"))
    (out / "config.json").write_text(json.dumps(asdict(cfg), indent=1))
    metrics = {
        "valid_loss": round(valid_loss, 3),
        "train_seconds": round(time.time() - started, 1),
        "input": [3, INPUT_H, INPUT_W],
    }
    scales = AutoEncoder(model, {}).measure_scales(x[:SCALE_IMAGES].numpy())
    write_manifest(
        out, {"kind": "autoencoder", "latent_dim": cfg.latent_dim, "metrics": metrics, "taste_scales": scales}
    )
    log({"done": True, **metrics})
    return metrics


class AutoEncoder:
    """The shipped auto-encoder, loaded once (hashes verified, weights strictly)."""

    def __init__(self, model: DiagramAutoEncoder, manifest: dict) -> None:
        self.model = model.eval()
        self.manifest = manifest

    @classmethod
    def load(cls, directory: str | Path = DEFAULT_DIR) -> AutoEncoder:
        from safetensors.torch import load_file

        directory = Path(directory)
        manifest = verify_manifest(directory)
        model = DiagramAutoEncoder(manifest["latent_dim"])
        missing, unexpected = model.load_state_dict(load_file(str(directory / "autoencoder.safetensors")), strict=False)
        if missing or unexpected:
            raise RuntimeError(f"auto-encoder weights: missing {missing}, unexpected {unexpected}")
        return cls(model, manifest)

    def encode(self, inputs: list[np.ndarray] | np.ndarray) -> np.ndarray:
        x = np.stack(inputs) if isinstance(inputs, list) else inputs
        with torch.inference_mode():
            return self.model.encode(torch.from_numpy(x)).numpy()

    def taste(self, inputs: list[np.ndarray] | np.ndarray) -> np.ndarray:
        """The vectors the user score's kNN compares: latents plus colour (core.scoring.taste)."""
        x = np.stack(inputs) if isinstance(inputs, list) else inputs
        return taste_vectors(self.encode(x), colour_features(x), self.scales)

    def measure_scales(self, images: np.ndarray) -> dict:
        """Each taste block's spread over these images (training writes it into the manifest)."""
        return taste_scales(self.encode(images), colour_features(images))

    @property
    def scales(self) -> dict:
        if "taste_scales" not in self.manifest:  # a checkpoint trained before the colour block existed
            self.manifest["taste_scales"] = self.measure_scales(training_images(SCALE_FALLBACK_IMAGES, seed=0))
        return self.manifest["taste_scales"]

    def reconstruct(self, inputs: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return self.model(torch.from_numpy(inputs)).numpy()
