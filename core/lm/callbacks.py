"""Trainer callbacks shared by every language-model run: live metrics and a time budget.

Metrics go to ``metrics.jsonl`` (one JSON object per log step) which the Train page
tails for its live curves; the time budget stops a CPU run cleanly at its limit. The training modules import
this one inside their train functions, so that reading their config dataclasses
(the Train page's forms) does not import transformers.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from transformers import TrainerCallback


class MetricsCallback(TrainerCallback):
    """Append every logged dict (loss, learning rate, rewards...) with step and time."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.started = time.time()

    def on_log(self, args, state, control, logs=None, **kwargs):
        if not logs:
            return
        record = {
            "step": state.global_step,
            "max_steps": state.max_steps,
            "elapsed": round(time.time() - self.started, 2),
        }
        record.update({key: value for key, value in logs.items() if isinstance(value, (int, float))})
        with self.path.open("a") as handle:
            handle.write(json.dumps(record) + "\n")


class TimeBudgetCallback(TrainerCallback):
    """Stop training (and save) once ``minutes`` have passed."""

    def __init__(self, minutes: float) -> None:
        self.deadline = time.time() + minutes * 60

    def on_step_end(self, args, state, control, **kwargs):
        if time.time() >= self.deadline:
            control.should_training_stop = True
        return control


def run_callbacks(out_dir: str | Path, max_minutes: float) -> list[TrainerCallback]:
    """The callbacks every run gets: metrics to ``out_dir/metrics.jsonl`` and the time budget."""
    return [MetricsCallback(Path(out_dir) / "metrics.jsonl"), TimeBudgetCallback(max_minutes)]
