from collections import Counter

from core.defects import find_defects
from core.dsl import parse, validate
from core.metrics import structure_matches
from core.plan import parse_plan, spec_from_dict
from core.prompts import cnn, dense, flow
from core.synth import make_sample, make_samples


def test_samples_are_deterministic_by_seed_and_index():
    assert make_sample(7, 12) == make_sample(7, 12)
    assert make_sample(7, 12) != make_sample(8, 12)


def test_each_family_has_at_least_30_templates_and_holdouts_stay_out():
    assert len(dense.TEMPLATES) >= 30 and len(cnn.TEMPLATE_IDS) >= 30 and len(flow.TEMPLATE_IDS) >= 30
    train = make_samples(600, seed=1)
    held = make_samples(300, seed=1, holdout=True)
    holdouts = {"dense": dense.HOLDOUT, "cnn": cnn.HOLDOUT, "flow": flow.HOLDOUT}
    assert all(s.template not in holdouts[s.kind] for s in train)
    assert all(s.template in holdouts[s.kind] for s in held)


def test_targets_parse_lay_out_cleanly_and_match_their_spec():
    samples = make_samples(500, seed=11)
    kinds = Counter(s.kind for s in samples)
    assert min(kinds.values()) > 100
    for sample in samples:
        result = parse(sample.text)
        assert result.ok and not validate(result.diagram)
        spec = spec_from_dict(sample.spec)
        assert structure_matches(result.diagram, spec) == (True, "ok"), sample.id
        assert parse_plan(result.diagram.comments[0]) == spec
        assert find_defects(result.diagram).hard_total == 0, sample.id


def test_prompts_are_varied():
    samples = make_samples(3000, seed=2)
    assert len({s.prompt for s in samples}) == 3000
    seed_style = sum("Represent below as a Python list." in s.prompt for s in samples)
    assert 200 < seed_style < 600
    assert any("->" in s.prompt or "→" in s.prompt for s in samples)
    assert any(w in s.prompt.lower() for s in samples for w in (" three ", " four ", " five "))


def test_flow_labels_appear_verbatim_in_the_prompt():
    for sample in make_samples(400, seed=4, kind="flow"):
        for label, _role in sample.spec["nodes"]:
            assert label in sample.prompt, (label, sample.prompt)


def test_narrative_requests_are_deterministic_and_name_everything_in_their_spec():
    from core.plan import FlowSpec, check_spec, parse_plan, to_plan
    from core.synth import narrative_request

    for index in range(300):
        prompt, spec = narrative_request(11, index)
        assert (prompt, spec) == narrative_request(11, index)
        check_spec(spec)
        assert parse_plan(to_plan(spec)) == spec
        if isinstance(spec, FlowSpec):
            for node in spec.nodes:  # labels are copied into the plan, so they must be in the request verbatim
                assert node.label in prompt


def test_narrative_dense_requests_count_repeated_layers():
    import random

    from core.plan import DenseSpec
    from core.prompts.narrate import dense_narrative

    texts = {dense_narrative(DenseSpec((4, 24, 24, 24, 2)), random.Random(seed)) for seed in range(60)}
    assert any("3 hidden layers" in t or "three hidden layers" in t for t in texts)
    assert all("4" in t or "four" in t for t in texts)
