"""Requests for flowcharts: 32 templates over a labelled DAG of data and process nodes.

Edges follow the data. Labels are copied verbatim into the plan, so the model
learns to copy phrases rather than memorise a vocabulary (a quarter of labels are
invented words). Templates in HOLDOUT are kept out of training data.
"""

from __future__ import annotations

import random

from core.plan import FlowSpec, flow_paths
from core.prompts.words import ARROWS, article, join_list

PIPELINES = [
    "RAG pipeline",
    "data pipeline",
    "ML pipeline",
    "ETL pipeline",
    "workflow",
    "process",
    "flowchart",
    "data flow",
    "training pipeline",
    "inference pipeline",
    "system",
    "architecture",
    "pipeline",
    "machine learning process",
    "data processing flow",
    "algorithm",
    "procedure",
    "flow chart",
]
EDGE_VERBS = [
    "{a} goes into {b}",
    "{a} feeds {b}",
    "{a} is passed to {b}",
    "{b} takes {a}",
    "{a} flows into {b}",
    "from {a} to {b}",
    "{a} is used by {b}",
    "{a} produces {b}",
    "{b} reads {a}",
    "{a} then {b}",
    "{a} leads to {b}",
    "{a} is sent to {b}",
    "{b} comes from {a}",
    "{a} connects to {b}",
]


def _is_chain(spec: FlowSpec) -> bool:
    return len(spec.edges) == len(spec.nodes) - 1 and all(s + 1 == t for s, t in spec.edges)


class _Words:
    def __init__(self, spec: FlowSpec, rng: random.Random) -> None:
        self.rng = rng
        self.spec = spec
        self.quote = rng.choice(("", "", "", "", "'", '"'))
        self.arrow = rng.choice(ARROWS)
        self.pipeline = rng.choice(PIPELINES)

    def label(self, index: int) -> str:
        return f"{self.quote}{self.spec.nodes[index].label}{self.quote}"

    def chain(self, path: list[int], arrow: str | None = None) -> str:
        return (arrow or self.arrow).join(self.label(i) for i in path)

    def chains(self, separator: str = "; ") -> str:
        return separator.join(self.chain(path) for path in flow_paths(self.spec))

    def edge_sentence(self, a: int, b: int) -> str:
        return self.rng.choice(EDGE_VERBS).format(a=self.label(a), b=self.label(b))


def _sources_of(spec: FlowSpec, node: int) -> list[int]:
    return [s for s, t in spec.edges if t == node]


def _targets_of(spec: FlowSpec, node: int) -> list[int]:
    return [t for s, t in spec.edges if s == node]


def _seed_sentence(spec: FlowSpec, node: int, w: _Words) -> str:
    """The seed's phrasing for one process node and its data neighbours."""
    ins = [w.label(i) for i in _sources_of(spec, node)]
    outs = [w.label(i) for i in _targets_of(spec, node)]
    name = w.label(node)
    joined_in, joined_out = join_list(ins, w.rng) if ins else "", join_list(outs, w.rng) if outs else ""
    if ins and outs:
        return w.rng.choice(
            (
                f"{article(name)} converts {joined_in} into {joined_out}",
                f"{name} that, with {joined_in} as input, and {joined_out} as output",
                f"inputs {joined_in}, and outputs {joined_out} and process them with {name}",
                f"{name} that handle {joined_in}, and outputs {joined_out}",
            )
        )
    if ins:
        return f"inputs {joined_in} and process it with {name}"
    if outs:
        return f"{name} that with {joined_out} as output"
    return f"{name}"


def _seed_style(spec: FlowSpec, w: _Words, bullets: bool) -> str | None:
    processes = [i for i, node in enumerate(spec.nodes) if node.role == "process"]
    # Only bipartite graphs (data <-> process) can be said this way without losing edges.
    if any(spec.nodes[s].role == spec.nodes[t].role for s, t in spec.edges) or not processes:
        return None
    sentences = [_seed_sentence(spec, node, w) for node in processes]
    if bullets:
        return f"{w.pipeline} that contains, \n" + "\n".join(f"* {s}" for s in sentences) + "\n"
    return f"{w.pipeline} that contains, " + ", and ".join(sentences)


