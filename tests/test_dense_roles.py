"""The dense role reader: each size gets the role its own words give it, or the reader says nothing."""

import pytest

from core.dense_roles import stated_roles


@pytest.mark.parametrize(
    ("request_text", "sizes"),
    [
        ("fully-connected net: 20 in, 10 out, one hidden layer of 15 between", (20, 15, 10)),
        ("four features in, a hidden layer with ten neurons, three species out", (4, 10, 3)),
        ("simple regression net - 3 features in, hidden 10, 1 value out", (3, 10, 1)),
        ("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs", (3, 5, 4, 2)),
        ("feed forward neural network: 3 hidden layers (8, 6, 4), 10 inputs, 1 output", (10, 8, 6, 4, 1)),
        ("deep MLP: input 20, then four hidden layers of 10, output 2", (20, 10, 10, 10, 10, 2)),
        ("an MLP: 8 inputs, a hidden layer of 16 repeated three times, 1 output", (8, 16, 16, 16, 1)),
        ("net: 10 in, 20 hidden twice, 5 out", (10, 20, 20, 5)),
        ("single-hidden-layer perceptron, 10 in / 20 hidden / 5 out", (10, 20, 5)),
        ("network: input(9) hidden(4) hidden(4) output(1)", (9, 4, 4, 1)),
        ("multilayer perceptron (in=10, hidden=[15], out=2)", (10, 15, 2)),
        ("8 inputs, 3 x 14 hidden units, 9 outputs", (8, 14, 14, 14, 9)),
        ("10 inputs, 3 / 5 nodes in each of the two hidden layers, and three nodes in the output layer", (10, 3, 5, 3)),
        ("7 inputs, 2 layers of 6 units each in between, a single output", (7, 6, 6, 1)),
        (
            "Input layer: 4 units\nHidden layer 1: 2 units\nHidden layer 2: a perceptron\nOutput layer: 3 units",
            (4, 2, 1, 3),
        ),
        ("a 3-layer MLP (input 5, hidden 10, output 2)", (5, 10, 2)),
        (
            "simple network with eight neurons in the input layer, sixteen in the hidden layer and four in the output"
            " layer",
            (8, 16, 4),
        ),
        ("a perceptron with four inputs feeding straight into a single output, no hidden layer", (4, 1)),
        ("an mlp with 2 hiden layers: 3, 6; input dim 12; outptus 6", (12, 3, 6, 6)),
        ("500 outputs from 528 inputs through four iner layers of size 5", (528, 5, 5, 5, 5, 500)),
        ("a net with 35 inputs connected through 23, 16, and 14 to a output", (35, 23, 16, 14, 1)),
        # a count of all layers met by as many bare sizes
        ("an MLP that has 4 layers with 3, 3, 3 and 3 neurons", (3, 3, 3, 3)),
        # an input and a chain of bare sizes, no output or hidden word: the chain ends in the output
        ("an encoder MLP compressing 50 features down to 25, then 10, then 3", (50, 25, 10, 3)),
        ("20 inputs narrowing to 10, then 4, then widening back to 10 and 20", (20, 10, 4, 10, 20)),
        # embeddings in, categories out
        ("a classifier from 300-d word embeddings to 4 categories, hidden layers of 64 and 16", (300, 64, 16, 4)),
    ],
)
def test_reads_the_sizes_by_their_roles(request_text, sizes):
    spec = stated_roles(request_text)
    assert spec is not None and spec.sizes == sizes


@pytest.mark.parametrize(
    "request_text",
    [
        "784-512-256-10 fully connected MNIST classifier",  # no roles: the planner reads lists
        "4 inputs go to 6 hidden neurons, the 6 go to another 6, and those go to 4 outputs",  # 'the 6' points back
        "10 inputs feeding a hidden layer of 4, then 6, ten 3, then an output of 7",  # 'ten' may be a misspelt 'then'
        "simple ANN 1 input 1 hidden neuron 1 output",  # the middle 1 has 'input' before it and 'hidden' after
        "two hidden layers of 4, 3 and 2 units, 5 inputs, 1 output",  # a count the sizes do not meet
        "MLP with 3 inputs, dropout 0.5, 2 outputs",  # a decimal it does not read
        "a CNN for 28x28 images: 3 input channels, conv 3x3, 10 outputs",  # a CNN's words
        "a net with 12 input features and hidden sizes 64 and 32",  # no output
        "5 inputs, 6 inputs, 2 outputs",  # two inputs
        "a 3-layer net with 4, 8, 8 and 2 neurons",  # three layers, four sizes
        "200 input features -> 2048 --> 64 --> a output for a paper",  # an output word no number is bound to
        "a perceptron network: eight inputs, 2 middle layers with three nodes apiece, 8 outputs, 9 outputs",
    ],
)
def test_says_nothing_when_unsure(request_text):
    assert stated_roles(request_text) is None
