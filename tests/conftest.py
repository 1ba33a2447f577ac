"""Shared fixtures: every test gets its own workspace, never the user's."""

import pytest

from core.dsl import Diagram, Node


@pytest.fixture(autouse=True)
def isolated_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("DIAGRAM_STUDIO_WORKSPACE", str(tmp_path / "workspace"))
    return tmp_path / "workspace"


def node(
    no,
    x,
    y,
    targets=(),
    shape="rectangle",
    w=60,
    h=40,
    label=None,
    line=(0, 0, 0),
    bg=(230, 230, 230),
    line_shape="solid arrow",
):
    return Node(no, x, y, shape, w, h, line_shape, bg, line, tuple(targets), label)


def diagram(*nodes):
    return Diagram(tuple(nodes))


class FixedPlanner:
    """A planner that answers with one fixed plan, whatever it is asked (for plan_request's checks)."""

    def __init__(self, plan: str) -> None:
        self.text = plan

    def plan(self, request: str, temperature: float = 0.0, seed: int = 0) -> str:
        return self.text
