"""A plan's steps named as the request names them.

The planner copies step names with slips: it glues a subject's verb on ('web form posts', 'triage model scores'),
cuts a name short ('GPS' for "GPS pings are map-matched"), writes a phrase about another step as a step
('voxelized by voxelizer'), keeps a payload the request only carries ("both send their flags to a case queue": a
'flags' step) and leaves out data the request names ("the LLM's answer is checked by ..."). With the subjects and
objects ``core.noun_phrases`` finds:

- :func:`mended_names`: glued verbs cut off, phrases about other steps dropped, one step per name
- :func:`restated`: the steps as the request names them, payloads and never-named steps dropped, data it names added
- :func:`grown`: only the names cut short grown, one for one (for plans whose edges stay as planned)

:func:`told_flow` reads these lists in turn with ``core.prose.prose_edges`` and keeps the first whose sentences
read whole.

Example:
    >>> [node.label for node in grown([FlowNode("GPS", "data")], "GPS pings are map-matched by OSRM")]
    ['GPS pings']
"""

from __future__ import annotations

import re

from core.arrows import chains
from core.clause_words import ARRIVING, ORDER_OPENS, OTHER_WORDS, OUT_VERBS, VERB_FORMS, mended_typo, one_of
from core.mentions import TOPIC, TOPIC_SUBJECT, find_mentions
from core.noun_phrases import Phrase, phrases
from core.phrase_words import (
    AUX,
    BOUNDED,
    DETERMINER,
    LY_NOUNS,
    NOT_AGENTS_BY,
    NUMBER_WORDS,
    PEOPLE,
    STOP,
    is_verb,
    participle_like,
    role_of,
)
from core.plan import FlowNode, FlowSpec
from core.prose import prose_edges

GLUED = r"\s+(?:the|a|an|to|into|it|them|its|their|this|these)\b"  # what follows a verb the planner glued on
# what follows the subject of a passive with its agent: ' is read aloud by ', ' are quickly parsed by '
PASSIVE = re.compile(r"\s+(?:is|are|was|were|gets?|got)\s+(?:\w+ly\s+)?([\w-]+)(?:\s+\w+)?\s+by\s")


def unglued(label: str, request: str, others: tuple[str, ...] = ()) -> tuple[str, bool]:
    """('search API', True) for a plan step 'search API queries' when the request says 'the search API queries the
    index' (or 'queries FAISS', another step): the planner copied the verb with the name. Only a last word ending in
    -s, followed by an object, is cut; the flag says the name opens a clause there with an object after it (then it
    is a subject and the -s word its verb: 'the search API queries the index', not 'sends user posts to')."""
    words = label.split()
    if len(words) < 2 or not words[-1].endswith("s") or words[-1].endswith("ss"):
        return label, False
    named = "|".join(re.escape(other) for other in others if other != label and other[:1].isupper())
    object_ = rf"(?:{GLUED}|\s+(?:{named})(?![\w-]))" if named else GLUED
    glued = re.search(rf"(?<![\w-]){re.escape(label)}{object_}", request, re.IGNORECASE)
    if not glued:
        return label, False
    opening = re.search(r"(?:^|[;:,.]\s*|\b(?:and|then)\s+)(?:(?:the|a|an)\s+)?$", request[: glued.start()], re.I)
    sending = one_of(words[-1].lower(), OUT_VERBS)  # 'the web form posts to the API': a verb that sends
    with_object = sending or not re.match(r"\s+(?:to|into)\b", request[glued.start() + len(label) :], re.IGNORECASE)
    return " ".join(words[:-1]), opening is not None and with_object  # 'final voice chunks to X' is a name and 'to'


def names_another_step(label: str, others: list[str]) -> bool:
    """Whether a plan step is a phrase about another step rather than a step: 'voxelized by voxelizer'."""
    key = label.lower()
    return any(key != other.lower() and re.search(rf"\bby\s+{re.escape(other.lower())}$", key) for other in others)


