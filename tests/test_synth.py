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


def test_pipeline_requests_are_deterministic_and_name_every_node_verbatim():
    from core.plan import check_spec, parse_plan, to_plan
    from core.synth import pipeline_request

    for index in range(300):
        prompt, spec = pipeline_request(5, index)
        assert (prompt, spec) == pipeline_request(5, index)
        check_spec(spec)
        assert parse_plan(to_plan(spec)) == spec
        labels = [node.label.lower() for node in spec.nodes]
        for label in labels:
            assert label in prompt.lower()
            assert not any(other != label and f" {label} " in f" {other} " for other in labels), (label, labels)


def test_pipelines_are_small_and_branch_the_way_requests_do():
    import random
    import statistics

    from core.prompts.pipelines import pipeline_graph

    graphs = [pipeline_graph(random.Random(seed)) for seed in range(500)]
    sizes = [len(roles) for roles, _ in graphs]
    assert 3 <= statistics.median(sizes) <= 6 and max(sizes) <= 12

    def share(test) -> float:
        return sum(1 for roles, edges in graphs if test(roles, edges)) / len(graphs)

    def fan_in(roles, edges):  # a step with two or more inputs: "A and B feed C"
        return any(sum(1 for _, b in edges if b == n) > 1 for n, role in enumerate(roles) if role == "process")

    def fan_out(roles, edges):  # data read by two or more steps: "D goes to E and to F"
        return any(sum(1 for a, _ in edges if a == n) > 1 for n, role in enumerate(roles) if role == "data")

    def merge_into_data(roles, edges):  # "P and Q both write to D"
        return any(sum(1 for _, b in edges if b == n) > 1 for n, role in enumerate(roles) if role == "data")

    assert 0.25 < share(fan_in) < 0.7
    assert 0.15 < share(fan_out) < 0.6
    assert 0.05 < share(merge_into_data) < 0.4
    assert share(lambda roles, edges: all(b == a + 1 for a, b in edges)) > 0.25  # plain chains stay common


def test_arrow_chains_tell_every_edge_once():
    import random
    import re

    from core.prompts.pipelines import _arrow_chains, pipeline_graph

    for seed in range(100):
        rng = random.Random(seed)
        roles, edges = pipeline_graph(rng)
        labels = [f"n{i}" for i in range(len(roles))]
        text = _arrow_chains(labels, edges, random.Random(seed))
        told = []
        for chain in text.replace("\n", "; ").replace(". ", "; ").replace(", and ", "; ").split("; "):
            names = [int(number) for number in re.findall(r"n(\d+)", chain)]
            told += list(zip(names, names[1:]))
        assert sorted(told) == sorted(edges), text
