"""Realistic pipeline requests: small flowcharts whose names hang together, told as people tell them.

The flowchart templates (flow.py) and the clause-by-clause narratives (narrate.py) draw
random graphs of up to 12 nodes with unrelated labels. Hand-written requests are mostly
3-8 step pipelines whose names belong together ("a log parser turns raw logs into parsed
events") and whose shape lives in the grammar: "A and B are fed to C" is a fan-in, not
the edge A > B; "D goes to E and to F" is a fan-out; "..., which G turns into H" keeps the
intermediate data H. On 30 such requests written before this module (handwritten D) the
planner chained "A and B", dropped intermediate data and cut labels short. Every request
here tells each edge exactly once and names every node verbatim at its first mention
(later mentions may shorten it to its head noun: "the detector").

Example:
    >>> request, spec = pipeline_sample(random.Random(5))
"""

from __future__ import annotations

import random

from core.plan import FlowNode, FlowSpec
from core.prompts.vocab import (
    AGENTS,
    DOMAINS,
    FILE_TYPES,
    HEADS,
    QUALITIES,
    STORES,
    TOOLS,
    TOPICS,
    invented_word,
)
from core.prompts.words import ARROWS, article


def _process_label(rng: random.Random) -> tuple[str, str | None]:
    """A process name and the participle of what it does (None when only generic verbs fit)."""
    agent = rng.choice(list(AGENTS))
    roll = rng.random()
    if roll < 0.55:
        return f"{rng.choice(DOMAINS)} {agent}", AGENTS[agent]
    if roll < 0.7:
        return agent, AGENTS[agent]
    if roll < 0.8:
        return rng.choice(TOOLS), None
    if roll < 0.88:
        return invented_word(rng).capitalize(), None
    if roll < 0.95:
        return f"{invented_word(rng)} {agent}", AGENTS[agent]
    return f"{rng.choice(DOMAINS)}-to-{rng.choice(DOMAINS)}", "converted"


def _data_label(rng: random.Random, made_by: str | None = None, read: str | None = None) -> str:
    """A data name; ``made_by`` (a participle) names it after the step that made it: 'parsed events'."""
    head = rng.choice(HEADS)
    if read and rng.random() < 0.5:
        head = read.split(" ")[-1]  # 'raw logs' -> parsed 'logs'
    roll = rng.random()
    if made_by and roll < 0.35:
        return f"{made_by} {head}"
    if roll < 0.55:
        return f"{rng.choice(DOMAINS)} {head}"
    if roll < 0.65:
        return f"{rng.choice(QUALITIES)} {rng.choice(DOMAINS)} {head}"
    if roll < 0.73:
        return head
    if roll < 0.8:
        stem = rng.choice((rng.choice(DOMAINS), invented_word(rng), f"{rng.choice(DOMAINS)}_{head}"))
        return f"{stem}.{rng.choice(FILE_TYPES)}"
    if roll < 0.85:
        number = rng.choice((3, 5, 10, 20, 50, 100, 1000))
        return rng.choice((f"top {number} {head}", f"top-{number} {head}"))
    if roll < 0.93:
        return rng.choice(STORES)
    return f"{invented_word(rng)} {head}"


