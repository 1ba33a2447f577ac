"""The check of a plan against its request (numbers, step names), and plan_request's use of it."""

import json
from pathlib import Path

import pytest

from core.evidence import counted_hidden, unbacked
from core.lm.templates import clean_request
from core.plan import DenseSpec, counted_plan, spec_from_dict
from core.synth import make_samples
from tests.test_pipeline import ScriptedPlanner

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("plan", "request_text", "reason"),
    [
        ("dense 20 10 20 5", "single-hidden-layer perceptron, 10 in / 20 hidden / 5 out", "1 hidden layer"),
        ("dense 20 10 5", "single-hidden-layer perceptron, 10 in / 20 hidden / 5 out", "input is 10"),
        ("dense 2 2 2 2", "draw a 2-input, 2-hidden, 2-output network", "2 written 4 times"),
        ("dense 5 9 5", "input has 5 neurons, two hidden layers have 9 neurons each, output has 5", "2 hidden"),
        ("dense 3 8 6 4 1 1", "3 hidden layers (8, 6, 4), 10 inputs, 1 output", "3 written 1 times"),
        ("dense 3 8 6 4 10", "3 hidden layers (8, 6, 4), 10 inputs, 1 output", "output is 1"),
        ("dense 6 7 x3 2", "6 inputs, two hidden layers of 7 units, 2 outputs", "7 x3"),
        ("cnn input 64x64 ; conv 3x3 48 ; dense 10", "a CNN on 64x64 images: conv 3x3 with 32 filters, dense 10", "48"),
        ("cnn input 64x64 ; conv 5x5 ; dense 10", "a CNN on 64x64 images: one convolution, dense 10", "no 5"),
        (
            "cnn input 32x32 ; conv 3x3 32 ; maxpool 2x2 ; dense 10",
            "32x32: conv 3x3 (32) twice, max pool, 10",
            "'twice'",
        ),
        (
            "cnn input 48x48 ; conv 3x3 ; maxpool 2x2 ; dense 7",
            "48x48: three rounds of [conv -> max pool], 7",
            "rounds",
        ),
        ("cnn input 40x40 ; conv 3x3 ; maxpool 2x2 ; dense 1", "40x40, (conv 3x3, max pool) x 2, dense 1", ") x 2"),
        (
            "cnn input 96x96x3 ; conv 3x3 32 ; conv 3x3 64 ; maxpool 2x2 ; dense 4",
            "96 by 96 RGB, three conv layers having 32, 64 and 128 filters, each followed by max pooling, 4 outputs",
            "leaves out the request's 128",
        ),
        (
            "cnn input 32x32x3 ; conv 3x3 32 ; maxpool 3x3 ; dense 10",
            "32x32 colour images: conv 3x3 with 32 filters, max pool, 10 classes",
            "no pooling a 3",
        ),
        (
            "dense 20 10 4 12",
            "an MLP: 20 inputs narrowing to 10, then 4, then widening to 12 and 24",
            "leaves out the request's 24",
        ),
    ],
)
def test_a_plan_the_request_does_not_back_is_named_with_the_reason(plan, request_text, reason):
    reasons = unbacked(plan, request_text)
    assert any(reason in r for r in reasons), reasons


@pytest.mark.parametrize(
    ("plan", "request_text"),
    [
        ("dense 10 20 5", "single-hidden-layer perceptron, 10 in / 20 hidden / 5 out"),
        ("dense 784 128 x2 10", "an MLP for MNIST: 784 inputs, two hidden layers of 128 units, 10 outputs"),
        ("dense 4 x6", "a net taking 4 features with 4 layers of 4 units each in between and 4 outputs"),
        ("dense 3 6 x2 5", "a feedforward net: 3 inputs, 2x6 hidden, 5 outputs"),
        ("cnn input 60x60 ; conv 5x5 ; maxpool 3x3 ; dense 2", "60x60, a 5x5 conv, pooling of size 3, 2 outputs"),
        (
            "dense 8 64 x3 2",
            "a 5-layer MLP, 8 inputs, hidden layer 1: 64, hidden layer 2: 64, hidden layer 3: 64, 2 out",
        ),
        ("cnn input 224x224x3 ; conv 3x3 ; maxpool 2x2 ; dense 1000", "224x224 RGB: a conv, a pool, then 1000."),
        ("cnn input 9x9 ; ( conv 3x3 ; maxpool 2x2 ) x2 ; dense 2", "9x9, (conv 3x3, max pool) x 2, dense 2"),
        (
            "cnn input 9x9 ; conv 3x3 8 ; maxpool 2x2 ; conv 3x3 16 ; maxpool 2x2 ; dense 2",
            "9x9, convs of 8 and 16 filters, each followed by max pooling, dense 2",
        ),
        (
            "cnn input 64x64x3 ; conv 3x3 32 ; dense 4",
            "Sequential([Conv2D(32, (3,3), input_shape=(64,64,3)), Dense(4)])",
        ),
        ("flow a [data] ; b [process] | a > b", "a goes to b"),  # a flowchart whose steps the request names
    ],
)
def test_a_plan_the_request_backs_passes(plan, request_text):
    assert unbacked(plan, request_text) == []


