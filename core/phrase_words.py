"""The words and patterns ``core.noun_phrases`` finds subjects and objects by: function words that end a noun run,
verbs that gather, send, store or remove things, the heads of names of things that act, people who act in a story,
and the small patterns around a phrase ('writes O to X', 'orders flow from X into Y', 'scores above 0.9'); and what
one word is: a verb form (:func:`is_verb`), a participle (:func:`participle_like`), the head of a name of a thing
that acts (:func:`role_of`), a verb-looking word that is a noun by the word after it (:func:`noun_before`).

Lists, not a parser: each entry is here because a request read wrong without it (the commit that added it says which
and how it was measured over the stored requests).
"""

from __future__ import annotations

import re

from core.clause_words import IN_VERBS, OUT_VERBS, one_of

DETERMINER = {
    "the", "a", "an", "its", "their", "our", "your", "this", "these", "those", "each", "every", "some", "any", "same",
    "resulting", "single",
}  # fmt: skip
AUX = {"is", "are", "was", "were", "get", "gets", "got", "be", "been", "being", "can", "will", "then", "also"}
STOP = DETERMINER | AUX | {
    "and", "or", "but", "to", "into", "in", "on", "onto", "for", "through", "from", "with", "by", "of", "out", "at",
    "as", "via", "using", "which", "that", "who", "whose", "where", "when", "while", "before", "after", "if", "it",
    "they", "them", "both", "all", "either", "first", "finally", "next", "later", "now", "so", "then", "also",
    "i", "we", "you", "my", "me", "us", "one", "two", "three", "four", "steps", "step", "nodes", "stages",
    "diagram", "flowchart", "flow", "process", "picture", "drawing", "here", "there",
    "not", "no", "only", "just", "above", "below", "plus",
    "twice", "once", "every", "day", "times", "what", "how", "order", "off", "up",
    "down", "over", "away", "back", "about", "against", "per", "than", "like", "such", "whatever", "whenever",
    "thx", "thanks", "please", "pls", "asap",
}  # fmt: skip
REFERRING = {"it", "they", "both", "them"}  # 'Both send their flags to ...', 'both of them send ...'
DRAWING = {  # a request's command, no order in the flow: 'Draw a pipeline where ...', 'Generate a workflow ...'
    "draw", "sketch", "show", "visualize", "visualise", "render", "illustrate", "depict", "plot", "make", "create",
    "generate", "design", "give", "chart", "map", "diagram", "picture",
}  # fmt: skip
WE = {"we", "i"}  # 'we collect job postings, clean them in pandas, ...': orders told by who gives them
NOT_VERBS = {"flow"}  # 'a fraud detection flow with ...': a name more often than a verb in a request
CARRIED_BY = re.compile(r"^\s*(?:to|into|in|toward|towards)\s+\w")  # 'writes O to X': O is a payload
# 'marks O on X', 'moves O from X to Y' (not 'switches O on or off')
PLACED = re.compile(r"^\s*(?:on(?!\s+(?:or|and)\s+off\b)|onto)\s+\w|^\s*from\s+[^,;.]*\bto\s+\w")
GATHERING = {
    "collect", "gather", "fetch", "download", "scrape", "harvest", "retrieve", "receive", "pull", "get", "take",
}  # fmt: skip
ADVERBS = {"later", "then", "also", "now", "first", "finally", "next", "periodically", "automatically", "immediately"}
THRESHOLD = re.compile(r"(?:above|below|over|under|exceeding)\s+\d+(?:\.\d+)?%?", re.IGNORECASE)
BOUNDED = re.compile(rf"\s+{THRESHOLD.pattern}", re.IGNORECASE)
MOVING = {"flow", "flows", "come", "comes", "stream", "streams", "move", "moves", "go", "goes"}  # 'orders flow from X'
FLAGGING = {"flag", "mark", "escalate", "queue"}  # 'flags O for a cardiologist': O goes to the cardiologist
FLAGGED_FOR = re.compile(r"\s+for\s+(?:a|an|the)\s+\w")
RELATIVE_OPENERS = {"from which", "in which", "with which", "through which", "by which"}  # then a subject
FROM = re.compile(r"\s*(?:from|off)\s+\w")  # 'collects readings from the sensors', 'takes orders off the queue'
TOOL_INTO = re.compile(r"\s+(?:with|using|via)\s+[^,;.]*?\binto\s+\w")  # 'clusters O with T into X'
SECOND_PAYLOAD = re.compile(r"\s+and\s+(?:the\s+)?(?P<payload>[\w-]+(?:\s+[\w-]+)?)\s+(?:to|into)\s+\w")  # 'and Y to B'
FROM_TO = re.compile(r"\s+from\s+[^,;.]*?\b(?:into|to)\s+\w")  # 'orders flow from X into Y', not 'X comes from Y'
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
SENDING = {"send", "pass", "give", "feed", "forward", "hand", "route", "push", "upload", "pipe", "submit", "stream"}
ORDERS = {"take", "run", "read", "load", "put"}  # other words a sentence of orders opens with
STORED = {"saved", "stored", "written", "kept", "persisted", "archived", "indexed", "loaded", "cached", "logged"}
REMOVING = {"strip", "remove", "drop", "delete", "discard", "erase", "redact"}  # 'strips O from X'
PART = re.compile(r"(?:[\w-]+ )?ones|rest|others|remainder", re.IGNORECASE)  # 'toxic ones go to X', 'the rest are'
BOUNDARY = re.compile(r"[;:.!?,()\n]|—|->|→|\s[/&|]\s")
PROCESS_HEADS = {
    "model", "service", "engine", "agent", "api", "server", "job", "script", "worker", "function", "tool", "module",
    "bot", "llm", "classifier", "detector", "network", "cron", "lambda", "app", "dbt", "ci", "gateway",
}  # fmt: skip
PEOPLE = {  # who acts in a story, not a step: 'patients fill in a form', 'a developer pushes a commit'
    "user", "users", "patient", "patients", "customer", "customers", "developer", "developers", "people", "person",
    "someone", "team", "we", "analyst", "analysts", "operator", "operators", "admin", "admins", "engineer",
    "engineers", "staff", "client", "clients", "visitor", "visitors", "player", "players", "student", "students",
}  # fmt: skip
NOT_AGENTS = {
    "answer", "user", "layer", "order", "paper", "number", "folder", "header", "buffer", "cluster", "letter", "vector",
    "tensor", "error", "factor", "color", "colour",
}  # fmt: skip
NOT_AGENTS_BY = {"email", "e-mail", "mail", "hand", "default", "batch", "name", "id", "date", "time", "phone", "day"}
LY_NOUNS = {"anomaly", "assembly", "supply", "family", "reply", "poly", "rally", "italy", "jelly", "daily", "weekly"}
WORD = re.compile(r"[A-Za-z0-9](?:[\w+/-]|\.(?=\w))*(?:'s|’s)?")


