"""Things a request names as subjects and objects, for steps the planner left out or named short.

The planner drops intermediate data ("the LLM's answer is checked by ...": no 'answer' step), cuts names
('GPS' for "GPS pings are map-matched") and keeps payloads the request only carries ("both send their flags to
a case queue": a 'flags' step). ``core.prose`` can only read edges between the steps it is given; this module
finds, with word lists and no parser, the phrases ``core.step_names`` names the steps by (``core.noun_runs`` says
where a phrase starts and ends):

- :func:`subject_phrases`: a noun phrase opening a clause and followed by its verb ("the denoised audio feeds
  ...", "candidates go to ...", "the U-Net's masks are reviewed ...")
- :func:`object_phrases`: what a verb makes or takes in ("the LLM writes a tool call", "breaks the task into
  subtasks"), what it carries somewhere ("writes new accounts to the users table") and where to, what it strips
  out ("strips the HTML from the pages"), and what a passive verb's agent makes ("chunked by a splitter into
  passages")
- :func:`phrases`: both, in the order the request names them, found once per request

Example:
    >>> [phrase.text for phrase in subject_phrases("a prompt is sent to the LLM, and the LLM's answer is checked")]
    ['prompt', 'answer']
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from core.clause_words import FINDING, OUT_VERBS, one_of
from core.noun_runs import (
    Phrase,
    destination,
    next_word,
    noun_run,
    phrase_at,
    run_after,
    span,
    verb_by_object,
    words_of,
)
from core.phrase_words import (
    ADVERBS,
    AUX,
    BOUNDARY,
    BOUNDED,
    CARRIED_BY,
    DETERMINER,
    DRAWING,
    FLAGGED_FOR,
    FLAGGING,
    FROM,
    FROM_TO,
    GATHERING,
    MOVING,
    NOT_AGENTS_BY,
    ORDERS,
    PART,
    PLACED,
    REFERRING,
    RELATIVE_OPENERS,
    REMOVING,
    SECOND_PAYLOAD,
    SENDING,
    STOP,
    STORED,
    THRESHOLD,
    TOOL_INTO,
    WE,
    is_verb,
    participle_like,
)


def _clause_starts(text: str, words: list[re.Match]) -> list[int]:
    """Indexes of words that may open a clause: the first word, and words after a boundary, 'and', 'then'."""
    starts = []
    for index, word in enumerate(words):
        before = text[words[index - 1].end() : word.start()] if index else text[: word.start()]
        previous = words[index - 1][0].lower() if index else ""
        if not index or BOUNDARY.search(before) or previous in {"and", "then", "while", "before", "so", "plus"}:
            starts.append(index)
    return starts


def _subjects(text: str, words: list[re.Match]) -> list[tuple[int, int, int]]:
    """(first word, its length, verb) of each noun phrase that opens a clause and is followed by a verb, maybe past
    an adverb ('a lifecycle rule later moves ...')."""
    found = []
    for start in _clause_starts(text, words):
        index = start
        if index + 1 < len(words) and f"{words[index][0]} {words[index + 1][0]}".lower() in RELATIVE_OPENERS:
            index += 2  # ', from which a regression model estimates ...'
        while index < len(words) and words[index][0].lower() in DETERMINER | ADVERBS | {"and", "when", "whenever"}:
            index += 1
        if index < len(words) and words[index][0].endswith(("'s", "’s")):
            index += 1  # "the LLM's answer": the owner is named elsewhere
        opener = words[index][0] if index < len(words) else ""
        after_verb = index and is_verb(opener) and opener.islower() and words[index - 1][0].lower() not in DETERMINER
        bounded = BOUNDED.match(text, words[index].end()) is not None  # 'scores above 0.9 trigger'
        if after_verb and next_word(words, index, text) in STOP | {""} and not bounded:
            continue  # '... and returns a result': a verb whose subject came before; not 'train set feeds'
        size = noun_run(words, index, text)
        verb = index + size
        if size and verb + 1 < len(words) and words[verb][0].lower() in ADVERBS and is_verb(words[verb + 1][0]):
            verb += 1
        elif size and verb + 2 < len(words) and THRESHOLD.fullmatch(f"{words[verb][0]} {words[verb + 1][0]}"):
            verb += 2  # 'scores above 0.9 trigger a block': the scores, past their threshold
        if not size or verb >= len(words):
            continue
        verb = _past_plus(words, verb, text)  # "the reranker's top passages plus the prompt go into ..."
        moving = _flows_from(words, verb, text)
        verb_like = is_verb(words[verb][0]) or moving or verb_by_object(words, verb, text)
        if not verb_like and not (index > start and _gapped(words, start, verb, text)):
            continue
        opening = words[0][0]
        ordering = not opening[0].isupper() or opening.lower() in SENDING | ORDERS
        if index == 0 and is_verb(opening) and ordering and not moving:
            continue  # 'chunk the manuals ...', 'Take survey responses, ...': an order, not a subject
        if (index, size, verb) not in found:
            found.append((index, size, verb))
    return found


def _flows_from(words: list[re.Match], verb: int, text: str) -> bool:
    """Whether the verb at ``words[verb]`` moves its subject from one place to another ('orders flow from the web shop
    into a queue'): the subject is a payload between two steps ('alerts come from a monitor' tells an edge)."""
    return words[verb][0].lower() in MOVING and FROM_TO.match(text, words[verb].end()) is not None


def _past_plus(words: list[re.Match], verb: int, text: str) -> int:
    """Where the verb is when a subject goes on with 'plus' and another name before it ('A plus the prompt go')."""
    if words[verb][0].lower() != "plus":
        return verb
    start = verb + 1
    while start < len(words) and words[start][0].lower() in DETERMINER:
        start += 1
    size = noun_run(words, start, text) if start < len(words) else 0
    return start + size if size and start + size < len(words) and is_verb(words[start + size][0]) else verb


def _gapped(words: list[re.Match], start: int, verb: int, text: str) -> bool:
    """A clause opened after a comma with its verb left out: 'A goes into B, the tokens into C' (a verb and the
    same 'to' or 'into' before the clause; the caller asks only for a phrase after a determiner, so that '...,
    streams audio to X' is not read as a subject 'streams audio')."""
    preposition = words[verb][0].lower()
    if preposition not in ("to", "into") or not start or "," not in text[words[start - 1].end() : words[start].start()]:
        return False
    spots = [position for position in range(1, start) if words[position][0].lower() == preposition]
    return any(is_verb(words[spot - 1][0]) for spot in spots)


def subject_phrases(text: str) -> list[Phrase]:
    """Noun phrases that open a clause and are followed by a verb: 'the denoised audio feeds', 'its signals are',
    "the LLM's answer is", 'candidates go'."""
    words = words_of(text)
    found = []
    for index, size, verb in _subjects(text, words):
        name = span(text, words, index, size)
        part = _flows_from(words, verb, text) or PART.fullmatch(name)  # 'orders flow from X into Y', 'toxic ones go'
        kind = "carried" if part else "subject"
        found.append(Phrase(words[index].start(), words[index + size - 1].end(), name, kind, words[verb][0]))
    return found


def _verbs(text: str, words: list[re.Match]) -> list[int]:
    """Words that are verbs in active voice: the one after a subject phrase, and a verb after 'which', 'that',
    'and', a comma or a word for steps named before ('..., which outputs', '... and returns', 'both send'), and a
    making verb after 'to' ('reads the passages to give the answer')."""
    found = [verb for _, _, verb in _subjects(text, words)]
    for index, word in enumerate(words[1:], 1):
        before = text[words[index - 1].end() : word.start()]
        opener = words[index - 1][0].lower() in {"which", "that", "who", "and", "then", *REFERRING, *WE}
        opener = opener or "," in before
        purpose = words[index - 1][0].lower() == "to" and word[0].lower() in OUT_VERBS  # '... to give the answer'
        if (opener and is_verb(word[0]) or purpose) and word[0].lower() not in AUX:
            found.append(index)
    if words and (words[0][0].lower() in SENDING or _imperative(text, words, 0) and words[0][0].lower() not in WE):
        found.append(0)  # 'Send the PDF to an OCR engine, ...', 'Chunk the manuals with ...'
    return sorted(set(found))


def _tool(text: str, words: list[re.Match], index: int) -> list[Phrase]:
    """What an order's object is handled with or in, at ``words[index]``: 'with a text splitter', 'using spaCy', 'in
    pandas' (an agent), 'in FAISS' after 'index the vectors' being a place the plan draws as a step either way."""
    if index < len(words) and words[index][0].lower() == "in" and next_word(words, index, text) in DETERMINER:
        return []  # 'in a readable way', 'in the cloud': no tool's name
    return destination(text, words, index, ("with", "using", "via", "in"), kind="agent")


def _imperative(text: str, words: list[re.Match], index: int) -> bool:
    """Whether the verb at ``words[index]`` is in a sentence of orders with no subject: 'Send the PDF to X, pass the
    text to Y, then give ...', 'Chunk the manuals with ...' (the sentence opens with a verb that sends or takes, or
    any verb and its article) or told by who gives them ('we collect job postings, clean them ...')."""
    sentence = re.split(r"[;:.!?]\s", text[: words[index].start()])[-1].split() or [words[index][0]]
    sentence += [next_word(words, index, text)] if len(sentence) == 1 else []
    opening, second = sentence[0].lower(), sentence[1].lower()
    told = is_verb(opening) and second in DETERMINER and opening not in DRAWING | AUX  # 'Chunk the manuals with'
    return opening in SENDING | ORDERS | WE or told


def object_phrases(text: str) -> list[Phrase]:
    """What verbs make ('writes a tool call'), take in ('breaks the task into subtasks') or carry ('sends new
    accounts to X')."""
    words, found = words_of(text), []
    for index in _verbs(text, words):
        verb = words[index][0].lower()
        ordered = _imperative(text, words, index)  # 'send the PDF to X': no sender, so the PDF is a step
        if verb in AUX or participle_like(verb) and not ordered:
            continue  # 'is split by': passive, no object; 'Split the contracts with X' is an order
        start = index + 1
        while start < len(words) and words[start][0].lower() in DETERMINER:
            start += 1
        if start + 1 < len(words) and words[start][0].endswith(("'s", "’s")):
            start += 1  # "compares the encoder's embedding": the owner is named elsewhere
        if start >= len(words) or BOUNDARY.search(text[words[index].end() : words[start].start()]):
            continue
        size = noun_run(words, start, text, subject=False)
        if ordered:  # 'Chunk the manuals with a text splitter', 'clean them in pandas': the tool is a step
            found += _tool(text, words, start + (size or words[start][0].lower() in REFERRING))
        if not size:
            continue
        end = words[start + size - 1].end()
        determiner = words[start - 1][0].lower() if start > index + 1 else ""
        owned = determiner in {"its", "their"}
        if determiner in {"each", "every"}:
            kind = "carried"  # 'a Lambda function resizes each image': one of the things that came in
        elif FROM.match(text, end) and one_of(verb, GATHERING | REMOVING):
            kind = "carried"  # 'collects readings from the sensors', 'strips the HTML from the pages'
        elif PLACED.match(text[end:]) or FLAGGED_FOR.match(text, end) and one_of(verb, FLAGGING):
            kind = "carried"  # 'marks O on X', 'flags arrhythmias for a cardiologist'
        elif re.match(r"\s*(?:in|within|inside)\s+\w", text[end:]) and one_of(verb, FINDING):
            kind = "made"  # 'finds boxes in the voxels': what it finds is what it makes
        elif CARRIED_BY.match(text[end:]):  # 'writes O to X', 'sends their flags to X'; 'maps O into X' takes O in
            kind = "carried" if (owned or one_of(verb, OUT_VERBS)) and not ordered else "input"
        else:
            kind = "made" if one_of(verb, OUT_VERBS) else "input"
        found.append(Phrase(words[start].start(), end, span(text, words, start, size), kind))
        if kind == "carried":  # 'sends invoices to customers', 'triggers a block in the gateway': where it goes
            places = ("to", "into", "in") if next_word(words, start + size, text) == "the" else ("to", "into")
            places += ("for",) if one_of(verb, FLAGGING) else ()
            found += (place := destination(text, words, start + size, places))  # 'in the gateway', not 'in a way'
            found += _carried_too(text, words, place[0].end) if place else []
        elif TOOL_INTO.match(text, end):  # 'cluster the embeddings with HDBSCAN into job clusters': what it makes
            into = next(i for i in range(start + size, len(words)) if words[i][0].lower() == "into")
            found += destination(text, words, into)
        elif kind == "made" and FROM.match(text, end):  # 'extracts O from the text': the text goes in
            found += destination(text, words, start + size, ("from",), "input")
        elif kind == "made" and one_of(verb, FINDING) and start + size < len(words):  # 'finds boxes in the voxels'
            place, length = run_after(words, start + size + 1, text)
            inside = words[start + size][0].lower() in {"in", "within", "inside"}
            found += [phrase_at(text, words, place, length, "input")] if inside and length else []
    carried = [(phrase.start, phrase.end) for phrase in found if phrase.kind == "carried"]
    inside = [p for p in found if any(a <= p.start and p.end <= b and (a, b) != (p.start, p.end) for a, b in carried)]
    return [phrase for phrase in found if phrase not in inside] + _passive(text, words)  # not 'mail' of 'clean mail'


def _carried_too(text: str, words: list[re.Match], end: int) -> list[Phrase]:
    """A second payload sent by the same verb after a destination ending at ``end``: 'sends spam to a quarantine
    folder and clean mail to the inbox' -> 'clean mail' (carried) and 'inbox'."""
    second = SECOND_PAYLOAD.match(text, end)
    if not second:
        return []
    index = next(i for i, word in enumerate(words) if word.start() >= second.start("payload"))
    size = len(second["payload"].split())
    return [phrase_at(text, words, index, size, "carried"), *destination(text, words, index + size)]


def _passive(text: str, words: list[re.Match]) -> list[Phrase]:
    """Who acts after a passive verb ('virus-scanned by ClamAV' -> 'ClamAV'; not 'by email', 'by hand') and what that
    agent makes 'into' ('the text is chunked by a splitter into passages', 'chats are grouped into topics by a
    clustering job' -> 'passages', 'topics')."""
    found = []
    for index, word in enumerate(words):
        found += _stored_in(text, words, index)
        if word[0].lower() == "into":
            made = destination(text, words, index)
            if made and re.match(r"\s*by\s+\w", text[made[0].end :]):
                found += [replace(phrase, kind="made") for phrase in made]
        if word[0].lower() != "by":
            continue
        start, size = run_after(words, index + 1, text)
        passive = index and participle_like(words[index - 1][0].lower().split("-")[-1])
        if size and passive and span(text, words, start, size).lower() not in NOT_AGENTS_BY:
            found.append(phrase_at(text, words, start, size, "agent"))
        if size and start + size < len(words) and words[start + size][0].lower() == "into":
            found += [replace(phrase, kind="made") for phrase in destination(text, words, start + size)]
    return found


def _stored_in(text: str, words: list[re.Match], index: int) -> list[Phrase]:
    """Where a passive 'are saved in' at ``words[index]`` ('in') puts things: 'aggregates that are saved in a
    time-series DB' -> 'time-series DB' (a noun run that ends its clause)."""
    if index < 2 or words[index][0].lower() not in {"in", "into", "to"}:
        return []
    if words[index - 1][0].lower() not in STORED or words[index - 2][0].lower() not in {"is", "are"}:
        return []
    start, size = run_after(words, index + 1, text)
    ends = size and re.match(r"\s*(?:$|[,;.)]|and\b|then\b|which\b|where\b)", text[words[start + size - 1].end() :])
    return [phrase_at(text, words, start, size, "destination")] if ends else []


@functools.lru_cache(maxsize=32)
def phrases(text: str) -> tuple[Phrase, ...]:
    """Subjects and objects in the order the request names them, found once per request (``core.step_names`` asks
    for them for each list of steps it restates)."""
    return tuple(sorted(subject_phrases(text) + object_phrases(text), key=lambda phrase: phrase.start))
