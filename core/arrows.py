"""Arrows a request writes out (``question -> vector search -> LLM -> answer``) are edges, read exactly.

The planner reads free wording well enough, but on long arrow chains it sometimes
wires a step to the wrong neighbour or skips one (``validator > billing service``
for ``validator => valid orders => billing service``). Arrows are not free wording:
the user wrote the graph. So after planning, :func:`follow_arrows` checks a
flowchart plan against the request's arrow chains: a step the chain names that the
plan lacks is added, each arrow becomes an edge, and an edge the plan drew between
two steps of one chain that the chain does not draw is dropped. Edges to steps no
chain names are the planner's and stay. Only written arrows count (``->``, ``=>``,
``-->``, ``→``, ``⇒``, ``⟶``, ``➔``, ``➝``, ...), and arrows listed in words ("arrows: A to B, B to C");
a bare ``>`` is too often a comparison. A plan node named by part of a step, or with words around it
('json' for 'orders.json', 'boxes Nuhal list' for 'Nuhal list'), takes the step's name, and a node the
planner made of a word about the drawing itself ('boxes', 'arrows') is dropped. A fan told in words ("the
aggregates feed a dashboard and an alert manager", "the image and the caption are combined by an encoder") is read
the same way when the plan names each of its steps (the planner often wires such targets into a chain); no step is
ever added from prose.

Example:
    >>> spec = FlowSpec((FlowNode("question", "data"), FlowNode("LLM", "process")), ())
    >>> follow_arrows(spec, "question -> LLM").edges
    ((0, 1),)
"""

from __future__ import annotations

import re

from core.plan import MAX_FLOW_LABEL, MAX_FLOW_NODES, FlowNode, FlowSpec, has_cycle

ARROW = re.compile(r"\s*(?:-->|->|=>|→|⇒|⟶|⟹|➔|➜|➝|➡|⮕)\s*|\s+>\s+(?![\d.+-])")  # 'A > B', not 'loss > 0.9'
# 'arrows: A to B, B to C' / 'edges from A to B and B to C': a list of arrows written in words
ARROW_LIST = re.compile(
    r"\b(?:arrows?|edges?|connections?|links?)\s*(?P<colon>:)?\s*(?:from\s+)?(?P<items>.+)$", re.IGNORECASE
)
WORD_ARROW = re.compile(r"\s+to\s+")
# A fan told in words: 'the aggregates feed a dashboard and an alert manager', 'images and captions both go into an
# encoder'. Read only where the plan names every step: no step is added from prose.
_FAN_VERB = (
    r"(?:feeds?|go(?:es)? (?:in)?to|flows? (?:in)?to|(?:is|are) (?:sent|passed|fed|given|handed) to"
    r"|(?:is|are) (?:used|read|consumed) by|(?:are|get) (?:combined|merged|joined) by)"
)
FAN_OUT = re.compile(
    rf"^(?P<source>[^,]+?)\s+{_FAN_VERB}\s+(?:both\s+)?(?P<targets>[^;]+?\s+and\s+[^,]+?)$", re.IGNORECASE
)
FAN_IN = re.compile(
    rf"^(?P<sources>[^;]+?\s+and\s+[^,]+?)\s+(?:both\s+|all\s+)?{_FAN_VERB}\s+(?P<target>[^,]+?)$", re.IGNORECASE
)
FAN_CLAUSE = re.compile(r"[;\n]|(?<=[.!?])\s+|,\s+(?:and|then|while)\s+")
FAN_LEAD = re.compile(r"^[^:]*:\s*")  # 'Fraud detection: transactions go to ...' -> 'transactions go to ...'
DRAWING_WORDS = {"box", "boxes", "arrow", "arrows", "node", "nodes", "edge", "edges", "diagram", "flowchart"}
ANSWERS = {"yes", "no", "true", "false", "ok", "pass", "passed", "fail", "failed", "else", "otherwise"}
# a period inside 'orders.json' does not end a clause, nor a question before an arrow ('config valid? -> yes: ...')
CLAUSE = re.compile(r"[;\n]|(?<=[.!?])\s+(?!-->|->|=>|→|⇒|⟶|⟹|➔|➜|➝|➡|⮕)")
LEAD = re.compile(r"^.*[:,]\s*")  # 'a RAG pipeline: question' -> 'question'
TRAIL = re.compile(r"\s*,(?![^()\[\]{}]*[)\]}]).*$")  # 'answer, shown to the user' -> 'answer'; not in '(A, B)'
ARTICLE = re.compile(r"^(?:a|an|the|some|our|its|their|then)\s+", re.I)
MAX_NEW_WORDS = 5  # a chain step the plan lacks is added only when it reads like a name
QUOTES = " .,!?\"'`"
JOINT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
EITHER = re.compile(r"^either\s+(?=.+\s+or\s+)", re.IGNORECASE)  # '-> either A or B ->': a fan, A and B side by side
CONDITION = re.compile(r"^\((?:if|when|only if|on)\b[^)]*\)\s*", re.IGNORECASE)  # '-> (if green) deploy ->'
NUMBER = re.compile(r"(?:^|(?<=[\s:]))\(?(\d{1,2})[.)]\s+")  # '1) load CSV', '2. clean data', '(3) train'
ITEM_END = re.compile(r"[\s,;.]*(?:\b(?:and|then)\b)?[\s,;.]*$")  # '1) load CSV, and 2) ...': 'load CSV'
GROUP = " / "  # how a step of side-by-side steps is kept: 'A / B'
BRACKETED = re.compile(r"^[(\[{](?P<inner>[^()\[\]{}]+)[)\]}]$")  # '-> (orders DB, receipt mailer)': a fan
# '-> config valid? -> yes: start server / no: print error': branches, each after its answer
BRANCH = re.compile(
    r"(?:^|(?<=[/|,]))\s*(?:yes|no|true|false|ok|pass(?:ed)?|fail(?:ed)?|else|otherwise)\s*[:)=]\s*", re.I
)
PARTS = re.compile(JOINT.pattern + r"|\s+or\s+|\s+/\s+")


