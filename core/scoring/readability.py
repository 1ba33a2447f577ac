"""Readability CNN ensemble: a 0-5 score from the rendered image alone.

It works before anyone labels: training data are clean synthetic layouts and
damaged copies (:mod:`core.scoring.damage`) labelled by their measured defects.
Human ratings from the store are added with a higher weight when they exist.
Five models are trained on five folds; the score is their mean, and their spread
is reported as the uncertainty.

Example:
    >>> ensemble = ReadabilityEnsemble.load("models/readability")
    >>> ensemble.score([diagram_input(d) for d in diagrams])   # -> array of 0-5 scores
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

from core.dsl import parse
from core.manifest import verify_manifest, write_manifest
from core.scoring.damage import damage
from core.scoring.images import diagram_input
from core.synth import make_sample

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "models" / "readability"


@dataclass
class ReadabilityConfig:
    """Training settings; ``__post_init__`` names any impossible field."""

    samples: int = 4000
    seed: int = 3
    folds: int = 5
    epochs: int = 14
    batch_size: int = 64
    learning_rate: float = 2e-3
    warmup_epochs: int = 1
    decay: float = 0.85  # learning rate multiplier per epoch after warm-up
    human_weight: float = 3.0
    max_minutes: float = 10.0
    out_dir: str = str(DEFAULT_DIR)

    def __post_init__(self) -> None:
        if self.samples < 20:
            raise ValueError("samples: need at least 20")
        if not 2 <= self.folds <= 10:
            raise ValueError("folds: must be 2 to 10")
        if not 1 <= self.epochs <= 200:
            raise ValueError("epochs: must be 1 to 200")
        if not 0 < self.decay <= 1:
            raise ValueError("decay: must be in (0, 1]")
        if self.max_minutes <= 0:
            raise ValueError("max_minutes: must be positive")


class ReadabilityNet(nn.Module):
    """Four conv blocks, then a small head; output squashed to 0-5."""

    def __init__(self) -> None:
        super().__init__()
        blocks = []
        for cin, cout in ((3, 16), (16, 32), (32, 48), (48, 64)):
            blocks += [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*blocks)
        self.head = nn.Sequential(
            nn.Flatten(), nn.Dropout(0.2), nn.Linear(64 * 6 * 10, 64), nn.ReLU(), nn.Linear(64, 1)
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return 5 * torch.sigmoid(self.head(self.features(x))).squeeze(-1)


def synthetic_set(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, 3, 96, 160) and 0-5 labels of clean and damaged synthetic diagrams."""
    rng = random.Random(seed)
    images, labels = [], []
    for index in range(count):
        sample = make_sample(seed, index)
        damaged, label = damage(parse(sample.text).diagram, rng)
        images.append(diagram_input(damaged))
        labels.append(label)
    return np.stack(images), np.array(labels, dtype=np.float32)


def _augment(batch: torch.Tensor) -> torch.Tensor:
    # Defects do not depend on direction: flips are free extra data.
    if random.random() < 0.5:
        batch = batch.flip(-1)
    if random.random() < 0.5:
        batch = batch.flip(-2)
    return batch


def _fit(
    model: nn.Module, x: np.ndarray, y: np.ndarray, w: np.ndarray, cfg: ReadabilityConfig, deadline: float, log
) -> None:
    optimiser = torch.optim.AdamW(model.parameters(), lr=cfg.learning_rate, weight_decay=1e-4)
    xt, yt, wt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(w)
    for epoch in range(cfg.epochs):
        factor = (
            (epoch + 1) / cfg.warmup_epochs if epoch < cfg.warmup_epochs else cfg.decay ** (epoch - cfg.warmup_epochs)
        )
        for group in optimiser.param_groups:
            group["lr"] = cfg.learning_rate * factor
        model.train()
        order = torch.randperm(len(xt))
        total = 0.0
        for start in range(0, len(order), cfg.batch_size):
            index = order[start : start + cfg.batch_size]
            prediction = model(_augment(xt[index]))
            loss = (wt[index] * (prediction - yt[index]) ** 2).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            total += loss.item() * len(index)
        log({"epoch": epoch + 1, "loss": total / len(order), "learning_rate": cfg.learning_rate * factor})
        if time.time() > deadline:
            break


