"""Latent explorer: the taste space (AE latents + colour) in 2-D; a point's kNN neighbours and its user score."""

import numpy as np
import plotly.express as px
import streamlit as st

from core.scoring.explorer import latent_table, project
from core.scoring.knn import KnnUserScore
from ui.router import route_through_home
from ui.state import image_of, rater, scorer, store

route_through_home()

st.title("Latent explorer")
name = rater()


@st.cache_data(show_spinner="Encoding stored diagrams…")
def table_and_latents(stamp: tuple):
    return latent_table(store(), scorer())


@st.cache_data
def projection(stamp: tuple, method: str):
    return project(table_and_latents(stamp)[1], method)


counts = store().counts()
stamp = (counts["diagrams"], counts["ratings"])
table, latents = table_and_latents(stamp)
if len(table) < 3:
    st.info("Store at least three diagrams (generate, or import on the Data page) to see the latent space.")
    st.stop()

left, right = st.columns(2)
method = left.radio("Projection", ["PCA", "t-SNE"], horizontal=True)
colour = right.radio("Colour by", ["rating", "readability", "source", "raters"], horizontal=True)
points, trust = projection(stamp, method)
table = table.assign(x=points[:, 0], y=points[:, 1])
st.caption(
    f"{len(table)} diagrams · {latents.shape[1]}-dimensional taste vectors (auto-encoder latents + 4 colour "
    f"numbers) · 2-D trustworthiness {trust:.2f} (1.0 = 2-D neighbours are true neighbours; neighbours below "
    "use the full space)"
)
figure = px.scatter(
    table, x="x", y="y", color=colour, hover_data=["id", "source", "prompt", "rating"], custom_data=["id"], height=460
)
event = st.plotly_chart(figure, on_select="rerun", selection_mode=("points", "box", "lasso"), key="latent-map")

selected = [point["customdata"][0] for point in (event.selection.points if event else [])]
if not selected:
    st.caption("Click a point, or draw a box or lasso, to inspect it.")
    st.stop()
if len(selected) > 1:
    st.dataframe(table[table["id"].isin(selected)].drop(columns=["x", "y"]), hide_index=True)
focus = int(selected[0])
index = int(np.nonzero(table["id"].to_numpy() == focus)[0][0])
cols = st.columns([2, 3])
image = image_of(store().diagram(focus))
if image is not None:
    cols[0].image(image, caption=f"diagram #{focus}", width="stretch")

ratings = store().ratings(name or None)
rated = {r["diagram_id"]: r["rating"] for r in ratings}
mask = table["id"].isin(list(rated)).to_numpy()
model = KnnUserScore(latents[mask], np.array([rated[i] for i in table["id"][mask]]), list(table["id"][mask]))
result = model.predict(latents[index], exclude=focus)
with cols[1]:
    who = f"rater {name}" if name else "all raters"
    st.markdown(f"**Expected user score ({who}):** " + ("—" if result.score is None else f"{result.score:.2f}"))
    st.caption(result.message)
    for neighbour in result.neighbours:
        inner = st.columns([1, 2])
        row = store().diagram(neighbour.diagram_id)
        picture = image_of(row) if row else None
        if picture is not None:
            inner[0].image(picture, width="stretch")
        inner[1].markdown(
            f"#{neighbour.diagram_id} · rating **{neighbour.rating:g}** · distance "
            f"{neighbour.distance:.3f} · weight **{neighbour.weight:.0%}** → contributes "
            f"{neighbour.weight * neighbour.rating:.2f}"
        )
