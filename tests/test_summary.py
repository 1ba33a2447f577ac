"""Model summaries to diagrams: PyTorch print(model) and Keras summary() text, never executed."""

from pathlib import Path

import pytest

from core.defects import find_defects
from core.dsl import validate
from core.summary import SummaryError, read_summary, summary_diagram

SUMMARIES = Path(__file__).resolve().parents[1] / "data" / "summaries"


def _read(name):
    return read_summary((SUMMARIES / name).read_text())


def test_pytorch_chain_keeps_layers_and_leaves_out_activations():
    graph = _read("torch_mnist.txt")
    assert graph.source == "PyTorch"
    assert graph.labels == [
        "Conv 3x3, 32",
        "Conv 3x3, 64",
        "Max pool 2x2",
        "Dropout 0.25",
        "Flatten",
        "Dense 128",
        "Dropout 0.5",
        "Dense 10",
    ]
    assert graph.edges == [(i, i + 1) for i in range(7)]


def test_pytorch_residual_blocks_get_an_add_node_and_a_skip_edge():
    graph = _read("resnet_small.txt")
    assert graph.labels == [
        "Conv 7x7, 64",
        "Max pool 3x3",
        "BasicBlock 64",
        "Add",
        "BasicBlock 128",
        "Add",
        "Global avg pool",
        "Dense 10",
    ]
    # the skip connections: the block's input goes to its Add as well as into the block
    assert {(1, 3), (3, 5)} <= set(graph.edges)
    assert {(1, 2), (2, 3), (3, 4), (4, 5)} <= set(graph.edges)


def test_keras_classic_summary_with_wrapped_type_names():
    graph = _read("keras_sequential.txt")
    assert graph.source == "Keras"
    assert graph.labels == ["Conv2D 32", "Max pool", "Conv2D 64", "Max pool", "Flatten", "Dropout", "Dense 10"]


def test_keras_functional_summary_keeps_its_skip_connection_through_truncated_names():
    graph = _read("keras_functional.txt")
    assert graph.labels == ["Input 32x32x3", "Conv2D 16", "Conv2D 16", "Add", "Global Avg pool", "Dense 10"]
    assert graph.edges == [(0, 1), (1, 2), (1, 3), (2, 3), (3, 4), (4, 5)]


def test_repeated_identical_layers_are_said_once():
    text = (
        "Net(\n"
        + "".join(f"  (c{i}): Conv2d(8, 8, kernel_size=(3, 3))\n" for i in range(3))
        + "  (fc): Linear(in_features=8, out_features=2)\n)\n"
    )
    assert read_summary(text).labels == ["Conv 3x3, 8 ×3", "Dense 2"]


@pytest.mark.parametrize(
    "name", ["torch_mnist.txt", "resnet_small.txt", "keras_sequential.txt", "keras_functional.txt"]
)
def test_summary_diagrams_are_valid_and_readable(name):
    diagram = summary_diagram(_read(name))
    assert not validate(diagram)
    defects = find_defects(diagram)
    assert defects.hard_total == 0 and defects.crossings == 0


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("hello world", "no layer rows"),
        ("Net(\n  (fc): Linear(in_features=2, out_features=1)\n", "unclosed"),
        ("Net(\n  (fc): Linear(in_features=2, out_features=1)\n)\n)\n", "closes nothing"),
        ("Net(\n  (fc): Linear(in_features=2, out_features=1)\n)\n", "need 2"),
        (
            "Net(\n"
            + "".join(f"  (l{i}): Linear(in_features={i + 1}, out_features={i + 2})\n" for i in range(20))
            + ")\n",
            "at most 16",
        ),
    ],
)
def test_bad_summaries_are_one_clear_error(text, message):
    with pytest.raises(SummaryError, match=message):
        summary_diagram(read_summary(text))
