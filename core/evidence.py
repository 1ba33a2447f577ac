"""Does the request back a plan? A check of the planner's output against the request.

The planner copies from the request: numbers (a repeat written the way the request writes it: 'dense 784 128 x2 10'
for "two hidden layers of 128 units") and the names of flowchart steps. A plan that writes a number more often than
the request does, counts a repeat with a number the request never writes, contradicts a stated number of hidden
layers or an input/output size, leaves out a size the request writes in digits (a third filter count of "32, 64 and
128 filters"), names a step the request never names, or leaves a step unjoined, or (a CNN) repeats nothing where the
request says something repeats ('twice', 'each followed by', '[...] x 2') or gives a pool a size the request gives no
pooling layer, was misread; ``core.pipeline.plan_request`` then samples other plans and keeps the first the request
backs, or the first plan when none is. Defaults a request may leave out (a 3x3 convolution, 2x2 pooling, a single
output) need no mention. :func:`counted_hidden` mends one slip instead of resampling: a told repeat of hidden layers
written once.

Example:
    >>> unbacked("dense 20 10 20 5", "single-hidden-layer perceptron, 10 in / 20 hidden / 5 out")
    ['20 written 2 times, the request has it 1', 'the request states 1 hidden layer(s), the plan has 2', \
"the request's input is 10, the plan's 20"]
"""

from __future__ import annotations

import re

from core.metrics import normalise_label
from core.plan import DenseSpec, repeat_runs
from core.prompts.words import number_words

_COUNT = re.compile(r"^x(\d+)$")
_SIZE = re.compile(r"^(\d+)x(\d+)(?:x(\d+))?$")
_WORD = {number_words(value): value for value in range(100)} | {"single": 1}
_TOKEN = r"(\d{1,3}(?:,\d{3})+|\d+|[a-z]+(?:-[a-z]+)?)"  # '3,398', '7', 'thirty-five'
_NUM = r"(?<![\w,.-])" + _TOKEN
_ONE = re.compile(  # a size of 1 written: '1', 'one', 'a single', 'a scalar', 'a input', 'has a neuron'
    r"(?<![\d.,])1(?![\d.,])|\b(?:one|single|scalar)\b|\ban?\s+(?:\w+\s+)?(?:in\w*|neuron|unit|no+de|element|"
    r"perceptron|cell|feature)\b",
    re.IGNORECASE,
)
_HIDDEN = re.compile(_NUM + r"[ -]hidden[ -]layers?\b", re.IGNORECASE)
_TOTAL = re.compile(_NUM + r"[ -]layers?\b", re.IGNORECASE)
_INPUT = (
    re.compile(_NUM + r"[ -]inputs?\b", re.IGNORECASE),
    re.compile(r"(?<![\w,.-])(\d+) in\b(?! the| a\b)", re.IGNORECASE),
    re.compile(r"\binputs?(?: layer)?(?: of| has| with| =|:)? " + _TOKEN + r"(?![\w,-])", re.IGNORECASE),
)
_OUTPUT = (
    re.compile(_NUM + r"[ -]outputs?\b", re.IGNORECASE),
    re.compile(r"(?<![\w,.-])(\d+) out\b", re.IGNORECASE),
    re.compile(r"\boutputs?(?: layer)?(?: of| has| with| =|:)? " + _TOKEN + r"(?![\w,-])", re.IGNORECASE),
)
_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\d.]|,\d)|(?<![\w.,])\d+(?![\d.]|,\d)")  # not Conv2D's 2
_COUNTS = re.compile(  # after a number that counts: 'x 2 (', '2 (', '3 hidden layers', '9-layer', '4 stages', '2 convs'
    r"\s*(?:[x×*](?!\s*\d+\s*[x×*]\s*\d)|\(|[- ]?(?:[\w*×]+[ -]){0,2}"
    r"(?:layers?|blocks?|stages?|times|rounds?|conv\w*)\b)",
    re.IGNORECASE,
)
_COUNTED = re.compile(r"(?:\blayer\s*|[)\]]\s*[x×*]\s*)$", re.IGNORECASE)  # before: 'Hidden layer 1:', ') x 2'
_GAP = r"(?:(?!\b(?:then|followed|and|conv\w*)\b)[^,;>→\n]){0,30}?"  # words within one layer's item
_TWICE = {2: r"\b(?:twice|double)\b", 3: r"\b(?:thrice|three times)\b"}
# A CNN request that says something repeats: 'twice', '3 times', 'each followed by', 'blocks of', '[...] x 2'.
_REPEAT_CUE = re.compile(
    r"\b(?:twice|thrice|\w+ times|repeated|repeat|each followed by|after each|identical|each (?:block|stage)"
    r"|(?:blocks?|stages?|rounds?) (?:of|each)|blocks?, each)\b"
    r"|[)\]}] ?[x×] ?\d|\d ?[x×] ?[(\[{]",
    re.IGNORECASE,
)


