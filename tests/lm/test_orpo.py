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
