"""Data: import the seed project's files, import/export ratings, pairs and diagrams, export plan fixes; statistics."""

import tempfile
from pathlib import Path

import streamlit as st

from core.dsl import serialize
from core.exports import FORMATS, export_text
from core.render import render_image
from core.summary import SummaryError, read_summary, summary_diagram
from core.transfer import (
    TransferError,
    export_diagrams_zip,
    export_pairs_jsonl,
    export_plan_fixes_jsonl,
    export_ratings_csv,
    extract_zip,
    import_diagrams_zip,
    import_pairs_jsonl,
    import_ratings_csv,
    import_seed,
)
from ui.router import route_through_home
from ui.state import show_counts, store

route_through_home()

st.title("Data")

st.subheader("Import the seed project")
st.caption("Its CSV files (input_data/output_data), scores.csv (img_path,score) and knn_user_score/0..5 folders.")
tab_folder, tab_zip = st.tabs(["From a folder on this machine", "Upload a zip"])
with tab_folder:
    folder = st.text_input("Folder path", placeholder="/path/to/2025_03_12_DeepSeek_LLM")
    if st.button("Import folder", disabled=not folder):
        try:
            st.success(import_seed(store(), Path(folder).expanduser()).summary())
        except TransferError as exc:
            st.error(str(exc))
with tab_zip:
    upload = st.file_uploader("Seed files as .zip", type=["zip"])
    if upload is not None and st.button("Import zip"):
        try:
            with tempfile.TemporaryDirectory(dir=store().root) as scratch:
                st.success(import_seed(store(), extract_zip(upload.getvalue(), Path(scratch))).summary())
        except (TransferError, ValueError) as exc:
            st.error(f"Could not import the zip: {exc}")

st.subheader("Import ratings, pairs and diagrams")
cols = st.columns(3)
ratings_file = cols[0].file_uploader("Ratings CSV (diagram_id, rater, rating)", type=["csv"])
if ratings_file is not None and cols[0].button("Import ratings"):
    st.info(import_ratings_csv(store(), ratings_file.getvalue()).summary())
pairs_file = cols[1].file_uploader("Pairs JSONL (prompt, chosen, rejected)", type=["jsonl", "json"])
if pairs_file is not None and cols[1].button("Import pairs"):
    st.info(import_pairs_jsonl(store(), pairs_file.getvalue()).summary())
zip_file = cols[2].file_uploader("Diagrams zip (.txt / .png)", type=["zip"])
if zip_file is not None and cols[2].button("Import diagrams"):
    try:
        st.info(import_diagrams_zip(store(), zip_file.getvalue()).summary())
    except (TransferError, ValueError) as exc:
        st.error(f"Could not import the zip: {exc}")

st.subheader("Export")
st.caption(
    "Each file is written when you click (the page does not wait for it). The diagrams zip holds each diagram "
    "as PNG, SVG, text, Mermaid (.mmd), draw.io (.drawio) and JSON."
)
cols = st.columns(4)
workspace = store()
cols[0].download_button("Ratings (CSV)", lambda: export_ratings_csv(workspace), "ratings.csv", "text/csv")
cols[1].download_button(
    "Preference pairs (JSONL, TRL format)", lambda: export_pairs_jsonl(workspace), "pairs.jsonl", "application/jsonl"
)
cols[2].download_button("Diagrams (zip)", lambda: export_diagrams_zip(workspace), "diagrams.zip", "application/zip")
cols[3].download_button(
    "Plan fixes (JSONL, planner training)",
    lambda: export_plan_fixes_jsonl(workspace),
    "plan_fixes.jsonl",
    "application/jsonl",
    help="Your corrections of the planner (Generate → Fix the plan); PlannerConfig.user_plans reads this file.",
)

st.subheader("Diagram from model code")
st.caption("Paste the text of a PyTorch `print(model)` or a Keras `model.summary()`; it is read, never run.")
summary_text = st.text_area("Model summary", height=160, key="summary")
if st.button("Draw it", disabled=not summary_text.strip()):
    try:
        graph = read_summary(summary_text)
        diagram = summary_diagram(graph)
        diagram_id = store().add_diagram(serialize(diagram), prompt="model summary", source="summary")
        st.image(render_image(diagram), caption=f"{len(graph.labels)} blocks from a {graph.source} summary")
        cols = st.columns(4)
        cols[0].download_button("Text", serialize(diagram), f"summary_{diagram_id}.txt", key="summary-txt")
        for col, (suffix, fmt) in zip(cols[1:], FORMATS.items()):
            col.download_button(fmt, export_text(diagram, fmt), f"summary_{diagram_id}{suffix}", key=f"s-{fmt}")
    except SummaryError as exc:
        st.error(str(exc))

st.subheader("Statistics")
show_counts()
st.bar_chart(store().source_counts(), horizontal=True)
