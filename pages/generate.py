"""Generate: a request in, ranked candidate diagrams out; rate them in place."""

import streamlit as st

from core.pipeline import RequestError, read_plan
from ui.candidates import card
from ui.editor import editor
from ui.router import route_through_home
from ui.state import adapter_choices, generator, model_choices, rater, scorer, store

route_through_home()

EXAMPLES = [
    "an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs",
    "a CNN for 28x28 images: conv, pool, conv, pool, then 128 and 10 nodes",
    "a RAG pipeline: question -> vector search -> LLM -> answer",
    "MLP: 8 input features -> 16 -> 8 -> 1 output",
    "load the CSV into a pandas DataFrame, then feature engineering, then a random forest that outputs predictions",
]

st.title("Generate")
name = rater()
with st.sidebar:
    models, adapters = model_choices(), adapter_choices()
    model_label = st.selectbox("Drawer model", list(models), help="Finished SFT runs from the Train page appear here.")
    adapter_label = st.selectbox("Adapter", list(adapters), help="LoRA adapters from ORPO runs.")
    count = st.slider("Candidates", 1, 8, 5)
    temperature = st.slider("Temperature", 0.1, 1.5, 0.9, 0.1)
    seed = st.number_input("Seed", 0, 10_000, 0)

example = st.selectbox("Examples", ["(write your own)"] + EXAMPLES)
with st.form("request"):
    prompt = st.text_area(
        "Request",
        value="" if example.startswith("(") else example,
        height=90,
        placeholder="Describe a neural network, a CNN or a flowchart…",
    )
    submitted = st.form_submit_button("Generate", type="primary")


def keep(result) -> None:
    """Store the candidates and the generation, and show them."""
    ids = [
        store().add_diagram(c["text"], prompt=result.prompt, source="generation", kind=result.spec.kind)
        for c in result.candidates
    ]
    for diagram_id, candidate in zip(ids, result.candidates):
        if candidate["score"] is not None:
            scorer().remember(store(), diagram_id, candidate["score"])
    store().add_generation(
        result.prompt,
        model_label,
        adapter_label,
        int(seed),
        result.seconds["total"],
        [(i, c["rank"], {"final": c["final"]}) for i, c in zip(ids, result.candidates)],
    )
    run = st.session_state.get("run", 0) + 1
    st.session_state.generated, st.session_state.run, st.session_state.editing = (
        {"result": result, "ids": ids, "run": run},
        run,
        None,
    )


def regenerate(pins: dict) -> None:
    previous = st.session_state.generated["result"]
    with st.spinner("Drawing around the pinned nodes…"):
        result = generator(models[model_label], adapters[adapter_label]).draw_plan(
            previous.prompt,
            previous.plan,
            previous.spec,
            count=count,
            seed=int(seed) + st.session_state.run,
            temperature=temperature,
            store=store(),
            rater=name or None,
            pins=pins,
        )
    keep(result)
    st.rerun()


def redraw(text: str) -> None:
    """Draw the user's corrected plan of the current request and keep the fix as planner training data."""
    previous = st.session_state.generated["result"]
    try:
        plan, spec = read_plan(text)
    except RequestError as exc:
        st.session_state.plan_error = str(exc)
        return
    if plan == previous.plan:
        st.session_state.plan_error = "That is the plan already drawn; change it first."
        return
    store().add_plan_fix(previous.prompt, previous.plan, plan)  # kept even if drawing it fails
    try:
        with st.spinner("Drawing the corrected plan…"):
            result = generator(models[model_label], adapters[adapter_label]).draw_plan(
                previous.prompt,
                plan,
                spec,
                count=count,
                seed=int(seed),
                temperature=temperature,
                store=store(),
                rater=name or None,
            )
    except Exception as exc:  # noqa: BLE001 - the page stays up and says what failed
        st.session_state.plan_error = f"Drawing the plan failed: {type(exc).__name__}: {exc}"
        return
    keep(result)
    st.rerun()


if submitted:
    try:
        with st.status("Planning, drawing and scoring…", expanded=False) as status:
            model = generator(models[model_label], adapters[adapter_label])
            result = model.generate(
                prompt, count=count, seed=int(seed), temperature=temperature, store=store(), rater=name or None
            )
            status.update(
                label=f"Done in {result.seconds['total']:.1f} s (plan {result.seconds['plan']:.1f} s, "
                f"draw {result.seconds['draw']:.1f} s, score {result.seconds['score']:.1f} s)",
                state="complete",
            )
        keep(result)
    except RequestError as exc:
        st.error(str(exc))
    except Exception as exc:  # noqa: BLE001 - the page stays up and says what failed
        st.error(f"Generation failed: {type(exc).__name__}: {exc}")

generated = st.session_state.get("generated")
if generated:
    result = generated["result"]
    st.caption(f"Plan: `{result.plan}`")
    if result.read_as:  # the repeats the request told in words, written out before planning (core.repeats)
        st.caption(f"Read with its repeats written out: {result.read_as}")
    if result.doubts:
        st.warning(
            "The plan may not be what you asked for: " + "; ".join(result.doubts[:3]) + ". Check it, and fix it "
            "below if it is wrong.",
            icon=":material/help:",
        )
    with st.expander("Fix the plan", icon=":material/build:", expanded=bool(result.doubts)):
        st.caption(
            "If the planner misread the request, correct its plan and redraw. Fixes are kept and exported on the "
            "Data page as training data for the planner."
        )
        with st.form("fix-plan"):
            fixed = st.text_input("Plan", value=result.plan, key=f"plan-{generated['run']}")
            if st.form_submit_button("Redraw from this plan"):
                redraw(fixed)
        if st.session_state.get("plan_error"):
            st.error(st.session_state.pop("plan_error"))
    columns = st.columns(3)
    for index, (candidate, diagram_id) in enumerate(zip(result.candidates, generated["ids"])):
        with columns[index % 3], st.container(border=True):
            card(candidate, diagram_id, name, key=f"{generated['run']}-{index}")
            if st.button("Edit / pin", key=f"edit-{generated['run']}-{index}", icon=":material/edit:"):
                st.session_state.editing = index
    editor(generated, name, regenerate)