def chains(request: str) -> list[list[str]]:
    """The arrow chains of a request, each a list of its steps' texts. A first or last step may be
    'A and B' (a fan-in or fan-out); 'a -> b and c -> d' is two chains, 'a -> b' and 'c -> d'. Numbered steps
    ('1) scrape pages 2) extract prices 3) ...') are one chain."""
    numbered = _numbered(request)
    if numbered:
        return [numbered]
    found = []
    for clause in CLAUSE.split(request):
        steps = ARROW.split(clause.strip())
        if len(steps) < 2:
            found += _word_arrows(clause)
            continue
        steps[0], steps[-1] = LEAD.sub("", steps[0]), TRAIL.sub("", steps[-1])
        chain: list[str] = []
        for position, step in enumerate(CONDITION.sub("", step.strip(QUOTES)) for step in steps):
            group = _group(step)
            if group:
                chain.append(group)
                continue
            parts = JOINT.split(step, maxsplit=1)
            if len(parts) == 2 and 0 < position < len(steps) - 1:  # 'b and c' / "b', 'c" between two arrows
                found.append([*chain, parts[0].strip(QUOTES)])
                chain = [parts[1].strip(QUOTES)]
            else:
                chain.append(step)
        found.append(chain)
    return [chain for chain in found if len(chain) > 1 and all(chain)]


def _numbered(request: str) -> list[str]:
    """The steps of a request that numbers them, 1 to n (n >= 3), each a short name ('Pipeline steps: 1) load CSV,
    2) clean data, 3) train model'); [] for anything else."""
    marks = list(NUMBER.finditer(request))
    if len(marks) < 3 or [int(mark[1]) for mark in marks] != list(range(1, len(marks) + 1)):
        return []
    ends = [mark.start() for mark in marks[1:]] + [len(request)]
    steps = [ITEM_END.sub("", request[mark.end() : end].strip()) for mark, end in zip(marks, ends)]
    if any(not step or len(step.split()) > MAX_NEW_WORDS or ARROW.search(step) for step in steps):
        return []
    return steps


def _titles(request: str) -> list[str]:
    """The keys of what a chain's clause says before its colon ('speech in, speech out: microphone -> ASR -> ...'): a
    title, no step."""
    leads = (ARROW.split(clause.strip())[0] for clause in CLAUSE.split(request) if ARROW.search(clause))
    return [_key(lead[: lead.rindex(":")]) for lead in leads if ":" in lead]


def _group(step: str) -> str:
    """The steps a chain step puts side by side, joined by GROUP ('either A or B', '(A, B)', 'yes: A / no: B'), or
    ''."""
    if EITHER.match(step):
        parts = re.split(r"\s+or\s+", EITHER.sub("", step))
    elif BRACKETED.match(step):
        parts = JOINT.split(BRACKETED.match(step)["inner"])
    elif BRANCH.match(step):
        parts = re.split(r"\s*[/|]\s*|\s*,\s*", BRANCH.sub(" ", step).strip())
    else:
        return ""
    parts = [part.strip(QUOTES) for part in parts]
    return GROUP.join(parts) if len(parts) > 1 and all(parts) else ""