def is_verb(word: str) -> bool:
    """A verb form ('feeds', 'goes', 'are', 'checked') of a verb the lists know, or an auxiliary."""
    word = word.lower()
    if word in AUX:
        return True
    stem = word[:-2] if word.endswith("ed") else word[:-1] if word.endswith("d") else ""
    bases = {word, stem, stem + "e"} - {""}
    if word in NOT_VERBS or word.endswith("ing"):  # 'training data', 'streaming events': a name's first word
        return False
    known = OUT_VERBS | IN_VERBS | REMOVING
    return any(one_of(form, known) for form in bases) or word in {"goes", "does", "sent", "made"}


def role_of(phrase: str) -> str:
    """'process' for names of things that act ('ranker', 'reader model'), else 'data'."""
    head = phrase.lower().split()[-1]
    agent = re.search(r"(?:er|or)s?$", head) is not None and head.removesuffix("s") not in NOT_AGENTS
    return "process" if agent or head in PROCESS_HEADS else "data"


def participle_like(word: str) -> bool:
    regular = word.endswith("ed") and word != "embed"  # 'embed the chunks with X' is an order
    return regular or word in {"sent", "made", "built", "written", "given", "taken", "split", "fed"}


def noun_before(word: str, following: str, after: str, subject: bool) -> bool:
    """Whether a verb-looking word inside a phrase is a noun, by the word after it: in a subject, one before an
    auxiliary ('the price feed is') or a plural before a bare verb ('customer reviews go'); in an object, any
    not followed by a determiner ('builds an inverted index from them', 'writes a tool call, the executor')."""
    if not subject:  # a verb takes an object: 'check turns segmenter into', not 'index from', 'call, the'
        return not following or following in STOP and following not in DETERMINER
    bare_verb = is_verb(following) and not following.endswith("s")
    acting = is_verb(following) and following.endswith("s") and bool(after)  # 'the rewritten query searches X'
    return following in AUX or word.endswith("s") and bare_verb or not word.endswith("s") and acting