def _template(tid: int, spec: FlowSpec, w: _Words) -> str | None:
    n = len(spec.nodes)
    labels = [w.label(i) for i in range(n)]
    chain = _is_chain(spec)
    if tid == 0:
        return w.chains()
    if tid == 1:
        return f"{article(w.pipeline)}: {w.chains()}"
    if tid == 2:
        return ". ".join(w.edge_sentence(a, b) for a, b in spec.edges) + "."
    if tid in (3, 4):
        return _seed_style(spec, w, bullets=tid == 4)
    if tid == 5:
        return f"nodes: {', '.join(labels)}. edges: " + ", ".join(f"{labels[a]}->{labels[b]}" for a, b in spec.edges)
    if tid == 6 and chain:
        return "steps: " + " ".join(f"{i + 1}) {label}" for i, label in enumerate(labels))
    if tid == 7 and chain:
        middle = ", then ".join(labels[1:-1])
        return (
            f"first {labels[0]}, then {middle}, finally {labels[-1]}"
            if middle
            else f"first {labels[0]}, finally {labels[-1]}"
        )
    if tid == 8:
        parts = []
        for target in range(n):
            sources = _sources_of(spec, target)
            if sources:
                verb = (
                    w.rng.choice(("feed into", "go to", "are combined in", "flow into"))
                    if len(sources) > 1
                    else w.rng.choice(("feeds into", "goes to", "flows into"))
                )
                parts.append(f"{join_list([labels[s] for s in sources], w.rng)} {verb} {labels[target]}")
        return "; ".join(parts)
    if tid == 9:
        parts = []
        for source in range(n):
            targets = _targets_of(spec, source)
            if targets:
                verb = (
                    w.rng.choice(("splits into", "fans out to", "feeds"))
                    if len(targets) > 1
                    else w.rng.choice(("feeds", "goes to", "is followed by"))
                )
                parts.append(f"{labels[source]} {verb} {join_list([labels[t] for t in targets], w.rng)}")
        return ", ".join(parts)
    if tid == 10:
        unquoted = [spec.nodes[i].label for i in range(n)]
        return "graph LR; " + "; ".join(f"{unquoted[a]} --> {unquoted[b]}" for a, b in spec.edges)
    if tid == 11:
        return f"flowchart of {article(w.pipeline)}: {w.chains(', ')}"
    if tid == 12:
        return f"{article(w.pipeline)} where " + ", ".join(w.edge_sentence(a, b) for a, b in spec.edges)
    if tid == 13:
        return f"{article(w.pipeline)} with {n} steps: " + w.chains(" and ")
    if tid == 14:
        return f"{w.pipeline}\n" + "\n".join(f"{labels[a]} -> {labels[b]}" for a, b in spec.edges)
    if tid == 15 and chain:
        return f"{article(w.pipeline)} that goes " + " to ".join(labels)
    if tid == 16:
        return f"Show how data moves: {w.chains(' and ')}"
    if tid == 17:
        return f"{w.pipeline.capitalize()}. " + " ".join(f"{w.edge_sentence(a, b)}." for a, b in spec.edges)
    if tid == 18 and chain:
        return f"{labels[0]} is processed by " + ", then by ".join(labels[1:])
    if tid == 19:
        return f"diagram with boxes {join_list(labels, w.rng)}; arrows {', '.join(f'{labels[a]} to {labels[b]}' for a, b in spec.edges)}"
    if tid == 20:
        return f"{article(w.pipeline)} ({w.chains(' | ')})"
    if tid == 21 and chain:
        return f"{labels[0]} " + " ".join(
            f"{w.rng.choice(('then', 'and then', '->', 'followed by'))} {label}" for label in labels[1:]
        )
    if tid == 22:
        return "\n".join(f"- {w.edge_sentence(a, b)}" for a, b in spec.edges)
    if tid == 23:
        return f"The {w.pipeline}: " + w.chains(". ") + "."
    if tid == 24:
        return "; ".join(f"{labels[a]} => {labels[b]}" for a, b in spec.edges)
    if tid == 25:
        return f"{w.pipeline} in which " + " and ".join(w.edge_sentence(a, b) for a, b in spec.edges)
    if tid == 26:
        return (
            f"a {w.pipeline} "
            + w.rng.choice(("going", "running", "moving"))
            + " "
            + w.chains(" while ").replace(w.arrow, " to ")
        )
    if tid == 27:
        return "edges: " + " ".join(f"({labels[a]}, {labels[b]})" for a, b in spec.edges)
    if tid == 28:
        return f"I have {join_list(labels, w.rng)}. " + ". ".join(w.edge_sentence(a, b) for a, b in spec.edges) + "."
    if tid == 29 and chain:
        return f"{article(w.pipeline)}: " + ", ".join(labels)
    if tid == 30:
        return f"{w.pipeline} -- " + w.chains(" ; ")
    if tid == 31:
        return f"Draw the {w.pipeline}: {w.chains(', plus ')}"
    if tid == 32:
        return _transform_sentences(spec, w)
    if tid == 33 and chain:
        return f"{w.pipeline} with {join_list(labels, w.rng)} " + w.rng.choice(
            ("connected in that order", "in sequence", "one after another", "wired in that order")
        )
    if tid == 34 and chain:
        return f"{w.rng.choice(('Draw this', 'Boxes', 'Steps', 'Stages'))}: {', '.join(labels)}. " + w.rng.choice(
            ("Each one feeds the next.", "Each step feeds the next one.", "They run in this order.")
        )
    if tid == 35:
        return f"{w.pipeline}: " + "; ".join(
            f"{labels[s]} {w.rng.choice(('feeds both', 'goes to both', 'is sent to both'))} "
            f"{join_list([labels[t] for t in _targets_of(spec, s)], w.rng)}"
            if len(_targets_of(spec, s)) > 1
            else w.edge_sentence(s, _targets_of(spec, s)[0])
            for s in range(n)
            if _targets_of(spec, s)
        )
    return None


