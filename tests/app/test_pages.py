"""AppTest per page: widgets present, actions change the store, errors shown as messages."""

import subprocess
import sys
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.dsl import serialize
from core.layout import layout
from core.plan import DenseSpec, FlowNode, FlowSpec
from core.store import Store
from core.style import Style

TIMEOUT = 180
ROOT = Path(__file__).resolve().parents[2]
HOME = str(ROOT / "Home.py")


def seeded_store() -> Store:
    store = Store()
    specs = [
        DenseSpec((3, 5, 2)),
        DenseSpec((784, 64, 10)),
        FlowSpec((FlowNode("question", "data"), FlowNode("LLM", "process")), ((0, 1),)),
    ]
    ids = [
        store.add_diagram(serialize(layout(spec, Style(palette=palette))), prompt=f"p{i}", source="generation")
        for i, (spec, palette) in enumerate(zip(specs, ["ocean", "rose", "mono"]))
    ]
    store.add_generation("an MLP", "test", None, 0, 0.1, [(ids[0], 1, {}), (ids[1], 2, {})])
    return store


def app(page: str) -> AppTest:
    """The real app (Home.py with its navigation), switched to ``page``."""
    at = AppTest.from_file(HOME, default_timeout=TIMEOUT)
    at.run()
    return at if page == "pages/home.py" else at.switch_page(page)


def test_home_shows_models_and_counts():
    seeded_store()
    at = app("pages/home.py").run()
    assert not at.exception
    assert at.title[0].value == "Diagram Studio"
    assert {m.label for m in at.metric} >= {"Diagrams", "Ratings", "Pairs"}
    assert at.metric[0].value == "3"


def test_generate_ranks_candidates_and_stores_them():
    at = app("pages/generate.py").run()
    at.sidebar.text_input[0].input("ana").run()
    at.text_area[0].input("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs")
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.caption[0].value.startswith("Plan: `dense 3 5 4 2`")
    assert len(at.segmented_control) == 5  # one rating control per candidate
    store = Store()
    assert store.counts()["generations"] == 1 and store.counts()["diagrams"] == 5
    at.segmented_control[0].set_value(4).run()
    assert [r["rating"] for r in store.ratings("ana")] == [4]

    # the node editor: opens on a candidate, says the diagram is valid, regenerating needs a pin
    next(b for b in at.button if b.label == "Edit / pin").click().run()
    assert not at.exception
    assert at.subheader[0].value == "Edit candidate #1"
    assert any(s.value.startswith("Valid") for s in at.success)
    assert next(b for b in at.button if b.label.startswith("Regenerate the rest")).disabled
    next(b for b in at.button if b.label == "Prefer my edit over the original").click().run()
    assert at.info and "same as the original" in at.info[0].value and Store().pairs() == []


def test_a_misread_plan_is_fixed_redrawn_and_kept():
    at = app("pages/generate.py").run()
    at.text_area[0].input("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs")
    at.button[0].click().run()
    next(t for t in at.text_input if t.label == "Plan").input("dense")  # a form: sent with its button
    next(b for b in at.button if b.label == "Redraw from this plan").click().run()
    assert at.error and "could not be read" in at.error[0].value and Store().plan_fixes() == []
    next(t for t in at.text_input if t.label == "Plan").input("dense 3 5 4 4 2")
    next(b for b in at.button if b.label == "Redraw from this plan").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.caption[0].value == "Plan: `dense 3 5 4 4 2`"
    assert [(f["planned"], f["plan"]) for f in Store().plan_fixes()] == [("dense 3 5 4 2", "dense 3 5 4 4 2")]
    assert Store().counts()["generations"] == 2


def test_a_told_repeat_is_shown_written_out():
    at = app("pages/generate.py").run()
    at.text_area[0].input("input 32x32, (conv 3x3 16, max pool 2x2) x 2, dense 10")
    at.button[0].click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.caption[1].value == (
        "Read with its repeats written out: input 32x32, conv 3x3 16, max pool 2x2, then conv 3x3 16, max pool 2x2, "
        "dense 10"
    )