def arrow_steps(text: str, mentions: list, offset: int) -> list[tuple[int, ...]] | None:
    """The plan nodes a clause of written arrows names, step by step ('voice command -> ASR'), from its mentions
    (``core.mentions``, positions ``offset`` into the request); None unless each step names exactly one node."""
    cuts = [0, *(cut for match in ARROW.finditer(text) for cut in match.span()), len(text)]
    steps = [[m.nodes for m in mentions if a <= m.start - offset < b] for a, b in zip(cuts[::2], cuts[1::2])]
    return [step[0] for step in steps] if all(len(step) == 1 and step[0] for step in steps) else None


def _word_arrows(clause: str) -> list[list[str]]:
    """'arrows A to B, B to C please' -> [[A, B], [B, C]]; every item must be 'X to Y' with short names."""
    listed = ARROW_LIST.search(clause)
    if not listed:
        return []
    pairs = []
    items = JOINT.split(listed.group("items").strip())
    for item in items:
        ends = [end.strip(QUOTES) for end in WORD_ARROW.split(item.strip())]
        if len(ends) != 2 or not all(ends) or any(len(end.split()) > MAX_NEW_WORDS for end in ends):
            return []
        pairs.append(ends)
    return (
        pairs if listed.group("colon") or len(pairs) > 1 else []
    )  # 'the arrows go to the right' is not a list of arrows


def _key(text: str) -> str:
    """How a step or a node name is compared: lower case, no quotes, no leading article."""
    return ARTICLE.sub("", re.sub(r"[\"'`()\[\]{}]", "", text).strip().lower())


def _nodes_of(step: str, index: dict[str, int], first: bool, last: bool) -> list[int] | None:
    """Plan nodes a step names: itself, or each part of 'A and B' / 'A, B'; a first step may end with a
    node's name and a last one start with it (prose around a chain); None when any part is unknown."""
    key = _key(step)
    if key in index:
        return [index[key]]
    parts = [part for part in PARTS.split(step) if part]
    if len(parts) > 1 and all(_key(part) in index for part in parts):
        return [index[_key(part)] for part in parts]
    named = [name for name in index if (first and key.endswith(" " + name)) or (last and key.startswith(name + " "))]
    return [index[max(named, key=len)]] if named else None


def _within(part: str, whole: str) -> bool:
    return part != whole and re.search(rf"(?:^|[\s.]){re.escape(part)}(?:$|[\s.])", whole) is not None


def _renamed(step: str, nodes: list, index: dict, spec: FlowSpec, named: set[str]) -> list[int] | None:
    """The planner's node for a step it named by part of the name or with words around it ('json' for
    'orders.json', 'boxes Nuhal list' for 'Nuhal list'), renamed to the step; None unless exactly one. ``named``:
    the keys of every step the request's chains name (a node one of them names is not another step's)."""
    key = _key(step)
    found = [
        i
        for i in range(len(spec.nodes))
        if _key(nodes[i].label) not in named
        and (
            _within(key, _key(nodes[i].label)) or _within(_key(nodes[i].label), key) or _slip(key, _key(nodes[i].label))
        )
    ]
    if len(found) != 1:
        return None
    index.pop(_key(nodes[found[0]].label), None)
    nodes[found[0]] = FlowNode(step[:MAX_FLOW_LABEL], nodes[found[0]].role)
    index[key] = found[0]
    return found


def _slip(one: str, other: str) -> bool:
    """Whether two names differ only by a slip at the end of the last word: 'order placed' / 'order place'."""
    a, b = one.split(), other.split()
    short, long_ = sorted((a[-1], b[-1]), key=len) if a and b else ("", "")
    return a[:-1] == b[:-1] and len(short) >= 4 and long_.startswith(short) and 0 < len(long_) - len(short) <= 2


def _fans(request: str, index: dict[str, int]) -> list[list[list[int]]]:
    """Fans told in words, as chains of plan nodes ([[source], [a, b]] or [[a, b], [target]]); a fan is read only
    when the plan names each of its steps once."""
    found = []
    for clause in FAN_CLAUSE.split(request):
        clause = FAN_LEAD.sub("", clause.strip()).strip(QUOTES)
        if ARROW.search(clause):
            continue
        out, into = FAN_OUT.match(clause), FAN_IN.match(clause)
        if out:
            sides = [[out.group("source")], JOINT.split(out.group("targets"))]
        elif into:
            sides = [JOINT.split(into.group("sources")), [into.group("target")]]
        else:
            continue
        chain = [  # prose may lead into a source ('and then the aggregates') and trail a target ('... that outputs X')
            [_nodes_of(re.sub(r"^(?:also\s+)?(?:to|into)\s+", "", part), index, end == 0, end == 1) for part in side]
            for end, side in enumerate(sides)
        ]
        parts = [group for side in chain for group in side]
        if all(group is not None and len(group) == 1 for group in parts) and len({g[0] for g in parts}) == len(parts):
            found.append([[group[0] for group in side] for side in chain])
    return found


