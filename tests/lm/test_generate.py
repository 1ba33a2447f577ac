import pytest
import torch
from safetensors.torch import load_file, save_file

from core.defects import find_defects
from core.lm.generate import Drawer
from core.lm.model import ModelLoadError, load_drawer
from core.manifest import ManifestError, write_manifest
from core.metrics import structure_matches
from core.plan import CnnLayer, CnnSpec, DenseSpec, FlowNode, FlowSpec

SPECS = [
    DenseSpec((3, 5, 4, 2)),
    DenseSpec((784, 128, 10)),
    CnnSpec(
        (CnnLayer("input", 28, 28), CnnLayer("conv", 3, 3), CnnLayer("maxpool", 2, 2), CnnLayer("dense", units=10))
    ),
    FlowSpec(
        (FlowNode("question", "data"), FlowNode("vector search", "process"), FlowNode("answer", "data")),
        ((0, 1), (1, 2)),
    ),
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.kind)
def test_constrained_drawing_has_right_structure_and_no_overlap(smoke_drawer_dir, spec):
    drawer = Drawer.load(smoke_drawer_dir)
    drawings = drawer.draw(spec, count=3, seed=4)
    assert len(drawings) == 3
    for drawing in drawings:
        assert drawing.stopped and not drawing.errors
        assert structure_matches(drawing.diagram, spec) == (True, "ok")
        defects = find_defects(drawing.diagram)
        assert defects.overlaps == 0 and defects.out_of_canvas == 0 and defects.low_contrast == 0


def test_sampling_is_deterministic_by_seed(smoke_drawer_dir):
    drawer = Drawer.load(smoke_drawer_dir)
    first = [d.diagram for d in drawer.draw(SPECS[0], count=2, seed=9)]
    again = [d.diagram for d in drawer.draw(SPECS[0], count=2, seed=9)]
    other = [d.diagram for d in drawer.draw(SPECS[0], count=2, seed=10)]
    assert first == again and first != other


