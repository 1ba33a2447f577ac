import pytest

from core.plan import (
    CnnLayer,
    CnnSpec,
    DenseSpec,
    FlowNode,
    FlowSpec,
    counted_plan,
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
        ("dense x3 4", "repeats nothing"),
        ("dense 1 3D structure 1", "whole number, got '3D'"),  # the planner wrote this once; was int()'s message
        ("dense 3 x0", "1 to 32"),
        ("dense 3 x99999999999", "1 to 32"),
        ("dense 3 2 x20", "2 to 12 layers"),
        ("cnn input 8x8 ; ( conv 3x3 ; dense 2", "brackets"),
        ("cnn input 8x8 ; ( ( conv 3x3 ) x2 ) x2", "brackets"),
        ("cnn input 8x8 ; ( conv 3x3 ; maxpool 2x2 ) x13", "2 to 24 layers"),
    ],
)
def test_impossible_plans_are_refused_with_a_reason(plan, reason):
    with pytest.raises(ValueError, match=reason):
        parse_plan(plan)


CONV, CONV32, POOL = CnnLayer("conv", 3, 3), CnnLayer("conv", 3, 3, 32), CnnLayer("maxpool", 2, 2)


def test_counted_repeats_read_as_the_layers_written_out():
    assert parse_plan("dense 100 50 x3 5") == DenseSpec((100, 50, 50, 50, 5))
    assert parse_plan("cnn input 8x8 ; conv 3x3 32 x2 ; maxpool 2x2 ; dense 2").layers[1:4] == (CONV32, CONV32, POOL)
    blocks = parse_plan("cnn input 8x8 ; ( conv 3x3 ; conv 3x3 ; maxpool 2x2 ) x3 ; dense 2")
    assert blocks.layers[1:-1] == (CONV, CONV, POOL) * 3


@pytest.mark.parametrize(
    "spec, request_text, plan",
    [
        (DenseSpec((100, 50, 50, 50, 5)), "input 100, three hidden layers of size 50, output 5", "dense 100 50 x3 5"),
        (
            DenseSpec((8, 5, 5, 4, 2)),
            "eight inputs, hidden layers of five, five and four, two outputs",
            "dense 8 5 5 4 2",
        ),
        (DenseSpec((3, 3, 3, 3)), "4 layers with 3, 3, 3 and 3 neurons", "dense 3 3 3 3"),
        (DenseSpec((4, 10, 10, 2)), "4 inputs, 2 outputs, hidden layers of 10 and 10.", "dense 4 10 10 2"),
        (DenseSpec((20, 4096, 4096, 2)), "20 in, fc 4,096, fc 4,096, 2 out", "dense 20 4096 4096 2"),
        (
            CnnSpec((CnnLayer("input", 32, 32, 3), CONV32, CONV32, POOL, CnnLayer("dense", units=10))),
            "32x32 RGB: two 3x3 convolutions with 32 filters, max pool, output 10",
            "cnn input 32x32x3 ; conv 3x3 32 x2 ; maxpool 2x2 ; dense 10",
        ),
        (
            CnnSpec((CnnLayer("input", 9, 9), CONV32, CONV32, POOL, CnnLayer("dense", units=10))),
            "9x9 input, conv 3x3 32, conv 3x3 32, maxpool, dense 10",
            "cnn input 9x9 ; conv 3x3 32 ; conv 3x3 32 ; maxpool 2x2 ; dense 10",
        ),
        (
            CnnSpec((CnnLayer("input", 64, 64), *(CONV, CONV, POOL) * 3, CnnLayer("dense", units=2))),
            "64x64 images, three blocks of (conv, conv, max pool), dense 2",
            "cnn input 64x64 ; ( conv 3x3 ; conv 3x3 ; maxpool 2x2 ) x3 ; dense 2",
        ),
        (
            CnnSpec((CnnLayer("input", 64, 64), *(CONV32, CONV32, POOL) * 2, CnnLayer("dense", units=2))),
            "64x64: 2x conv (32), max pool, then 2x conv (32), max pool, dense 2",
            "cnn input 64x64 ; conv 3x3 32 x2 ; maxpool 2x2 ; conv 3x3 32 x2 ; maxpool 2x2 ; dense 2",
        ),
    ],
)
def test_counted_plan_counts_what_the_request_counts_and_lists_what_it_lists(spec, request_text, plan):
    assert counted_plan(spec, request_text) == f"# plan: {plan}"
    assert parse_plan(plan) == spec


def test_counted_plans_of_the_synthetic_dataset_read_back_to_their_specs():
    from core.lm.planner import planner_examples

    rows = [row for row in planner_examples(600, 17, narrative=0.3, counted=True) if row["spec"]]
    assert sum(" x" in row["completion"] for row in rows) > 30  # counted forms do occur
    assert all(parse_plan(row["completion"]) == spec_from_dict(row["spec"]) for row in rows)


def test_a_flowchart_plan_is_mended_against_its_request():
    request = "video frames go to an object detector; the detector outputs bounding boxes; a tracker makes tracks"
    plan = (
        "flow video frames [data] ; object detector [process] ; bounding boxes [data] ; tracker [process] | "
        "video frames > object detector ; object detector > bounding boxes ; bounding boxes > tracker ; "
        "tracker > tracks ; tracks > tracker ; tracker > unicorns"
    )
    with pytest.raises(ValueError, match="not a declared node"):
        parse_plan(plan)
    spec = parse_plan(plan, request)
    labels = [node.label for node in spec.nodes]
    assert labels[-1] == "tracks" and spec.nodes[-1].role == "data"  # named by the request: declared, a sink
    assert "unicorns" not in labels  # not in the request: its edge is dropped
    assert (labels.index("tracker"), labels.index("tracks")) in spec.edges
    assert (labels.index("tracks"), labels.index("tracker")) not in spec.edges  # would close a cycle


def test_a_flowchart_plan_that_lists_its_nodes_twice_is_refused_or_read_once():
    plan = "flow a [data] ; b [process] | a ; b [process] | a > b"  # the copy, as the planner wrote one, is short
    with pytest.raises(ValueError, match="one '[|]'"):
        parse_plan(plan)
    spec = parse_plan(plan, "a goes to b")
    assert [node.label for node in spec.nodes] == ["a", "b"] and spec.edges == ((0, 1),)
