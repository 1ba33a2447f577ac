"""Edges told in prose ("logs are parsed by a log parser, and the parsed events are stored in Elasticsearch").

The planner names a flowchart's steps well but often wires them wrong when the request tells the flow in sentences
(a source linked to the step after next, a fan-in edge dropped). :func:`prose_edges` reads the edges from the
sentences themselves, given the plan's steps: it finds where each step is named
(``core.mentions``: in full, by its head noun after 'the', or by "it", "them", "both", "their outputs", "its
signals"), groups names joined by 'and' ("A and B feed C"), and reads the words between two groups as a relation:

- "A goes to / feeds / is sent to / is parsed by / lands in B", "A's B", "A, whose output goes to B": A > B
- "A, which makes B": A > B; "A, which S turns into B": A > S > B
- "S produces / writes / emits / returns O": S > O; "S reads / tags / turns / queries O": O > S,
  with "into X" / "to X" after it: S > X, and "from X": X > S ("builds an index from the tokens")
- "A is cut into B by C": A > C > B; "... and then segmented by C": what flowed last > C
- a clause that starts with data nothing has produced yet, named as something already there or after
  the step before ("..., and the parsed events are stored in ...": the parser > parsed events)
- a clause of written arrows among the sentences ("voice command -> ASR; ASR output is parsed by ..."): one name a step
- orders with no subject ("Chunk the manuals with S, embed the chunks with T"): manuals > S > chunks > T; an order
  that makes something ("compute cycle times with numpy"): what flowed > numpy > cycle times
- "toxic ones go to A and the rest are published to B": both from the step before A

``core.clause_reader`` does the reading clause by clause. It answers only when the reading is whole (:func:`whole`;
every sentence that names two steps gave an edge), else None and the planner's edges stay.
``core.step_names.told_flow`` applies it to the steps as the request names them, then to the plan's own; the first
whole reading wins.

Example:
    >>> prose_edges(["logs", "log parser", "parsed events", "Elasticsearch"], ["data", "process", "data", "data"],
    ...             "logs are parsed by a log parser, and the parsed events are stored in Elasticsearch")
    [(0, 1), (1, 2), (2, 3)]
"""

from __future__ import annotations

import re

import networkx as nx

from core.arrows import ARROW, CLAUSE, arrow_steps, chains
from core.clause_groups import spoken_mentions
from core.clause_reader import ClauseReader
from core.clause_words import CLAUSE_BREAK, named_after
from core.mentions import acting_topic
from core.plan import has_cycle

SEQUENCE = re.compile(r"\b(?:before|then|afterwards|after that)\b", re.IGNORECASE)


def prose_edges(labels: list[str], roles: list[str], request: str) -> list[tuple[int, int]] | None:
    """The edges the request's sentences tell between the plan's steps, or None when they do not tell all."""
    if chains(request) and all(ARROW.search(part) for part in CLAUSE.split(request) if part.strip()):
        return None  # arrows, written or listed in words, are core.arrows' to read; prose around them is read here
    reader = ClauseReader(labels, roles)
    mentions = spoken_mentions(labels, request)
    named = {node for m in mentions for node in m.nodes}
    topic = acting_topic(labels, request, named)  # 'lidar point cloud: voxelized by ...', 'A document: it is ...'
    reader.previous = reader.flowing = topic
    named |= set(topic)
    if len(named) < len(labels):
        return None  # a step the sentences never name: they cannot place it
    start = 0
    for piece in [*CLAUSE_BREAK.finditer(request), None]:
        end = piece.start() if piece else len(request)
        inside = [m for m in mentions if start <= m.start and m.end <= end]
        if not ARROW.search(request[start:end]):
            reader.clause(request[start:end], inside, start)
            reader.sequence = bool(piece and SEQUENCE.search(piece.group()))  # for the clause after this break
        elif not reader.chain(arrow_steps(request[start:end], inside, start)):
            return None  # 'voice command -> ASR; ASR output is parsed by ...': one name per arrow step, or no reading
        start = piece.end() if piece else end
    reader.edges |= derived_edges(labels, roles, reader.edges, reader.handled)
    return whole(sorted(reader.edges), reader.unread, len(labels)) or with_bare_output(
        reader.edges, reader.bare, reader.unread, len(labels)
    )


def derived_edges(
    labels: list[str], roles: list[str], edges: set[tuple[int, int]], handled: dict[tuple[int, int], str]
) -> set[tuple[int, int]]:
    """Edges read into data from the step it is named after: data named after a step that feeds nothing ('goes
    through a CNN encoder, and a head turns the encoded features into ...'; not where it would close a cycle), and
    data named by what a step did to other data ('a categorizer labels the transactions, and ... the labelled
    transactions': a shared verb stem of four letters). ``handled``: (data, step) -> the verb that step used on it."""
    found = set(edges)
    graph = nx.DiGraph(edges)
    made, feeding = {edge[1] for edge in edges}, {edge[0] for edge in edges}
    makers = [step for step in range(len(labels)) if roles[step] == "process" and step in made and step not in feeding]
    for node, label in enumerate(labels):
        if roles[node] == "data" and node not in made and node in feeding:
            found |= {
                (step, node)
                for step in makers
                if named_after(labels[step], label) and step not in nx.descendants(graph, node)
            }
    made = {edge[1] for edge in found}
    for node, label in enumerate(labels):
        words = label.lower().split()
        if roles[node] != "data" or len(words) < 2 or node in made:
            continue
        found |= {
            (step, node)
            for (source, step), verb in handled.items()
            if labels[source].lower() == " ".join(words[1:]) and verb[:4] == words[0][:4] and step != node
        }
    return found - edges


def whole(edges: list[tuple[int, int]], unread: bool, count: int) -> list[tuple[int, int]] | None:
    """The edges if they are a whole reading of ``count`` steps: every step on one, one connected acyclic graph, no
    clause left unread; else None."""
    full = edges and not unread and len({node for edge in edges for node in edge}) == count
    return edges if full and not has_cycle(count, edges) and nx.is_weakly_connected(nx.DiGraph(edges)) else None


def with_bare_output(
    edges: set[tuple[int, int]], bare: tuple[tuple[int, ...], int] | None, unread: bool, count: int
) -> list[tuple[int, int]] | None:
    """A reading made whole by an output named bare after the steps that made it ('processed by YOLO; detections go
    to a tracker': YOLO made them), when nothing else made it and those steps feed nothing else; else None."""
    if bare is None:
        return None
    makers, output = bare
    if any(b == output for _, b in edges) or any(a in makers for a, _ in edges):
        return None
    return whole(sorted(edges | {(a, output) for a in makers}), unread, count)
