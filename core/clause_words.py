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

from core.mentions import ARTICLE

# Verbs whose object is what the subject makes or where it sends things: 'S writes O' is S > O.
# Every other transitive verb takes its object in: 'S reads O', 'S tags O', 'S turns O into X' are O > S.
OUT_VERBS = {
    "produce", "output", "write", "emit", "return", "give", "send", "create", "make", "generate", "yield",
    "publish", "post", "raise", "build", "compute", "save", "store", "push", "forward", "trigger", "call",
    "start", "kick", "feed", "hand", "pass", "route", "deliver", "ship", "upload", "put", "fill", "update", "populate",
    "control", "drive", "notify", "alert", "serve", "capture", "collect", "record", "extract", "predict",
    "assign", "dispatch", "invoke", "launch", "stream", "become", "hit", "reach", "enter", "lead", "schedule",
    "spawn", "fire", "report", "flag", "print", "show", "display", "export", "download", "fetch", "scrape",
    "crawl", "gather", "harvest", "retrieve", "propose", "suggest", "sample", "switch", "activate", "wake",
    "estimate", "calculate", "derive", "infer", "supply", "provide", "train", "fit", "retrain", "find", "spot",
    "locate", "identify", "shoot", "film", "photograph", "submit", "share", "dump", "attach"
}  # fmt: skip
# Read as sending only between two names, never to find a verb: 'and emails deal alerts' (an 'email' is a noun too,
# and 'GPS pings' are things).
SENDING_VERBS = OUT_VERBS | {"email", "mail", "text", "message", "fax", "ping"}
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
    "estimate", "forecast", "remove", "sync", "copy", "stitch", "mark", "sign", "fix", "correct", "deploy", "pick",
    "plot", "visualize", "visualise", "compile", "lint", "cluster",
}  # fmt: skip
MARKING = {"mark", "draw", "overlay", "highlight", "annotate", "outline", "circle"}  # 'S marks O on X': X > S
IN_WITH_TO = {"listen", "subscribe", "react", "respond", "look"}  # 'S listens to O', 'looks at O': O > S
ARRIVING = {"arrive", "land", "appear", "come"}  # 'Tickets arrive by email': what takes them in is said next
FINDING = {"find", "detect", "spot", "locate", "identify", "extract", "pick", "catch"}  # 'S finds O in X' is X > S > O
MAKING = {"compute", "calculate", "generate", "produce", "create", "make", "derive", "estimate"}  # 'compute O with T'
MAKING_PARTICIPLES = {"produced", "generated", "written", "created", "emitted", "returned", "made", "built"}
DESTINATION = re.compile(r"\b(?:to|into|in|on|onto|for|through|toward|towards|at|inside|against)$")
LOOKUP = {"match", "look", "search", "query", "check", "compare"}  # 'is matched against X': X answers with results
# 'the top chunks go with the question to GPT-4': the name after 'with' goes along
ALONG = re.compile(
    r"^(?:go|goes|travel|travels|is sent|are sent|get sent|gets sent|is passed|are passed)"
    r"\s+(?:together\s+|along\s+)?with$"
)
STORE = re.compile(r"\b(?:table|warehouse|database|db|lake|bucket|store|index)$", re.IGNORECASE)  # what is loaded
TASK = re.compile(r"\b(?:tests?|jobs?|scripts?|checks?|tasks?|suites?|crawlers?|scrapers?|linters?)$", re.I)  # run
SOURCE = re.compile(r"\b(?:from|out of|off)$")  # 'S reads the text off them'
TOOL = re.compile(r"\b(?:with|using|via)$")
BY = re.compile(r"\bby$")
# '..., and what is left becomes X', 'the rest goes to X': what flowed last goes on to X
REMAINDER = re.compile(
    r"\b(?:what(?:'s| is)? (?:left|remains)|the (?:rest|remainder))\b[^,;]*"
    r"\b(?:becomes?|is|are|goes(?: to| into)?|forms?|makes? up|ends? up (?:in|as))$"
)
# what a step makes, named bare at a clause's start: 'YOLO ...; detections go to a tracker' (made by YOLO)
OUTPUT = re.compile(
    r"\b(?:detections|predictions|results|outputs|scores|embeddings|features|tokens|labels|summaries|masks|"
    r"transcripts|captions|answers|responses|forecasts|recommendations|matches|candidates|vectors|logits|"
    r"probabilities|translations|estimates|keypoints|boxes)$",
    re.IGNORECASE,
)
# 'risky ones go to a review queue and the rest to auto-approval': the rest of what went to the last step goes here
# 'the rest are published to X': also a passive verb
ALTERNATIVE = re.compile(
    r"^(?:,\s*)?(?:and|while|but|or)?\s*(?:the (?:rest|others|remainder)|all (?:the )?others|everything else"
    r"|the remaining(?: \w+)?|(?:the )?[a-z-]+ ones)\s+"
    r"(?:(?:go|goes|land|lands|(?:are|is|get|gets) (?:[a-z]+ed|sent|fed|given|written))\s+)?(?:to|into|in)$"
    r"|^(?:,\s*)?(?:and|or)\s*,?\s*(?:(?:separately|also|in parallel|independently|at the same time)\s*,?\s*)?"
    r"(?:to|into|through)$"  # 'runs them through A and, separately, through B', 'sends it to A and to B'
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
    text = re.sub(r"\b(?:the|a|an)\s+(?:right|correct|appropriate|relevant|proper)$", "the", text.rstrip())
    text = re.sub(rf"(?:\s*\b(?:{ARTICLE}|one|a single|new))+$", "", " ".join(text.split())).strip()  # 'into one page'
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
    "good", "low", "real", "hot", "cold", "safe", "live", "ready", "sharp", "dark", "hard", "soft", "full",
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


def sends(verb: str, objects: list[str]) -> bool:
    """Whether 'S <verb> O' sends to O or makes it ('writes', 'emails'; 'loads a staging table'; 'runs the unit
    tests'), not takes it in."""
    stores = one_of(verb, {"load"}) and all(STORE.search(name) for name in objects)
    return one_of(verb, SENDING_VERBS) or stores or one_of(verb, {"run", "execute"}) and all(map(TASK.search, objects))


ORDER_OPENS = r"(?:^|[,;:]|\band|\bthen)\s*"  # where an order may open: '..., score sentiment with', 'and clean'


def next_order(gap: str) -> bool:
    """Whether the words before a name open another order after a comma: ', embed the', ', and plot the' (in a request
    of orders: 'Chunk the manuals with a splitter, embed the chunks with ...')."""
    found = re.fullmatch(r",\s*(?:and\s+)?(?:then\s+)?([a-z]+)(?:\s+(?:it|them|these|those|all))?", gap)
    word = found[1] if found else ""
    return bool(word) and word not in AUX and (not word.endswith("s") or VERB_FORMS.get(word) == word)


def order_verb(name: str, after: str, before: str) -> bool:
    """Whether a word that names a step in the singular (``name``, 'score' for 'scores') is the verb of an order:
    '..., score sentiment with a VADER model' (``before``/``after``: the request's text around it)."""
    following = re.match(r"\s+([a-z]+)", after.lower())
    ordered = re.search(rf"{ORDER_OPENS}$", before.lower()) is not None
    return ordered and name in VERB_FORMS and bool(following) and following[1] not in {*VERB_FORMS, *AUX}