def _named_or_added(step: str, nodes: list, index: dict, spec: FlowSpec, keys: set[str], middle: bool) -> list[int]:
    """The plan node of a chain step the plan names by part of its name, or a new node for it; [] for prose."""
    found = _renamed(step, nodes, index, spec, keys) if len(step.split()) <= MAX_NEW_WORDS else None
    if found is None:
        if len(step.split()) > MAX_NEW_WORDS or len(nodes) >= MAX_FLOW_NODES:
            return []
        index[_key(step)] = len(nodes)
        nodes.append(FlowNode(step[:MAX_FLOW_LABEL], "process" if middle else "data"))
        found = [len(nodes) - 1]
    return found


def _links(named: list[list[int]]) -> set[tuple[int, int]]:
    """The edges of a chain of node groups: each node of a group to each of the next ('a and b -> c': a>c, b>c)."""
    return {(a, b) for first, second in zip(named, named[1:]) for a in first for b in second if a != b}


def follow_arrows(spec: FlowSpec, request: str) -> FlowSpec:
    """The plan with the request's arrow chains as its edges between the steps they name (see module doc)."""
    written = chains(request)
    nodes = list(spec.nodes)
    index: dict[str, int] = {}
    for i, node in enumerate(nodes):
        index.setdefault(_key(node.label), i)  # of two nodes of one name ('orders DB', '(orders DB') the first
    fans = _fans(request, index)
    if not written and not fans:
        return spec
    step_keys = {_key(part) for steps in written for step in steps for part in [step, *step.split(GROUP)]}
    numbered, titles = bool(_numbered(request)), _titles(request)
    arrows: set[tuple[int, int]] = set()
    members: list[set[int]] = []
    for named in fans:
        members.append({node for group in named for node in group})
        arrows |= _links(named)
    for steps in written:
        named: list[list[int]] = []
        for position, step in enumerate(steps):
            middle, ends = 0 < position < len(steps) - 1, (position == 0, position == len(steps) - 1)
            found = [  # each of side-by-side steps by its own name: 'start server / print error' is not 'start'
                node
                for part in step.split(GROUP)
                for node in _nodes_of(part, index, *(end and GROUP not in step and not numbered for end in ends))
                or _named_or_added(part, nodes, index, spec, step_keys, middle)
                or [-1]
            ]
            if -1 in found:
                break  # prose, not a name: the chain is not read past it
            named.append(found)
        members.append({node for group in named for node in group})
        arrows |= _links(named)
    chained = set().union(*members)
    whole = len(chained) == len(nodes) and bool(written)  # the arrows name every step: they are the whole flow
    kept = [] if whole else [(a, b) for a, b in spec.edges if not any(a in chain and b in chain for chain in members)]
    edges: list[tuple[int, int]] = []
    for edge in [*sorted(arrows), *kept]:
        if edge not in edges and not has_cycle(len(nodes), [*edges, edge]):
            edges.append(edge)
    # 'boxes A, B; arrows A to B': a node the planner made of a word about the drawing itself is not a step, nor an
    # answer before a branch ('yes: start server'), nor a word of a chain's title ('speech in, speech out: ...');
    # and a node named by part of a step ('deploy' and 'staging' of '-> deploy to staging ->') is that step split up
    meta = {
        i
        for i, node in enumerate(nodes)
        if i not in chained
        and (
            _key(node.label) in DRAWING_WORDS
            or (_key(node.label) in ANSWERS and BRANCH.search(request) is not None)
            or any(_within(_key(node.label), key) for key in step_keys)
            or _key(node.label) in step_keys  # a second node of one step's name ('(orders DB' and 'orders DB')
            or any(re.search(rf"(?<!\w){re.escape(_key(node.label))}(?!\w)", title) for title in titles)
        )
    }
    if meta:
        new_index = {old: new for new, old in enumerate(i for i in range(len(nodes)) if i not in meta)}
        nodes = [node for i, node in enumerate(nodes) if i not in meta]
        edges = [(new_index[a], new_index[b]) for a, b in edges if a not in meta and b not in meta]
    return FlowSpec(tuple(nodes), tuple(sorted(edges)))
