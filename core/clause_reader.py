"""The reader behind ``core.prose``: one request read clause by clause between the names of a plan's steps.

:class:`ClauseReader` keeps what flowed last (for 'it', 'them', 'both', 'its output' and clauses that continue the
flow), reads each gap between two groups of names as a relation (``core.clause_words`` has the words it goes by) and
collects the edges; ``core.prose.prose_edges`` feeds it the clauses and judges whether the reading is whole.
"""

from __future__ import annotations

import re

from core.clause_groups import Group, clause_groups, reaches
from core.clause_words import (
    ALTERNATIVE,
    ARRIVING,
    BY,
    COMPARING,
    DESTINATION,
    EMPTY,
    FINDING,
    IN_WITH_TO,
    LEADING_AND,
    LOOKUP,
    MAKING,
    MAKING_PARTICIPLES,
    MARKING,
    OUTPUT,
    POSSESSIVE,
    RELATIVE,
    REMAINDER,
    SENDING_VERBS,
    SOURCE,
    STORE,
    TOOL,
    VERB_FORMS,
    WHOSE,
    first_verb,
    gap_text,
    named_after,
    next_order,
    one_of,
    opening_words,
    participle,
    sends,
)
from core.mentions import ARTICLE, Mention


class ClauseReader:
    """Reads one request clause by clause, keeping what flowed last for pronouns and continuations."""

    def __init__(self, labels: list[str], roles: list[str]) -> None:
        self.labels, self.roles = labels, roles
        self.edges: set[tuple[int, int]] = set()
        self.flowing: tuple[int, ...] = ()  # the step(s) whose output flows on
        self.fan: tuple[int, ...] = ()  # the last group of two or more steps ('both', 'their outputs')
        self.owner: tuple[int, ...] = ()  # the last step that did something ('its output')
        self.pending: tuple[int, ...] = ()  # the object of a relative clause still to come ('X, which S turns ...')
        self.pending_from = self.unread = False  # 'from which': its object goes in; a clause named two steps, no edge
        self.arrived: tuple[int, ...] = ()  # data the last clause said arrives ('Tickets arrive by email')
        self.last: tuple[int, ...] = ()  # the last step named ('the evaluator and the report': the report)
        self.before_last: tuple[int, ...] = ()  # the last step named before this group: what 'which' stands for
        self.continuing: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # (made by, data) for settle()
        self.previous: tuple[int, ...] = ()  # what flowed before this clause: 'it', 'them'
        self.made: tuple[int, ...] = ()  # what this clause's subject made ('S reads O and sends them to X')
        self.verb = self.verb_before = ""  # the clause's last verb; the clause before's
        self.agents: set[int] = set()  # the agent after 'by', a store looked up: they act, whatever their role
        self.handled: dict[tuple[int, int], str] = {}  # (data, step) -> the verb: 'a categorizer labels the X'
        self.ordering, self.named = False, Mention(0, 0)  # orders given ('Take X, ...'); the next group's first name
        self.bare: tuple[tuple[int, ...], int] | None = None  # (steps, an output named bare after them)
        self.making: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # (what flowed, what an order makes)
        self.sequence = False  # the clause follows 'before' / 'then': its subject acts on what the one before did

    def link(self, sources, targets) -> None:
        """Each source to each target; a step on both sides is neither ('both send their labels': the same two)."""
        self.edges |= {(a, b) for a in sources for b in targets if a not in targets and b not in sources}

    def steps(self, group: Group) -> tuple[int, ...]:
        """The steps a group stands for: its names, and for 'both' / 'their answers' the last group of two or more,
        for 'its output' the last step that acted, for 'it' / 'them' what flowed before the clause."""
        found: list[int] = []
        for mention in group.mentions:
            found += mention.nodes or {"group": self.fan, "own": self.owner}.get(mention.ref, self.previous)
        if len(set(found)) > 1:
            self.fan = tuple(dict.fromkeys(found))
        self.last = group.mentions[-1].nodes or tuple(found)
        return tuple(dict.fromkeys(found))

    def clause(self, text: str, mentions: list[Mention], offset: int) -> None:
        """One clause: its mentions merged into groups ('A and B'), then each gap read as a relation."""
        groups, pairs = clause_groups(text, mentions, offset)
        self.edges |= pairs  # 'arrows A to B, A to C'
        if not groups:
            return
        before = len(self.edges)
        self.made, self.previous, self.verb, self.verb_before = (), self.flowing, "", self.verb
        opening = self.steps(groups[0])
        subject = self._start(opening, opening_words(groups[0].gap), groups[0].mentions[0].definite)
        index = 1
        while index < len(groups):
            group = groups[index]
            if group.subject:
                self.settle()
                self.made, self.previous = (), self.flowing
                subject = self._start(self.steps(group), "", group.mentions[0].definite)
                if groups[index - 1].source:  # 'from the tokens, a parser builds an AST' (only a first group is)
                    self.link(opening, subject)
            elif (  # 'A are cut into B by C': A > C > B
                index + 1 < len(groups)
                and re.search(r"\b(?:is|are|get|gets|being|and|then)\b.*\b(?:into|to)$", group.gap)
                and groups[index + 1].gap == "by"
            ):
                made, agent = self.steps(group), self.steps(groups[index + 1])
                self.link(self.flowing, agent)
                self.link(agent, made)
                subject, self.flowing, self.owner = agent, made, agent
                index += 1
            else:
                following = groups[index + 1].gap if index + 1 < len(groups) else ""
                possessed = index + 1 < len(groups) and not groups[index + 1].subject and len(group.mentions) == 1
                if possessed and first_verb(group.gap) and re.fullmatch(r"'s|’s", following):
                    owner, group = self.steps(group), Group(groups[index + 1].mentions, group.gap)
                    self.link(owner, self.steps(group))  # "compares the encoder's embedding": the embedding
                    index += 1
                    following = groups[index + 1].gap if index + 1 < len(groups) else ""
                pronoun = group.mentions[0].ref == "pronoun" and subject and LEADING_AND.match(group.gap)
                if pronoun and not participle(first_verb(LEADING_AND.sub("", group.gap))):  # '... and sends them to X'
                    self.previous = self.made or subject
                self.before_last = self.last
                if POSSESSIVE.match(group.gap) and len(group.mentions) > 1:  # "the model's predictions and the labels"
                    self.link(self.flowing, self.steps(Group(group.mentions[:1], group.gap)))
                    self.flowing = self.steps(group)
                else:
                    self.named = group.mentions[0]
                    subject = self._relation(subject, self.steps(group), group.gap, following)
            index += 1
        tail = text[mentions[-1].end - offset :]
        last_verb = first_verb(gap_text(tail))
        alone = len(mentions) == 1 and all(self.roles[node] == "data" for node in mentions[0].nodes)
        self.arrived = mentions[0].nodes if alone and one_of(last_verb, ARRIVING) else ()
        if re.search(r"\bby\b", tail):  # '... is produced by the bot' with a maker the plan lacks: no guess
            self.continuing = ((), ())
        if self.pending and last_verb:  # 'X, which an auditor signs off': X is the auditor's input
            self.link(*((subject, self.pending) if self._made(last_verb) else (self.pending, subject)))
            self.pending = ()
        self.settle()
        self.unread |= sum(len(group.mentions) for group in groups) > 1 and len(self.edges) == before
        acting = [node for node in (*self.previous, *opening) if self.roles[node] == "process"]
        if self.sequence and len(acting) == len(self.previous) + len(opening) and not self.fed(opening):
            self.link(self.previous, opening)  # '... checked by a risk manager before the order router sends ...'

    def fed(self, steps: tuple[int, ...]) -> bool:
        return any(b in steps for _, b in self.edges)

    def chain(self, steps: list[tuple[int, ...]] | None) -> bool:
        """Written arrows among sentences ('voice command -> ASR; ...'): each step to the next; False when unread."""
        self.edges |= {(a, b) for one, two in zip(steps or [], (steps or [])[1:]) for a in one for b in two if a != b}
        self.flowing = self.owner = steps[-1] if steps else self.flowing
        return bool(steps)

    def _start(self, first: tuple[int, ...], lead: str, definite: bool) -> tuple[int, ...]:
        """The clause's subject; a clause opening on data that nothing produced yet, named as something already
        there ('the parsed events', not 'some new logs'), continues the flow."""
        lead = lead.strip(" ,")
        if POSSESSIVE.match(lead) and self.owner:  # '; its signals are checked by ...'
            self.link(self.owner, first)
        elif lead and (first_verb(lead) or self.flowing) and (BY.search(lead) or DESTINATION.search(lead)):
            self.link(self.flowing, first)  # 'and then segmented by X', '(the subword tokens) are translated by X'
            self.flowing = self.owner = first
            return first
        elif lead and not re.match(rf"{ARTICLE}\b", lead) and first_verb(lead):  # 'Run them through X'
            self.flowing, self.ordering = first, True
            return ()  # an order without a subject: the first group is its object
        elif self.arrived and first and all(self.roles[node] == "process" for node in first):
            self.link(self.arrived, first)  # 'Tickets arrive by email; a parser extracts the fields': it takes them
        elif self.flowing and all(  # a store looked up makes too: 'is looked up in X, and the nearest images ...'
            self.roles[node] == "process" or node in self.agents or STORE.search(self.labels[node])
            for node in self.flowing
        ):
            touched = {node for edge in self.edges for node in edge}
            made = [  # linked when the clause ends, unless it says who made them
                node
                for position, node in enumerate(first)
                if self.roles[node] == "data"
                and node not in touched
                and (
                    definite
                    and position == 0
                    or any(named_after(self.labels[a], self.labels[node]) for a in self.flowing)
                )
            ]
            self.continuing = (self.flowing, tuple(made))
            if first and not lead and first[0] not in touched and OUTPUT.search(self.labels[first[0]]):
                self.bare = (self.flowing, first[0])  # 'detections go to a tracker': made by the step before, maybe
        self.flowing = first
        return first

    def _made_before(self, target: tuple[int, ...], doer: tuple[int, ...]) -> tuple[int, ...]:
        """The step before this clause when it made the clause's object, named as something already there and as a
        step's output ('a sentiment model labels them, and a report builder turns the labels into ...'); else ()."""
        before = self.previous
        fresh = self.named.definite and all(
            self.roles[node] == "data" and all(edge[1] != node for edge in self.edges) for node in target
        )
        acting = before and all(self.roles[node] == "process" for node in before) and not set(before) & set(doer)
        output = all(
            OUTPUT.search(label := self.labels[node])
            or named_after(self.verb_before, label)  # 'a topic model tags them, ... the tags'
            or (" " in label and participle(label.split()[0].lower()))  # 'extracts O from the cleaned text'
            or any(named_after(self.labels[a], label) for a in before)
            for node in target
        )
        return before if fresh and acting and output else ()

    def settle(self) -> None:
        """'..., and the parsed events are stored in X': the parser made the events unless the clause said who did."""
        made_by, fresh = self.continuing
        self.link(made_by, tuple(node for node in fresh if all(edge[1] != node for edge in self.edges)))
        self.continuing = ((), ())

    def _second_payload(self, gap: str) -> bool:
        """'sends spam to a quarantine folder and clean mail to the inbox': the same step sends a second payload."""
        second = re.fullmatch(r"and\s+([a-z-]+(?:\s+[a-z-]+)?)\s+(?:to|into)", gap)
        acting = any(VERB_FORMS.get(word, word) != word for word in second[1].split()) if second else True
        return not acting and one_of(self.verb, SENDING_VERBS)

    def _made(self, verb: str) -> bool:  # whether a relative clause's verb makes its object ('X, which S writes')
        return one_of(verb, SENDING_VERBS) and not self.pending_from

    def _relation(self, subject, target, gap: str, following: str) -> tuple[int, ...]:
        """Read one gap between what flowed last and ``target``; returns the subject for the next gap."""
        flowing = self.flowing
        if not subject and self.ordering and next_order(gap):  # 'Chunk X with S, embed the chunks with T, ...'
            target = flowing if self.named.ref == "pronoun" and flowing else target  # '..., clean them with pandas'
            if self.named.definite and all(
                self.roles[node] == "data" and all(b != node for _, b in self.edges) for node in target
            ):
                self.link(flowing, target)  # 'the chunks' are what the step before made
            self.making = (flowing, target) if one_of(first_verb(gap), MAKING) else ((), ())  # 'compute O with T'
            self.flowing = target
            return ()
        if gap == "then" or REMAINDER.search(gap):  # 'A then B', 'A, and what is left becomes B'
            self.link(flowing, target)
            self.flowing = target
            return target
        if ALTERNATIVE.match(gap) or self._second_payload(gap):  # '... and the rest to X': from the same source
            self.link({a for a, b in self.edges if b in flowing}, target)
            self.flowing, self.fan = target, tuple(dict.fromkeys((*flowing, *target)))  # 'both outputs': the two
            return subject
        if EMPTY.match(gap):  # two names side by side: 'the search API queries the index' read with a glued verb
            self.unread = True
            return subject
        if POSSESSIVE.match(gap):  # "the U-Net's masks", 'an aggregator, whose output'
            self.link(flowing, target)
            self.flowing = target
            return subject
        if RELATIVE.fullmatch(gap):  # 'X, which S turns into Y': X is the object of S's verb
            self.pending, self.flowing = self.before_last or flowing, target
            self.pending_from = gap.lstrip(" ,").startswith("from")  # ', from which S estimates Y': it goes into S
            return target
        doer = subject or flowing
        if RELATIVE.match(gap) or WHOSE.match(gap):  # 'X, which makes Y', 'X, whose output goes to Y'
            gap, doer = WHOSE.sub("", RELATIVE.sub("", gap)), self.before_last or flowing
            self.flowing = doer
        elif LEADING_AND.match(gap):  # '... and returns Y': the subject again; '... and stored in Y': what flowed
            gap = LEADING_AND.sub("", gap)
            doer = flowing if participle(first_verb(gap)) else subject or flowing
        purpose = re.search(r"\bto ([a-z]+)$", gap)  # 'which a trainer uses to fit a classifier': the verb is 'fit'
        verb = purpose[1] if purpose and one_of(purpose[1], SENDING_VERBS) else first_verb(gap)
        self.verb = verb or self.verb  # 'compares X with Y': the verb is before X
        if self.pending:  # the relative clause's verb: 'which a plotting script turns (into charts)'
            self.link(*((doer, self.pending) if self._made(first_verb(gap)) else (self.pending, doer)))
            self.pending = ()
        if BY.search(gap):  # 'A is parsed by B'; 'A is produced by B' turns it round
            self.agents.update(target)
            if verb in MAKING_PARTICIPLES:
                self.link(target, flowing)
            else:
                self.link(flowing, target)
                self.flowing = target
            self.owner = target
            return target
        if SOURCE.search(gap):  # 'S builds O from X', 'S collects readings from X'
            self.link(self._made_before(target, doer), target)
            self.link(target, doer)
            self.owner = doer
            return subject
        if TOOL.search(gap) and one_of(self.verb, COMPARING) and doer:  # 'S compares X with Y': Y goes in too
            self.link(target, doer)
            self.flowing = self.owner = doer
            return subject
        if TOOL.search(gap) and self.ordering and flowing and self.making[1] == flowing:  # 'compute O with numpy'
            self.link(self.making[0], target)
            self.link(target, flowing)
            self.owner = target
            return ()
        if TOOL.search(gap):  # 'chunk the manuals with a text splitter'
            self.link(flowing, target)
            self.flowing = self.owner = target
            return () if self.ordering and not subject else target
        if not verb and re.fullmatch(r"in|within|inside", gap) and one_of(self.verb, FINDING) and doer:
            self.link(target, doer)  # 'S finds faces in them': they go into S
            return subject
        if not verb and not DESTINATION.search(gap):
            self.unread = True
            return subject
        if DESTINATION.search(gap):
            marking = one_of(verb, MARKING) and re.search(r"\b(?:on|onto)$", gap)  # 'S marks roofs on the mosaic'
            if one_of(verb, IN_WITH_TO) or marking:  # 'S listens to X'
                self.link(target, doer)
                self.flowing = doer
                return subject
            self.link(doer if one_of(verb, SENDING_VERBS) and doer != subject else flowing, target)
            self.flowing = target
            self.arrived = target if one_of(verb, ARRIVING) else ()  # 'Uploads land in a bucket, a Lambda ...'
            self.agents.update(target if VERB_FORMS.get(verb) in LOOKUP else ())  # "matched against X": X answers
            return subject
        turned = following == "into"  # 'S turns O into X': O is the input
        if not target:  # 'which forwards them to X' with nothing for 'them' to stand for: what the doer handles
            self.flowing = doer
            return subject
        if sends(verb, [self.labels[node] for node in target]) and not turned:
            made_before = any(edge[1] in target and edge[0] not in doer for edge in self.edges)
            if made_before and following in ("to", "into") and not any(n in target for n in doer):
                self.link(target, doer)  # 'a CDN serves the segments to viewers': the segments were made before
                self.flowing = doer
            elif any(reaches(self.edges, node, doer) for node in target):
                self.flowing = doer  # 'S assigns the tickets to Q': what came to S before is carried on
            else:
                self.link(doer, target)  # 'S writes O', 'S starts T'
                self.flowing = self.made = target
        elif SOURCE.search(following) and "," not in following and not any(edge[1] in target for edge in self.edges):
            self.link(doer, target)  # 'S pulls O out of X': O is made
            self.flowing = self.made = target
        elif SOURCE.search(following) and "," not in following:
            self.flowing = doer  # 'S pulls the image from X': the image came to X before
        else:
            self.link(self._made_before(target, doer), target)  # '..., and a report builder turns the labels into X'
            self.link(target, doer)  # 'S reads O'
            self.handled |= {(node, step): verb for node in target for step in doer}
            self.flowing = doer
        self.owner = doer
        return doer
