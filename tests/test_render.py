import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from core.dsl import parse
from core.layout import layout
from core.plan import DenseSpec, FlowNode, FlowSpec
from core.render import fit_label, png_bytes, render_image, render_svg
from core.style import Style
from tests.conftest import diagram, node


def test_image_is_canvas_sized_and_draws_every_node():
    chart = diagram(node(0, 200, 300, [1], shape="circle", bg=(200, 0, 0)), node(1, 800, 300, bg=(0, 0, 200)))
    image = render_image(chart)
    assert image.shape == (600, 1000, 3) and image.dtype == np.uint8
    assert tuple(image[300, 200]) == (200, 0, 0)  # fill of the circle, RGB
    assert tuple(image[300, 800]) == (0, 0, 200)
    assert tuple(image[5, 5]) == (255, 255, 255)


def test_edges_run_border_to_border_with_a_filled_arrow_head():
    chart = diagram(node(0, 200, 300, [1], w=100, h=60), node(1, 800, 300, w=100, h=60))
    image = render_image(chart)
    row = image[300]
    dark = np.where(row.sum(axis=1) < 200)[0]
    assert dark.min() <= 251 and dark.max() >= 749  # line spans the gap between the borders
    assert image[296:305, 740:748].sum() < image[296:305, 400:408].sum()  # head wider than the shaft


def test_dashed_line_has_gaps():
    chart = diagram(node(0, 100, 300, [1], line_shape="dashed line"), node(1, 900, 300))
    row = render_image(chart)[300, 200:700].sum(axis=1)
    assert (row < 300).sum() > 250 and (row > 700).sum() > 60  # about 9 px dashes, 5 px clear gaps


def test_two_diagrams_rendered_concurrently_stay_distinct():
    first = layout(DenseSpec((3, 5, 4, 2)), Style())
    second = layout(FlowSpec((FlowNode("a", "data"), FlowNode("b", "process")), ((0, 1),)), Style(palette="rose"))
    expected = [render_image(first), render_image(second)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(render_image, [first, second] * 20))
    for index, image in enumerate(results):
        assert np.array_equal(image, expected[index % 2])
    assert not np.array_equal(expected[0], expected[1])


def test_svg_has_one_shape_per_node_and_text_labels():
    chart = layout(FlowSpec((FlowNode("question <q>", "data"), FlowNode("LLM", "process")), ((0, 1),)), Style())
    svg = render_svg(chart)
    assert len(re.findall(r'<g class="node">', svg)) == 2
    assert len(re.findall(r"<(rect|ellipse) ", svg)) == 3  # background + 2 nodes
    assert "question &lt;q&gt;" in svg and ">LLM</text>" in svg


def test_png_bytes_decode_to_the_image():
    import cv2

    chart = parse("[0, 100, 100, 'circle', 40, 40, 'solid arrow', (255, 0, 0), (0, 0, 0), []]").diagram
    decoded = cv2.imdecode(np.frombuffer(png_bytes(chart), np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (600, 1000, 3) and tuple(decoded[100, 100]) == (0, 0, 255)  # BGR on disk


def test_fit_label_shrinks_then_wraps_then_gives_up():
    assert fit_label("Dense 128", 200, 40)[1] == 0.55
    lines, _ = fit_label("retrieved documents", 100, 44)
    assert lines == ["retrieved", "documents"]
    assert fit_label("a label far too long for a tiny box", 30, 12) is None
