"""The shipped models end to end, through the library and the command line."""

import json
import subprocess
import sys
import time

import pytest

from core.dsl import parse
from core.metrics import structure_matches
from core.pipeline import Generator, RequestError
from core.plan import PLAN_PREFIX, DenseSpec, to_plan

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generator():
    return Generator.load()


def test_load_and_generate_with_the_shipped_models(generator, tmp_path):
    result = generator.generate(
        "an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs", count=5, seed=3, out_dir=tmp_path
    )
    assert result.plan == "dense 3 5 4 2"
    assert len(result.candidates) == 5
    assert [c["rank"] for c in result.candidates] == [1, 2, 3, 4, 5]
    finals = [c["final"] for c in result.candidates]
    assert finals == sorted(finals, reverse=True)
    for candidate in result.candidates:
        assert candidate["stopped"] and not candidate["model_errors"]
        assert structure_matches(parse(candidate["text"]).diagram, DenseSpec((3, 5, 4, 2)))[0]
        assert (tmp_path / f"candidate_{candidate['rank']}.png").is_file()
    texts = {c["text"] for c in result.candidates}
    assert len(texts) >= 3  # candidates differ


def test_bad_requests_are_one_clear_sentence(generator):
    for prompt, fragment in [("", "empty"), ("x" * 5000, "limit"), ("write a poem", "does not look like")]:
        with pytest.raises(RequestError, match=fragment):
            generator.generate(prompt, count=2)


@pytest.mark.parametrize(
    "prompt",
    [
        "   \n\t  ",
        "an MLP with \x00\x07 3 inputs\x1b, 2 outputs",
        "import os; os.system('rm -rf /')  # draw this",
        "ein neuronales Netz mit 3 Eingaben, Schichten von 5 und 4, 2 Ausgaben",
        "a network with 500 layers of 10 neurons",
        "write a poem about the sea",
    ],
    ids=["blank", "control characters", "code", "non-English", "500 layers", "not a diagram"],
)
def test_hostile_requests_give_a_message_or_a_capped_diagram_quickly(generator, prompt):
    started = time.perf_counter()
    try:
        result = generator.generate(prompt, count=2)
    except RequestError as exc:
        assert str(exc).endswith(".") and "\n" not in str(exc)
    else:
        assert result.candidates and all(c["structure_ok"] and c["valid"] for c in result.candidates)
    assert time.perf_counter() - started < 30


def test_huge_layers_become_blocks_quickly(generator):
    started = time.perf_counter()
    result = generator.generate("an MLP with 100000 input nodes, a hidden layer of 50 and 1 output", count=2)
    assert time.perf_counter() - started < 30
    assert result.spec.kind == "dense" and result.spec.sizes[0] == 100000
    assert all(node.label for node in result.candidates[0]["diagram"].nodes)


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, cwd=REPO, timeout=600
    )


