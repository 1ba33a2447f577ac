"""The node editor under the candidate grid: edit, pin, save, prefer, regenerate around the pins."""

from __future__ import annotations

import streamlit as st

from core.dsl import LINE_SHAPES, SHAPES, parse, serialize
from core.edit import diagram_from_rows, node_rows, pinned_nodes
from core.render import render_image
from ui.state import store


def editor(generated: dict, rater: str, regenerate) -> None:
    """Edit candidate ``st.session_state.editing`` of ``generated``; ``regenerate(pins)`` redraws the rest."""
    index = st.session_state.get("editing")
    if index is None or index >= len(generated["result"].candidates):
        return
    candidate = generated["result"].candidates[index]
    original = parse(candidate["text"]).diagram
    st.subheader(f"Edit candidate #{candidate['rank']}")
    st.caption("Change any cell; tick **pin** to keep a node when the rest is regenerated.")
    rows = st.data_editor(
        node_rows(original),
        key=f"editor-{generated['run']}-{index}",
        hide_index=True,
        disabled=["node"],
        column_config={
            "pin": st.column_config.CheckboxColumn("pin", width="small"),
            "shape": st.column_config.SelectboxColumn("shape", options=list(SHAPES), required=True),
            "line": st.column_config.SelectboxColumn("line", options=list(LINE_SHAPES), required=True),
            "x": st.column_config.NumberColumn("x", min_value=0, max_value=1000, step=1),
            "y": st.column_config.NumberColumn("y", min_value=0, max_value=600, step=1),
        },
    )
    edited, problems = diagram_from_rows(rows, original.comments)
    left, right = st.columns([3, 2])
    if edited.nodes:
        left.image(render_image(edited), width="stretch")
    for problem in problems:
        right.warning(problem)
    if not problems:
        right.success("Valid: every node is on the canvas and every target exists.")
    prompt = generated["result"].prompt
    if right.button("Save the edit", disabled=bool(problems), key="save-edit"):
        edited_id = store().add_diagram(serialize(edited), prompt=prompt, source="edit")
        right.toast(f"Saved as diagram {edited_id}; rate it on the Label page.")
    if right.button("Prefer my edit over the original", disabled=bool(problems) or not rater, key="prefer-edit"):
        edited_id = store().add_diagram(serialize(edited), prompt=prompt, source="edit")
        original_id = generated["ids"][index]
        if edited_id == original_id:
            right.info("The edit is the same as the original.")
        else:
            store().add_pair(prompt, edited_id, original_id, rater, source="edit")
            right.toast("Preference pair stored (chosen: your edit).")
    pins = pinned_nodes(rows, edited)
    label = f"Regenerate the rest ({len(pins)} pinned)"
    if right.button(label, disabled=bool(problems) or not pins, key="regen", type="primary"):
        regenerate(pins)