def test_loading_is_strict_and_checks_hashes(smoke_drawer_dir, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(smoke_drawer_dir, copy)
    weights = load_file(str(copy / "model.safetensors"))
    weights["model.layers.0.mlp.up_proj.weight"] += 1
    save_file(weights, str(copy / "model.safetensors"))
    with pytest.raises(ManifestError, match="model.safetensors does not match"):
        load_drawer(copy)
    weights.pop("model.norm.weight")
    weights["surprise.weight"] = torch.zeros(1)
    save_file(weights, str(copy / "model.safetensors"))
    write_manifest(copy, {"kind": "diagram-lm"})
    with pytest.raises(ModelLoadError, match=r"missing weights \['model.norm.weight'\].*surprise.weight"):
        load_drawer(copy)


def test_pinned_nodes_stay_exactly_and_the_rest_is_drawn_around_them(smoke_drawer_dir):
    from dataclasses import replace

    drawer = Drawer.load(smoke_drawer_dir)
    spec = SPECS[3]
    original = drawer.draw(spec, count=1, seed=3)[0].diagram
    pinned = replace(original.nodes[1], x=500, y=300, w=180, h=60, bg=(13, 200, 77), shape="circle")
    drawings = drawer.draw(spec, count=4, seed=8, pins={pinned.node_no: pinned})
    for drawing in drawings:
        assert drawing.diagram.node_by_no()[pinned.node_no] == pinned
        assert structure_matches(drawing.diagram, spec) == (True, "ok")
        assert find_defects(drawing.diagram).overlaps == 0
    free = [tuple(n for n in d.diagram.nodes if n.node_no != pinned.node_no) for d in drawings]
    assert len(set(free)) > 1  # the unpinned nodes are still sampled
    with pytest.raises(ValueError, match="constrained"):
        drawer.draw(spec, count=1, constrained=False, pins={pinned.node_no: pinned})


def test_plain_forward_pass_matches_transformers_on_the_shipped_drawer():
    # Generation runs core.lm.llama (no transformers import); it must compute transformers' function.
    from core.lm.tokenizer import FileTokenizer

    hf_model, hf_tokenizer, _ = load_drawer()
    plain, tokenizer, _ = load_drawer(plain=True)
    assert isinstance(tokenizer, FileTokenizer) and len(tokenizer) == len(hf_tokenizer)
    text = "⟨plan⟩ flow question [data] ; vector search [process] ⟨nodes⟩ ⟨n⟩ 0 120 300 round_rectangle"
    ids = tokenizer(text).input_ids
    assert ids == hf_tokenizer(text, add_special_tokens=False).input_ids
    batch = torch.tensor([ids] * 2)
    with torch.inference_mode():
        out = hf_model(input_ids=batch[:, :-4], use_cache=True)
        logits, cache = plain.step(batch[:, :-4], None)
        assert torch.allclose(out.logits[:, -1], logits, atol=1e-4)
        out = hf_model(input_ids=batch[:, -4:], past_key_values=out.past_key_values, use_cache=True)
        logits, _ = plain.step(batch[:, -4:], cache)
        assert torch.allclose(out.logits[:, -1], logits, atol=1e-4)
    spec = SPECS[3]
    plain_drawings = [d.diagram for d in Drawer.load().draw(spec, count=3, seed=5)]
    assert plain_drawings == [d.diagram for d in Drawer.load(trainable=True).draw(spec, count=3, seed=5)]


def test_constraints_leave_room_for_the_label():
    from dataclasses import replace

    from core.dsl import Node
    from core.lm.constraints import Partial, _x_allowed, allowed_numbers, label_box
    from core.render import fit_label, label_area

    label = "gradient boosting model"
    width, height = label_box(label)
    assert fit_label(label, width - 8, height - 4) and not fit_label(label, width - 16, height - 4)
    # two boxes 80 px apart: a bare node fits between them, this label does not
    placed = [(0, 0, 460, 600), (540, 0, 1000, 600)]
    assert _x_allowed(placed)[500] and not _x_allowed(placed, (width, height))[500]
    # once x, y, shape and a narrow width are chosen, heights too low for two lines are refused
    values = {"x": 500, "y": 300, "shape": "rectangle", "w": width}
    low, high, _ = allowed_numbers("h", Partial(values=values), label)
    node = Node(0, 500, 300, "rectangle", width, low, "solid arrow", (255, 255, 255), (0, 0, 0), (), label)
    assert fit_label(label, *label_area(node)) and low <= high
    assert not fit_label(label, *label_area(replace(node, h=low - 2)))


def test_constraints_keep_a_node_off_drawn_edges_and_its_own_edges_off_other_nodes():
    from core.lm.constraints import Partial, edge_clear

    # nodes 0 (top) and 1 (bottom) are placed and joined; node 2 is being placed at x = 500
    top, bottom = (480, 80, 520, 120), (480, 880, 520, 920)
    partial = Partial(values={"x": 500}, boxes={0: top, 1: bottom}, links=((0, 1),), node=2)
    clear = edge_clear("y", partial, None)
    assert not clear[300:700].any()  # anywhere between them it would sit on the edge 0 -> 1
    partial.values = {"x": 700}
    assert edge_clear("y", partial, None)[300:700].all()  # beside the edge it is free
    partial.values = {"x": 600, "y": 500}
    widths = edge_clear("w", partial, None)
    assert widths[150] and not widths[220]  # wide enough to reach the edge at x = 500: refused
    # node 2 links to node 0; node 3 sits right below node 0: node 2's edge must not run through it
    partial = Partial(values={"x": 500}, boxes={0: top, 3: (470, 300, 530, 340)}, links=((2, 0),), node=2)
    clear = edge_clear("y", partial, None)
    assert not clear[400:900].any() and clear[200]  # below node 3 the edge 2 -> 0 would cross it
    assert edge_clear("y", Partial(values={"x": 500}, node=0), None) is None  # no edges: nothing to say


def test_hit_test_with_its_prefilter_matches_the_plain_one():
    import numpy as np

    from core.geometry import segment_box_hits
    from core.lm.constraints import _hits

    rng = np.random.default_rng(3)
    for _ in range(20):
        segments = rng.uniform(0, 1000, (30, 4))
        corners = rng.uniform(0, 1000, (40, 2))
        boxes = np.hstack([corners, corners + rng.uniform(5, 120, (40, 2))])
        plain = segment_box_hits(segments, boxes)
        assert (_hits(segments, boxes) == plain).all()