def mended_names(nodes: list[FlowNode], request: str) -> tuple[list[FlowNode], bool]:
    """The plan's steps with the planner's slips in copying names mended: a glued verb cut off (:func:`unglued`), a
    phrase about another step dropped (:func:`names_another_step`), one step per name; and whether a glued name
    opens a clause with an object after it (then the mended names are the likelier reading)."""
    cut = [unglued(node.label, request, tuple(other.label for other in nodes)) for node in nodes]
    mended = [FlowNode(name, node.role if name == node.label else role_of(name)) for (name, _), node in zip(cut, nodes)]
    mended = [node for node in mended if not names_another_step(node.label, [node.label for node in nodes])]
    names = [node.label.lower() for node in mended]
    return [node for i, node in enumerate(mended) if node.label.lower() not in names[:i]], any(o for _, o in cut)


def longer_name(label: str, phrases: list[Phrase]) -> str:
    """The phrase a step's name is part of where the request names it as a subject or object: 'GPS' -> 'GPS pings'
    in 'GPS pings are map-matched', 'docs' -> 'Design docs'. The name itself when no such phrase holds it, or only one
    with a verb glued on ('produces raw data')."""
    name = label.lower().split()
    for phrase in phrases:
        words = phrase.text.lower().split()
        inside = any(words[i : i + len(name)] == name for i in range(len(words) - len(name) + 1))
        added = [word for word in phrase.text.split() if word.lower() not in name and not re.fullmatch("[A-Z]", word)]
        verb = any(_glued(word.lower()) for word in added)  # 'produces raw data', 'itno function'
        if inside and len(words) > len(name) and phrase.kind != "carried" and not verb:
            return phrase.text
    return label


def carried(label: str, phrases: list[Phrase], text: str) -> bool:
    """Whether the request names a step only as something carried from or to another place ('sends their flags to
    a case queue', 'writes new accounts to the users table', 'collects readings from the sensors')."""
    name = re.sub(r"^[\w-]+['’]s\s+", "", label.lower())  # "the day's logs" where 'logs' are carried
    forms = (name, name + "s", name.removesuffix("s"))
    named = [phrase for phrase in phrases if phrase.text.lower() in forms]
    others = sorted({phrase.text for phrase in phrases if phrase.text.lower() not in forms})  # 'page' of 'page store'
    mentions = [mention for mention in find_mentions([label, *others], text) if 0 in mention.nodes]
    return bool(named) and len(mentions) == len(named) and all(phrase.kind == "carried" for phrase in named)


def _inside_carried(label: str, phrases: list[Phrase], text: str) -> bool:
    """Whether a name is only ever part of a longer payload: 'high-risk' of 'hands high-risk cases to a nurse'."""
    spans = [(phrase.start, phrase.end) for phrase in phrases if phrase.kind == "carried" and phrase.text != label]
    found = list(re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text, re.IGNORECASE))
    return bool(found) and all(any(a <= m.start() and m.end() <= b for a, b in spans) for m in found)


def _means(label: str, text: str) -> bool:
    """Whether a name is only ever how something comes, not a step: 'invoices come in by email'."""
    single = label.lower().removesuffix("s")
    found = list(re.finditer(rf"(\w*)\s+{re.escape(single)}s?(?![\w-])", text, re.IGNORECASE))
    return single in NOT_AGENTS_BY and bool(found) and all(m[1].lower() in ("by", "via") for m in found)


GENERIC = re.compile(r"\b(?:outputs?|results?|data)$", re.IGNORECASE)  # 'its output' names no step of its own
DIAGRAM_WORDS = r"(?:flow|pipeline|workflow|process|loop|system|setup|stack|diagram|flowchart|architecture)"


def _title_only(label: str, text: str) -> bool:
    """Whether a name is only ever the diagram's title: 'fraud detection' of 'fraud detection flow with transactions,
    feature extraction, ...' (its words followed by 'flow with')"""
    found = list(re.finditer(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text, re.IGNORECASE))
    titles = [m for m in found if re.match(rf"\s+{DIAGRAM_WORDS}\s+(?:with|where|that|in which)\b", text[m.end() :])]
    return bool(found) and len(titles) == len(found)


def _as_what(label: str, text: str) -> bool:
    """Whether a name is only one of the two things something is taken as: 'positive', 'negative' of 'tags tweets as
    positive or negative' (not a name after a lone 'as': 'exports it as model.onnx')."""
    pairs = re.findall(r"\bas\s+([\w-]+)\s+or\s+([\w-]+)\b", text, re.IGNORECASE)
    named = len(re.findall(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text, re.IGNORECASE))
    return named == sum(pair.count(label.lower()) for pair in (tuple(map(str.lower, p)) for p in pairs)) > 0


