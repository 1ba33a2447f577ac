"""ORPO: pairs from the store and from defects, a smoke run, and the adapter changing generations."""

import json

from core.dsl import serialize
from core.layout import layout
from core.lm.generate import Drawer
from core.lm.orpo import OrpoRunConfig, train_orpo
from core.lm.pairs import dedupe, store_pairs
from core.plan import DenseSpec
from core.store import Store
from core.style import Style


def test_store_pairs_from_choices_and_rating_gaps(tmp_path):
    store = Store(tmp_path)
    spec = DenseSpec((3, 4, 2))
    texts = [serialize(layout(spec, Style(palette=p))) for p in ("ocean", "rose", "mono")]
    ids = [store.add_diagram(t, prompt="an MLP", source="generation") for t in texts]
    store.add_generation("an MLP", "m", None, 0, 0.1, [(i, n, {}) for n, i in enumerate(ids)])
    store.add_pair("an MLP", ids[0], ids[1], "ana")
    store.add_rating(ids[0], "bo", 5)
    store.add_rating(ids[2], "bo", 1)
    store.add_rating(ids[1], "bo", 4)  # pairs: 5 vs 1 and 4 vs 1 (gaps of 2+); 5 vs 4 is too close
    pairs = dedupe(store_pairs(store))
    sources = sorted(p.source for p in pairs)
    assert sources == ["ratings", "ratings", "user"]
    assert all(p.prompt.startswith("⟨plan⟩ dense 3 4 2") for p in pairs)
    assert len(dedupe(pairs + pairs)) == len(pairs)


def test_smoke_orpo_run_and_adapter_changes_generations(smoke_drawer_dir, tmp_path):
    out = tmp_path / "orpo"
    config = OrpoRunConfig.smoke(str(out), base_dir=str(smoke_drawer_dir))
    config.learning_rate = 0.05  # a visible change from a few steps
    summary = train_orpo(config)
    assert summary["pairs"] >= 1 and summary["sources"] == {"defects": summary["pairs"]}
    metrics = [json.loads(line) for line in (out / "metrics.jsonl").read_text().splitlines()]
    assert any("rewards/margins" in m for m in metrics)
    spec = DenseSpec((3, 5, 2))
    plain = [d.diagram for d in Drawer.load(smoke_drawer_dir).draw(spec, count=3, seed=5)]
    tuned = [d.diagram for d in Drawer.load(smoke_drawer_dir, adapter=out / "adapter").draw(spec, count=3, seed=5)]
    assert plain != tuned


def test_defect_pairs_hold_the_style_equal_and_prefer_a_clean_layout():
    from core.defects import find_defects
    from core.lm.generate import Drawer
    from core.lm.pairs import defect_pairs, plan_of
    from core.lm.tokenizer import from_compact
    from core.repair import infer_style

    pairs = defect_pairs(Drawer.load(), 3, seed=5)
    assert pairs
    for pair in pairs:
        chosen = from_compact(f"{pair.prompt} {pair.chosen}")[0]
        rejected = from_compact(f"{pair.prompt} {pair.rejected}")[0]
        spec = plan_of(chosen)
        assert find_defects(chosen).hard_total == 0
        assert infer_style(chosen, spec) == infer_style(rejected, spec)


def test_a_node_an_edge_runs_through_is_moved_off_it_and_nothing_else_changes():
    from dataclasses import replace

    from core.defects import find_defects
    from core.lm.pairs import moved_off_edges
    from core.plan import FlowNode, FlowSpec

    spec = FlowSpec((FlowNode("question", "data"), FlowNode("retriever", "process"), FlowNode("answer", "data")), ())
    clean = layout(spec, Style(palette="ocean"))
    top, middle, bottom = clean.nodes
    # one column, and an edge from the top node to the bottom one straight through the middle one
    column = (
        replace(top, x=500, y=150, targets=(bottom.node_no,)),
        replace(middle, x=500, y=300),
        replace(bottom, x=500, y=450),
    )
    tangled = replace(clean, nodes=column)
    assert find_defects(tangled).edge_through_node == 1
    moved = moved_off_edges(tangled)
    assert moved is not None and find_defects(moved).hard_total == 0
    changed = [(a, b) for a, b in zip(tangled.nodes, moved.nodes) if a != b]
    assert len(changed) == 1 and replace(changed[0][1], x=changed[0][0].x, y=changed[0][0].y) == changed[0][0]
    assert moved_off_edges(layout(spec, Style())) is None  # nothing runs through a node: no pair
