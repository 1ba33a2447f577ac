"""App benchmark: page switch times in the real app (Chromium), once the models are loaded.

Usage: python bench/page_switch.py [--rounds 3]

Starts ``streamlit run Home.py`` on a free port with a fresh workspace, generates once
(so the models are in the cache), then clicks through the sidebar navigation and times
each switch from the click until the new page's script has finished (the page is complete, not just its
title shown). A second generation
shows whether generating reloads the model. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# sidebar link -> the title the page shows
PAGES = {
    "Label": "Label",
    "Train": "Train",
    "Latent explorer": "Latent explorer",
    "Data": "Data",
    "Home": "Diagram Studio",
    "Generate": "Generate",
}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _server(workspace: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=REPO,
        env={**os.environ, "DIAGRAM_STUDIO_WORKSPACE": workspace},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    return process, f"http://127.0.0.1:{port}"


def _generate(page, workspace: str) -> tuple[float, float]:
    """Seconds from the click until the generation is stored (the page's text can be the previous run's),
    and the seconds the pipeline itself reported for it (stored with the generation)."""
    import sqlite3

    from core.store import Store

    store = Store(workspace)
    before = store.counts()["generations"]
    started = time.perf_counter()
    page.get_by_role("button", name="Generate").click()
    while store.counts()["generations"] == before and time.perf_counter() - started < 300:
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    with sqlite3.connect(store.path) as db:
        (pipeline,) = db.execute("SELECT seconds FROM generations ORDER BY id DESC LIMIT 1").fetchone()
    return elapsed, pipeline


def _idle(page) -> None:
    """Wait until the page's script has finished (Streamlit marks the app element with its run state)."""
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for()


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workspace:
        process, base = _server(workspace)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.goto(f"{base}/?rater=bench")
                page.locator("[data-testid='stMainBlockContainer'] h1").wait_for(timeout=120_000)
                page.goto(f"{base}/generate?rater=bench")
                page.get_by_label("Request").fill("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs")
                first = _generate(page, workspace)
                again = _generate(page, workspace)
                times: dict[str, list[float]] = {name: [] for name in PAGES}
                for _ in range(args.rounds):
                    for link, title in PAGES.items():
                        _idle(page)
                        started = time.perf_counter()
                        nav = page.get_by_test_id("stSidebarNavItems")
                        nav.get_by_role("link", name=re.compile(rf"(^|\s){link}$")).click()  # icon ligature first
                        page.locator("[data-testid='stMainBlockContainer'] h1", has_text=title).wait_for()
                        _idle(page)
                        times[link].append(time.perf_counter() - started)
                browser.close()
        finally:
            os.killpg(process.pid, 15)
    print(f"# App benchmark ({time.strftime('%Y-%m-%d')}, 2 CPU cores, Chromium)\n")
    print("| measure | seconds |\n|---|---|")
    print(f"| first generation (loads the models), click to stored | {first[0]:.2f} |")
    print(f"| … of which the pipeline (plan, draw, score) | {first[1]:.2f} |")
    print(f"| second generation (models cached), click to stored | {again[0]:.2f} |")
    print(f"| … of which the pipeline (plan, draw, score) | {again[1]:.2f} |")
    for link, values in times.items():
        later = values[1:] or values
        print(
            f"| switch to {link} until complete: first visit; later visits median of {len(later)} (max) "
            f"| {values[0]:.2f}; {statistics.median(later):.2f} ({max(later):.2f}) |"
        )


if __name__ == "__main__":
    main()