TRANSFORM_VERBS = [
    "converted",
    "turned",
    "transformed",
    "processed",
    "encoded",
    "transcribed",
    "mapped",
    "rewritten",
    "compiled",
    "summarized",
    "analysed",
    "parsed",
    "embedded",
    "aligned",
]


def _transform_sentences(spec: FlowSpec, w: _Words) -> str | None:
    """'A is encoded by P into B' for every process node; only for data -> process -> data graphs."""
    if any(spec.nodes[s].role == spec.nodes[t].role for s, t in spec.edges):
        return None
    parts = []
    for node in range(len(spec.nodes)):
        if spec.nodes[node].role != "process":
            continue
        ins = [w.label(i) for i in _sources_of(spec, node)]
        outs = [w.label(i) for i in _targets_of(spec, node)]
        verb = w.rng.choice(TRANSFORM_VERBS)
        name = w.label(node)
        if ins and outs:
            parts.append(
                w.rng.choice(
                    (
                        f"{join_list(ins, w.rng)} {'are' if len(ins) > 1 else 'is'} {verb} by {name} into {join_list(outs, w.rng)}",
                        f"{name} turns {join_list(ins, w.rng)} into {join_list(outs, w.rng)}",
                        f"{name} takes {join_list(ins, w.rng)} and produces {join_list(outs, w.rng)}",
                    )
                )
            )
        elif ins:
            parts.append(f"{join_list(ins, w.rng)} {'go' if len(ins) > 1 else 'goes'} into {name}")
        elif outs:
            parts.append(f"{name} produces {join_list(outs, w.rng)}")
    return w.rng.choice(("; ", ", then ", ". ")).join(parts) if parts else None


TEMPLATE_IDS = list(range(36))
HOLDOUT = {12, 19, 28}


def flow_prompt(spec: FlowSpec, rng: random.Random, holdout: bool = False) -> tuple[str, int]:
    """A request for this flowchart; returns (text, template id)."""
    usable = [tid for tid in TEMPLATE_IDS if (tid in HOLDOUT) == holdout]
    while True:
        tid = rng.choice(usable)
        text = _template(tid, spec, _Words(spec, rng))
        if text:
            return text, tid