def unbacked(plan: str, request: str) -> list[str]:
    """Why the request does not back the plan; empty when it does."""
    words = plan.split()
    if words[:1] == ["dense"]:
        return _dense(words[1:], request)
    if words[:1] == ["cnn"]:
        return _cnn(plan.split(" ", 1)[1] if " " in plan else "", request)
    if words[:1] == ["flow"]:
        return _flow(plan.split(" ", 1)[1] if " " in plan else "", request)
    return []


def _flow(body: str, request: str) -> list[str]:
    """A flowchart's steps are named in the request word for word and each is joined to another (every
    hand-written and synthetic request in the held-out sets is so), and no step feeds itself."""
    nodes, _, edges = body.partition("|")
    text = f" {normalise_label(request)} "
    labels = [label for item in nodes.split(";") if (label := re.sub(r"\[\w+\]\s*$", "", item).strip())]
    pairs = [[end.strip() for end in edge.split(">")] for edge in edges.split(";")]
    joined = {normalise_label(end) for pair in pairs if len(pair) == 2 for end in pair}
    reasons = [
        f"the step '{label}' is not in the request" for label in labels if f" {normalise_label(label)} " not in text
    ]
    if len(labels) > 1:
        reasons += [f"the step '{label}' has no edge" for label in labels if normalise_label(label) not in joined]
    reasons += [f"'{pair[0]}' feeds itself" for pair in pairs if len(pair) == 2 and pair[0] and pair[0] == pair[1]]
    return reasons


def stated_number(word: str) -> int | None:
    """The value of a number token: '3,398', '7', 'thirty-five', 'single'; None for other words."""
    word = word.lower().replace(",", "")
    return int(word) if word.isdigit() else _WORD.get(word)


def _runs(words: list[str]) -> list[tuple[int, int]] | None:
    """(size, times) per written size: 'dense 4 10 x2 3' -> [(4, 1), (10, 2), (3, 1)]; None if unreadable."""
    runs: list[tuple[int, int]] = []
    for word in words:
        count = _COUNT.match(word)
        if count and runs:
            runs[-1] = (runs[-1][0], int(count.group(1)))
        elif word.isdigit():
            runs.append((int(word), 1))
        else:
            return None
    return runs


def _repeat_backed(size: int, times: int, ends: int, request: str) -> bool:
    """'128 x3' needs a three in the request ('three hidden layers', '3 x', 'thrice') or 128 written three
    times; a run that also covers the input or output layer ('4 inputs, two hidden layers of 4') may count
    one less for each end it covers."""
    for count in range(times, times - ends - 1, -1):
        pattern = _TWICE.get(count)
        if count > 1 and (_mentions(count, request) or (pattern and re.search(pattern, request, re.IGNORECASE))):
            return True
    return _mentions(size, request) >= times


