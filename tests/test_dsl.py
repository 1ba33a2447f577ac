import time

from hypothesis import given, settings
from hypothesis import strategies as st

from core.dsl import LINE_SHAPES, SHAPES, Diagram, Node, parse, serialize, validate

SEED_LINE = "[0, 500, 75, 'round rectangle', 92, 92, 'dashed line', (208, 208, 208), (128, 96, 64), [1]]"
LABELLED = "[1, 500, 225, 'circle', 55, 55, 'solid arrow', (240, 240, 240), (128, 96, 64), [], 'Conv 3x3']"


def test_reads_seed_and_labelled_lines():
    result = parse(f"# plan: dense 1 1\n{SEED_LINE}\n\n{LABELLED}\n")
    assert result.ok
    first, second = result.diagram.nodes
    assert first.label is None and first.targets == (1,) and first.bg == (208, 208, 208)
    assert second.label == "Conv 3x3" and second.shape == "circle"
    assert result.diagram.comments == ("# plan: dense 1 1",)
    assert validate(result.diagram) == []


def test_errors_name_the_line_and_keep_valid_nodes():
    text = f"{SEED_LINE}\n[0, 1]\n__import__('os').system('echo hi')\n{LABELLED}\n[2, 1, 1, 'hexagon', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]"
    result = parse(text)
    assert [node.node_no for node in result.diagram.nodes] == [0, 1]
    assert [error.line for error in result.errors] == [2, 3, 5]
    assert "10 or 11 elements" in result.errors[0].reason
    assert "not a literal" in result.errors[1].reason
    assert "unknown shape" in result.errors[2].reason


def test_brackets_inside_a_label_are_not_nesting():
    line = "[0, 1, 1, 'rectangle', 10, 10, 'solid arrow', (0, 0, 0), (0, 0, 0), [], '(([ \\' [[[[[[[[[[']"
    assert parse(line).diagram.nodes[0].label == "(([ ' [[[[[[[[[["  # a label may be any text
    assert "too deep" in parse("[0, " + "(" * 40 + "1" + ")" * 40 + "]").errors[0].reason  # nesting still is refused


def test_validate_reports_structural_problems():
    bad = parse(
        "[0, 10, 10, 'circle', 40, 40, 'solid arrow', (0,0,0), (0,0,0), [0, 7]]\n"
        "[0, 990, 300, 'circle', 40, 40, 'solid arrow', (0,0,0), (0,0,0), []]\n"
        "[2, 300, 300, 'circle', 0, 40, 'solid arrow', (0,0,0), (0,0,0), []]"
    ).diagram
    reasons = " | ".join(str(error) for error in validate(bad))
    for expected in ("duplicate node number", "points to itself", "target 7 does not exist", "outside", "positive"):
        assert expected in reasons


def test_rejects_floats_nan_colours_and_huge_numbers():
    for line, reason in [
        ("[0, 1.5, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]", "integer"),
        ("[0, 1e999, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]", "integer"),
        ("[0, 1, 1, 'circle', 1, 1, 'solid arrow', (0,0,300), (0,0,0), []]", "0-255"),
        ("[0, 10**9, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]", "not a literal"),
        ("[0, 123456789, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]", "out of range"),
        ("[" * 500 + "]" * 500, "too deep"),
    ]:
        result = parse(line)
        assert not result.diagram.nodes
        assert reason in result.errors[0].reason, (line, result.errors)


colour = st.tuples(*[st.integers(0, 255)] * 3)
node_strategy = st.builds(
    Node,
    node_no=st.integers(0, 2000),
    x=st.integers(-5000, 5000),
    y=st.integers(-5000, 5000),
    shape=st.sampled_from(SHAPES),
    w=st.integers(0, 2000),
    h=st.integers(0, 2000),
    line_shape=st.sampled_from(LINE_SHAPES),
    bg=colour,
    line_color=colour,
    targets=st.lists(st.integers(0, 50), max_size=6).map(tuple),
    label=st.one_of(
        st.none(),
        st.text(min_size=1, max_size=40).filter(
            lambda s: "\n" not in s and "\r" not in s and s.strip() == s and s.strip()
        ),
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(node_strategy, max_size=12),
    st.lists(st.from_regex(r"# [a-z 0-9:]{0,30}", fullmatch=True).map(str.strip), max_size=2),
)
def test_serialize_then_parse_round_trips(nodes, comments):
    diagram = Diagram(tuple(nodes), tuple(comments))
    assert parse(serialize(diagram)).diagram == diagram


def _mutate(text: str, rng) -> str:
    chars = list(text)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        position = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(position, len(chars) - 1)]
        elif op == 1:
            chars.insert(position, rng.choice("[](),'\"0123456789-e.x \n#\\\x00é😀"))
        elif op == 2 and chars:
            chars[min(position, len(chars) - 1)] = rng.choice("[]()9'")
        else:
            chars[position:position] = list(
                rng.choice(["__import__('os')", "lambda: 0", "1e999", "[" * 60, "nan", "-"])
            )
    return "".join(chars)


def test_ten_thousand_random_and_mutated_texts_never_raise_and_stay_fast():
    import random

    from core.synth import make_samples

    rng = random.Random(5)
    bases = [sample.text for sample in make_samples(50, seed=3)]
    total_bytes, started = 0, time.perf_counter()
    for index in range(10_000):
        if index % 3 == 0:
            text = "".join(chr(rng.randrange(1, 0x2FFF)) for _ in range(rng.randrange(0, 400)))
        else:
            text = _mutate(rng.choice(bases), rng)
        result = parse(text)
        assert isinstance(result.diagram, Diagram)
        total_bytes += len(text.encode())
    per_kb_ms = (time.perf_counter() - started) * 1000 / (total_bytes / 1024)
    assert per_kb_ms < 50, per_kb_ms


def test_a_million_lines_is_bounded():
    started = time.perf_counter()
    result = parse("\n".join(["[0, 1, 1, 'circle', 1, 1, 'solid arrow', (0,0,0), (0,0,0), []]"] * 1_000_000))
    assert len(result.diagram.nodes) == 2000
    assert any("more than 2000 nodes" in error.reason for error in result.errors)
    assert time.perf_counter() - started < 10
