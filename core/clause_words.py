"""How the words between two names in a request read: the verb lists, prepositions and clause breaks of
``core.prose``.

A gap is the text between two names, lower case and without a trailing article ('are parsed by', 'goes to',
', which makes'); these helpers say whether it tells an action, which verb it holds, and which way it points.

Example:
    >>> first_verb("is then passed to"), one_of("writes", OUT_VERBS), gap_text(" and the ")
    ('passed', True, 'and')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import networkx as nx

from core.mentions import ARTICLE, Mention

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
    "estimate", "calculate", "derive", "infer", "supply", "provide", "train", "fit", "retrain", "find", "spot",
    "locate", "identify", "shoot", "film", "photograph"
}  # fmt: skip
# Read as sending only between two names, never to find a verb: 'and emails deal alerts' (an 'email' is a noun too).
SENDING_VERBS = OUT_VERBS | {"email", "mail", "text", "message", "fax"}
IN_VERBS = {  # common verbs whose object goes in: for spotting verbs and mending typos, not for direction
    "read", "take", "consume", "use", "check", "review", "parse", "tag", "query", "split", "combine",
    "merge", "join", "sort", "filter", "turn", "transform", "convert", "embed", "index", "search", "score", "rank",
    "classify", "detect", "go", "flow", "move", "land", "arrive", "come", "run", "execute", "analyze", "analyse",
    "summarize", "summarise", "translate", "tokenize", "clean", "validate", "verify", "compare", "match", "load",
    "handle", "receive", "accept", "ingest", "fuse", "aggregate", "encode", "decode", "evaluate",
    "monitor", "watch", "listen", "subscribe", "scan", "inspect", "approve", "reject", "map", "resize", "crop",
    "compress", "segment", "anonymise", "anonymize", "break", "chunk", "contain", "hold", "wait", "sit",
    "transcribe", "label", "annotate", "deduplicate", "normalize", "normalise", "enrich", "rerank",
    "serve", "expose", "wrap", "feed", "pass", "hit", "reach", "enter", "become", "trigger", "add",
    "estimate", "forecast", "remove", "sync", "copy", "stitch", "mark", "sign", "fix", "correct", "deploy",
}  # fmt: skip
IN_WITH_TO = {"listen", "subscribe", "react", "respond"}  # 'S listens to O' is O > S
ARRIVING = {"arrive", "land", "appear", "come"}  # 'Tickets arrive by email': what takes them in is said next
FINDING = {"find", "detect", "spot", "locate", "identify", "extract", "pick", "catch"}  # 'S finds O in X' is X > S > O
MAKING_PARTICIPLES = {"produced", "generated", "written", "created", "emitted", "returned", "made", "built"}
DESTINATION = re.compile(r"\b(?:to|into|in|on|onto|for|through|toward|towards|at|inside)$")
STORE = re.compile(r"\b(?:table|warehouse|database|db|lake|bucket|store|index)$", re.IGNORECASE)  # what is loaded
SOURCE = re.compile(r"\b(?:from|out of|off)$")  # 'S reads the text off them'
TOOL = re.compile(r"\b(?:with|using|via)$")
BY = re.compile(r"\bby$")
# '..., and what is left becomes X', 'the rest goes to X': what flowed last goes on to X
REMAINDER = re.compile(
    r"\b(?:what(?:'s| is)? (?:left|remains)|the (?:rest|remainder))\b[^,;]*"
    r"\b(?:becomes?|is|are|goes(?: to| into)?|forms?|makes? up|ends? up (?:in|as))$"
)
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
ARROW_WORDS = re.compile(r"\b(?:arrows?|edges|connections|links)\s*:?\s*$", re.IGNORECASE)  # '; arrows A to B, B to C'
DECLARED = re.compile(r"\bi\s+(?:\w+\s+)?have\b|\bboxes\b", re.IGNORECASE)  # 'I have A, B and C'
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
    """Whether a verb form ('writes', 'carries', 'pushes', 'write', 'giving', 'emitting') is one of ``verbs`` (given as
    bare verbs)."""
    if word.endswith("s"):
        forms = {word, word[:-1], word[:-2], word[:-3] + "y"}
    elif word.endswith("ing") and len(word) > 5:
        forms = {word[:-3], word[:-3] + "e", word[:-4]}  # 'returning', 'giving', 'emitting'
    else:
        forms = {word}
    return bool(forms & verbs)


def participle(word: str) -> bool:
    return word.endswith("ed") or word.endswith("'d") or word in IRREGULAR


def gap_text(text: str) -> str:
    text = re.sub(r"[\"`]|'(?!s\b)", " ", text.lower())  # quotes around names, not the 's of "A's B"
    text = WHEN.sub(" ", text)  # 'reads the table every night and writes ...': when, not how it flows
    text = re.sub(r"[a-z]{3,}", lambda word: mended_typo(word[0]), text)
    text = re.sub(rf"(?:\s*\b{ARTICLE})+$", "", " ".join(text.split())).strip()
    return re.sub(r"\s*\b(?:two|three|four|five|six)\s+[a-z]+\s*:$", "", text)  # 'consumed by two services: A, B'


def _forms(verbs: set[str]) -> dict[str, str]:
    """Each regular form of each verb ('feeds', 'fed' aside) and the verb it is a form of."""
    forms = {}
    for verb in sorted(verbs):
        ies = (verb[:-1] + "ies", verb[:-1] + "ied") if verb.endswith("y") else ()
        for form in (verb, verb + "s", verb + "es", verb + "d", verb + "ed", *ies):
            forms.setdefault(form, verb)
    return forms


VERB_FORMS = _forms(OUT_VERBS | IN_VERBS | IN_WITH_TO | {"go", "come", "connect", "lead", "flow"})
OTHER_WORDS = IRREGULAR | {
    "into", "onto", "from", "through", "towards", "toward", "then", "arrows", "which", "whose", "where", "when",
    "while", "before", "after", "with", "using", "inside",
}  # fmt: skip
PLAIN_WORDS = {  # common words one letter away from a verb, never taken for its typo
    "some", "each", "that", "this", "what", "then", "than", "both", "also", "they", "them", "their", "there", "here",
    "only", "just", "very", "more", "most", "much", "many", "such", "like", "data", "over", "well", "will", "once",
    "next", "last", "first", "same", "tiny", "kindly", "please", "nice", "clean", "fine", "asap", "thanks", "sure",
    "every", "near", "later", "done", "home", "base", "core", "rate", "date", "size", "time", "type", "line",
    "the", "and", "for", "but", "not", "any", "all", "one", "two", "ten", "six", "few", "new", "old", "own", "per",
    "via", "off", "out", "its", "has", "had", "was", "are", "get", "got", "let", "set", "put", "run", "may", "can",
    "how", "why", "who", "yes", "day", "way", "too", "now", "our", "you", "see", "use", "top", "end", "key", "map",
}  # fmt: skip


@functools.cache
def mended_typo(word: str) -> str:
    """A misspelt verb or preposition one edit away from a known one ('reeads', 'itno', 'frrom', 'producse'); other
    words as they are. Forms of one verb count as one ('producse': 'produces'), the one nearest in length first."""
    if word in VERB_FORMS or word in OTHER_WORDS or word in PLAIN_WORDS or word in AUX:
        return word
    near = [known for known in [*VERB_FORMS, *OTHER_WORDS] if abs(len(known) - len(word)) < 2 and one_edit(word, known)]
    verbs = [known for known in near if known in VERB_FORMS]
    if len({VERB_FORMS[known] for known in verbs}) == 1:  # 'feds': 'feeds', not the irregular 'fed'
        return min(verbs, key=lambda known: (len(known) < len(word), abs(len(known) - len(word)), known))
    return near[0] if len(near) == 1 else word


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, substitution or swap of two neighbours."""
    if len(a) > len(b):
        a, b = b, a
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    swapped = a[start + 2 :] == b[start + 2 :] and a[start : start + 2] == b[start : start + 2][::-1]
    return a[start + 1 :] == b[start + 1 :] or swapped


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
    if gap == "then":  # '..., A then B'
        return True
    if not gap or any(form.match(gap) for form in (JOIN, RELATIVE, WHOSE, PURPOSE, POSSESSIVE)):
        return False
    return bool(first_verb(gap))


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
            if (len(groups) > 1 or source) and acted and tells_action(following) and not LEADING_AND.match(following):
                groups[-1].source = source
                groups.append(Group([mention], gap, subject=True))
            else:
                groups[-1].mentions.append(mention)
            continue
        from_to = bool(groups) and re.fullmatch(r"(?:,|,? and)\s*from", gap) is not None and following in ("to", "into")
        # 'invoices come in by email, an extraction model pulls out ...': a clause ended, a subject opens the next
        opens = bool(groups) and gap.endswith(",") and bool(first_verb(gap)) and tells_action(following)
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


def sends(verb: str, objects: list[str]) -> bool:
    """Whether 'S <verb> O' sends to O or makes it ('writes', 'emails'; 'loads a staging table'), not takes it in."""
    return one_of(verb, SENDING_VERBS) or one_of(verb, {"load"}) and all(STORE.search(name) for name in objects)


def reaches(edges: set[tuple[int, int]], start: int, ends: tuple[int, ...]) -> bool:
    """Whether ``edges`` lead from ``start`` to any of ``ends`` (or ``start`` is one of them)."""
    graph = nx.DiGraph(edges)
    return start in ends or start in graph and bool(nx.descendants(graph, start) & set(ends))


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
