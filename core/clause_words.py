"""How the words between two names in a request read: the verb lists, prepositions and clause breaks of
``core.prose``.

A gap is the text between two names, lower case and without a trailing article ('are parsed by', 'goes to',
', which makes'); these helpers say whether it tells an action, which verb it holds, and which way it points.

Example:
    >>> first_verb("is then passed to"), one_of("writes", OUT_VERBS), gap_text(" and the ")
    ('passed', True, 'and')
"""

from __future__ import annotations

import re

from core.mentions import ARTICLE

# Verbs whose object is what the subject makes or where it sends things: 'S writes O' is S > O.
# Every other transitive verb takes its object in: 'S reads O', 'S tags O', 'S turns O into X' are O > S.
OUT_VERBS = {
    "produce", "output", "write", "emit", "return", "give", "send", "create", "make", "generate", "yield",
    "publish", "post", "raise", "build", "compute", "save", "store", "push", "forward", "trigger", "call",
    "start", "kick", "feed", "hand", "pass", "route", "deliver", "upload", "put", "fill", "update", "populate",
    "control", "drive", "notify", "alert", "serve", "capture", "collect", "record", "extract", "predict",
    "assign", "dispatch", "invoke", "launch", "stream", "become", "hit", "reach", "enter", "lead", "schedule",
    "spawn", "fire", "report", "flag", "print", "show", "display", "export", "download", "fetch", "scrape",
    "crawl", "gather", "harvest", "retrieve", "propose", "suggest", "sample", "switch", "activate", "wake",
    "estimate", "calculate", "derive", "infer"
}  # fmt: skip
IN_WITH_TO = {"listen", "subscribe", "react", "respond"}  # 'S listens to O' is O > S
MAKING_PARTICIPLES = {"produced", "generated", "written", "created", "emitted", "returned", "made", "built"}
DESTINATION = re.compile(r"\b(?:to|into|in|on|onto|for|through|toward|towards|at|inside)$")
SOURCE = re.compile(r"\b(?:from|out of)$")
TOOL = re.compile(r"\b(?:with|using|via)$")
BY = re.compile(r"\bby$")
AUX = {  # words skipped when looking for the verb between two mentions
    "to", "is", "are", "was", "were", "be", "been", "being", "get", "gets", "got", "then", "also", "both",
    "each", "and", "finally", "first", "later", "next", "directly", "all", "it", "they", "either", "just",
    "now", "into", "in", "on", "onto", "for", "through", "from", "with", "by", "of", "out", "at", "as", "well"
}  # fmt: skip
FILLER = re.compile(r"^[\s,]*(?:(?:and|then|finally|first|next|also|so|afterwards|after that|last|lastly)\b[\s,]*)*")
CLAUSE_BREAK = re.compile(
    r"\s*(?:[;\n]|(?<=[.!?])\s|(?:,\s*|\s+and\s+|,\s*and\s+)(?:then|finally|afterwards|after that)\b"
    r"|,\s+so\b|,?\s+(?:while|before)\b"
    r")\s*",
    re.IGNORECASE,
)
JOIN = re.compile(
    r"^\s*(?:,|and|or|plus|as well as|together with|along with)"
    r"(?:\s*(?:,|and|or|either|both|also|separately|then|to|into|through)\b)*\s*$"
)
EMPTY = re.compile(rf"^\s*(?:{ARTICLE})?\s*$")
POSSESSIVE = re.compile(r"^(?:'s|’s)\s*$|^\s*,?\s*whose\s*$|^\s*(?:its|their)\s*$")
IN_ORDER = re.compile(r"\bin (?:that |this |the same )?order\b|\bin sequence\b|\bone after (?:the )?other\b", re.I)
LISTING = re.compile(r"^\s*(?:\w+\s+)?(?:nodes|steps|boxes|stages|components|parts|blocks)\s*:", re.IGNORECASE)
RELATIVE = re.compile(r"^,?\s*(?:from\s+)?(?:which|that)\b\s*")
WHOSE = re.compile(r"^,?\s*whose\s+\w+\s*")
PURPOSE = re.compile(r"^(?:in order |so as )?to \w+|^for\b")  # '... and the passages to give the answer'
LEADING_AND = re.compile(r"^(?:,\s*)?(?:and|or|but)\b\s*(?:then\s+|also\s+)?")
WHEN = re.compile(
    r"\b(?:(?:every|each|once a|twice a|once per|once an|at|per)\s+(?:night|day|hour|minute|week|month|morning|evening|"
    r"midnight|noon|run)|nightly|daily|hourly|weekly|monthly|in parallel|in real time|in batches)\b"
)
COMPARING = {"compare", "match", "combine", "merge", "join", "check", "pair", "cross-check", "fuse", "align"}
IRREGULAR = {
    "made", "built", "sent", "written", "run", "split", "cut", "put", "fed", "held", "kept", "given", "taken",
    "shown", "drawn", "done", "read", "stored"
}  # fmt: skip


def first_verb(gap: str) -> str:
    """The gap's first word that is not an auxiliary."""
    for word in re.findall(r"[a-z'-]+", gap.lower()):
        if word not in AUX:
            return word
    return ""


def one_of(word: str, verbs: set[str]) -> bool:
    """Whether a verb form ('writes', 'carries', 'pushes', 'write') is one of ``verbs`` (given as bare verbs)."""
    forms = {word, word[:-1], word[:-2], word[:-3] + "y"} if word.endswith("s") else {word}
    return bool(forms & verbs)


def participle(word: str) -> bool:
    return word.endswith("ed") or word.endswith("'d") or word in IRREGULAR


def gap_text(text: str) -> str:
    text = re.sub(r"[\"`]|'(?!s\b)", " ", text.lower())  # quotes around names, not the 's of "A's B"
    text = WHEN.sub(" ", text)  # 'reads the table every night and writes ...': when, not how it flows
    return re.sub(rf"(?:\s*\b{ARTICLE})+$", "", " ".join(text.split())).strip()


def named_after(maker: str, made: str) -> bool:
    """Whether data is named after the step that made it: 'parsed events' / 'log parser', 'candidates' /
    'candidate generator' (a shared stem of four letters or more)."""
    words = [re.findall(r"[a-z]{4,}", name.lower()) for name in (maker, made)]
    return any(a[:4] == b[:4] for a in words[0] for b in words[1])


def opening_words(gap: str) -> str:
    """The words before a clause's first name that matter: 'search ranking: first from' -> 'from'."""
    return FILLER.sub("", re.sub(r"^[^:]*:\s*", "", gap))


def tells_action(gap: str) -> bool:
    """Whether words between two mentions say what the first does ('goes to', 'are parsed by'), not a list or a
    relative clause."""
    if not gap or any(form.match(gap) for form in (JOIN, RELATIVE, WHOSE, PURPOSE, POSSESSIVE)):
        return False
    return bool(first_verb(gap))