def _dense(words: list[str], request: str) -> list[str]:
    runs = _runs(words)
    if not runs:
        return []  # not a dense plan the parser reads: parse_plan says why
    reasons, sizes = _left_out(" ".join(words), request), [size for size, times in runs for _ in range(times)]
    for index, (size, times) in enumerate(runs):
        ends = (index == 0) + (index == len(runs) - 1)
        if times > 1 and size != 1 and not _repeat_backed(size, times, ends, request):
            reasons.append(f"a repeat {size} x{times} the request never counts")
    hidden, total = _layer_counts(request)
    written = [size for size, _ in runs]
    for size in sorted(set(written) - {1}):  # an output neuron or 'a cell' goes without a 1
        mentions = _mentions(size, request) - (hidden + total).count(size)  # '3 hidden layers' has no size 3
        if written.count(size) > mentions:
            reasons.append(f"{size} written {written.count(size)} times, the request has it {max(mentions, 0)}")
    if _unwritten_one(sizes, request):
        reasons.append("an input of 1 the request never writes")  # 'layer widths 16-12-8-4-2' -> 'dense 1 16 ...'
    if len(set(hidden)) == 1 and hidden[0] != len(sizes) - 2:
        reasons.append(f"the request states {hidden[0]} hidden layer(s), the plan has {len(sizes) - 2}")
    # 'N layers' counts every layer, all but the input, or (with 'in between') the hidden ones
    if not hidden and len(set(total)) == 1 and total[0] not in range(len(sizes) - 2, len(sizes) + 1):
        reasons.append(f"the request states {total[0]} layers, the plan has {len(sizes)}")
    for end, value, found in (
        ("input", _end(_INPUT, request), sizes[0]),
        ("output", _end(_OUTPUT, request), sizes[-1]),
    ):
        if value is not None and found != value:
            reasons.append(f"the request's {end} is {value}, the plan's {found}")
    return reasons


def written_input(spec: DenseSpec, request: str) -> DenseSpec:
    """A plan that opens with an input of 1 the request never writes loses it ('layer widths 16-12-8-4-2' planned
    as 'dense 1 16 12 8 4 2'), when at least three sizes are left."""
    if len(spec.sizes) >= 4 and _unwritten_one(spec.sizes, request):
        return DenseSpec(spec.sizes[1:])
    return spec


def _unwritten_one(sizes: list[int] | tuple[int, ...], request: str) -> bool:
    """Whether a plan's input is 1 and the request writes no size of 1 ('1', 'one', 'a single', 'a input')."""
    return sizes[0] == 1 and not _ONE.search(request)


def counted_hidden(spec: DenseSpec, request: str) -> DenseSpec:
    """A plan with one hidden size, where the request states another number of hidden layers, gets that many of
    them when the request then backs it ('three hidden layers of width nine': 'dense 5 9 2' -> 'dense 5 9 9 9 2');
    the planner now and then writes a repeat told in words once."""
    hidden, _ = _layer_counts(request)
    inner = spec.sizes[1:-1]
    if len(set(hidden)) != 1 or len(set(inner)) != 1 or len(inner) == hidden[0]:
        return spec
    sizes = (spec.sizes[0], *inner[:1] * hidden[0], spec.sizes[-1])
    written = [str(spec.sizes[0]), str(inner[0]), f"x{hidden[0]}", str(spec.sizes[-1])]  # as the planner counts
    return DenseSpec(sizes) if not _dense(written, request) else spec


def _layer_counts(request: str) -> tuple[list[int], list[int]]:
    """Hidden-layer counts ('two hidden layers', 'single-hidden-layer') and layer counts ('a 4-layer MLP')."""
    hidden = [n for m in _HIDDEN.finditer(request) if (n := stated_number(m.group(1)))]
    if not hidden and re.search(r"\bsingle[ -]hidden\b", request, re.IGNORECASE):
        hidden = [1]
    total = [n for m in _TOTAL.finditer(request) if (n := stated_number(m.group(1))) and n > 1]
    return hidden, total


def _end(patterns: tuple[re.Pattern, ...], request: str) -> int | None:
    """The size the request gives the input (or output) layer, if it gives exactly one."""
    found = {
        n for pattern in patterns for m in pattern.finditer(request) if (n := stated_number(m.group(1))) is not None
    }
    return found.pop() if len(found) == 1 else None