def pipeline_graph(rng: random.Random) -> tuple[list[str], list[tuple[int, int]]]:
    """Roles and edges of a small pipeline: a main chain plus fan-ins, fan-outs and skips (nodes in build order)."""
    length = rng.choice((2, 3, 3, 3, 4, 4, 5, 5, 5, 6, 7))
    first = "process" if rng.random() < 0.2 else "data"  # a process first: "the crawler collects web pages"
    roles = [first if i % 2 == 0 else ("data" if first == "process" else "process") for i in range(length)]
    if length >= 4 and rng.random() < 0.15:  # two steps in a row, or data copied to a store
        roles[rng.randrange(1, length)] = roles[rng.randrange(1, length) - 1]
    edges = [(i, i + 1) for i in range(length - 1)]
    processes = [i for i, role in enumerate(roles) if role == "process"]
    if processes and rng.random() < 0.4:  # fan-in: more sources into one step
        target = rng.choice(processes)
        for _ in range(rng.choice((1, 1, 2))):
            roles.append("data")
            edges.append((len(roles) - 1, target))
    data = [i for i, role in enumerate(roles) if role == "data" and any(a == i for a, _ in edges)]
    if data and len(roles) < 10 and rng.random() < 0.3:  # fan-out: one data read by a second step
        source = rng.choice(data)
        roles.append("process")
        edges.append((source, len(roles) - 1))
        if rng.random() < 0.6:
            roles.append("data")
            edges.append((len(roles) - 2, len(roles) - 1))
    if processes and len(roles) < 11 and rng.random() < 0.15:  # one step writes two outputs
        roles.append("data")
        edges.append((rng.choice(processes), len(roles) - 1))
    made = [(a, b) for a, b in edges if roles[a] == "process" and roles[b] == "data"]
    # a parallel step writes to the same data: "P and Q both write to D"
    if made and len(roles) < 11 and rng.random() < 0.2:
        maker, target = rng.choice(made)
        roles.append("process")
        edges.append((len(roles) - 1, target))
        feeds = [a for a, b in edges if b == maker]
        if feeds:
            edges.append((rng.choice(feeds), len(roles) - 1))
    later = [
        (a, b) for a in range(length) for b in range(a + 2, length) if roles[a] == "data" and roles[b] == "process"
    ]
    if later and rng.random() < 0.15:  # an early input also feeds a later step
        edges.append(rng.choice(later))
    return roles, sorted(set(edges))


def _labels(roles: list[str], edges: list[tuple[int, int]], rng: random.Random) -> list[str]:
    """Names for every node, outputs often named after the step that made them; all distinct."""
    labels: list[str] = []
    participles: dict[int, str | None] = {}
    for node, role in enumerate(roles):
        for _ in range(20):
            if role == "process":
                name, participles[node] = _process_label(rng)
            else:
                makers = [a for a, b in edges if b == node and roles[a] == "process" and a < node]
                made_by = participles.get(makers[0]) if makers else None
                read = [labels[a] for a, b in edges if makers and b == makers[0] and roles[a] == "data" and a < node]
                name = _data_label(rng, made_by, read[0] if read else None)
            words = name.lower().replace("-", " ").split(" ")
            if len(set(words)) == len(words) and not _overlaps(name, labels):
                break
        labels.append(name)
    return labels


def _overlaps(name: str, labels: list[str]) -> bool:
    """True if one name contains another as whole words ('model' inside 'speech model')."""
    padded = f" {name.lower()} "
    return any(f" {label.lower()} " in padded or padded in f" {label.lower()} " for label in labels)


def _the(label: str, rng: random.Random) -> str:
    """Prose puts articles before common nouns and acronyms ('the LLM'), never before names like 'Spark'."""
    proper = label[:1].isupper() and not label.split(" ")[0].isupper()
    if proper or label[:1].isdigit() or "." in label or rng.random() < 0.3:
        return label
    if label.endswith("s") and not label.endswith("ss"):
        return "the " + label
    return rng.choice(("the ", "the ", "the ", article(label).split(" ")[0] + " ")) + label


def _head_word(label: str) -> str | None:
    """The noun a later mention may shorten a label to ('object detector' -> 'detector'); None for names."""
    words = label.split(" ")
    if len(words) < 2 or label[:1].isupper() or "." in label or not words[-1].isalpha():
        return None
    return words[-1].lower()


def _and(items: list[str], rng: random.Random) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + rng.choice((" and ", " and ", ", and ", " as well as ")) + items[-1]


def _verb_s(plural: bool, singular: str, many: str) -> str:
    return many if plural else singular


def _plural(labels: list[str]) -> bool:
    """'A and B', or one label that reads as a plural ('parsed events')."""
    return len(labels) > 1 or (len(labels) == 1 and labels[0].endswith("s") and not labels[0].endswith("ss"))


