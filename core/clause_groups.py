"""How the names of one clause join into groups (for ``core.clause_reader``).

Names joined by 'and' or commas are one group ("A and B feed C") unless the one after the joint opens a clause of its
own; "A, B and C, in that order" is a chain; "arrows A to B, A to C" is a list of edges.

Example:
    >>> [len(group.mentions) for group in grouped([Mention(0, 1, (0,)), Mention(6, 7, (1,)), Mention(13, 14, (2,))],
    ...                                             ["", "and", "feed"])]
    [2, 1]
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from core.clause_words import (
    ALONG,
    ARROW_WORDS,
    AUX,
    DECLARED,
    IN_ORDER,
    JOIN,
    LEADING_AND,
    LISTING,
    VERB_FORMS,
    first_verb,
    gap_text,
    opening_words,
    order_verb,
    tells_action,
)
from core.mentions import Mention, find_mentions


@dataclass
class Group:
    mentions: list[Mention]
    gap: str  # the words before it: lower case, without a trailing article
    subject: bool = False  # a new clause starts at it: '..., the chunks are embedded by ...'
    source: bool = False  # it feeds the subject that follows: 'from the tokens, a parser builds ...'


def grouped(mentions: list[Mention], gaps: list[str]) -> list[Group]:
    """Mentions joined by 'and' or commas become one group ('A and B feed C'), unless the one after the joint
    starts a sentence of its own ('... goes to alerting and the cold path goes to archive')."""
    groups: list[Group] = []
    for index, (mention, gap) in enumerate(zip(mentions, gaps)):
        following = gaps[index + 1] if index + 1 < len(gaps) else ""
        # '... to the model, the model's predictions go to ...': the name again opens a clause; so does a name after
        # the comma that ends a 'when' clause ('When X uploads A, S reads it ...')
        repeated = groups and gap == "," and mention.nodes and mention.nodes == groups[-1].mentions[-1].nodes
        when = len(groups) == 1 and re.match(r"(?:when|whenever|once|after|as soon as)\b", groups[0].gap)
        if repeated or (when and gap == "," and tells_action(following)):
            groups.append(Group([mention], gap, subject=True))
            continue
        if groups and ALONG.match(gap) and following in ("to", "into"):  # 'A go with B to C': A and B go to C
            groups[-1].mentions.append(mention)
            continue
        if groups and JOIN.match(gap):
            source = len(groups) == 1 and opening_words(groups[0].gap) == "from"
            gapped = (
                following in ("to", "into")
                and any(  # 'A goes into B, C into D': the verb left out
                    first_verb(before) and re.search(rf"\b{following}$", before) for before in gaps[:index]
                )
            )
            if gapped:  # C opens a clause of its own
                groups.append(Group([mention], gap, subject=True))
                continue
            opened = max((i for i, group in enumerate(groups) if group.subject), default=0)
            told = groups[opened + 1 :]  # "'s predictions and the labels": no verb since the clause opened, one subject
            acted = any(tells_action(g.gap) or g.gap in ("to", "into") for g in told) or not groups[opened].subject
            acted = acted and not re.fullmatch(r"'s|’s", groups[-1].gap)  # "the ranker's top passages plus the prompt"
            # 'a user uploads a photo, a CLIP encoder turns it ...': the first name was an object, so one opens here
            after_object = len(groups) == 1 and acted_on(groups[0].gap)
            if (
                (len(groups) > 1 or source or after_object)
                and acted
                and tells_action(following)
                and not LEADING_AND.match(following)
            ):
                groups[-1].source = source
                groups.append(Group([mention], gap, subject=True))
            else:
                groups[-1].mentions.append(mention)
            continue
        from_to = bool(groups) and re.fullmatch(r"(?:,|,? and)\s*from", gap) is not None and following in ("to", "into")
        # 'invoices come in by email, an extraction model pulls out ...': a clause ended, a subject opens the next
        opens = bool(groups) and re.search(r",(?: and)?$", gap) is not None and bool(first_verb(gap))
        opens = opens and tells_action(following)  # '..., a Lambda resizes each image, and the thumbnails are ...'
        groups.append(Group([mention], gap, subject=from_to or opens))  # '..., from A to B'
    return groups


def ordered(groups: list[Group], tail: str, clause: str) -> list[Group]:
    """'passes through A and B, in that order, and then into C': a group followed by 'in that order' is a chain, as is
    a clause of one group of three or more with 'in that order' anywhere in it ('A, B, C in that order')."""
    if len(groups) == 1 and len(groups[0].mentions) > 2 and IN_ORDER.search(clause):
        return [Group([mention], groups[0].gap if i == 0 else "then") for i, mention in enumerate(groups[0].mentions)]
    read: list[Group] = []
    for index, group in enumerate(groups):
        after = groups[index + 1] if index + 1 < len(groups) else None
        in_order = IN_ORDER.match((after.gap if after else tail).lstrip(" ,")) or IN_ORDER.search(group.gap)
        if len(group.mentions) < 2 or not in_order:
            read.append(group)
            continue
        read += [Group([mention], group.gap if i == 0 else "then") for i, mention in enumerate(group.mentions)]
        if after and IN_ORDER.match(after.gap.lstrip(" ,")):
            after.gap = IN_ORDER.sub("", after.gap, count=1).strip(" ,")
    return read


def acted_on(lead: str) -> bool:
    """Whether the words before a clause's first name end in a subject and its verb ('a user uploads'): the name is
    an object, not the subject, and a name after it may open a clause ('..., a CLIP encoder turns it into ...')."""
    words = re.findall(r"[a-z'-]+", lead.rsplit(":", 1)[-1])
    return len(words) >= 2 and words[-1].endswith("s") and words[-1] in VERB_FORMS and words[-2] not in AUX


def reaches(edges: set[tuple[int, int]], start: int, ends: tuple[int, ...]) -> bool:
    """Whether ``edges`` lead from ``start`` to any of ``ends`` (or ``start`` is one of them)."""
    graph = nx.DiGraph(edges)
    return start in ends or start in graph and bool(nx.descendants(graph, start) & set(ends))


def clause_groups(text: str, mentions: list[Mention], offset: int) -> tuple[list[Group], set[tuple[int, int]]]:
    """The groups of one clause to read in turn (``offset``: where the clause starts in the request), or none with
    the pairs of a list of arrows in words ('arrows A to B, A to C'); none at all for a clause that only declares its
    steps ('Nodes: A, B', 'I have A and B')."""
    gaps, cursor = [], offset
    for mention in mentions:
        gaps.append(gap_text(text[cursor - offset : mention.start - offset]))
        cursor = mention.end
    groups = grouped(mentions, gaps)
    lead = text[: mentions[0].start - offset] if mentions else ""
    if groups and ARROW_WORDS.search(gap_text(lead)):
        pairs = zip(mentions, mentions[1:], gaps[1:])
        return [], {(a, b) for one, two, gap in pairs if gap in ("to", "into") for a in one.nodes for b in two.nodes}
    declared = DECLARED.search(lead) and not any(map(first_verb, gaps[1:]))
    if not groups or declared or len(groups) == 1 and LISTING.match(text):
        return [], set()
    return ordered(groups, gap_text(text[mentions[-1].end - offset :]), text), set()


def spoken_mentions(labels: list[str], request: str) -> list[Mention]:
    """Where the request names the steps (``core.mentions``), less a step's name in the singular that is the verb of
    an order ('..., score sentiment with a VADER model': no mention of a step 'scores')."""
    kept = []
    for mention in find_mentions(labels, request):
        word = request[mention.start : mention.end].lower()
        singular = any(labels[node].lower() == word + "s" for node in mention.nodes)
        if not singular or not order_verb(word, request[mention.end :], request[: mention.start]):
            kept.append(mention)
    return kept