def _cnn(body: str, request: str) -> list[str]:
    """Units, filters, kernels and input sizes written in a CNN plan must be in the request (defaults aside), and
    a request that says something repeats ('twice', 'each followed by', '[...] x 2') gets a plan that repeats."""
    cue = _REPEAT_CUE.search(request)
    reasons = [f"the request says '{cue.group(0)}' but the plan repeats nothing"] if cue and not _repeats(body) else []
    reasons += _left_out(body, request)
    for part in re.split(r"\s*;\s*|\(\s*|\s*\)", body):
        words = part.split()
        if not words:
            continue
        for word in words[1:]:
            size = _SIZE.match(word)
            if size:
                default = {"conv": "3", "maxpool": "2", "avgpool": "2"}.get(words[0])
                for side in filter(None, size.groups()):
                    if side != default and not _mentions(int(side), request) and not _channels(words[0], side, request):
                        reasons.append(f"{words[0]} {word}: the request has no {side}")
                    elif side != default and words[0] in ("maxpool", "avgpool") and not _pool_size(side, request):
                        reasons.append(f"{words[0]} {word}: the request gives no pooling a {side}")
            elif word.isdigit() and words[0] in ("conv", "dense") and word != "1" and not _mentions(int(word), request):
                reasons.append(f"{words[0]} {word}: the request has no {word}")
    return reasons


def _left_out(body: str, request: str) -> list[str]:
    """Every number the request writes in digits is a size the plan uses, unless it counts something ('3 hidden
    layers', 'a 9-layer net', 'Hidden layer 1:', '2x50 hidden', '4 stages of', '4 1x1 convolutions', '(...) x 2',
    '2 (conv ...)')."""
    used = {int(number) for number in re.findall(r"\d+", body)}
    reasons = []
    for found in _DIGITS.finditer(request):
        value = int(found.group(0).replace(",", ""))
        if value in used or _COUNTS.match(request, found.end()) or _COUNTED.search(request[: found.start()]):
            continue
        reasons.append(f"the plan leaves out the request's {found.group(0)}")
    return reasons


def _pool_size(side: str, request: str) -> bool:
    """Whether the request gives a pooling layer this size: '3x3 max pool', 'pool (3 by 3)', 'pooling of size 3'
    (a size with a convolution or a 'then' between it and the pooling word is not the pool's)."""
    number = rf"(?:{side}|{number_words(int(side))})"
    size = rf"(?:\b{number}\s*(?:x|×|\*|by|-by-)\s*{number}\b|\bsize (?:of )?{number}\b)"
    return re.search(rf"po+l{_GAP}{size}|{size}{_GAP}po+l", request, re.IGNORECASE) is not None


def _repeats(body: str) -> bool:
    """Whether a CNN plan repeats: a count ('x2', '( ... ) x3'), or a run of layers of the same kinds in a row
    ('conv 3x3 16 ; maxpool 2x2 ; conv 3x3 32 ; maxpool 2x2'); dense layers only repeat when equal."""
    if re.search(r"(?:^|\s|\))x\d+\b", body):
        return True
    layers = [part.split() for part in re.split(r"\s*;\s*", body) if part.strip()]
    same = tuple(words if words[0] == "dense" else words[:1] for words in layers if words[0] != "input")
    return any(count > 1 for _, count in repeat_runs(same))


def _mentions(value: int, request: str) -> int:
    """Times the request writes a number: digits (also in '2x6' and '(64,64,3)'), '4,096' or words, a sentence's
    last word too ('... and 10.'); the 5 of '0.5' and the 3 of '3,000' are not mentions."""
    words = {f"{value:,}", number_words(value)} - {str(value)}
    group = r"(?<!\d,)" if len(str(value)) == 3 else ""  # '000' of '3,000'
    digits = len(re.findall(rf"(?<![\d.]){group}{value}(?!\d|\.\d|,\d{{3}}(?!\d))", request))  # '2x6' writes a 6
    return digits + sum(len(re.findall(rf"(?<![\w.,]){re.escape(w)}(?!\w|[.,]\d)", request, re.I)) for w in words)


def _channels(kind: str, side: str, request: str) -> bool:
    """An input's channel count may be said in words: RGB/colour = 3, grayscale = 1."""
    if kind != "input":
        return False
    words = {"3": r"\b(?:rgb|colou?r)", "1": r"\b(?:gr[ae]y|mono|single[- ]channel|black and white)"}
    return side in words and re.search(words[side], request, re.IGNORECASE) is not None
