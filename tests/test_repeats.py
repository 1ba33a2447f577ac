"""core.repeats: a repeat told in words is written out; anything unsure is left as the user wrote it."""

import pytest

from core.repeats import expand_repeats


@pytest.mark.parametrize(
    ("request_text", "written_out"),
    [
        # one layer after each of a list, the kernel said once for all of them
        (
            "32x32 RGB: two conv layers with 8 and 16 filters (both 5x5), each followed by 2x2 max pooling, dense 10",
            "32x32 RGB: a 5x5 conv with 8 filters, 2x2 max pooling, a 5x5 conv with 16 filters, 2x2 max pooling, dense 10",
        ),
        # a bracketed group and a count, on either side
        (
            "64x64 input, (conv 3x3 -> max pool) x 3, dense 10",
            "64x64 input, conv 3x3 -> max pool -> conv 3x3 -> max pool -> conv 3x3 -> max pool, dense 10",
        ),
        (
            "input 32x32; 2 x [conv 5x5 16, avgpool]; dense 4",
            "input 32x32; conv 5x5 16, avgpool, then conv 5x5 16, avgpool; dense 4",
        ),
        (
            "28x28 input, two rounds of {conv 3x3, batch norm}, then dense 10",
            "28x28 input, conv 3x3, batch norm, then conv 3x3, batch norm, then dense 10",
        ),
        (
            "in: 16x16. [conv 3x3 8, maxpool] repeated twice. fc 2",
            "in: 16x16. conv 3x3 8, maxpool, then conv 3x3 8, maxpool. fc 2",
        ),
        # a count, then the group to the end of its clause
        (
            "a net for 96x96 photos with three identical stages, each a 5x5 conv and then a max pool, ending in dense 2",
            "a net for 96x96 photos with a 5x5 conv and then a max pool, then a 5x5 conv and then a max pool, then "
            "a 5x5 conv and then a max pool, ending in dense 2",
        ),
        ("input 40x40, then twice: conv 3x3 with 8 filters; dense 3", None),  # 'twice:' is not a form read
        (
            "input 40x40, then 2 times: conv 3x3 with 8 filters and a max pool; dense 3",
            "input 40x40, then conv 3x3 with 8 filters and a max pool, then conv 3x3 with 8 filters and a max pool; dense 3",
        ),
        # a clause or a layer, then a count
        (
            "input 50x50, then conv 3x3, avg pool, repeated 3 times, then dense 6",
            "input 50x50, then conv 3x3, avg pool, then conv 3x3, avg pool, then conv 3x3, avg pool, then dense 6",
        ),
        (
            "Input 20x20. Conv 3x3 and max pool, do this twice. Dense 2.",
            "Input 20x20. Conv 3x3 and max pool, then Conv 3x3 and max pool. Dense 2.",
        ),
        (
            "input 64x64: conv 7x7 (16) thrice, dense 8",
            "input 64x64: conv 7x7 (16), then conv 7x7 (16), then conv 7x7 (16), dense 8",
        ),
        ("an MLP: 5 inputs, hidden 30 twice, 2 outputs", "an MLP: 5 inputs, hidden 30, then hidden 30, 2 outputs"),
        # one layer after each of a list
        (
            "input 32x32, conv layers with 8, 16 and 32 filters, each followed by max pooling, dense 10",
            "input 32x32, a conv with 8 filters, max pooling, a conv with 16 filters, max pooling, a conv with 32 "
            "filters, max pooling, dense 10",
        ),
        (
            "input 32x32, three 5x5 convs with 8, 16 and 32 filters, an avg pool after each one, then dense 4",
            "input 32x32, a 5x5 conv with 8 filters, avg pool, a 5x5 conv with 16 filters, avg pool, a 5x5 conv with "
            "32 filters, avg pool, then dense 4",
        ),
        # counted layers in a CNN request
        (
            "cnn for 64x64 images: two 5x5 convs with 16 filters, max pool, two fully connected layers of 256, dense 3",
            "cnn for 64x64 images: 5x5 conv with 16 filters, then 5x5 conv with 16 filters, max pool, fully "
            "connected layer of 256, then fully connected layer of 256, dense 3",
        ),
        (
            "a CNN on 28x28 input with three conv layers (5x5) each followed by avg pooling, then dense 2",
            "a CNN on 28x28 input with conv layer (5x5), avg pooling, then conv layer (5x5), avg pooling, then conv "
            "layer (5x5), avg pooling, then dense 2",
        ),
        (  # a count written '2x'; 'Conv2D' is one word, not 'conv' and '2D'; 'each followed by' stops at an arrow
            "input 64x64 -> 2x Conv2D layers (64) -> maxpool -> 2x dense layers of 120 -> dense 1",
            "input 64x64 -> Conv2D layer (64), then Conv2D layer (64) -> maxpool -> dense layer of 120, then dense "
            "layer of 120 -> dense 1",
        ),
        (
            "input 96x96 -> 2 5x5 Conv2D layers with 32 filters, each followed by MaxPool (2x2) -> dense 10",
            "input 96x96 -> 5x5 Conv2D layer with 32 filters, MaxPool (2x2), then 5x5 Conv2D layer with 32 filters, "
            "MaxPool (2x2) -> dense 10",
        ),
        (  # 'of 3x3 kernels having' a list of filters
            "input 96x96, three conv layers of 3x3 kernels having 32, 64 and 128 filters, each followed by 2x2 max "
            "pooling, dense 4",
            "input 96x96, a 3x3 conv with 32 filters, 2x2 max pooling, a 3x3 conv with 64 filters, 2x2 max pooling, a "
            "3x3 conv with 128 filters, 2x2 max pooling, dense 4",
        ),
        (  # counted layers told one by one: 'the first with ..., the second with ...'
            "a CNN on 28x28 images with two convolutional layers, the first with 6 filters of 5x5 and the second with "
            "16 filters of 5x5, each followed by max pooling, and then an output layer of 10",
            "a CNN on 28x28 images with conv 5x5 with 6 filters, max pooling, conv 5x5 with 16 filters, max pooling, "
            "and then an output layer of 10",
        ),
        (
            "input 32x32, two 3x3 conv layers, the first with 16 filters, the second with 32 filters, then dense 10",
            "input 32x32, conv 3x3 with 16 filters, conv 3x3 with 32 filters, then dense 10",
        ),
        (  # counted blocks, each one the same block, with one filter count per block
            "64x64 scans. Three convolution blocks, each a 3x3 conv followed by max pooling, with 8, 16 and 32 filters.",
            "64x64 scans. 3x3 conv with 8 filters followed by max pooling, then 3x3 conv with 16 filters followed by max "
            "pooling, then 3x3 conv with 32 filters followed by max pooling.",
        ),
        (  # a kernel in brackets after the filters belongs to every copy
            "input 40x40: two conv layers with 24 filters (5x5), avg pool, dense 3",
            "input 40x40: conv layer with 24 filters (5x5), then conv layer with 24 filters (5x5), avg pool, dense 3",
        ),
        (  # a kernel and filters in brackets after the count
            "input 20x20, three conv layers (5x5, 8 filters each), dense 2",
            "input 20x20, conv layer (5x5, 8 filters each), then conv layer (5x5, 8 filters each), then conv layer "
            "(5x5, 8 filters each), dense 2",
        ),
    ],
)
def test_a_told_repeat_is_written_out(request_text, written_out):
    assert expand_repeats(request_text) == written_out