def _unglued(label: str, phrases: list[Phrase], text: str) -> str:
    """'triage model' for a step 'triage model scores' when the request says 'a triage model scores the form': the
    planner copied the subject's verb into the name. Cut only where an article, 'through' or 'via' follows
    the verb ('the feature store supplies ...' keeps 'feature store', 'the new map spans' keeps 'new map spans')."""
    lower = label.lower()
    for phrase in phrases:
        glued = f"{phrase.text.lower()} {phrase.verb.lower()}"
        bare = glued.removesuffix("s")  # 'user upload' for 'a user uploads a photo'
        if not phrase.verb or not (lower.startswith(glued) or lower == bare and glued != bare):
            continue
        after = re.match(r"\s*(\w+)", text[phrase.end :][len(phrase.verb) + 1 :])
        if after and after[1].lower() in DETERMINER | {"through", "via"}:  # 'transactions stream through X'
            return phrase.text
        rest = lower[len(glued) :].strip()  # 'labeller tags tweets': its object glued on too, a phrase of its own
        acting = phrase.verb.endswith("s") and is_verb(phrase.verb)  # not 'merged build readings', 'speech to text'
        if acting and rest and any(other.text.lower() == rest and other.kind in ("input", "made") for other in phrases):
            return phrase.text
    return label


def _names_something(phrase: Phrase, skip: int) -> bool:
    """Whether a phrase can be a step: after the topic, a name rather than a number, an adverb ('comes kindly
    from'), a person who acts ('patients fill in ...') or a maker of a thing ('hit a load balancer')."""
    text = phrase.text.lower()
    adverb = " " not in text and text.endswith("ly") and text not in LY_NOUNS
    person = phrase.kind == "subject" and text in PEOPLE
    maker = phrase.kind == "made" and role_of(text) == "process"
    named = re.match(r"[^\W\d]|\d+[a-z]", text) is not None  # a name, or '3D detector', '5G modem'; not '12'
    return phrase.start >= skip and named and not (adverb or person or maker)


def _kept(nodes: list[FlowNode], phrases: list[Phrase], text: str, skip: int) -> list[FlowNode]:
    """The plan's steps, renamed as the request names them, less those it does not name as things: carried only,
    a lone participle ('cleaned'), or not in the request at all (a bare verb in its topic, 'Transcribe then
    summarize: ...', is no step either); one step per name."""
    kept: list[FlowNode] = []
    for node in nodes:
        label = longer_name(_unglued(node.label, phrases, text), phrases)
        fitting = re.match(r"(?:right|appropriate|proper|relevant|single)\s+(?=\S)", label, re.IGNORECASE)
        if fitting and re.search(rf"\b(?:(?:to|into|in) the|a) {re.escape(label)}\b", text, re.IGNORECASE):
            label = label[fitting.end() :]  # 'routed to the right team inbox', 'into a single orthophoto'
        label = re.sub(rf"{BOUNDED.pattern}$", "", label, flags=re.IGNORECASE)  # 'scores above 0.9' are scores
        again = re.escape(label[4:]) if label.lower().startswith("new ") else ""
        if again and re.search(rf"\b{again}\s*(?:,\s*)?(?:and\s+)?{re.escape(label)}\b", text, re.IGNORECASE):
            label = label[4:]  # 'Sentry groups them into issues, and new issues open tickets': the same issues
        lone_participle = " " not in label and participle_like(label.lower()) and not label.endswith("eed")  # 'feed'
        kinds = {phrase.kind for phrase in phrases if phrase.text.lower() == label.lower()}
        verb = one_of(label.lower(), ARRIVING) and label.lower() in {p.verb.lower() for p in phrases}  # "Uploads land"
        person = label.lower() in PEOPLE and kinds == {"subject"}  # 'a student submits an essay': who acts is no step
        counted = re.match(r"(?:two|three|four|five|six|both) \w+$", label, re.IGNORECASE) and re.search(
            rf"\b{re.escape(label)}\s*[,:(—–-]", text, re.IGNORECASE
        )  # 'two inputs, click logs and product metadata, are merged': the two are the steps
        if (
            carried(label, phrases, text)
            or _inside_carried(label, phrases, text)
            or _means(label, text)
            or lone_participle
            or verb
            or re.fullmatch(r"[\d.,%]+", label)  # a threshold ('0.9'), no step
            or person
            or counted
            or _short_for(label, [other.label for other in nodes], text)
            or _order_with_tool(label, text)
            or _title_only(label, text)
            or _as_what(label, text)
            or label.lower() in {n.label.lower() for n in kept}
        ):
            continue
        kept.append(FlowNode(label, node.role))
    named = {node for mention in find_mentions([node.label for node in kept], text) for node in mention.nodes}
    written = [_written(node.label, text, skip) for node in kept]
    return [node for index, node in enumerate(kept) if index in named or written[index]]