class _Teller:
    """Turns one pipeline into clauses; every edge is told once."""

    def __init__(self, labels: list[str], roles: list[str], edges: list[tuple[int, int]], rng: random.Random):
        self.labels, self.roles, self.rng = labels, roles, rng
        self.todo = set(edges)
        self.participle = {i: AGENTS.get(label.split(" ")[-1]) for i, label in enumerate(labels)}
        self.said: set[int] = set()
        heads = [_head_word(label) for label in labels]
        self.short = {i: head for i, head in enumerate(heads) if head and heads.count(head) == 1}

    def name(self, node: int) -> str:
        """The label, or once it has been said, sometimes its head noun as people write it: 'the detector'."""
        if node in self.said and node in self.short and self.rng.random() < 0.35:
            return "the " + self.short[node]
        self.said.add(node)
        return _the(self.labels[node], self.rng)

    def names(self, nodes: list[int]) -> str:
        return _and([self.name(n) for n in nodes], self.rng)

    def ins(self, node: int) -> list[int]:
        return [a for a, b in sorted(self.todo) if b == node]

    def outs(self, node: int) -> list[int]:
        return [b for a, b in sorted(self.todo) if a == node]

    def step(self, node: int) -> str | None:
        """One clause about a process node and its untold inputs and outputs."""
        rng, ins, outs = self.rng, self.ins(node), self.outs(node)
        if not ins and not outs:
            return None
        self.todo -= {(a, node) for a in ins} | {(node, b) for b in outs}
        step, many = self.name(node), _plural([self.labels[n] for n in ins])
        verb = self.participle[node] or rng.choice(("processed", "handled", "read", "consumed", "analysed"))
        src, dst = self.names(ins), self.names(outs)
        if ins and outs:
            forms = [
                f"{src} {_verb_s(many, 'is', 'are')} {verb} by {step} into {dst}",
                f"{step} turns {src} into {dst}",
                f"{step} {rng.choice(('converts', 'transforms', 'maps'))} {src} into {dst}",
                f"{step} reads {src} and writes {dst}",
                f"{step} takes {src} and {rng.choice(('outputs', 'produces', 'returns', 'gives'))} {dst}",
                f"{src} {_verb_s(many, 'goes', 'go')} into {step}, which {rng.choice(('produces', 'outputs', 'yields'))} {dst}",
                f"{src} {_verb_s(many, 'is', 'are')} fed to {step} that outputs {dst}",
                f"{step} produces {dst} from {src}",
                f"from {src}, {step} {rng.choice(('makes', 'builds', 'creates'))} {dst}",
                f"{src}, {verb} by {step}, {_verb_s(many, 'becomes', 'become')} {dst}",
                f"{src} {rng.choice(ARROWS).strip()} {step} {rng.choice(ARROWS).strip()} {dst}",
                f"run {src} through {step} to get {dst}",
            ]
            if len(ins) > 1:
                forms += [f"{step} combines {src} into {dst}", f"{src} are merged by {step} into {dst}"]
            return rng.choice(forms)
        if ins:
            forms = [
                f"{src} {_verb_s(many, 'goes', 'go')} {rng.choice(('into', 'to'))} {step}",
                f"{step} {rng.choice(('reads', 'consumes', 'takes', 'uses'))} {src}",
                f"{src} {_verb_s(many, 'is', 'are')} {verb} by {step}",
                f"{src} {_verb_s(many, 'feeds', 'feed')} {step}",
                f"{src} {_verb_s(many, 'is', 'are')} sent to {step}",
            ]
            if len(ins) > 1:
                forms += [
                    f"both {src} go into {step}",
                    f"{step} combines {src}",
                    f"{step} takes both {src}",
                    f"the outputs of {src} go to {step}",
                ]
            return rng.choice(forms)
        verb = rng.choice(("produces", "writes", "outputs", "emits", "creates", "collects", "returns"))
        plural = _plural([self.labels[n] for n in outs])
        return rng.choice((f"{step} {verb} {dst}", f"{dst} {_verb_s(plural, 'is', 'are')} produced by {step}"))

    def relative(self, node: int, previous: str) -> str | None:
        """', which P turns into O' after a clause that ended with P's only input."""
        ins, outs = self.ins(node), self.outs(node)
        if len(ins) != 1 or not outs or not previous.endswith(self.labels[ins[0]]):
            return None
        self.todo -= {(ins[0], node), *((node, b) for b in outs)}
        step, dst, rng = self.name(node), self.names(outs), self.rng
        verb = self.participle[node] or "processed"
        pronoun = "them" if _plural([self.labels[ins[0]]]) else "it"
        makes = rng.choice(("converts into", "uses to make", "maps into"))
        return rng.choice(
            (
                f"; {step} turns {pronoun} into {dst}",
                f", and {step} reads {pronoun} and writes {dst}",
                f". {step} builds {dst} from {pronoun}",
                f", which {step} turns into {dst}",
                f", which {step} {makes} {dst}",
                f", which is {verb} by {step} into {dst}",
                f", which goes to {step}, which {rng.choice(('outputs', 'produces', 'returns'))} {dst}",
                f", which is then passed to {step} that {rng.choice(('outputs', 'produces', 'writes'))} {dst}",
            )
        )

    def fan_out(self, node: int) -> str | None:
        """'D goes to P and to Q' for a data node read by several steps."""
        outs = self.outs(node)
        if len(outs) < 2:
            return None
        self.todo -= {(node, b) for b in outs}
        name, targets = self.name(node), [self.name(b) for b in outs]
        plural = _plural([self.labels[node]])
        return self.rng.choice(
            (
                f"{name} {_verb_s(plural, 'goes', 'go')} to {' and to '.join(targets)}",
                f"{name} {_verb_s(plural, 'feeds', 'feed')} both {_and(targets, self.rng)}",
                f"{name} {_verb_s(plural, 'is', 'are')} sent to {_and(targets, self.rng)}",
                f"{_and(targets, self.rng)} both read {name}",
                f"{name} {_verb_s(plural, 'is', 'are')} used by {_and(targets, self.rng)}",
            )
        )

    def fan_in(self, node: int, edges: set[tuple[int, int]]) -> str:
        """'P and Q both write to D' for reserved edges from several steps into one data node."""
        self.todo -= edges
        steps, rng = _and([self.name(a) for a, _ in sorted(edges)], self.rng), self.rng
        verb = rng.choice(("write to", "send their results to", "feed", "report to", "output to"))
        target = self.name(node)
        return rng.choice(
            (
                f"{steps} both {verb} {target}",
                f"both {steps} {verb} {target}",
                f"the outputs of {steps} go to {target}",
                f"{steps}, and both of them {verb} {target}",
                f"{target} collects what {steps} produce",
            )
        )

    def link(self, a: int, b: int) -> str:
        """An edge between two steps or two data nodes, or any edge still untold."""
        self.todo.discard((a, b))
        one, two = self.name(a), self.name(b)
        if self.roles[a] == self.roles[b] == "process":
            return self.rng.choice((f"{one} triggers {two}", f"{one} calls {two}", f"{one} hands off to {two}"))
        if self.roles[a] == self.roles[b] == "data":
            return self.rng.choice((f"{one} is copied to {two}", f"{one} lands in {two}", f"{one} is stored in {two}"))
        return self.rng.choice((f"{one} goes to {two}", f"{one} feeds {two}", f"{one} → {two}"))


