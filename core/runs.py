"""Training runs as subprocesses that write ``metrics.jsonl`` and ``status.json``.

A run lives in ``<workspace>/runs/<id>/``. The app starts ``python -m core.cli
train KIND --config ... --out DIR`` in its own process group (so Stop ends the
whole group and closing the browser ends nothing), then reads the run's files:
live metrics, and a status the child writes when it finishes or fails. A process
that vanished without a status (killed, out of memory, disk full) shows as failed.

Example:
    >>> run_id = launch("cnn", {"epochs": 3}, store)
    >>> refresh(store); read_metrics(run_dir(store, run_id))
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import traceback
import uuid
from dataclasses import asdict
from pathlib import Path

from core.store import Store

REPO = Path(__file__).resolve().parents[1]
KINDS = ("sft", "orpo", "cnn", "ae", "planner", "lora-sft")


def _config(kind: str, config: dict, out_dir: Path, smoke: bool):
    """The run's config dataclass (validated by its own __post_init__)."""
    if kind == "sft":
        from core.lm.sft import DrawerTrainConfig

        return (
            DrawerTrainConfig.smoke(str(out_dir)) if smoke else DrawerTrainConfig(**{**config, "out_dir": str(out_dir)})
        )
    if kind == "planner":
        from core.lm.planner import PlannerConfig

        extra = {"samples": 16, "max_minutes": 0.5, "batch_size": 4, "logging_steps": 1} if smoke else {}
        return PlannerConfig(**{**config, **extra, "out_dir": str(out_dir)})
    if kind == "cnn":
        from core.scoring.readability import ReadabilityConfig

        extra = {"samples": 40, "folds": 2, "epochs": 1, "max_minutes": 1} if smoke else {}
        return ReadabilityConfig(**{**config, **extra, "out_dir": str(out_dir)})
    if kind == "ae":
        from core.scoring.autoencoder import AutoEncoderConfig

        extra = {"samples": 40, "epochs": 1, "max_minutes": 1} if smoke else {}
        return AutoEncoderConfig(**{**config, **extra, "out_dir": str(out_dir)})
    if kind == "lora-sft":  # the large-model path (a local HF model folder + LoRA; a GPU recipe)
        from core.lm.sft import LoraSftConfig

        extra = {"samples": 4, "max_steps": 2, "max_length": 1024} if smoke else {}
        return LoraSftConfig(**{**config, **extra, "out_dir": str(out_dir)})
    if kind == "orpo":
        from core.lm.orpo import OrpoRunConfig

        return OrpoRunConfig.smoke(str(out_dir)) if smoke else OrpoRunConfig(**{**config, "out_dir": str(out_dir)})
    raise ValueError(f"kind: unknown training kind {kind!r}; choose one of {', '.join(KINDS)}")


def _write_status(out_dir: Path, **fields) -> None:
    path = out_dir / "status.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"time": time.time(), **fields}))
    temporary.replace(path)


def run_training(kind: str, config: dict, out_dir: str | Path | None = None, smoke: bool = False) -> dict:
    """Run one training job in this process; always leaves a status.json behind."""
    out = Path(out_dir or (REPO / "runs" / f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}"))
    out.mkdir(parents=True, exist_ok=True)
    cfg = _config(kind, config, out, smoke)
    _write_status(out, status="running", pid=os.getpid())
    metrics = out / "metrics.jsonl"

    def log(record: dict) -> None:
        with metrics.open("a") as handle:
            handle.write(json.dumps({"time": time.time(), **record}) + "\n")

    try:
        if kind == "sft":
            from core.lm.sft import train_drawer

            summary = train_drawer(cfg)
        elif kind == "planner":
            from core.lm.planner import train_planner

            summary = {"out_dir": str(train_planner(cfg))}
        elif kind == "lora-sft":
            from core.lm.sft import train_lora_sft

            summary = {"adapter": str(train_lora_sft(cfg))}
        elif kind == "cnn":
            from core.scoring.readability import train_readability
            from core.scoring.training_data import human_readability_set

            summary = train_readability(cfg, human_readability_set(Store()), log=log)
        elif kind == "ae":
            from core.scoring.autoencoder import train_autoencoder

            summary = train_autoencoder(cfg, log=log)
        else:
            from core.lm.orpo import train_orpo

            summary = train_orpo(cfg, Store())
    except BaseException as exc:
        _write_status(
            out, status="failed", error=f"{type(exc).__name__}: {str(exc)[:500]}", trace=traceback.format_exc()[-2000:]
        )
        raise
    _write_status(out, status="done", summary=summary)
    return {"kind": kind, "out_dir": str(out), "config": asdict(cfg), "summary": summary}


def run_dir(store: Store, run_id: str) -> Path:
    return store.root / "runs" / run_id


def launch(kind: str, config: dict, store: Store, smoke: bool = False) -> str:
    """Start a training run in its own process group; returns the run id at once."""
    run_id = f"{kind}-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:4]}"
    out = run_dir(store, run_id)
    _config(kind, config, out, smoke)  # validate before starting anything
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps(config))
    command = [
        sys.executable,
        "-m",
        "core.cli",
        "--workspace",
        str(store.root),
        "train",
        kind,
        "--config",
        str(out / "config.json"),
        "--out",
        str(out),
    ] + (["--smoke"] if smoke else [])
    with (out / "log.txt").open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    store.add_run(run_id, kind, {"smoke": smoke, **config}, str(out), process.pid)
    return run_id


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)  # reap our own finished children
        if finished == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_status(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / "status.json").read_text())
    except (OSError, json.JSONDecodeError):
        return {}


def refresh(store: Store) -> list[dict]:
    """Update every running run from its files and process; returns all runs."""
    for run in store.runs():
        if run["status"] != "running":
            continue
        status = read_status(Path(run["out_dir"]))
        if status.get("status") in ("done", "failed"):
            store.update_run(
                run["id"], status=status["status"], last_error=status.get("error"), finished=status.get("time")
            )
        elif not _alive(run["pid"]):
            log_tail = _tail(Path(run["out_dir"]) / "log.txt")
            store.update_run(
                run["id"],
                status="failed",
                finished=time.time(),
                last_error=f"the process ended without a result (killed?). {log_tail}",
            )
    return store.runs()


def _tail(path: Path, lines: int = 3) -> str:
    try:
        return " | ".join(path.read_text(errors="replace").strip().splitlines()[-lines:])[-400:]
    except OSError:
        return ""


def stop(store: Store, run_id: str, grace: float = 5.0) -> None:
    """End the run's whole process group: SIGTERM, then SIGKILL after ``grace`` seconds."""
    run = next((r for r in store.runs() if r["id"] == run_id), None)
    if run is None or run["status"] != "running":
        return
    try:
        os.killpg(run["pid"], signal.SIGTERM)
        deadline = time.time() + grace
        while time.time() < deadline and _alive(run["pid"]):
            time.sleep(0.1)
        if _alive(run["pid"]):
            os.killpg(run["pid"], signal.SIGKILL)
    except ProcessLookupError:
        pass
    store.update_run(run_id, status="stopped", finished=time.time(), last_error="stopped by the user")


def read_metrics(out_dir: str | Path) -> list[dict]:
    path = Path(out_dir) / "metrics.jsonl"
    if not path.is_file():
        return []
    records = []
    for line in path.read_text(errors="replace").splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line being written right now
    return records
