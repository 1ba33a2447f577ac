from core.defects import Defects, defect_rating, find_defects
from tests.conftest import diagram, node


def test_each_defect_kind_is_counted():
    assert find_defects(diagram(node(0, 100, 100), node(1, 130, 110))).overlaps == 1
    assert find_defects(diagram(node(0, 10, 100))).out_of_canvas == 1
    cross = diagram(node(0, 100, 100, [1]), node(1, 500, 500), node(2, 100, 500, [3]), node(3, 500, 100))
    assert find_defects(cross).crossings == 1
    through = diagram(node(0, 100, 300, [2]), node(1, 500, 300), node(2, 900, 300))
    assert find_defects(through).edge_through_node == 1
    assert find_defects(diagram(node(0, 100, 100), node(1, 163, 100))).cramped == 1
    assert find_defects(diagram(node(0, 100, 100, w=40, h=16, label="far too long a label"))).label_overflow == 1
    faint_edge = diagram(node(0, 100, 100, [1], line=(250, 250, 250), bg=(180, 180, 180)), node(1, 500, 100))
    assert find_defects(faint_edge).low_contrast == 1
    invisible = diagram(node(0, 100, 100, line=(250, 250, 250), bg=(245, 245, 245)))
    assert find_defects(invisible).low_contrast == 1
    assert find_defects(diagram(node(0, 100, 100, w=4, h=4))).tiny_nodes == 1


def test_clean_diagram_has_no_defects_and_rating_five():
    clean = diagram(node(0, 100, 300, [1], label="input"), node(1, 400, 300, label="model"))
    assert find_defects(clean) == Defects()
    assert defect_rating(Defects()) == 5.0


def test_rating_by_hand():
    assert defect_rating(Defects(overlaps=1, crossings=10)) == 4.0  # 5 - 0.8 - 10 * 0.02
    assert defect_rating(Defects(overlaps=10)) == 2.0  # capped at 3 points
    assert defect_rating(Defects(), missing_fraction=0.5) == 2.5
    assert defect_rating(Defects(overlaps=9, out_of_canvas=9, tiny_nodes=9)) == 0.0
