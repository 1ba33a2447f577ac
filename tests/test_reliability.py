"""Crash safety and isolation: acknowledged ratings survive SIGKILL; concurrent raters lose nothing;
a crashed or killed training run shows as failed with its last error while the app keeps serving."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from core import runs
from core.store import Store

REPO = Path(__file__).resolve().parents[1]
WRITER = """
import sys
from core.store import Store
store = Store(sys.argv[1])
diagram = store.add_diagram("x", source="synthetic")
while True:
    rating_id = store.add_rating(diagram, "killer", 3)
    print(rating_id, flush=True)   # acknowledged only after the commit returned
"""


def test_acknowledged_ratings_survive_sigkill_20_times(tmp_path):
    rng = random.Random(3)
    acknowledged: set[int] = set()
    for _ in range(20):
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        deadline = time.time() + rng.uniform(0.3, 1.5)
        while time.time() < deadline:
            line = process.stdout.readline()
            if line.strip().isdigit():
                acknowledged.add(int(line))
        process.send_signal(signal.SIGKILL)
        for line in process.stdout.read().splitlines():  # acknowledged before the kill landed
            if line.strip().isdigit():
                acknowledged.add(int(line))
        process.wait()
    store = Store(tmp_path)
    assert len(acknowledged) > 20
    assert acknowledged <= store.rating_ids()
    assert store.integrity_ok()


def test_two_sessions_labelling_at_once_lose_nothing(tmp_path):
    store = Store(tmp_path)
    ids = [store.add_diagram(f"d{i}", source="synthetic") for i in range(50)]

    def label(rater: str) -> None:
        mine = Store(tmp_path)  # each session its own connections
        for diagram_id in ids:
            mine.add_rating(diagram_id, rater, diagram_id % 6)

    threads = [threading.Thread(target=label, args=(name,)) for name in ("ana", "bo")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(store.ratings("ana")) == 50 and len(store.ratings("bo")) == 50


def _wait_finished(store: Store, run_id: str, seconds: float = 120) -> dict:
    deadline = time.time() + seconds
    while time.time() < deadline:
        run = next(r for r in runs.refresh(store) if r["id"] == run_id)
        if run["status"] != "running":
            return run
        time.sleep(0.5)
    raise AssertionError(f"{run_id} still running")


def test_a_crashing_run_is_failed_with_its_error(tmp_path):
    store = Store(tmp_path)
    # an unreadable pairs file makes the ORPO job fail inside the child process
    bad = tmp_path / "pairs.jsonl"
    bad.write_text("{not json\n")
    run_id = runs.launch("orpo", {"source": "pairs-file", "pairs_file": str(bad)}, store)
    run = _wait_finished(store, run_id)
    assert run["status"] == "failed" and "JSONDecodeError" in run["last_error"]


def test_a_killed_run_is_failed_and_stop_ends_the_group(tmp_path):
    store = Store(tmp_path)
    run_id = runs.launch("ae", {"samples": 2000, "epochs": 50}, store)
    time.sleep(3)
    run = next(r for r in store.runs() if r["id"] == run_id)
    os.kill(run["pid"], signal.SIGKILL)
    failed = _wait_finished(store, run_id)
    assert failed["status"] == "failed" and "without a result" in failed["last_error"]

    second = runs.launch("ae", {"samples": 2000, "epochs": 50}, store)
    time.sleep(3)
    runs.stop(store, second)
    stopped = next(r for r in store.runs() if r["id"] == second)
    assert stopped["status"] == "stopped"
    try:
        os.killpg(stopped["pid"], 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive


def test_server_is_local_with_xsrf_and_no_usage_stats():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 200
    assert config["browser"]["gatherUsageStats"] is False


def test_store_uses_write_ahead_logging(tmp_path):
    store = Store(tmp_path)
    store.add_rating(
        store.add_diagram("[0, 10, 10, 'circle', 20, 20, 'solid arrow', (1, 1, 1), (2, 2, 2), []]"), "a", 3
    )
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
