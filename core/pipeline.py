"""Prompt in, ranked candidates out: plan -> draw N -> check/repair -> render -> score -> rank.

The models load once per ``Generator``. Bad requests raise ``RequestError`` with
one sentence for the user (empty, too long, not a diagram, beyond the caps).

Example:
    >>> generator = Generator.load()
    >>> result = generator.generate("an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs", count=5)
    >>> result.candidates[0]["final"]
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.arrows import follow_arrows
from core.channels import stated_channels
from core.defects import find_defects
from core.dense_roles import stated_roles
from core.dsl import Diagram, serialize, validate
from core.evidence import counted_hidden, unbacked, written_input
from core.layer_list import listed_cnn
from core.lm.templates import MAX_REQUEST_CHARS, clean_request
from core.metrics import structure_matches
from core.plan import PLAN_PREFIX, CnnSpec, DenseSpec, FlowSpec, Spec, parse_plan, to_plan
from core.prose import prose_edges
from core.repair import repair
from core.repeats import expand_repeats
from core.scoring.ranking import rank
from core.step_names import told_flow

PLAN_ATTEMPTS = 3  # plans asked for when they do not parse
DOUBT_ATTEMPTS = 5  # plans asked for when the ones that parse are not backed by the request
RETRY_TEMPERATURE = 0.6  # after a plan that does not parse
DOUBT_TEMPERATURE = 1.0  # after a plan the request does not back: the planner is sure of it, so sample wider
NONE_ATTEMPTS = 6  # samples of a flowchart asked for when the planner takes a request for no diagram
DOUBT_ECHOES = 2  # samples that give back the doubted plan word for word before the planner is taken to be sure
MIN_REQUEST_CHARS = 3


class RequestError(ValueError):
    """A request the generator cannot turn into a diagram; the message is for the user."""


PLAN_SYNTAX = (
    "write it like `dense 3 5 2`, `cnn input 28x28 ; conv 3x3 32 ; maxpool 2x2 ; dense 10` or "
    "`flow question [data] ; LLM [process] | question > LLM`"
)


def read_plan(text: str) -> tuple[str, Spec]:
    """A plan the user wrote or corrected, as (plan text, spec), or RequestError with the reason and the syntax."""
    plan = " ".join(str(text).split()).removeprefix(PLAN_PREFIX).strip()
    if not plan:
        raise RequestError(f"The plan is empty; {PLAN_SYNTAX}.")
    try:
        return plan, parse_plan(plan)
    except ValueError as exc:
        reason = str(exc).removeprefix("unreadable plan: ")
        raise RequestError(f"The plan could not be read ({reason}); {PLAN_SYNTAX}.") from None


@dataclass
class GenerationResult:
    prompt: str
    plan: str
    spec: Spec
    candidates: list[dict] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)
    planner_plan: str = ""  # the planner's first (greedy) text, before plan_request resampled, mended or checked it
    doubts: list[str] = field(default_factory=list)  # what of the plan the request does not back (core.evidence)
    read_as: str = ""  # the request with its told repeats written out, when it tells any (core.repeats)

    def as_json(self) -> dict:
        keys = (
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
        )
        return {
            "prompt": self.prompt,
            "plan": self.plan,
            "doubts": self.doubts,
            "read_as": self.read_as,
            "candidates": [{key: candidate.get(key) for key in keys} for candidate in self.candidates],
        }


def check_request(prompt: str) -> str:
    """The cleaned request, or RequestError with the reason."""
    if not isinstance(prompt, str):
        raise RequestError("The request must be text.")
    if len(prompt) > MAX_REQUEST_CHARS:
        raise RequestError(f"The request is {len(prompt):,} characters long; the limit is {MAX_REQUEST_CHARS:,}.")
    request = clean_request(prompt)
    if len(request) < MIN_REQUEST_CHARS:
        raise RequestError(
            "The request is empty: describe a diagram, e.g. "
            "'an MLP with 3 inputs, hidden layers of 5 and 4, 2 outputs'."
        )
    return request


def plan_request(planner, request: str, seed: int = 0) -> tuple[str, Spec, str]:
    """Ask the planner; resample when a plan does not parse or the request does not back it;
    explain what could not be drawn. Returns the plan to draw, its spec, and the planner's own first
    (greedy) plan text, before any check or resample.

    A plan the request does not back (``core.evidence``: numbers it never writes, steps it never
    names) is kept only when no other attempt is backed; sampling stops early when two samples give the doubted
    plan back word for word (the planner is sure of it). A flowchart plan that only fails on edges
    (an end never declared, a cycle) is mended against the request (``parse_plan(plan, request)``)
    when no attempt parses as written, a flowchart's edges between steps the request joins with
    written arrows are those arrows (``core.arrows``), and a flowchart told in whole sentences gets the
    edges the sentences tell (``core.prose``). A repeat the request tells in words ("conv 3x3 (32)
    twice") is written out before the planner reads it, and the checks read the written-out request
    (``core.repeats``). A CNN request that lists its layers is read as listed (``core.layer_list``), and a network
    request that gives its sizes roles is read by them (``core.dense_roles``), also when no plan parses. A request
    the planner takes for no diagram is asked for again as a flowchart before it is refused (:func:`_asked_as_flow`)."""
    request = expand_repeats(request) or request
    reason, mendable, doubted, first, echoes = "", None, None, "", 0
    for attempt in range(DOUBT_ATTEMPTS):
        if (attempt >= PLAN_ATTEMPTS and doubted is None) or echoes >= DOUBT_ECHOES:
            break
        temperature = 0.0 if attempt == 0 else DOUBT_TEMPERATURE if doubted else RETRY_TEMPERATURE
        plan = planner.plan(request, temperature=temperature, seed=seed + attempt)
        first = first or plan
        if plan.strip() == "none":
            asked = _asked_as_flow(planner, request, seed)
            if asked is None:
                raise RequestError(
                    "This does not look like a request for a diagram (a neural network, a CNN or a "
                    "flowchart); try e.g. 'a RAG pipeline: question -> vector search -> LLM -> answer'."
                )
            return asked[0], asked[1], first
        try:
            spec = parse_plan(plan)
        except ValueError as exc:
            reason = reason or str(exc).removeprefix("unreadable plan: ")
            if mendable is None:
                with contextlib.suppress(ValueError):  # not mendable either: the next attempt may be
                    mendable = parse_plan(plan, request)
            continue
        if not unbacked(plan, request):
            checked = _follow_request(spec, request)
            return (plan if checked == spec else _plan_text(checked)), checked, first
        echoes += doubted is not None and plan == doubted[1]
        doubted = doubted or (spec, plan)
    if doubted is not None:  # no attempt was backed: the first that parsed
        spec, plan = doubted
        checked = _follow_request(spec, request)
        return (plan if checked == spec else _plan_text(checked)), checked, first
    if mendable is not None:
        spec = _follow_request(mendable, request)
        return _plan_text(spec), spec, first
    listed = listed_cnn(request) or stated_roles(request)
    if listed is not None:  # no plan parsed, but the request lists its layers ('256x256 x-ray images' -> '256x256xx')
        return _plan_text(listed), listed, first
    raise RequestError(f"Could not turn the request into a diagram ({reason}); try naming the layers or steps.")


def _asked_as_flow(planner, request: str, seed: int) -> tuple[str, Spec] | None:
    """A flowchart for a request the planner took for no diagram, asked again as one ('flowchart: ...', sampled):
    the first plan whose every step the request names and whose sentences tell every edge (``core.prose``).
    Measured on the shipped planner: "a thermostat reads the temperature sensor and switches the heater on or off"
    is 'none' greedily and in 5 of 6 samples, a right flowchart in the 6th; 'write a poem' stays 'none'."""
    for attempt in range(NONE_ATTEMPTS):
        plan = planner.plan(f"flowchart: {request}", temperature=DOUBT_TEMPERATURE, seed=seed + attempt)
        if not plan.startswith("flow ") or unbacked(plan, request):
            continue
        with contextlib.suppress(ValueError):
            spec = parse_plan(plan)
            told = told_flow(spec, request)
            labels, roles = [node.label for node in told.nodes], [node.role for node in told.nodes]
            if prose_edges(labels, roles, request) is not None:
                return _plan_text(told), told
    return None


def _follow_request(spec: Spec, request: str) -> Spec:
    """A CNN the request lists layer by layer as listed (``core.layer_list``), else with the input channels it states
    (``core.channels``); a network as the request's role words give it (``core.dense_roles``), else with the number
    of hidden layers the request states (``core.evidence.counted_hidden``); a flowchart plan with the edges the
    request writes as arrows, or tells in whole sentences."""
    listed = listed_cnn(request)
    if listed is not None:
        return listed
    if isinstance(spec, CnnSpec):
        return stated_channels(spec, request)
    if isinstance(spec, DenseSpec):
        return stated_roles(request) or counted_hidden(written_input(spec, request), request)
    if not isinstance(spec, FlowSpec):
        return spec
    return told_flow(follow_arrows(spec, request), request)


def _plan_text(spec: Spec) -> str:
    """The plan line of a spec without its prefix, as the planner writes it."""
    return to_plan(spec).removeprefix(PLAN_PREFIX).strip()


def check_candidate(diagram: Diagram, spec: Spec) -> dict:
    ok, reason = structure_matches(diagram, spec)
    defects = find_defects(diagram)
    return {"structure_ok": ok, "structure_reason": reason, "defects": defects, "valid": not validate(diagram)}


class Generator:
    def __init__(self, planner, drawer, scorer=None) -> None:
        self.planner = planner
        self.drawer = drawer
        self.scorer = scorer

    @classmethod
    def load(
        cls,
        model_dir: str | Path | None = None,
        adapter: str | Path | None = None,
        planner_dir: str | Path | None = None,
        scoring: bool = True,
    ) -> Generator:
        from core.lm.generate import Drawer
        from core.lm.planner_runtime import load_planner

        drawer = Drawer.load(model_dir, adapter) if model_dir else Drawer.load(adapter=adapter)
        planner = load_planner(planner_dir) if planner_dir else load_planner()
        scorer = None
        if scoring:
            from core.scoring.scorer import Scorer

            scorer = Scorer.load()
        return cls(planner, drawer, scorer)

    def generate(
        self,
        prompt: str,
        count: int = 5,
        seed: int = 0,
        temperature: float = 0.9,
        constrained: bool = True,
        fix: bool = True,
        store=None,
        rater: str | None = None,
        out_dir: str | Path | None = None,
    ) -> GenerationResult:
        if not 1 <= count <= 16:
            raise RequestError("The number of candidates must be between 1 and 16.")
        started = time.perf_counter()
        request = check_request(prompt)
        read_as = expand_repeats(request)
        plan, spec, planner_plan = plan_request(self.planner, request, seed)  # writes the repeats out itself
        result = self.draw_plan(
            prompt, plan, spec, count, seed, temperature, constrained, fix, store, rater, out_dir, started=started
        )
        result.planner_plan, result.read_as = planner_plan, read_as or ""
        result.doubts = unbacked(plan, read_as or request)
        return result

    def draw_plan(
        self,
        prompt: str,
        plan: str,
        spec: Spec,
        count: int = 5,
        seed: int = 0,
        temperature: float = 0.9,
        constrained: bool = True,
        fix: bool = True,
        store=None,
        rater: str | None = None,
        out_dir: str | Path | None = None,
        pins: dict | None = None,
        started: float | None = None,
    ) -> GenerationResult:
        """Draw, check, score and rank candidates of a known plan; ``pins`` keeps those nodes as they are
        (pinned candidates are never re-laid out: a repair would move the pinned nodes)."""
        started = started if started is not None else time.perf_counter()
        planned = time.perf_counter()
        drawings = self.drawer.draw(
            spec, count=count, seed=seed, temperature=temperature, constrained=constrained, pins=pins
        )
        fix = fix and not pins
        drawn = time.perf_counter()
        candidates = []
        for index, drawing in enumerate(drawings):
            check = check_candidate(drawing.diagram, spec)
            diagram, repaired = drawing.diagram, False
            if fix and (not check["structure_ok"] or check["defects"].hard_total or not check["valid"]):
                diagram, repaired = repair(drawing.diagram, spec), True
                check = check_candidate(diagram, spec)
            candidates.append(
                {
                    "index": index,
                    "diagram": diagram,
                    "text": serialize(diagram),
                    "stopped": drawing.stopped,
                    "n_tokens": drawing.n_tokens,
                    "repaired": repaired,
                    "model_errors": drawing.errors,
                    **check,
                }
            )
        if self.scorer is not None:
            scores = self.scorer.score([c["diagram"] for c in candidates], store=store, rater=rater)
            for candidate, score in zip(candidates, scores):
                candidate.update(score.as_dict(), score=score)
        else:
            for candidate in candidates:
                candidate.update(readability=None, user_score=None, final=None, score=None)
        scored = time.perf_counter()
        ranked = rank(candidates)  # unscored candidates keep their sampling order
        per_candidate = (scored - started) / count
        for candidate in ranked:
            candidate["seconds"] = round(per_candidate, 3)
            candidate["png"] = None
        if out_dir is not None:
            self._write_images(ranked, Path(out_dir))
        seconds = {
            "plan": round(planned - started, 3),
            "draw": round(drawn - planned, 3),
            "score": round(scored - drawn, 3),
            "total": round(scored - started, 3),
        }
        return GenerationResult(prompt, plan, spec, ranked, seconds)

    @staticmethod
    def _write_images(candidates: list[dict], out_dir: Path) -> None:
        from core.render import png_bytes

        out_dir.mkdir(parents=True, exist_ok=True)
        for candidate in candidates:
            path = out_dir / f"candidate_{candidate['rank']}.png"
            path.write_bytes(png_bytes(candidate["diagram"]))
            candidate["png"] = str(path)