def _arrow_chains(labels: list[str], edges: list[tuple[int, int]], rng: random.Random) -> str:
    """'a -> b -> c; b -> d': each edge once, chains as long as possible."""
    todo, arrow, chains = list(edges), rng.choice(ARROWS), []
    while todo:
        chain = list(todo.pop(0))
        while nxt := next((e for e in todo if e[0] == chain[-1]), None):
            todo.remove(nxt)
            chain.append(nxt[1])
        chains.append(arrow.join(labels[n] for n in chain))
    return rng.choice(("; ", ". ", "\n", ", and ")).join(chains)


def _prose(teller: _Teller, order: list[int], rng: random.Random) -> list[str]:
    clauses: list[str] = []
    reserved: dict[int, set[tuple[int, int]]] = {}
    for node in order:  # some fan-ins into data are told at the data node: "P and Q both write to D"
        makers = {(a, b) for a, b in teller.todo if b == node and teller.roles[a] == "process"}
        if teller.roles[node] == "data" and len(makers) > 1 and rng.random() < 0.6:
            reserved[node] = makers
            teller.todo -= makers
    for node in order:
        if node in reserved:
            teller.todo |= reserved[node]
            clauses.append(teller.fan_in(node, reserved[node]))
        if teller.roles[node] == "data":
            told = teller.fan_out(node)
        elif clauses and rng.random() < 0.45:
            told = teller.relative(node, clauses[-1])
            if told:
                clauses[-1] += told
                continue
            told = teller.step(node)
        else:
            told = teller.step(node)
        if not told:
            continue
        clauses.append(told)
    clauses += [teller.link(a, b) for a, b in sorted(teller.todo)]
    return clauses


