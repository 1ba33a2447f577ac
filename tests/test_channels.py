"""The input's channels as the request states them (core.channels), applied to the planner's CNN plans."""

import pytest

from core.channels import said_channels, stated_channels
from core.plan import parse_plan


@pytest.mark.parametrize(
    ("plan", "request_text", "channels"),
    [
        ("cnn input 48x48 ; conv 3x3 ; dense 7", "grayscale 48x48 inputs; three rounds of conv; dense 7", 1),
        ("cnn input 256x256x3 ; conv 3x3 32 ; dense 4", "a model for 256x256 satellite tiles: conv 3x3 (32), 4", 0),
        ("cnn input 96x96 ; dense 2", "96 * 96 colr images, then 2 classes", 3),  # one letter off
        ("cnn input 28x28 ; dense 10", "input shape (28, 28, 1), dense 10", 1),
        ("cnn input 64x64x1 ; dense 2", "a 64x64x3 input, a conv with 4 channels, 2 outputs", 3),
    ],
)
def test_the_input_gets_the_channels_the_request_states(plan, request_text, channels):
    assert stated_channels(parse_plan(plan), request_text).layers[0].units == channels


@pytest.mark.parametrize(
    ("request_text", "said"),
    [
        ("a CNN for 256x256 x-ray images", set()),  # 'x-ray' is not 'gray' misspelt
        ("20x20 inputs, one 3x3 convolution of 4 channels", set()),  # a conv's channels are not the input's
        ("a 3-channel 32x32 input", {3}),
        ("RGB and grayscale 32x32 images", {1, 3}),
    ],
)
def test_channel_counts_a_request_gives(request_text, said):
    assert said_channels(request_text, 32, 32) == said


def test_a_request_with_two_channel_counts_keeps_the_planned_one():
    spec = parse_plan("cnn input 32x32x3 ; conv 3x3 ; dense 2")
    assert stated_channels(spec, "RGB or grayscale 32x32 images, a conv, 2 outputs") == spec