def _order_with_tool(label: str, text: str) -> bool:
    """Whether the planner named a step by the words of an order whose tool is the step: 'clean' or 'score
    sentiment' for "..., clean them with pandas, score sentiment with a VADER model" (pandas and the VADER model are
    the steps, found by ``core.noun_phrases`` where the plan lacks them; 'load CSV' in "1) load CSV 2) ..." is a step,
    there being no tool)."""
    first = label.split()[0].lower() if label.split() else ""
    if VERB_FORMS.get(first) != first:
        return False
    object_ = r"(?:it|them|these|those|this|(?:the|its|their)\s+[\w-]+(?:\s+[\w-]+)?)\s+"  # 'cluster the embeddings'
    tool = rf"\s+(?:{object_})?(?:with|using|via|in|through)\s+(?:(?:a|an|the)\s+)?"
    order = rf"{ORDER_OPENS}{re.escape(label)}{tool}\w"
    return re.search(order, text, re.IGNORECASE) is not None


def _short_for(label: str, labels: list[str], text: str) -> bool:
    """Whether a step is another step named again by its last words: 'the prompt' after 'user prompt' (every time the
    request writes it, it is inside the longer name or after 'the')."""
    longer = [other for other in labels if other.lower().endswith(" " + label.lower())]
    if not longer:
        return False
    found = re.finditer(rf"(?:^|(\S*)\s+){re.escape(label)}(?![\w-])", text, re.IGNORECASE)
    before = [(m[1] or "").lower() for m in found]  # '' opens the request: a name of its own
    inside = {other.lower()[: -len(label)].split()[-1] for other in longer}
    return "the" in before and all(word in inside or word == "the" for word in before)


def _written(label: str, text: str, skip: int) -> bool:
    """Whether the request writes a step's name; a bare verb ('scan') as a whole word after the topic."""
    if is_verb(label):
        return re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text[skip:], re.IGNORECASE) is not None
    return re.search(rf"(?<![\w-]){re.escape(label)}", text, re.IGNORECASE) is not None


def restated(nodes: list[FlowNode], text: str) -> list[FlowNode]:
    """The plan's steps as the request names them (a step it never names, or only carries somewhere, dropped; a
    short name grown to the phrase it is part of), and a subject, or a thing made or taken in, that no step names
    as a new step; in the order the request names them."""
    head = TOPIC.match(text)
    skip = head.end() if head else 0
    found = phrases(text)
    steps = _kept(nodes, [phrase for phrase in found if phrase.start >= skip], text, skip)
    subject = re.sub(r"^(?:the|a|an|our|my)\s+", "", text[: head.end()].strip(" :"), flags=re.I) if head else ""
    plain = 0 < len(subject.split()) <= 4 and not any(is_verb(word.lower()) for word in subject.split())
    if plain and TOPIC_SUBJECT.match(text[skip:]) and not find_mentions([node.label for node in steps], subject):
        steps.insert(0, FlowNode(subject, role_of(subject)))  # 'lidar point cloud: voxelized by a voxelizer, ...'
    mentions = find_mentions([node.label for node in steps], text)  # "its signals" names data of its own
    taken = [(m.start, m.end) for m in mentions if m.ref != "own" or GENERIC.search(text[m.start : m.end])]
    for phrase in found:
        free = not any(start < phrase.end and phrase.start < end for start, end in taken)
        known = phrase.text.lower() in {node.label.lower() for node in steps}
        if free and not known and phrase.kind not in ("carried",) and _names_something(phrase, skip):
            steps.append(FlowNode(phrase.text, "process" if phrase.kind == "agent" else role_of(phrase.text)))
    steps = [FlowNode(node.label, "data") if _acted_on(node.label, found, text) else node for node in steps]
    mentions = find_mentions([node.label for node in steps], text)
    first = {node: mention.start for mention in reversed(mentions) for node in mention.nodes if not mention.ref}
    return [steps[index] for index in sorted(range(len(steps)), key=lambda index: first.get(index, len(text)))]


