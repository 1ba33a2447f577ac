"""Where a noun phrase starts and ends in a request, word by word (for ``core.noun_phrases``).

A noun run is the words from one word on that are not function words, up to a boundary, a few words, or a verb (a
verb-looking word is a noun by the word after it: ``core.phrase_words.noun_before``; 'labels' before 'them' and a
plural's bare verb, 'streams raise', are verbs). :class:`Phrase` is what ``core.noun_phrases`` finds with them.

Example:
    >>> words = words_of("the price feed is parsed by a parser")
    >>> noun_run(words, 1, "the price feed is parsed by a parser")
    2
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.phrase_words import BOUNDARY, BOUNDED, DETERMINER, STOP, WORD, is_verb, noun_before


@dataclass(frozen=True)
class Phrase:
    start: int
    end: int
    text: str
    kind: str  # 'subject', 'made' (what a verb makes), 'input' (what it takes in), 'carried' (a payload), 'destination'
    verb: str = ""  # a subject's verb


def words_of(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


def noun_run(words: list[re.Match], index: int, text: str, subject: bool = True, limit: int = 4) -> int:
    """How many words from ``index`` make a noun phrase: words that are not function words, up to a boundary,
    ``limit`` words or a verb. In a subject a verb-looking word followed by another verb is a noun ('the price
    feed is', 'customer reviews go', 'the rewritten query searches ES'); in an object one followed by a function
    word or nothing is a noun ('builds
    an inverted index from them', 'writes a tool call, the executor ...'), not one followed by a name or an
    article ('the check turns segments into ...')."""
    count = 0
    while index + count < len(words) and count < limit:
        word = words[index + count]
        lower = word[0].lower().removesuffix("'s").removesuffix("’s")
        following, after = next_word(words, index + count, text), next_word(words, index + count + 1, text)
        lettered = count and len(word[0]) == 1 and word[0].isupper() and following in ("", "and", "or", "which")
        if lettered and not BOUNDARY.search(text[words[index + count - 1].end() : word.start()]):
            return count + 1  # 'server A, server B and server C': a letter names one of several
        named = lower == "times" and count and words[index + count - 1][0].isalpha()  # 'cycle times', not '3 times'
        ended = count and BOUNDARY.search(text[words[index + count - 1].end() : word.start()])
        if lower in STOP and not named or ended:
            break
        bounded = BOUNDED.match(text, word.end()) is not None  # 'risk scores above 0.8 trigger': a noun
        if count and is_verb(lower) and not noun_before(lower, following, after, subject) and not bounded:
            break
        run = [word[0].lower() for word in words[index : index + count]]
        plural = count and re.search(r"[^s]s$", run[-1]) and not all(is_verb(word) for word in run)
        if plural and subject and is_verb(lower) and not lower.endswith("s") and following:
            break  # 'new streams raise alerts': a plural's bare verb
        if count and subject and verb_by_object(words, index + count, text):
            break  # 'a sentiment model labels them': a verb the lists do not know
        count += 1
        if word[0].endswith(("'s", "’s")):
            break
    return count


def next_word(words: list[re.Match], index: int, text: str) -> str:
    """The word after ``words[index]`` in lower case, or '' at a boundary or the end."""
    if index + 1 >= len(words) or BOUNDARY.search(text[words[index].end() : words[index + 1].start()]):
        return ""
    return words[index + 1][0].lower()


def verb_by_object(words: list[re.Match], index: int, text: str) -> bool:
    """Whether ``words[index]`` is a verb by its object, a pronoun or 'each': 'labels them', 'blurs each face'."""
    return words[index][0].endswith("s") and next_word(words, index, text) in ("them", "it", "each", "every")


def destination(
    text: str, words: list[re.Match], index: int, places: tuple[str, ...] = ("to", "into"), kind: str = "destination"
) -> list[Phrase]:
    """The noun phrase after 'to' / 'into' (or other ``places``) at ``words[index]``, as a phrase of ``kind``."""
    if index >= len(words) or words[index][0].lower() not in places:
        return []
    start, size = run_after(words, index + 1, text)
    return [phrase_at(text, words, start, size, kind)] if size else []


def run_after(words: list[re.Match], index: int, text: str) -> tuple[int, int]:
    """(first word, length) of the noun run at ``words[index]`` after any determiners; length 0 when there is none."""
    while index < len(words) and words[index][0].lower() in DETERMINER:
        index += 1
    return index, noun_run(words, index, text, subject=False) if index < len(words) else 0


def phrase_at(text: str, words: list[re.Match], start: int, size: int, kind: str) -> Phrase:
    return Phrase(words[start].start(), words[start + size - 1].end(), span(text, words, start, size), kind)


def span(text: str, words: list[re.Match], index: int, size: int) -> str:
    return re.sub(r"(?:'s|’s)$", "", text[words[index].start() : words[index + size - 1].end()])
