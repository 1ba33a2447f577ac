"""One ranked candidate as a card: image, scores, explanation, rating and downloads."""

from __future__ import annotations

import streamlit as st

from core.exports import export_text
from core.render import png_bytes, render_image, render_svg
from ui.state import image_of, store

EXPORTS = (("Mermaid", "mermaid", "mmd"), ("draw.io", "drawio", "drawio"), ("JSON", "json", "json"))
DEFECT_NAMES = {
    "overlaps": "overlapping shapes",
    "out_of_canvas": "shapes off the canvas",
    "crossings": "edge crossings",
    "edge_through_node": "edges through shapes",
    "cramped": "cramped shapes",
    "label_overflow": "labels that do not fit",
    "low_contrast": "faint lines",
    "tiny_nodes": "tiny shapes",
}


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def explain(candidate: dict) -> None:
    defects = candidate["defects"].as_dict()
    found = [f"{count} {DEFECT_NAMES[name]}" for name, count in defects.items() if count]
    st.markdown(
        f"**Structure:** {'as planned' if candidate['structure_ok'] else candidate['structure_reason']}"
        + (" · *positions repaired by the layout engine*" if candidate["repaired"] else "")
    )
    st.markdown("**Layout defects:** " + (", ".join(found) if found else "none"))
    score = candidate.get("score")
    if score is None:
        return
    st.markdown(f"**Readability** {score.readability:.2f} ± {score.readability_spread:.2f} (5 CNNs)")
    st.markdown(f"**User score:** {score.user.message}")
    if score.user.neighbours:
        cols = st.columns(len(score.user.neighbours))
        for col, neighbour in zip(cols, score.user.neighbours):
            row = store().diagram(neighbour.diagram_id)
            image = image_of(row) if row else None
            if image is not None:
                col.image(image, width="stretch")
            col.caption(
                f"rated {neighbour.rating:g} · distance {neighbour.distance:.2f} · weight {neighbour.weight:.0%}"
            )


def card(candidate: dict, diagram_id: int, rater: str, key: str) -> None:
    diagram = candidate["diagram"]
    st.image(render_image(diagram), width="stretch")
    st.markdown(
        f"**#{candidate['rank']}** · final **{_fmt(candidate['final'])}** · readability "
        f"{_fmt(candidate['readability'])} · user {_fmt(candidate['user_score'])}"
    )
    with st.expander("Why this score"):
        explain(candidate)
    rating = st.segmented_control("Rate 0-5", options=list(range(6)), key=f"rate-{key}")
    if rating is not None and st.session_state.get(f"saved-{key}") != rating:
        if not rater:
            st.warning("Enter a rater name in the sidebar to store ratings.")
        else:
            store().add_rating(diagram_id, rater, int(rating))
            st.session_state[f"saved-{key}"] = rating
            st.toast(f"Saved: {rating}/5 for #{candidate['rank']}")
    # Files are made when a button is clicked (a callable), not for every card on every rerun, and a
    # download does not rerun the page.
    name = f"diagram_{diagram_id}"
    files = [
        ("PNG", lambda: png_bytes(diagram), "png", "image/png"),
        ("SVG", lambda: render_svg(diagram), "svg", "image/svg+xml"),
        ("Text", lambda: candidate["text"], "txt", "text/plain"),
    ] + [(title, lambda fmt=fmt: export_text(diagram, fmt), suffix, None) for title, fmt, suffix in EXPORTS]
    for index, (title, make, suffix, mime) in enumerate(files):
        if index % 3 == 0:
            cols = st.columns(3)
        cols[index % 3].download_button(title, make, f"{name}.{suffix}", mime, key=f"{suffix}-{key}", on_click="ignore")