@pytest.mark.parametrize(
    "request_text",
    [
        "an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs",
        "a RAG pipeline: question -> vector search -> LLM -> answer",
        "the scheduler runs the crawler twice a day and the crawler writes pages to a store",  # names no layer
        "feedforward net with 4 inputs, two hidden layers (6 neurons each) and 3 outputs",  # a count the planner reads
        "input 64x64, two blocks of (conv 3x3, max pool) with 16 and 32 filters, dense 10",  # the blocks differ
        "input 64x64, 2 blocks of conv 3x3 and max pool with 16 and 32 filters, dense 10",
        "28x28 RGB images, conv 3x3 32; conv 3x3 64; max pool, done twice; dense 10",  # the whole list or its end?
        "input 28x28 and conv 3x3 twice",  # the input inside the repeated part: unsure
        "conv 3x3, dense 10 and softmax output, repeated 3 times",  # a network's head is not a block
        "(conv 3x3, max pool) x 40",  # beyond 12: not a repeat to write out
        "input 64x64, three conv blocks, each a 3x3 conv and a max pool, with 8 and 16 filters, dense 2",  # 3 vs 2 sizes
        "a cnn: input 32x32, two conv layers with 16 and 32 filters, pool, dense 10",  # sizes listed: the planner's
        "a cnn: input 32x32, two 3x3 convs (16, 32), pool, dense 10",
        "a cnn: input 32x32, conv, pool, two dense layers of 128 and 10",
        "a cnn: input 32x32, a five by five conv, pool, dense 10",  # 'five' is the kernel, not a count
        "an MLP with two hidden layers of 64 and 32 outputs",  # not a CNN: counted layers are the planner's
        # one layer told by more than a filter count and a kernel: as written, and not as two bare copies either
        "input 32x32, two conv layers, the first with 16 filters and batch norm, the second with 32 filters, dense 2",
        "input 32x32, three conv layers, the first with 16 filters, the second with 32 filters, dense 2",  # 3 vs 2
    ],
)
def test_what_is_not_a_told_repeat_or_is_unsure_stays_as_written(request_text):
    assert expand_repeats(request_text) is None


def test_the_planner_reads_the_written_out_request_and_the_checks_judge_against_it():
    from core.pipeline import plan_request

    asked = []

    class RecordingPlanner:
        def plan(self, request: str, temperature: float = 0.0, seed: int = 0) -> str:
            asked.append(request)
            return "cnn input 32x32 ; conv 3x3 16 ; maxpool 2x2 ; conv 3x3 16 ; maxpool 2x2 ; dense 10"

    plan, spec, _ = plan_request(RecordingPlanner(), "input 32x32, (conv 3x3 16, max pool 2x2) x 2, dense 10")
    assert asked == ["input 32x32, conv 3x3 16, max pool 2x2, then conv 3x3 16, max pool 2x2, dense 10"]
    assert [layer.kind for layer in spec.layers] == ["input", "conv", "maxpool", "conv", "maxpool", "dense"]