def _joined(clauses: list[str], rng: random.Random) -> str:
    style = rng.random()
    if len(clauses) > 1 and style < 0.1:
        return "\n".join(f"{i + 1}. {clause}" for i, clause in enumerate(clauses))
    if len(clauses) > 1 and style < 0.2:
        return "\n".join(f"- {clause}" for clause in clauses)
    if len(clauses) > 2 and style < 0.32:
        middle = ", ".join(f"then {clause}" for clause in clauses[1:-1])
        return f"first {clauses[0]}, {middle}, and finally {clauses[-1]}"
    return rng.choice(("; ", "; ", ". ", ". ", ", ", ", and ", "; then ")).join(clauses)


def _head(labels: list[str], rng: random.Random) -> str:
    """A topic before the flow ('fraud detection: '), whose words are not nodes."""
    roll = rng.random()
    if roll < 0.5:
        return ""
    topic = f"{rng.choice(DOMAINS)} {rng.choice(TOPICS)}"
    if any(topic in label.lower() for label in labels):
        return ""
    return rng.choice(
        (
            f"{topic}: ",
            f"{topic.capitalize()}: ",
            f"{article(topic).capitalize()} pipeline: ",
            f"{rng.choice(DOMAINS)} pipeline: ",
            f"I want a diagram of {article(topic)}: ",
            f"Our {topic} process: ",
            f"{topic.capitalize()}. ",
            "Make a flowchart. ",
            "draw: ",
        )
    )


def pipeline_sample(rng: random.Random) -> tuple[str, FlowSpec]:
    """A pipeline request and its spec (nodes numbered in build order; the caller renumbers by mention)."""
    roles, edges = pipeline_graph(rng)
    labels = _labels(roles, edges, rng)
    order = _topological(len(roles), edges)
    style = rng.random()
    if style < 0.2:
        body = _arrow_chains(labels, [(a, b) for a, b in edges], rng)
    elif style < 0.27 and all(b == a + 1 for a, b in edges):
        body = _and(labels, rng) + rng.choice((" — in that order", ", in that order", " (in this order)"))
    else:
        body = _joined(_prose(_Teller(labels, roles, edges, rng), order, rng), rng)
        if style < 0.35:
            body = f"Nodes: {', '.join(labels)}." + ("\n" if body[:2] in ("1.", "- ") else " ") + body
    spec = FlowSpec(tuple(FlowNode(label, role) for label, role in zip(labels, roles)), tuple(edges))
    return _head(labels, rng) + body, spec


def _topological(count: int, edges: list[tuple[int, int]]) -> list[int]:
    """Nodes sources first, ties by build order (the main chain comes out in its own order)."""
    indegree = {n: sum(1 for _, b in edges if b == n) for n in range(count)}
    ready, order = [n for n in range(count) if indegree[n] == 0], []
    while ready:
        node = min(ready)
        ready.remove(node)
        order.append(node)
        for a, b in edges:
            if a == node:
                indegree[b] -= 1
                if indegree[b] == 0:
                    ready.append(b)
    return order