def predict(model: nn.Module, x: np.ndarray, batch_size: int = 256) -> np.ndarray:
    model.eval()
    with torch.inference_mode():
        return (
            np.concatenate(
                [model(torch.from_numpy(x[i : i + batch_size])).numpy() for i in range(0, len(x), batch_size)]
            )
            if len(x)
            else np.zeros(0)
        )


def train_readability(
    cfg: ReadabilityConfig, human: tuple[np.ndarray, np.ndarray] | None = None, log=lambda record: None
) -> dict:
    """Train the k-fold ensemble; returns validation metrics and writes weights + manifest."""
    from safetensors.torch import save_file
    from scipy.stats import spearmanr

    torch.manual_seed(cfg.seed)
    started = time.time()
    deadline = started + cfg.max_minutes * 60
    x, y = synthetic_set(cfg.samples, cfg.seed)
    w = np.ones_like(y)
    if human is not None and len(human[0]):
        x, y = np.concatenate([x, human[0]]), np.concatenate([y, human[1].astype(np.float32)])
        w = np.concatenate([w, np.full(len(human[1]), cfg.human_weight, dtype=np.float32)])
    folds = np.arange(len(y)) % cfg.folds
    np.random.default_rng(cfg.seed).shuffle(folds)
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    oof = np.zeros_like(y)
    budget_per_fold = (deadline - time.time()) / cfg.folds
    for fold in range(cfg.folds):
        model = ReadabilityNet()
        train = folds != fold
        _fit(
            model,
            x[train],
            y[train],
            w[train],
            cfg,
            time.time() + budget_per_fold,
            lambda record, fold=fold: log({"fold": fold, **record}),
        )
        oof[~train] = predict(model, x[~train])
        save_file(model.state_dict(), str(out / f"fold{fold}.safetensors"))
    metrics = {
        "val_mae": float(np.abs(oof - y).mean()),
        "val_spearman": float(spearmanr(oof, y).statistic),
        "samples": int(len(y)),
        "human_samples": int(0 if human is None else len(human[1])),
        "train_seconds": round(time.time() - started, 1),
    }
    (out / "config.json").write_text(json.dumps(asdict(cfg), indent=1))
    write_manifest(out, {"kind": "readability-cnn", "folds": cfg.folds, "metrics": metrics})
    log({"done": True, **metrics})
    return metrics


class ReadabilityEnsemble:
    """The shipped k-fold models, loaded once (hashes verified, weights strictly)."""

    def __init__(self, models: list[nn.Module], manifest: dict) -> None:
        self.models = models
        self.manifest = manifest

    @classmethod
    def load(cls, directory: str | Path = DEFAULT_DIR) -> ReadabilityEnsemble:
        from safetensors.torch import load_file

        directory = Path(directory)
        manifest = verify_manifest(directory)
        models = []
        for fold in range(manifest["folds"]):
            model = ReadabilityNet()
            missing, unexpected = model.load_state_dict(
                load_file(str(directory / f"fold{fold}.safetensors")), strict=False
            )
            if missing or unexpected:
                raise RuntimeError(f"readability fold {fold}: missing {missing}, unexpected {unexpected}")
            model.eval()
            models.append(model)
        return cls(models, manifest)

    def score(self, inputs: list[np.ndarray] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mean 0-5 score per input and the ensemble's standard deviation."""
        x = np.stack(inputs) if isinstance(inputs, list) else inputs
        predictions = np.stack([predict(model, x) for model in self.models])
        return predictions.mean(axis=0), predictions.std(axis=0)