def test_cli_generate_batch_and_score(tmp_path):
    result = run_cli(
        "generate",
        "--prompt",
        "a RAG pipeline: question -> vector search -> LLM -> answer",
        "--count",
        "3",
        "--seed",
        "2",
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["prompt"].startswith("a RAG") and len(payload["candidates"]) == 3
    assert set(payload["candidates"][0]) == {
        "rank",
        "text",
        "stopped",
        "n_tokens",
        "seconds",
        "readability",
        "user_score",
        "final",
        "png",
        "repaired",
    }
    bad = run_cli("generate", "--prompt", "", "--count", "2")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr

    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text('{"id": "a", "prompt": "MLP: 4 -> 8 -> 2"}\nnot json\n{"id": "c", "prompt": ""}\n')
    out = tmp_path / "out.jsonl"
    assert run_cli("generate-batch", "--in", str(prompts), "--out", str(out), "--count", "2").returncode == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["error"] is None and len(rows[0]["candidates"]) == 2
    assert "line 2" in rows[1]["error"] and "empty" in rows[2]["error"]

    diagrams = tmp_path / "diagrams.jsonl"
    diagrams.write_text(
        json.dumps({"id": 1, "text": payload["candidates"][0]["text"]})
        + "\n"
        + json.dumps({"id": 2, "text": "garbage"})
        + "\n"
    )
    scores = tmp_path / "scores.jsonl"
    assert run_cli("score", "--in", str(diagrams), "--out", str(scores)).returncode == 0
    first, second = [json.loads(line) for line in scores.read_text().splitlines()]
    assert 0 <= first["readability"] <= 5 and first["final"] == first["readability"]
    assert second["readability"] is None and second["errors"]


def test_regenerate_with_pins_keeps_pinned_nodes_and_reuses_the_plan(generator):
    first = generator.generate("a RAG pipeline: question -> vector search -> LLM -> answer", count=2, seed=5)
    diagram = parse(first.candidates[0]["text"]).diagram
    pins = {node.node_no: node for node in diagram.nodes[:2]}
    again = generator.draw_plan(first.prompt, first.plan, first.spec, count=3, seed=6, pins=pins)
    assert again.plan == first.plan
    for candidate in again.candidates:
        nodes = parse(candidate["text"]).diagram.node_by_no()
        assert all(nodes[number] == node for number, node in pins.items())
        assert not candidate["repaired"] and candidate["structure_ok"]


class ScriptedPlanner:
    """Answers with fixed plans in turn (greedy first, then the resamples)."""

    def __init__(self, *plans: str) -> None:
        self.plans = list(plans)

    def plan(self, request: str, temperature: float = 0.0, seed: int = 0) -> str:
        return self.plans.pop(0) if len(self.plans) > 1 else self.plans[0]


def test_written_arrows_decide_the_edges_between_the_steps_they_name():
    from core.pipeline import plan_request

    request = "orders.json => validator => valid orders => billing service => invoices"
    # the planner's slip: the validator wired past 'valid orders' straight to billing
    slipped = (
        "flow orders.json [data] ; validator [process] ; valid orders [data] ; billing service [process] ; "
        "invoices [data] | orders.json > validator ; validator > valid orders ; validator > billing service ; "
        "billing service > invoices"
    )
    plan, spec, planner_plan = plan_request(ScriptedPlanner(slipped), request)
    assert spec.edges == ((0, 1), (1, 2), (2, 3), (3, 4)) and planner_plan == slipped
    assert plan == to_plan(spec).removeprefix(PLAN_PREFIX).strip()
    right = "flow question [data] ; LLM [process] ; answer [data] | question > LLM ; LLM > answer"
    assert plan_request(ScriptedPlanner(right), "question -> LLM -> answer")[0] == right  # agreeing: unchanged


def test_plans_are_resampled_first_and_mended_only_when_none_parses():
    from core.pipeline import plan_request

    request = "logs go to a parser which writes events"
    broken = "flow logs [data] ; parser [process] | logs > parser ; parser > events"
    good = "flow logs [data] ; parser [process] ; events [data] | logs > parser ; parser > events"
    assert plan_request(ScriptedPlanner(broken, good), request)[0] == good  # a resample that parses wins
    plan, spec, planner_plan = plan_request(ScriptedPlanner(broken), request)
    assert [node.label for node in spec.nodes] == ["logs", "parser", "events"] and len(spec.edges) == 2
    assert plan == good  # the mended plan is shown as the spec it became
    assert planner_plan == broken
    with pytest.raises(RequestError, match="bad flowchart node"):
        plan_request(ScriptedPlanner("flow logs [data] ; parser | logs > parser"), request)


def test_a_request_the_planner_takes_for_no_diagram_is_asked_again_as_a_flowchart():
    from core.pipeline import plan_request

    request = "a thermostat reads the temperature sensor and switches the heater on or off"
    told = (  # the sensor wired backwards
        "flow thermostat [process] ; temperature sensor [data] ; heater [process] | "
        "thermostat > temperature sensor ; thermostat > heater"
    )
    plan, spec, first = plan_request(ScriptedPlanner("none", "none", told), request)
    assert first == "none" and [node.label for node in spec.nodes] == ["thermostat", "temperature sensor", "heater"]
    assert set(spec.edges) == {(1, 0), (0, 2)}  # the sentence's edges: the sensor is read, the heater switched
    unnamed = "flow thermostat [process] ; boiler [process] | thermostat > boiler"  # a step the request never names
    for planner in (ScriptedPlanner("none"), ScriptedPlanner("none", unnamed)):
        with pytest.raises(RequestError, match="does not look like a request for a diagram"):
            plan_request(planner, request)


def test_a_plan_the_user_writes_is_read_or_refused_with_the_syntax():
    from core.pipeline import read_plan

    assert read_plan("  # plan: dense 3   5 2 ") == ("dense 3 5 2", DenseSpec((3, 5, 2)))
    for text, reason in [("", "empty"), ("dense", "2 to 12 layers"), ("flow a [data] | a > b", "'b'")]:
        with pytest.raises(RequestError) as error:
            read_plan(text)
        assert reason in str(error.value) and "write it like `dense 3 5 2`" in str(error.value)


def test_a_plan_the_request_does_not_back_comes_with_the_doubts(generator):
    request = "dense net going 1000 → 500 → 100 → 10"  # no role words: the planner's sizes are drawn, with doubts
    sure = Generator(ScriptedPlanner("dense 1000 500 500 10"), generator.drawer)  # wrong every time it is asked
    result = sure.generate(request, count=1)
    assert result.plan == "dense 1000 500 500 10" and "500 written 2 times, the request has it 1" in result.doubts
    assert result.as_json()["doubts"] == result.doubts
    right = Generator(ScriptedPlanner("dense 1000 500 100 10"), generator.drawer).generate(request, count=1)
    assert right.doubts == [] and right.as_json()["doubts"] == []


def test_sizes_go_where_the_request_s_role_words_put_them():
    from core.pipeline import plan_request

    request = "single-hidden-layer perceptron, 10 in / 20 hidden / 5 out"
    plan, spec, planner_plan = plan_request(ScriptedPlanner("dense 20 10 20 5"), request)  # wrong every time
    assert (plan, spec.sizes, planner_plan) == ("dense 10 20 5", (10, 20, 5), "dense 20 10 20 5")
    request = "an encoder MLP compressing 50 features down to 25, then 10, then 3"
    nothing_parses = ScriptedPlanner("flow encoder MLP [process] ; | encoder MLP > 50 features")  # an empty node
    assert plan_request(nothing_parses, request)[1].sizes == (50, 25, 10, 3)