def test_generate_reports_a_bad_request():
    at = app("pages/generate.py").run()
    at.text_area[0].input("  ")
    at.button[0].click().run()
    assert at.error and "empty" in at.error[0].value


def test_label_rates_skips_and_undoes():
    seeded_store()
    at = app("pages/label.py").run()
    assert at.info  # asks for a rater first
    at.sidebar.text_input[0].input("bo").run()
    first = Store().unrated("bo")[0]["id"]
    next(b for b in at.button if b.label == "4").click().run()
    assert [(r["diagram_id"], r["rating"]) for r in Store().ratings("bo")] == [(first, 4)]
    next(b for b in at.button if b.label == "Undo").click().run()
    assert Store().ratings("bo") == []


def test_label_pairwise_writes_preference_pairs():
    seeded_store()
    at = app("pages/label.py").run()
    at.sidebar.text_input[0].input("bo").run()
    at.segmented_control[0].set_value("Pick the better").run()
    next(b for b in at.button if b.label == "Left is better").click().run()
    pairs = Store().pairs()
    assert len(pairs) == 1 and pairs[0]["rater"] == "bo"


def test_train_page_builds_a_form_and_rejects_bad_config():
    at = app("pages/train.py").run()
    assert not at.exception
    at.selectbox[0].set_value("cnn").run()
    names = {n.label for n in at.number_input}
    assert {"epochs", "folds", "learning_rate"} <= names
    next(n for n in at.number_input if n.label == "folds").set_value(1)
    at.button[0].click().run()
    assert at.error and "folds" in at.error[0].value
    assert Store().runs() == []


def test_training_configs_load_without_transformers():
    """The Train page reads the config dataclasses; importing transformers for that cost its first visit 3 s."""
    code = "import sys, core.lm.sft, core.lm.orpo, core.lm.planner; print('transformers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_installed_streamlit_has_every_bundle_the_browser_preloads():
    """ui/preload.py finds Streamlit's lazily loaded bundles by name; a release that renames one would
    silently bring back the slow first visits, so say so here."""
    from ui.preload import CHUNKS, chunk_files

    assert sorted(name.split(".")[0] for name in chunk_files()) == sorted(CHUNKS)


def test_explorer_projects_latents():
    seeded_store()
    at = app("pages/explorer.py").run()
    assert not at.exception
    assert any("trustworthiness" in c.value for c in at.caption)


def test_data_page_imports_a_seed_folder(tmp_path):
    from tests.test_transfer import make_seed_folder

    make_seed_folder(tmp_path / "seed")
    at = app("pages/data.py").run()
    at.text_input[0].input(str(tmp_path / "seed")).run()  # the button is enabled once a path is typed
    next(b for b in at.button if b.label == "Import folder").click().run()
    assert at.success and "imported 4 diagrams" in at.success[0].value
    at.text_input[0].input(str(tmp_path / "missing")).run()
    next(b for b in at.button if b.label == "Import folder").click().run()
    assert at.error and "not a folder" in at.error[0].value


def test_data_page_draws_a_model_summary_and_reports_bad_text():
    at = app("pages/data.py").run()
    summary = next(t for t in at.text_area if t.label == "Model summary")
    summary.input(
        "Net(\n  (a): Conv2d(1, 8, kernel_size=(3, 3))\n  (b): Linear(in_features=8, out_features=2)\n)\n"
    ).run()
    next(b for b in at.button if b.label == "Draw it").click().run()
    assert not at.exception and not at.error
    assert [row["source"] for row in Store().diagrams()] == ["summary"]
    next(t for t in at.text_area if t.label == "Model summary").input("print('hello')").run()
    next(b for b in at.button if b.label == "Draw it").click().run()
    assert at.error and "no layer rows" in at.error[0].value
