"""Home: what Diagram Studio does, the loaded models and their measured numbers, the store."""

import streamlit as st

from core.manifest import headline_numbers, read_manifest
from ui.router import route_through_home
from ui.state import REPO, show_counts, store

route_through_home()

st.title("Diagram Studio")
st.markdown(
    "Type a request in plain language — *an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs* or "
    "*a RAG pipeline: question -> vector search -> LLM -> answer* — and get several diagrams, ranked by "
    "readability and by how much **you** are expected to like them. Your ratings retrain the readability "
    "model, shape your personal score and become preference pairs that tune the language model. "
    "Everything runs offline on a laptop CPU."
)

cols = st.columns(5)
for col, (page, label) in zip(
    cols,
    [
        ("pages/generate.py", "Generate"),
        ("pages/label.py", "Label"),
        ("pages/train.py", "Train"),
        ("pages/explorer.py", "Latent explorer"),
        ("pages/data.py", "Data"),
    ],
):
    col.page_link(page, label=label)

st.subheader("Models")
rows = []
for name in ("planner", "diagram-lm", "readability", "autoencoder"):
    try:
        manifest = read_manifest(REPO / "models" / name)
        rows.append(
            {
                "model": name,
                "kind": manifest.get("kind", ""),
                "created": manifest.get("created", ""),
                "measured": headline_numbers(manifest),
            }
        )
    except Exception as exc:  # noqa: BLE001 - shown to the user, the page keeps working
        rows.append({"model": name, "kind": "missing", "created": "", "measured": str(exc)})
st.dataframe(
    rows, hide_index=True, width="stretch", column_config={"measured": st.column_config.TextColumn(width="large")}
)
st.caption("Each model's manifest (`models/<name>/manifest.json`) holds the command that measured these numbers.")

st.subheader("Your data")
show_counts()
st.caption(f"Workspace: `{store().root}`")
