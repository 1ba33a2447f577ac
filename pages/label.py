"""Label: rate diagrams 0-5 (keys 0-5) or pick the better of two; every click is committed."""

import streamlit as st

from ui.keys import bind_keys
from ui.router import route_through_home
from ui.state import image_of, rater, store

route_through_home()


st.title("Label")
name = rater()
if not name:
    st.info("Enter your rater name in the sidebar to start labelling.")
    st.stop()

mode = st.segmented_control("Mode", ["Rate", "Pick the better"], default="Rate", key="label-mode")
skipped = st.session_state.setdefault("skipped", set())

if mode == "Rate":
    queue = [row for row in store().unrated(name, limit=200) if row["id"] not in skipped]
    rated = len(store().ratings(name))
    st.caption(f"{rated} rated by {name} · {len(queue)} waiting in the queue")
    if not queue:
        st.success("Nothing left to rate. Generate more diagrams or import some on the Data page.")
    else:
        row = queue[0]
        image = image_of(row)
        if image is not None:
            st.image(image, width="stretch")
        st.caption(f"#{row['id']} · {row['source']} · {row['prompt'][:160]}")
        buttons = st.columns(8)
        for value, column in enumerate(buttons[:6]):
            if column.button(
                str(value), key=f"r{value}", width="stretch", type="primary" if value >= 4 else "secondary"
            ):
                store().add_rating(row["id"], name, value)
                st.toast(f"Saved {value}/5 for diagram #{row['id']}")
                st.rerun()
        if buttons[6].button("Skip", width="stretch"):
            skipped.add(row["id"])
            st.rerun()
        if buttons[7].button("Undo", width="stretch"):
            undone = store().undo_rating(name)
            st.toast("Nothing to undo" if undone is None else f"Removed your last rating (diagram #{undone})")
            st.rerun()
        bind_keys({str(v): str(v) for v in range(6)} | {"s": "Skip", "u": "Undo"})
        st.caption("Keys: 0-5 rate · s skip · u undo")
else:
    done = {(p["chosen_id"], p["rejected_id"]) for p in store().pairs(include_ties=True) if p["rater"] == name}
    done |= {(b, a) for a, b in done}
    options = []
    for group in store().generation_groups():
        ids = group["diagram_ids"]
        options += [
            (group["prompt"], a, b)
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
            if (a, b) not in done and (group["prompt"], a, b) not in skipped
        ]
    st.caption(f"{len(done) // 2} comparisons by {name} · {len(options)} pairs waiting")
    if not options:
        st.success("No pairs left: generate more candidates to compare.")
    else:
        prompt, left, right = options[0]
        st.markdown(f"**Request:** {prompt}")
        columns = st.columns(2)
        for column, diagram_id in zip(columns, (left, right)):
            image = image_of(store().diagram(diagram_id))
            if image is not None:
                column.image(image, width="stretch")
        actions = st.columns(4)
        if actions[0].button("Left is better", width="stretch"):
            store().add_pair(prompt, left, right, name)
            st.rerun()
        if actions[1].button("Equal", width="stretch"):
            store().add_pair(prompt, left, right, name, tie=True)
            st.rerun()
        if actions[2].button("Right is better", width="stretch"):
            store().add_pair(prompt, right, left, name)
            st.rerun()
        if actions[3].button("Skip pair", width="stretch"):
            skipped.add((prompt, left, right))
            st.rerun()
        bind_keys({"ArrowLeft": "Left is better", "ArrowRight": "Right is better", "=": "Equal"})
        st.caption("Keys: ← left better · → right better · = equal")
