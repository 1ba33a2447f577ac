"""Streamlit glue shared by the pages: cached models and store, the rater, model choices, the store counts.

Caching is explicit: the generator is one ``st.cache_resource`` entry (a new
model or adapter releases the old one); the store and scorer are cached once.
All logic stays in ``core``; this module only decides what lives how long.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path

import streamlit as st

from core.lm.model import DEFAULT_DIR
from core.store import Store, workspace_dir

REPO = Path(__file__).resolve().parents[1]


@st.cache_resource
def _store(root: str) -> Store:
    return Store(root)


def store() -> Store:
    """The workspace's store, opened once per workspace folder ($DIAGRAM_STUDIO_WORKSPACE)."""
    return _store(str(workspace_dir()))


@st.cache_resource(max_entries=1, show_spinner="Loading the models (once)...")
def generator(model_dir: str, adapter: str | None):
    from core.pipeline import Generator

    loaded = Generator.load(model_dir, adapter or None, scoring=False)
    loaded.scorer = scorer()
    return loaded


@st.cache_resource(show_spinner="Loading the scoring models...")
def scorer():
    from core.scoring.scorer import Scorer

    return Scorer.load()


# modules pages import that take over a second the first time (scikit-learn for the explorer's projection)
WARM_MODULES = ("core.scoring.explorer", "core.scoring.scorer", "core.lm.generate", "plotly.express")


def _warm() -> None:
    for module in WARM_MODULES:
        importlib.import_module(module)
    import plotly.express as px

    px.scatter(x=[0, 1], y=[0, 1], color=["a", "b"]).to_json()  # the first figure loads plotly's templates (~0.3 s)


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Import the slow modules and draw one throwaway figure once per server, in the background after the
    first page has run, so the first visit to a page that needs them does not wait (an import already
    under way is waited for)."""
    thread = threading.Thread(target=_warm, daemon=True)
    thread.start()
    return thread


def show_counts() -> None:
    """The store's counts as a row of metrics ('plan_fixes' is shown as 'Plan fixes')."""
    counts = store().counts()
    for col, (key, value) in zip(st.columns(len(counts)), counts.items()):
        col.metric(key.replace("_", " ").capitalize(), value)


def rater() -> str:
    """The rater name, shared by all pages and kept in the URL so a reload keeps it."""
    if "rater" not in st.session_state:
        st.session_state.rater = st.query_params.get("rater", "")
    name = st.sidebar.text_input("Rater name", key="rater", help="Ratings and preference pairs are stored under it.")
    if name:
        st.query_params["rater"] = name
    return name.strip()


def model_choices() -> dict[str, str]:
    """Label -> folder of every usable drawer: the shipped one and finished SFT runs."""
    choices = {"shipped diagram-lm": str(DEFAULT_DIR)}
    runs = store().root / "runs"
    for manifest in sorted(runs.glob("sft-*/manifest.json")) if runs.is_dir() else []:
        choices[f"run {manifest.parent.name}"] = str(manifest.parent)
    return choices


def adapter_choices() -> dict[str, str]:
    """Label -> folder of every ORPO/SFT LoRA adapter from finished runs."""
    choices = {"none": ""}
    runs = store().root / "runs"
    for config in sorted(runs.glob("orpo-*/adapter/adapter_config.json")) if runs.is_dir() else []:
        choices[f"run {config.parent.parent.name}"] = str(config.parent)
    shipped = REPO / "models" / "orpo-defects"
    if (shipped / "adapter_config.json").is_file():
        choices["shipped orpo-defects"] = str(shipped)
    return choices


@st.cache_data(max_entries=512, show_spinner=False)
def _rendered(text: str):
    """Stored diagrams never change, so each is drawn once (the score explanations show the same neighbours)."""
    from core.dsl import parse
    from core.render import render_image

    diagram = parse(text).diagram
    return render_image(diagram) if diagram.nodes else None


def image_of(row: dict):
    """RGB image of a stored diagram (rendered from text, or its stored PNG)."""
    from core.scoring.images import load_image_rgb

    if row.get("text"):
        image = _rendered(row["text"])
        if image is not None:
            return image
    path = store().image_file(row)
    return load_image_rgb(path) if path and path.is_file() else None
