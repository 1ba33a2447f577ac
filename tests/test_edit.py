"""The node table: a round trip, edits applied, and every bad cell named."""

from core.dsl import parse
from core.edit import diagram_from_rows, node_rows, pinned_nodes
from core.layout import layout
from core.plan import parse_plan
from core.style import Style

DIAGRAM = layout(
    parse_plan("flow question [data] ; LLM [process] ; answer [data] | question > LLM ; LLM > answer"), Style()
)


def test_rows_round_trip_exactly():
    diagram, problems = diagram_from_rows(node_rows(DIAGRAM), DIAGRAM.comments)
    assert problems == [] and diagram == DIAGRAM


def test_edits_are_applied_and_pins_read_from_the_table():
    rows = node_rows(DIAGRAM, pinned={DIAGRAM.nodes[0].node_no})
    rows[1].update(x=400, label="GPT", fill="#ff0000", targets="")
    diagram, problems = diagram_from_rows(rows)
    assert problems == []
    edited = diagram.nodes[1]
    assert (edited.x, edited.label, edited.bg, edited.targets) == (400, "GPT", (255, 0, 0), ())
    assert list(pinned_nodes(rows, diagram)) == [DIAGRAM.nodes[0].node_no]


def test_bad_cells_are_named_and_the_valid_rows_kept():
    rows = node_rows(DIAGRAM)
    rows[0]["shape"] = "hexagon"
    rows[1]["fill"] = "red"
    rows[2]["x"] = 5000  # off the canvas: parsed, then reported by validation
    diagram, problems = diagram_from_rows(rows)
    assert len(diagram.nodes) == 1
    assert problems[0].startswith("row 1: unknown shape")
    assert problems[1].startswith("row 2: fill")
    assert "outside the 1000 x 600 canvas" in problems[2]


def test_a_target_that_does_not_exist_is_reported():
    rows = node_rows(parse("[0, 100, 100, 'circle', 40, 40, 'solid arrow', (255, 255, 255), (0, 0, 0), []]").diagram)
    rows[0]["targets"] = "7"
    assert "target 7 does not exist" in diagram_from_rows(rows)[1][0]
