"""A CNN request written as a plain list of layers is read as written, and only then.

The requests here are not taken from any held-out set."""

import pytest

from core.layer_list import listed_cnn
from core.pipeline import plan_request
from core.plan import parse_plan
from tests.conftest import FixedPlanner


def plan_of(request: str) -> str | None:
    spec = listed_cnn(request)
    return None if spec is None else " ; ".join(layer.plan() for layer in spec.layers)


@pytest.mark.parametrize(
    ("request_text", "plan"),
    [
        (
            "cnn: 64*64 input; conv 5x5; avg pool 2x2; conv 5x5; dense 7",
            "input 64x64 ; conv 5x5 ; avgpool 2x2 ; conv 5x5 ; dense 7",
        ),
        (  # filters in brackets, after a comma, as a word; a pool with no size; chatter items skipped
            "hey, input 96x96 rgb, conv3x3 (24), conv layer 5x5, twelve channels, maxpool, fc 40, thanks",
            "input 96x96x3 ; conv 3x3 24 ; conv 5x5 12 ; maxpool 2x2 ; dense 40",
        ),
        (  # sentences as items, a lead-in before the input, 'dense layers of 64 and 8' as two layers
            "The net begins with 48x48 grayscale images. Then a 7x7 convolution with 6 filters. Then mean pooling. "
            "Dense layers of 64 and 8.",
            "input 48x48x1 ; conv 7x7 6 ; avgpool 2x2 ; dense 64 ; dense 8",
        ),
    ],
)
def test_a_list_of_layers_is_read_item_by_item(request_text, plan):
    assert plan_of(request_text) == plan


@pytest.mark.parametrize(
    "request_text",
    [
        "a small CNN on 64x64 images that ends in a dense layer of 7",  # a sentence, not a list
        "input 64x64, conv 3x3, attention block, dense 7",  # a layer it does not know
        "an attention block on 64x64 images, conv 3x3, maxpool, dense 7",  # ... nor in the input's lead-in
        "input 64x64, conv 3x3, all of that twice, dense 7",  # a repeat it cannot write out
        "input 64x64, conv 3x3, maxpool, dense layers of 128",  # how many dense layers?
        "conv 3x3, maxpool, dense 10",  # no input first
        "input 32x32, conv 3x5, dense 10",  # a kernel that is not square
        "an MLP: input 3, dense 5, dense 2",  # no convolution: not a CNN
    ],
)
def test_anything_but_a_plain_list_of_known_layers_is_left_to_the_planner(request_text):
    assert listed_cnn(request_text) is None


def test_plan_request_takes_the_listed_layers_over_a_planner_that_dropped_one():
    request = "cnn: in 40x40, conv3x3 (10), conv3x3 (10), maxpool, dense 50, dense 3"
    plan, spec, own = plan_request(
        FixedPlanner("cnn input 40x40 ; conv 3x3 10 ; maxpool 2x2 ; dense 50 ; dense 3"), request
    )
    assert [layer.plan() for layer in spec.layers] == [
        "input 40x40", "conv 3x3 10", "conv 3x3 10", "maxpool 2x2", "dense 50", "dense 3"
    ]  # fmt: skip
    assert parse_plan(plan) == spec and own != plan