def _acted_on(label: str, found: tuple[Phrase, ...], text: str) -> bool:
    """Whether the request makes a step the subject of a passive with its agent ('the translation is read aloud by a
    TTS engine'): a thing handed on, data, whatever role the planner gave it."""
    return any(
        phrase.kind == "subject"
        and phrase.text.lower() == label.lower()
        and (passive := PASSIVE.match(text, phrase.end))
        and (participle_like(verb := passive[1].lower().split("-")[-1]) or verb in ("read", "run", "shown", "seen"))
        for phrase in found
    )


def grown(nodes: list[FlowNode], text: str) -> list[FlowNode]:
    """The plan's steps with a name cut short grown by the words that end it in the request: 'FASTQ' -> 'FASTQ reads'
    where it says "FASTQ reads are aligned". Only words after the name, none a verb unless the phrase is a subject
    whose own verb is 'is' or 'are'; the steps as they are when two would get one name."""
    head = TOPIC.match(text)
    renamed = []
    for node in nodes:
        name = node.label.lower().split()
        label = node.label
        for phrase in phrases(text):
            words = phrase.text.split()
            added = words[len(name) :]
            noun_verb = phrase.kind == "subject" and phrase.verb.lower() in AUX  # 'FASTQ reads are'
            if (
                phrase.start >= (head.end() if head else 0)
                and phrase.kind != "carried"
                and [word.lower() for word in words[: len(name)]] == name
                and added
                and not any(_not_a_name(word) or (is_verb(word) and not noun_verb) for word in added)
            ):
                label = phrase.text
                break
        renamed.append(FlowNode(label, node.role))
    return renamed if len({node.label.lower() for node in renamed}) == len(renamed) else nodes


def _glued(word: str) -> bool:
    """A word the planner or a typo glued to a name: a verb in -s ('produces', 'tkaes'), a stop or number word, or a
    misspelt preposition ('itno'); not a participle ('labelled transactions')."""
    mended = mended_typo(word)
    return word in STOP | NUMBER_WORDS or (mended.endswith("s") and is_verb(mended)) or mended in OTHER_WORDS - {word}


def _not_a_name(word: str) -> bool:
    """A word no step name ends with: a stop word, a number, 'plus', a verb misspelt ('feds', 'tkaes')."""
    word = word.lower()
    mended = mended_typo(word)
    return word in STOP | NUMBER_WORDS | {"plus"} or word.isdigit() or (mended != word and is_verb(mended))


def told_flow(spec: FlowSpec, request: str) -> FlowSpec:
    """The plan with the edges its sentences tell (``core.prose.prose_edges``), or the plan as it is when they tell
    not all. Read in turn until one reading is whole: the steps as the request names them (:func:`restated`), then
    the plan's own steps and the same mended (:func:`mended_names`); mended first when a glued name opens a clause
    ('the web form posts the order to the API'). When none reads whole, the plan's edges stay and only names cut
    short are grown as the request ends them (:func:`grown`)."""
    mended, opens = mended_names(list(spec.nodes), request)
    tries = [mended, list(spec.nodes)] if opens else [list(spec.nodes), mended]
    tries = [restated(nodes, request) for nodes in tries] + tries
    for nodes in dict.fromkeys(tuple(nodes) for nodes in tries):  # each list of steps read once
        edges = prose_edges([node.label for node in nodes], [node.role for node in nodes], request)
        if edges is not None:
            return FlowSpec(tuple(nodes), tuple(edges))
    if chains(request):
        return spec  # arrows name the steps as they are
    return FlowSpec(tuple(grown(list(spec.nodes), request)), spec.edges)  # the planner's edges, the request's names
