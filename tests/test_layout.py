from core.defects import find_defects
from core.layout import flow_layers, layout, order_layers
from core.metrics import structure_matches
from core.plan import CnnLayer, CnnSpec, DenseSpec, FlowNode, FlowSpec, spec_from_dict
from core.style import PALETTES, Style


def test_dense_neurons_follow_the_seed_convention():
    chart = layout(DenseSpec((3, 5, 4, 2)), Style())
    assert len(chart.nodes) == 14 and all(n.label is None for n in chart.nodes)
    rows = sorted({n.y for n in chart.nodes})
    assert len(rows) == 4  # top to bottom, one row per layer
    assert chart.nodes[0].targets == (3, 4, 5, 6, 7)
    assert chart.comments == ("# plan: dense 3 5 4 2",)


def test_wide_dense_layers_become_labelled_blocks():
    chart = layout(DenseSpec((784, 256, 10)), Style())
    assert [n.label for n in chart.nodes] == ["Input 784", "Hidden 256", "Output 10"]
    assert chart.nodes[0].w > chart.nodes[2].w  # wider layers get wider blocks


def test_long_cnn_chains_turn_back_left_to_right():
    layers = [CnnLayer("input", 32, 32, 3)] + [CnnLayer("conv", 3, 3), CnnLayer("maxpool", 2, 2)] * 5
    chart = layout(CnnSpec(tuple(layers + [CnnLayer("dense", units=10)])), Style())
    first_row = [n for n in chart.nodes if n.y == chart.nodes[0].y]
    assert len(first_row) == 6 and first_row == sorted(first_row, key=lambda n: n.x)
    assert find_defects(chart).hard_total == 0


def test_flow_layers_and_ordering_remove_avoidable_crossings():
    edges = ((0, 3), (1, 2))  # drawn naively, 0->3 and 1->2 cross
    layer = flow_layers(4, edges)
    assert layer == [0, 0, 1, 1]
    rows = order_layers(4, edges, layer)
    assert rows[0].index(0) < rows[0].index(1) and rows[1].index(3) < rows[1].index(2)


def test_every_palette_and_family_lays_out_without_defects():
    flow = FlowSpec(
        tuple(FlowNode(f"step {i}", "data" if i % 2 else "process") for i in range(7)),
        ((0, 1), (1, 2), (2, 3), (1, 4), (4, 3), (3, 5), (5, 6), (0, 6)),
    )
    specs = [DenseSpec((8, 4, 3)), DenseSpec((2048, 512, 64, 1)), flow]
    for palette in PALETTES:
        for shape in ("circle", "rectangle", "round rectangle"):
            style = Style(palette=palette, neuron_shape=shape, data_shape=shape)
            for spec in specs:
                chart = layout(spec, style)
                assert find_defects(chart).hard_total == 0, (palette, shape, spec)
                assert structure_matches(chart, spec)[0]


def test_crowded_flowcharts_move_nodes_off_edges_that_run_through_them():
    # Two flowcharts from the layout bench (seeds 7 and 9) whose layered layout ran an edge
    # through an unrelated node, until untangling moved neighbours together and along the flow.
    from core.defects import edge_defects
    from core.synth import make_sample

    for seed, index in ((7, 1666), (9, 1212)):
        sample = make_sample(seed, index)
        assert sample.spec["kind"] == "flow"
        chart = layout(spec_from_dict(sample.spec), Style())
        assert edge_defects(chart)[1] == 0
        assert find_defects(chart).hard_total == 0