@pytest.mark.parametrize(
    ("request_text", "plan"),
    [
        (  # the input among words that name no layer, its first layer after 'with'; a 7-way output
            "a convnet for 40x40 street-sign crops with conv 5x5 (12), max pool, a 7-way output",
            "input 40x40 ; conv 5x5 12 ; maxpool 2x2 ; dense 7",
        ),
        (  # filters after an 'x'
            "cnn(in 20x20, conv 5x5 x 6 filters, avg pool, fc 3)",
            "input 20x20 ; conv 5x5 6 ; avgpool 2x2 ; dense 3",
        ),
        (  # a numbered list after an opening command; a bare number after flatten is a dense layer
            "Please sketch 1. input 30x30x1 2. conv layer of 6 5x5 filters each 3. avg pool 4. flatten 5. 60 6. 3 nodes",
            "input 30x30x1 ; conv 5x5 6 ; avgpool 2x2 ; flatten ; dense 60 ; dense 3",
        ),
        (  # a convolution told in words, the same layer again, 'dense layers with 64' before a last dense layer
            "grey 50x50 inputs goes through a single 3x3 convolution of 10 channels, the same layer again, maxpool 3, "
            "dense layers with 64, 2 outputs",
            "input 50x50x1 ; conv 3x3 10 ; conv 3x3 10 ; maxpool 3x3 ; dense 64 ; dense 2",
        ),
        (  # filters after a slash or an 'x' with no unit; 'gray in' is the input; 'a softmax over 5 classes' is dense
            "LeNet-ish: 32x32 gray in, conv 5x5/6, conv 3x3 x 16, max pool, dropout of 0.5, a softmax over 5 classes",
            "input 32x32x1 ; conv 5x5 6 ; conv 3x3 16 ; maxpool 2x2 ; dropout 0.5 ; dense 5",
        ),
        (  # the input told after the blocks ('... max pool) on 28x28 grayscale input') goes first
            "3x3 conv, 16 filters, 2x2 max pool, then 3x3 conv, 16 filters, 2x2 max pool on 28x28 grayscale input, "
            "followed by dense 10",  # as core.repeats writes out 'Two identical conv blocks (...) on 28x28 ...'
            "input 28x28x1 ; conv 3x3 16 ; maxpool 2x2 ; conv 3x3 16 ; maxpool 2x2 ; dense 10",
        ),
        (  # the input in brackets at the end; 'a 9-layer model for input siize 32x32' names no layer before it
            "Generate CNN model: conv 7x7 (16), pool, dense 1 (input 150x150x3)",
            "input 150x150x3 ; conv 7x7 16 ; maxpool 2x2 ; dense 1",
        ),
        (
            "a 9-layer model for input siize 32x32: conv 3x3, maxpool, dense 10",
            "input 32x32 ; conv 3x3 ; maxpool 2x2 ; dense 10",
        ),
        (  # 'of 32 filters'; 'back to back' names no layer
            "CNN with an input of 40x40x3, 3x3 conv of 32 filters, then 3x3 conv of 32 filters back to back, dense 4",
            "input 40x40x3 ; conv 3x3 32 ; conv 3x3 32 ; dense 4",
        ),
        (  # 'another' before a layer; a kernel and filters in brackets, 'each'
            "a convnet on 36x36 grayscale digits with a 3x3 conv of 12 filters, a 2x2 max pool, another 2x2 max pool, "
            "and a 4-way output",
            "input 36x36x1 ; conv 3x3 12 ; maxpool 2x2 ; maxpool 2x2 ; dense 4",
        ),
        (
            "input 20x20: conv layer (5x5, 8 filters each), max pooling, dense 2",
            "input 20x20 ; conv 5x5 8 ; maxpool 2x2 ; dense 2",
        ),
        (  # 'ends in' / 'ending with' an output: a dense layer, no separate softmax
            "a CNN for 48x48x3 patches with a 3x3 conv of 16 filters, 2x2 max pooling, and ends in a 3-way softmax",
            "input 48x48x3 ; conv 3x3 16 ; maxpool 2x2 ; dense 3",
        ),
        (
            "input 30x30: conv 5x5 with 4 filters, average pooling 2x2, ending with a dense layer of 9",
            "input 30x30 ; conv 5x5 4 ; avgpool 2x2 ; dense 9",
        ),
        (  # 'no pooling' names no layer
            "a tiny convnet for 24x24 inputs with one 5x5 convolution of 6 channels and a dense layer of 3; no pooling",
            "input 24x24 ; conv 5x5 6 ; dense 3",
        ),
    ],
)
def test_the_input_and_layers_may_be_told_in_a_few_words(request_text, plan):
    assert plan_of(request_text) == plan


@pytest.mark.parametrize(
    "request_text",
    [
        "a model for 40x40 crops with attention, conv 3x3, dense 2",  # the first layer after 'with' is unknown
        "input 40x40, conv layer with 3x3 and 5x5 kernels, dense 2",  # two kernels: which?
        "input 40x40, conv 3x3, pool, 64x64, dense 2",  # a bare size is the input only as the first item
        "input 40x40, conv 3x3 then a conv with a twist, dense 2",  # a word no convolution has
        "input 40x40, conv 3x3, max pool, dense 2, no pooling",  # 'no pooling', and yet a pool
        "input 40x40, conv 3x3 x 2, dense 2",  # 'x 2' after a kernel: two layers or two filters? The planner's
        "a CNN on 96 x 96 images with 128 5 x 5 fillters then 32-filter Conv2D then max pool then four classes",  # not 5x5
    ],
)
def test_a_few_words_it_cannot_place_leave_the_request_to_the_planner(request_text):
    assert listed_cnn(request_text) is None


def test_a_listed_cnn_is_drawn_even_when_no_plan_of_the_planner_parses():
    request = "a CNN for 64x64 x-ray crops: conv 3x3 (8), max pool, dense 2"
    plan, spec, own = plan_request(FixedPlanner("cnn input 64x64xx ; conv 3x3 8 ; maxpool 2x2 ; dense 2"), request)
    assert plan == "cnn input 64x64 ; conv 3x3 8 ; maxpool 2x2 ; dense 2" and own.endswith("dense 2")
