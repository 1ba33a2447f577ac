"""Exports: draw.io and JSON read back into the same diagram; Mermaid parses back to the same graph."""

import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.dsl import LINE_SHAPES, SHAPES, Diagram, Node, parse
from core.exports import ExportError, export_text, from_drawio, from_json, to_drawio, to_json, to_mermaid
from core.layout import layout
from core.plan import parse_plan
from core.style import Style

colour = st.tuples(*[st.integers(0, 255)] * 3)


@st.composite
def diagrams(draw):
    count = draw(st.integers(1, 8))
    numbers = draw(st.lists(st.integers(0, 500), min_size=count, max_size=count, unique=True))
    nodes = []
    for number in numbers:
        w, h = draw(st.integers(2, 300)), draw(st.integers(2, 300))
        nodes.append(
            Node(
                number,
                draw(st.integers(0, 1000)),
                draw(st.integers(0, 600)),
                draw(st.sampled_from(SHAPES)),
                w,
                h,
                draw(st.sampled_from(LINE_SHAPES)),
                draw(colour),
                draw(colour),
                tuple(draw(st.lists(st.sampled_from(numbers), max_size=3, unique=True))),
                draw(st.one_of(st.none(), st.text("ab <&>\"'é3x", min_size=1, max_size=12).map(str.strip))) or None,
            )
        )
    return Diagram(tuple(nodes))


def _same(first: Diagram, second: Diagram) -> None:
    """Everything but positions rounding: even widths/heights keep the centre exact."""
    assert [n.node_no for n in first.nodes] == [n.node_no for n in second.nodes]
    for a, b in zip(first.nodes, second.nodes):
        assert (a.shape, a.w, a.h, a.bg, a.label, a.targets) == (b.shape, b.w, b.h, b.bg, b.label, b.targets)
        assert abs(a.x - b.x) <= 1 and abs(a.y - b.y) <= 1
        if a.targets:
            assert (a.line_shape, a.line_color) == (b.line_shape, b.line_color)


@settings(max_examples=150, deadline=None)
@given(diagrams())
def test_json_round_trip_is_exact(diagram):
    assert from_json(to_json(diagram)) == diagram


@settings(max_examples=150, deadline=None)
@given(diagrams())
def test_drawio_round_trip_keeps_every_node_and_edge(diagram):
    _same(diagram, from_drawio(to_drawio(diagram)))


def test_drawio_file_has_the_mxfile_structure_diagrams_net_reads():
    diagram = layout(
        parse_plan("flow question [data] ; search [process] ; answer [data] | question > search ; search > answer"),
        Style(),
    )
    root = ET.fromstring(to_drawio(diagram))
    assert root.tag == "mxfile"
    cells = root.findall("./diagram/mxGraphModel/root/mxCell")
    ids = {cell.get("id") for cell in cells}
    assert [c.get("id") for c in cells[:2]] == ["0", "1"] and cells[1].get("parent") == "0"
    vertices = [c for c in cells if c.get("vertex") == "1"]
    edges = [c for c in cells if c.get("edge") == "1"]
    assert len(vertices) == 3 and len(edges) == 2
    for cell in vertices + edges:
        assert cell.get("parent") == "1"
        assert cell.find("mxGeometry").get("as") == "geometry"
    for edge in edges:
        assert edge.get("source") in ids and edge.get("target") in ids
    assert {v.get("value") for v in vertices} == {"question", "search", "answer"}


MERMAID_NODE = re.compile(r'^    (n\d+)(\["|\("|\(\(")(.*?)("\]|"\)|"\)\))$')
MERMAID_EDGE = re.compile(r"^    (n\d+) (-->|---|-\.-) (n\d+)$")
MERMAID_STYLE = re.compile(r"^    style (n\d+) fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}$")


def _parse_mermaid(text: str):
    """A parser for the flowchart subset we write: every line must be one of four forms."""
    lines = text.splitlines()
    assert re.fullmatch(r"flowchart (LR|TB)", lines[0])
    nodes, edges, styled = {}, [], set()
    for line in lines[1:]:
        if match := MERMAID_NODE.match(line):
            assert {'["': '"]', '("': '")', '(("': '"))'}[match[2]] == match[4], line
            assert '"' not in match[3], line
            nodes[match[1]] = match[3].replace("#quot;", '"')
        elif match := MERMAID_EDGE.match(line):
            assert match[1] in nodes and match[3] in nodes, line
            edges.append((match[1], match[3]))
        elif match := MERMAID_STYLE.match(line):
            styled.add(match[1])
        else:
            raise AssertionError(f"not Mermaid flowchart syntax: {line!r}")
    assert styled == set(nodes)
    return nodes, edges


@settings(max_examples=150, deadline=None)
@given(diagrams())
def test_mermaid_parses_back_to_the_same_graph(diagram):
    nodes, edges = _parse_mermaid(to_mermaid(diagram))
    assert list(nodes) == [f"n{n.node_no}" for n in diagram.nodes]
    assert [label.strip() or None for label in nodes.values()] == [n.label for n in diagram.nodes]
    assert edges == [(f"n{a}", f"n{b}") for a, b in diagram.edges()]


def test_mermaid_of_a_dense_network_is_top_to_bottom_with_circles():
    diagram = layout(parse_plan("dense 3 2"), Style())
    text = to_mermaid(diagram)
    assert text.startswith("flowchart TB") or text.startswith("flowchart LR")
    assert text.count('(("') == 5 and text.count("-->") == 6


@pytest.mark.parametrize(
    "reader, text, message",
    [
        (from_json, "{", "not a diagram JSON"),
        (from_json, '{"nodes": [{"id": 1}]}', "missing or bad field"),
        (
            from_json,
            '{"nodes": [{"id": 1, "x": 5, "y": 5, "shape": "hexagon", "width": 9, "height": 9, "line_shape": "solid arrow", "fill": "#000000", "line_color": "#000000", "targets": []}]}',
            "unknown shape",
        ),
        (from_drawio, "<mxfile>", "not valid XML"),
        (from_drawio, "<mxfile><diagram>compressed</diagram></mxfile>", "compressed"),
        (from_drawio, '<!DOCTYPE x [<!ENTITY a "b">]><mxfile/>', "DTD"),
    ],
)
def test_bad_files_are_one_clear_error(reader, text, message):
    with pytest.raises(ExportError, match=message):
        reader(text)


def test_unknown_format_is_refused():
    with pytest.raises(ExportError, match="unknown export format"):
        export_text(parse("").diagram, "visio")