def test_no_right_plan_of_the_held_out_sets_is_doubted():
    """The check must not push a right plan out: every network request written by hand, as the planner
    is taught to write its plan, passes; and nearly every synthetic one (two known misses in 3,900)."""
    for path in sorted(DATA.glob("heldout_prompts*.jsonl")):
        for line in path.read_text().splitlines():
            item = json.loads(line)
            spec = spec_from_dict(item["spec"])
            if spec.kind != "flow":
                plan = counted_plan(spec, item["prompt"]).split(": ", 1)[1]
                assert unbacked(plan, item["prompt"]) == [], (item["id"], plan)
    samples = [s for s in make_samples(1500, 99, holdout=True) if s.spec["kind"] != "flow"]
    doubted = [  # read as plan_request reads them: without the seed's format instructions
        s
        for s in samples
        if unbacked(counted_plan(spec_from_dict(s.spec), s.prompt).split(": ", 1)[1], clean_request(s.prompt))
    ]
    assert len(doubted) <= len(samples) // 200


def test_plan_request_resamples_a_doubted_plan_and_keeps_the_first_when_none_is_backed():
    from core.pipeline import plan_request

    request = "dense net going 1000 → 500 → 100 → 10"  # no role words: no reading of its own to fall back on
    right, slip = "dense 1000 500 100 10", "dense 1000 500 500 10"
    assert plan_request(ScriptedPlanner(slip, right), request)[0] == right
    planner = ScriptedPlanner(slip, "dense 1000 500 10", slip)
    plan, spec, own = plan_request(planner, request)
    assert plan == own == slip and spec.sizes == (1000, 500, 500, 10)


def test_a_planner_that_gives_back_its_doubted_plan_twice_is_not_asked_again():
    from core.pipeline import DOUBT_ATTEMPTS, plan_request

    class Counting(ScriptedPlanner):
        asked = 0

        def plan(self, request, temperature=0.0, seed=0):
            self.asked += 1
            return super().plan(request, temperature, seed)

    request, slip = "dense net going 1000 → 500 → 100 → 10", "dense 1000 500 500 10"
    sure = Counting(slip)
    assert plan_request(sure, request)[0] == slip
    assert sure.asked == 3 < DOUBT_ATTEMPTS
    wavering = Counting(slip, "dense 1000 500 10", slip, "dense 1000 10", "dense 1000 500 100 10")
    assert plan_request(wavering, request)[0] == "dense 1000 500 100 10"
    assert wavering.asked == 5


def test_a_flowchart_step_the_request_never_names_joins_nothing_or_feeds_itself_is_doubted():
    request = "lidar point cloud: voxelized by a voxelizer, then a 3D detector finds boxes"
    plan = (
        "flow lidar point cloud [data] ; voxelized by voxelizer [process] ; boxes [data] | "
        "lidar point cloud > voxelized by voxelizer ; voxelized by voxelizer > boxes"
    )
    assert unbacked(plan, request) == ["the step 'voxelized by voxelizer' is not in the request"]
    looped = "flow LLM [process] ; tool result [data] | LLM > tool result ; tool result > tool result"
    assert unbacked(looped, "the LLM returns a tool result") == ["'tool result' feeds itself"]
    lone = "flow a [data] ; b [data] ; c [process] | a > c"
    assert unbacked(lone, "a and b are combined by c") == ["the step 'b' has no edge"]
    # 'orders.json' holds the word 'json'; case and punctuation aside, a named step passes
    assert unbacked("flow JSON [data] ; Validator [process] | JSON > Validator", "orders.json => validator") == []


def test_every_held_out_flowchart_names_its_steps_word_for_word():
    """What the flowchart check relies on, for the hand-written sets and synthetic requests alike."""
    from core.plan import to_plan

    items = [json.loads(line) for path in sorted(DATA.glob("heldout_prompts*.jsonl")) for line in path.open()]
    items += [{"prompt": s.prompt, "spec": s.spec} for s in make_samples(300, 99, holdout=True, kind="flow")]
    for item in items:
        spec = spec_from_dict(item["spec"])
        if spec.kind == "flow" and item.get("verbatim", True):  # x17 shares a head noun: 'radar and camera detections'
            assert unbacked(to_plan(spec).split(": ", 1)[1], item["prompt"]) == [], item["prompt"]


@pytest.mark.parametrize(
    ("sizes", "request_text", "mended"),
    [
        ((5, 9, 2), "three hidden layers of width nine between five inputs and two outputs", (5, 9, 9, 9, 2)),
        ((10, 8, 8, 1), "an MLP with 10 inputs, one hidden layer of 8, 1 output", (10, 8, 1)),
        ((10, 8, 1), "3 hidden layers (8, 6, 4), 10 inputs, 1 output", (10, 8, 1)),  # unbacked either way: kept
    ],
)
def test_a_plan_gets_the_number_of_hidden_layers_the_request_states(sizes, request_text, mended):
    assert counted_hidden(DenseSpec(sizes), request_text).sizes == mended


def test_an_input_of_one_the_request_never_writes_is_doubted_and_dropped():
    from core.evidence import written_input

    request = "dense network, layer widths 16-12-8-4-2"
    assert "an input of 1 the request never writes" in unbacked("dense 1 16 12 8 4 2", request)
    assert written_input(DenseSpec((1, 16, 12, 8, 4, 2)), request).sizes == (16, 12, 8, 4, 2)
    for written in ("a net from a single input to 8 then 3", "one input, 8 hidden, 3 out", "it takes a input, 8, 3"):
        assert written_input(DenseSpec((1, 8, 3, 2)), written).sizes == (1, 8, 3, 2)
