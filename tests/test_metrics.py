import pytest

from core.dsl import parse, serialize
from core.layout import layout
from core.metrics import normalise_label, seed_score, spec_from_diagram, structure_matches
from core.plan import CnnLayer, CnnSpec, DenseSpec, FlowNode, FlowSpec
from core.style import Style
from tests.conftest import diagram, node

CHAIN = diagram(node(0, 100, 100, [1]), node(1, 300, 100, [2]), node(2, 500, 100))
FORK = diagram(node(0, 100, 100, [1, 2]), node(1, 300, 100), node(2, 500, 100))


def test_seed_score_by_hand():
    # target degrees of each node's targets: chain {(1,), (0,), ()}, fork {(0, 0), (), ()}
    # IoU = |{()}| / |{(1,), (0,), (), (0, 0), ()}| = 1 / 5
    assert seed_score(FORK, CHAIN, deep_learning=False) == pytest.approx(0.2)
    # out-degree means are both 2/3, so z = 0 and the z term is 1: 0.5 * 0.2 + 0.5 * 1
    assert seed_score(FORK, CHAIN, deep_learning=True) == pytest.approx(0.6)
    assert seed_score(CHAIN, CHAIN, deep_learning=True) == pytest.approx(1.0)


def test_seed_score_skips_z_when_a_std_is_zero():
    flat = diagram(node(0, 100, 100, [1]), node(1, 300, 100, [0]))  # degrees [1, 1]: std 0
    other = diagram(node(0, 100, 100, [1, 2]), node(1, 300, 100), node(2, 500, 100, [1]))  # [2, 0, 1]
    # z vs flat's std is skipped; z vs other's std = |1 - 1| / 0.816 = 0 -> term 1
    iou = seed_score(flat, other, deep_learning=False)
    assert seed_score(flat, other, deep_learning=True) == pytest.approx(0.5 * iou + 0.5)


def test_structure_recovered_from_layouts():
    specs = [
        DenseSpec((3, 5, 4, 2)),
        DenseSpec((784, 128, 10)),
        CnnSpec(
            (
                CnnLayer("input", 28, 28, 1),
                CnnLayer("conv", 5, 5, 32),
                CnnLayer("avgpool", 2, 2),
                CnnLayer("dropout", units=50),
                CnnLayer("dense", units=10),
            )
        ),
    ]
    for spec in specs:
        chart = layout(spec, Style())
        assert spec_from_diagram(chart, spec.kind) == spec
        assert structure_matches(chart, spec) == (True, "ok")


def test_wrong_counts_or_labels_fail_with_a_reason():
    chart = layout(DenseSpec((3, 5, 4, 2)), Style())
    ok, reason = structure_matches(chart, DenseSpec((3, 5, 5, 2)))
    assert not ok and "[3, 5, 4, 2]" in reason
    cut = parse("\n".join(serialize(chart).splitlines()[:-1])).diagram  # last neuron missing
    assert not structure_matches(cut, DenseSpec((3, 5, 4, 2)))[0]
    flow = FlowSpec((FlowNode("question", "data"), FlowNode("LLM", "process")), ((0, 1),))
    assert structure_matches(layout(flow, Style()), flow)[0]
    renamed = FlowSpec((FlowNode("query", "data"), FlowNode("LLM", "process")), ((0, 1),))
    assert not structure_matches(layout(flow, Style()), renamed)[0]


def test_flow_match_is_isomorphism_not_order():
    spec = FlowSpec((FlowNode("a", "data"), FlowNode("b", "process"), FlowNode("c", "data")), ((0, 1), (1, 2)))
    shuffled = diagram(
        node(5, 500, 100, [], label="C"), node(3, 100, 100, [4], label="A"), node(4, 300, 100, [5], label="b")
    )
    assert structure_matches(shuffled, spec)[0]
    assert normalise_label("  Vector-Search!! ") == "vector-search"
