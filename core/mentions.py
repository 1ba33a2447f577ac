"""Where a request names the steps of a flowchart plan.

``find_mentions`` finds each step's name in the request (its label, the plural or singular of it, or its
last word after 'the': "the detector" for "object detector"), and the words that stand for steps named
elsewhere: pronouns ("it", "them"), groups ("both", "their outputs", "both of them") and owners ("its
signals"). ``core.prose`` reads the words between these mentions as edges.

Example:
    >>> [(m.start, m.nodes) for m in find_mentions(["logs", "log parser"], "logs go to the parser")]
    [(0, (0,)), (15, (1,))]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ARTICLE = r"(?:the|a|an|our|its|their|this|that|these|those|each|every|some|all|any|both)"
REFERENCE = re.compile(
    r"\b(?P<group>both(?: of them| \w+s)?|their \w+|the two \w+)\b|\b(?P<own>its \w+)"
    r"|\b(?P<pronoun>it|them|they|these|those)\b",
    re.IGNORECASE,
)
PRONOUN_OBJECT = re.compile(r"\s+(?:them|it)\b")  # 'a sentiment model labels them': a verb, not the step 'labels'
DEFINITE = re.compile(r"\b(?:the|its|their|these|those|this|that|resulting)\s+(?:\w+\s+)?$", re.IGNORECASE)
# after a title's colon, words that make the title the subject: 'lidar point cloud: voxelized by ...', ': it is ...'
TOPIC_SUBJECT = re.compile(r"\s*(?:it|they|\w+ed\s+(?:by|into|with))\b", re.IGNORECASE)
# a title, not 'A is read by two: B, C' or 'S kicks off three steps in order: A, B, C'
TOPIC = re.compile(r"^(?![^:;,.]*\b(?:is|are|by|in order)\s[^:;,.]*:|[^:;,.]*\bin order:)[^:;,.]{0,60}:\s")


@dataclass
class Mention:
    start: int
    end: int
    nodes: tuple[int, ...] = ()
    ref: str = ""  # 'pronoun', 'group' or 'own': words that stand for steps named elsewhere (REFERENCE)
    definite: bool = False  # named as something already there: 'the parsed events', 'the resulting keypoints'


def _aliases(labels: list[str]) -> list[tuple[str, int, bool]]:
    """(lower-case name, node, needs 'the' before it): each label, its plural or singular, and its last word
    when that word names no other step ('the detector' for 'object detector')."""
    found = []
    heads: dict[str, list[int]] = {}
    for node, label in enumerate(labels):
        name = label.lower()
        found += [(name, node, False), (name[:-1] if name.endswith("s") else name + "s", node, False)]
        words = name.split()
        if len(words) > 1 and len(words[-1]) > 2:
            heads.setdefault(words[-1], []).append(node)
    names = {name for name, _, _ in found}
    found += [(head, nodes[0], True) for head, nodes in heads.items() if len(nodes) == 1 and head not in names]
    return sorted(found, key=lambda alias: -len(alias[0]))


def find_mentions(labels: list[str], text: str) -> list[Mention]:
    """Where steps are named or referred to, left to right, without overlaps."""
    taken = [False] * len(text)
    found = []
    lower = text.lower()
    for name, node, after_the in _aliases(labels):
        lead = r"\bthe\s+" if after_the else r"(?<![\w-])"
        for match in re.finditer(lead + re.escape(name) + r"(?![\w-])", lower):
            start = match.end() - len(name)
            verb = " " not in name and name.endswith("s") and PRONOUN_OBJECT.match(lower, match.end())
            if not any(taken[match.start() : match.end()]) and not verb:
                taken[match.start() : match.end()] = [True] * (match.end() - match.start())
                found.append(Mention(start, match.end(), (node,), definite=DEFINITE.search(lower[:start]) is not None))
    starts, ends = {m.start for m in found}, {m.end for m in found}
    for match in REFERENCE.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        if match[0].lower().split()[0] == "both" and _emphatic(match, lower, starts, ends):  # 'are both inputs to'
            continue
        found.append(Mention(match.start(), match.end(), ref=match.lastgroup or ""))
    found.sort(key=lambda mention: mention.start)
    head = TOPIC.match(text)  # 'question answering: the question goes to ...': the topic names no step
    return [m for m in found if not head or m.start >= head.end()]


def _emphatic(both: re.Match, lower: str, starts: set[int], ends: set[int]) -> bool:
    """'A and B both go', 'feeds both the X and the Y': 'both' next to the steps it stands for is emphasis."""
    after = re.match(rf"\s*(?:{ARTICLE}\s+)?", lower[both.end() :])
    before = lower[: both.start()].rstrip(" ,")
    auxiliary = re.search(r"\b(?:are|were|is|get|can|will|then)$", before) is not None  # 'A and B are both fed to'
    return both.end() + (after.end() if after else 0) in starts or len(before) in ends or auxiliary


def acting_topic(labels: list[str], request: str, named: set[int]) -> tuple[int, ...]:
    """The one step a title names when the words after its colon act on it and the sentences never name it ('lidar
    point cloud: voxelized by a voxelizer, ...', 'Show how a document moves: it is uploaded to ...'); else ()."""
    head = TOPIC.match(request)
    if not head or not TOPIC_SUBJECT.match(request[head.end() :]):
        return ()
    topic = {node for mention in find_mentions(labels, request[: head.end()].rstrip(": ")) for node in mention.nodes}
    return tuple(topic) if len(topic) == 1 and not topic & named else ()
