"""Train: launch SFT, ORPO, readability CNN, auto-encoder or planner runs; live curves; stop."""

import time

import plotly.graph_objects as go
import streamlit as st

from core import runs
from ui.forms import config_form
from ui.router import route_through_home
from ui.state import store

route_through_home()

CONFIGS = {
    "sft": ("Drawer SFT (language model)", "core.lm.sft", "DrawerTrainConfig"),
    "orpo": ("ORPO preference tuning (LoRA)", "core.lm.orpo", "OrpoRunConfig"),
    "cnn": ("Readability CNN ensemble", "core.scoring.readability", "ReadabilityConfig"),
    "ae": ("Auto-encoder", "core.scoring.autoencoder", "AutoEncoderConfig"),
    "planner": ("Planner (LoRA on SmolLM2)", "core.lm.planner", "PlannerConfig"),
}
CURVES = (
    "loss",
    "eval_loss",
    "learning_rate",
    "rewards/margins",
    "rewards/chosen",
    "rewards/rejected",
    "log_odds_ratio",
    "rewards/accuracies",
)


st.title("Train")
kind = st.selectbox("Job", list(CONFIGS), format_func=lambda k: CONFIGS[k][0])
module, name = CONFIGS[kind][1:]
with st.form(f"launch-{kind}"):
    config_class = getattr(__import__(module, fromlist=[name]), name)
    changed = config_form(config_class, key=kind)
    smoke = st.checkbox("Smoke run (tiny settings, seconds)", value=False)
    if st.form_submit_button("Launch", type="primary"):
        try:
            run_id = runs.launch(kind, changed, store(), smoke=smoke)
            st.session_state.selected_run = run_id
            st.toast(f"Started {run_id}")
        except (TypeError, ValueError) as exc:
            st.error(f"Cannot start: {exc}")


def curve_figure(selected: list[dict]) -> go.Figure:
    figure = go.Figure()
    for run in selected:
        records = runs.read_metrics(run["out_dir"])
        for metric in CURVES:
            points = [(r.get("step") or r.get("epoch") or i, r[metric]) for i, r in enumerate(records) if metric in r]
            if points:
                xs, ys = zip(*points)
                figure.add_trace(
                    go.Scatter(
                        x=xs,
                        y=ys,
                        mode="lines+markers",
                        name=f"{run['id']} {metric}",
                        yaxis="y2" if metric == "learning_rate" else "y",
                    )
                )
    figure.update_layout(
        height=380,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis_title="step / epoch",
        yaxis2=dict(overlaying="y", side="right", title="learning rate", showgrid=False),
        legend=dict(orientation="h"),
    )
    return figure


@st.fragment(run_every=2)
def live() -> None:
    all_runs = runs.refresh(store())
    if not all_runs:
        st.info("No runs yet.")
        return
    ids = [run["id"] for run in all_runs]
    default = [st.session_state.get("selected_run", ids[0])]
    chosen = st.multiselect("Runs to plot (overlaid)", ids, default=[i for i in default if i in ids], key="plot-runs")
    selected = [run for run in all_runs if run["id"] in chosen]
    for run in selected:
        records = runs.read_metrics(run["out_dir"])
        last = records[-1] if records else {}
        cols = st.columns([3, 2, 1])
        cols[0].markdown(
            f"**{run['id']}** · {run['status']}" + (f" · {run['last_error']}" if run["last_error"] else "")
        )
        step, total = last.get("step"), last.get("max_steps")
        if step and total:
            elapsed = last.get("elapsed") or (time.time() - run["created"])
            eta = elapsed / step * (total - step)
            cols[1].progress(min(step / total, 1.0), text=f"step {step}/{total} · ETA {eta / 60:.1f} min")
        if run["status"] == "running" and cols[2].button("Stop", key=f"stop-{run['id']}"):
            runs.stop(store(), run["id"])
            st.rerun()
    st.plotly_chart(curve_figure(selected), key="curves")
    st.dataframe(
        [{k: run[k] for k in ("id", "kind", "status", "last_error")} for run in all_runs],
        hide_index=True,
        width="stretch",
    )


live()
