import pytest

from core.plan import (
    CnnLayer,
    CnnSpec,
    DenseSpec,
    FlowNode,
    FlowSpec,
    parse_plan,
    spec_from_dict,
    spec_to_dict,
    to_plan,
)


def test_plans_round_trip():
    specs = [
        DenseSpec((3, 5, 4, 2)),
        CnnSpec(
            (
                CnnLayer("input", 32, 32, 3),
                CnnLayer("conv", 5, 5, 16),
                CnnLayer("avgpool", 3, 3),
                CnnLayer("dropout", units=25),
                CnnLayer("flatten"),
                CnnLayer("dense", units=10),
            )
        ),
        FlowSpec(
            (FlowNode("a", "data"), FlowNode("b", "process"), FlowNode("c", "data"), FlowNode("d", "data")),
            ((0, 1), (0, 2), (1, 3), (2, 3)),
        ),
    ]
    for spec in specs:
        assert parse_plan(to_plan(spec)) == spec
        assert spec_from_dict(spec_to_dict(spec)) == spec
    assert (
        to_plan(specs[2]) == "# plan: flow a [data] ; b [process] ; c [data] ; d [data] | a > b ; a > c ; b > d ; c > d"
    )


def test_tolerant_readings():
    assert parse_plan("cnn input 28x28 ; conv 3 ; maxpool 2 ; dense 10").layers[1:3] == (
        CnnLayer("conv", 3, 3),
        CnnLayer("maxpool", 2, 2),
    )
    flow = parse_plan("flow Question [data] ; LLM [process] | question > llm")
    assert flow.edges == ((0, 1),)


@pytest.mark.parametrize(
    "plan, reason",
    [
        ("dense 3", "2 to 12 layers"),
        ("dense " + " ".join(["10"] * 500), "2 to 12 layers"),
        ("dense 3 0", "1 to 100000"),
        ("cnn input 28 ; dense 10", "bad input size"),
        ("cnn input 28x28 ; warp 3", "unknown CNN layer"),
        ("flow a [data] ; b [process] | a > c", "not a declared node"),
        ("flow a [data] ; b [process] | a > b > a", "cycle"),
        ("flow a [thing] | a", "bad flowchart node"),
        ("poem roses are red", "unknown diagram kind"),
    ],
)
def test_impossible_plans_are_refused_with_a_reason(plan, reason):
    with pytest.raises(ValueError, match=reason):
        parse_plan(plan)
