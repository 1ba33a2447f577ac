"""Browser tests: the real app in Debian's Chromium, driven by Playwright.

Starts ``streamlit run Home.py`` on a free port with a fresh workspace, then:
generate from a prompt and see ranked images; rate one with the keyboard; launch
a smoke training and watch its curve grow; select a point in the latent explorer;
screenshot every page (to $SCREENSHOTS_DIR, default a temporary folder).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.store import Store

CHROMIUM = "/usr/bin/chromium"
REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("browser-workspace")
    port = _free_port()
    env = {**os.environ, "DIAGRAM_STUDIO_WORKSPACE": str(workspace)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.5)
    yield f"http://127.0.0.1:{port}", workspace
    os.killpg(process.pid, 15)
    process.wait(timeout=20)


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        browser.close()


def shot(page, name: str) -> None:
    """Screenshot once the page's script has finished (not half-drawn), without a focus outline."""
    folder = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/diagram-studio-screens"))
    folder.mkdir(parents=True, exist_ok=True)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(timeout=120_000)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.wait_for_timeout(800)  # data grids and charts paint their canvases after the elements appear
    page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def visit(page, base: str, path: str = "", rater: str = "ana") -> None:
    page.goto(f"{base}/{path}?rater={rater}")
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=120_000)


def test_a_deep_link_on_a_fresh_server_gets_the_real_menu(server, page):
    """First of this module on purpose: the server has had no session yet (ui/router.py)."""
    base, _ = server
    visit(page, base, "generate")
    nav = page.locator("[data-testid='stSidebarNav']")
    nav.get_by_text("Latent explorer").wait_for(timeout=60_000)  # st.navigation's titles, not file names
    assert page.locator("[data-testid='stMainBlockContainer'] h1").first.inner_text() == "Generate"
    assert page.title() == "Diagram Studio"  # Home.py's page config ran


def test_home(server, page):
    base, _ = server
    visit(page, base)
    page.get_by_text("Diagram Studio").first.wait_for(timeout=60_000)
    shot(page, "home")


def test_generate_and_rate_in_place(server, page):
    base, workspace = server
    visit(page, base, "generate")
    page.get_by_label("Request").fill("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs")
    page.get_by_role("button", name="Generate").click()
    page.get_by_text("Plan: ").wait_for(timeout=180_000)
    images = page.locator("[data-testid='stImage'] img")
    images.first.wait_for(timeout=60_000)
    deadline = time.time() + 60
    while time.time() < deadline and images.count() < 5:  # the cards render one after another
        time.sleep(0.5)
    assert images.count() >= 5
    shot(page, "generate")
    assert Store(workspace).counts()["diagrams"] == 5
    page.get_by_role("button", name="Edit / pin").first.click()
    page.get_by_text("Edit candidate #1").wait_for(timeout=60_000)
    page.get_by_text("Valid: every node is on the canvas").wait_for(timeout=60_000)
    grid = page.locator("[data-testid='stDataFrame'] canvas").first
    grid.wait_for(timeout=60_000)
    grid.scroll_into_view_if_needed()
    time.sleep(1)  # the grid paints its cells after the canvas appears
    shot(page, "edit")


def test_fix_the_plan_and_redraw(server, page):
    base, workspace = server
    visit(page, base, "generate")
    page.get_by_label("Request").fill("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs")
    page.get_by_role("button", name="Generate").click()
    page.locator("code", has_text="dense 3 5 4 2").first.wait_for(timeout=180_000)
    page.get_by_text("Fix the plan").click()
    page.get_by_label("Plan", exact=True).fill("dense 3 5 4 4 2")
    page.get_by_role("button", name="Redraw from this plan").click()
    page.locator("code", has_text="dense 3 5 4 4 2").first.wait_for(timeout=120_000)
    shot(page, "fix-plan")
    assert [(f["planned"], f["plan"]) for f in Store(workspace).plan_fixes()] == [("dense 3 5 4 2", "dense 3 5 4 4 2")]


def test_label_with_the_keyboard(server, page):
    base, workspace = server
    visit(page, base, "label")
    page.get_by_role("button", name="Skip").wait_for(timeout=60_000)
    before = len(Store(workspace).ratings("ana"))
    # the listener comes from a component iframe that can load after the buttons: wait for it
    page.wait_for_function("() => window.__studioKeysInstalled === true", timeout=60_000)
    page.locator("[data-testid='stMainBlockContainer'] h1").click()  # focus the page, not a text field
    page.keyboard.press("4")
    deadline = time.time() + 30
    while time.time() < deadline and len(Store(workspace).ratings("ana")) == before:
        time.sleep(0.5)
    ratings = Store(workspace).ratings("ana")
    assert len(ratings) == before + 1 and ratings[-1]["rating"] == 4
    shot(page, "label")


def test_smoke_training_curve_grows(server, page):
    base, workspace = server
    visit(page, base, "train")
    page.get_by_text("Smoke run (tiny settings, seconds)").click()  # the label takes the click
    page.get_by_role("button", name="Launch").click()
    deadline = time.time() + 240
    points = 0
    while time.time() < deadline:
        points = page.locator(".js-plotly-plot .scatterlayer .point").count()
        runs = Store(workspace).runs()
        if points >= 3 and runs and runs[0]["status"] == "done":
            break
        time.sleep(2)
    assert points >= 3, "the loss curve did not grow"
    shot(page, "train")


def test_explorer_select_a_point(server, page):
    base, _ = server
    visit(page, base, "explorer")
    plot = page.locator(".js-plotly-plot").first
    plot.wait_for(timeout=120_000)
    point = page.locator(".js-plotly-plot .scatterlayer .point").first
    point.click(force=True)
    page.get_by_text("Expected user score").wait_for(timeout=60_000)
    shot(page, "explorer")


def test_data_page(server, page):
    base, _ = server
    visit(page, base, "data")
    page.get_by_text("Import the seed project").wait_for(timeout=60_000)
    shot(page, "data")
