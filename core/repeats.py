"""Repeats a request tells in words are written out before the planner reads it.

Measured on the shipped planner: a repeat told in words ("conv 3x3 (32) twice", "three rounds of
[conv -> batch norm -> pool]", "four identical stages, each a conv and then a pool", "..., repeated two
times") came out once in 16 of 16 such requests of the held-out sets F and G, while the same networks
with the layers written out one by one were read right in 7 of 9. So :func:`expand_repeats` writes such
a repeat out ("conv 3x3 (32), then conv 3x3 (32)") and the planner reads that; the checks read the
written-out request too. Of 133 synthetic CNN requests this rewrites, the planner read 4 right as written
and 67 written out (one lost). A part is repeated only when it names a layer (conv, pool, dense, hidden,
...), so "starts the scraper twice a day" stays as it is, and a reading that is unsure (the input inside
the part, per-block sizes after it: "two blocks of (conv, pool) with 16 and 32 filters") is left alone.

Forms read (a count is 2-12 in digits or words, 'twice' or 'thrice'):

- a bracketed group and a count: "(A -> B) x 2", "2 × [A, B]", "three rounds of [A -> B]",
  "[A, B] repeated 3 times", "two identical conv blocks (A; B)";
- a count, then a group to the end of its clause: "three times: A followed by B;", "four identical
  stages, each A and then B, ending in ...", "two stages where every stage is A, B and C, then ...";
- a clause, then a count: "A, B, repeated two times" (back to the last 'then'), "A and B, do this 3
  times", "A, then B, then repeat that once more" (back to the sentence start);
- a layer, then a count: "conv 3x3 (32) twice", "conv 5x5 with 20 filters repeated 3 times";
- one layer after each of a list: "conv layers of 32, 64 and 128 filters, each followed by 2x2 max
  pooling", "three conv layers with 32, 64 and 128 filters, a max pool after each one";
- counted layers told one by one: "two conv layers, the first with 6 filters of 5x5 and the second with
  16 filters of 5x5, each followed by max pooling" (each item a filter count and maybe a kernel);
- counted layers in a CNN request: "two 3x3 convs with 64 filters", "four conv 3x3 layers each followed
  by max pooling", "two fully connected layers of 4096" (not "two conv layers with 16 and 32 filters":
  a list of sizes is the planner's to read).

Example:
    >>> expand_repeats("CNN on 32x32x3: conv 3x3 (32) twice, then max pool, dense 10")
    'CNN on 32x32x3: conv 3x3 (32), then conv 3x3 (32), then max pool, dense 10'
"""

from __future__ import annotations

import re

from core.lm.templates import MAX_REQUEST_CHARS
from core.prompts.words import number_words

MAX_TIMES = 12  # a count beyond this is not a repeat to write out
_WORDS = {number_words(n): n for n in range(2, MAX_TIMES + 1)} | {"twice": 2, "thrice": 3, "once more": 2, "again": 2}
_NUM = r"(?:\d{1,2}|" + "|".join(number_words(n) for n in range(2, MAX_TIMES + 1)) + ")"
_TIMES = rf"(?:(?P<n>{_NUM})\s+times|(?P<w>twice|thrice))"
_LAYER = re.compile(
    r"\b(?:conv\w*|\w*pool\w*|avg|average|dense|fc|fully|hidden|batch ?norm\w*|bn|relu|dropout|flatten|softmax"
    r"|layers?|filters?|kernels?|neurons?|units?)\b",
    re.IGNORECASE,
)
_INPUT = re.compile(r"\b(?:input|inputs|images?|photos?|pictures?|rgb|grayscale|channels?)\b", re.IGNORECASE)
# Words of a network's head: a repeated block rarely holds them, so a span that does is misread and left alone.
_HEAD_WORDS = re.compile(r"\b(?:outputs?|classes|softmax|flatten|classifier)\b", re.IGNORECASE)
_HEAD = (
    r"(?:a |an |the |one |two |\d+ )?(?:[^\s,;]+ )?(?:flatten|dense|fc\d*|fully|linear|output|outputs|softmax|global"
    r"|classifier|classes|units?|nodes?|neurons?)\b"
)
_LEAD = re.compile(r"^\s*(?:each(?: (?:block|stage|one))?\s*(?:is|:)?|consisting of|made of)\s*", re.IGNORECASE)
# 'two blocks of (conv, pool) with 16 and 32 filters': the blocks differ, so the text is not one block repeated.
_PER_BLOCK = re.compile(
    r"(?:with|having|of|using)\s+\S+(?:\s*(?:,|/|and)\s*\S+)+\s+(?:filters|channels|kernels)\b", re.IGNORECASE
)
_AFTER_BLOCK = re.compile(r"^\s*,?\s*(?:and\s+)?" + _PER_BLOCK.pattern, re.IGNORECASE)
_BRACKETS = ("()", "[]", "{}")
_SIZE = "(?:\\d+|" + "|".join(sorted((number_words(n) for n in range(1, 100)), key=len, reverse=True)) + ")"
_KERNEL = r"\d+\s*(?:x|×|\*|by|-by-)\s*\d+"

_BRACKET_AFTER = re.compile(
    r"(?:\brepeat\s+)?[\[({](?P<span>[^\[\](){}]+)[\])}]\s*"
    rf"(?:[x×*]\s*(?P<x>\d{{1,2}})\b|,?\s*(?:repeated\s+)?{_TIMES})",
    re.IGNORECASE,
)
_BRACKET_BEFORE = re.compile(
    rf"\b(?P<n>{_NUM})\s*(?:[x×*]\s*|(?:(?:identical|similar|same|conv\w*)\s+){{0,2}}"
    r"(?:rounds?|blocks?|stages?|repeats|repetitions|copies)\s*(?:of\s*|:\s*)?)"
    r"[\[({](?P<span>[^\[\](){}]+)[\])}]",
    re.IGNORECASE,
)
_COUNT_BEFORE = re.compile(
    rf"(?:\brepeat\s+)?\b(?P<n>{_NUM})\s+(?:times\s*:|(?:(?:identical|similar|same|conv\w*)\s+){{0,2}}"
    r"(?:rounds?|blocks?|stages?)(?:\s+of|\s*,?\s*each(?:\s+(?:block|stage|one))?\s*(?:is|:|consisting of|made of)?"
    r"|\s+where (?:every|each) (?:block|stage|one) is|\s*:|\s+each consisting of))\s+"
    r"(?P<span>.+?)(?P<end>[;?!\n]|\.(?:\s|$)|,\s*(?:ending|finishing|and finally|and a final|before)\b"
    rf"|(?:,|\s+then|\s+followed by|\s+and(?: then)?|\s*(?:->|-->|→|⟶))\s+(?={_HEAD})"
    r"|\s+and (?:finish|end)\w*\b|$)",
    re.IGNORECASE,
)
_CLAUSE_AFTER = re.compile(
    r"(?P<span>[^;:.]+?),\s*(?:and\s+)?(?:then\s+)?(?P<how>repeated|done|applied|do (?:this|that|it)"
    rf"|repeat (?:this|that|it|the above)(?: all)?|)\s*(?:{_TIMES}|(?P<m>once more|again))\b",
    re.IGNORECASE,
)
_LAYER_AFTER = re.compile(rf"(?P<span>[^,;:.>\[\]{{}}]+?)\s+(?:repeated\s+)?{_TIMES}\b", re.IGNORECASE)
_EACH_AFTER = re.compile(
    rf"\b(?:(?:two|three|four|five|six|\d{{1,2}})\s+)?(?:(?P<k>{_KERNEL})\s+)?conv\w*(?:\s+layers?)?"
    rf"(?:\s+of\s+(?P<j>{_KERNEL})(?:\s+kernels?)?)?\s+(?:with|of|having)\s+"
    rf"(?P<list>{_SIZE}(?:\s*,\s*{_SIZE})*,?\s+and\s+{_SIZE})\s+filters"
    rf"(?:\s*\((?:(?:both|all|each)\s+)?(?P<b>{_KERNEL})(?:\s+each)?\))?,?\s*"  # '(both 3x3)'
    r"(?:each (?:one )?followed by (?P<x>[^,;.]+?)(?=\s*[,;.]|\s*$|\s+(?:and|then|followed by|before)\b)"
    r"|(?:a|an|one) (?P<y>[^,;.]+?) after each(?: one| of them)?\b)",
    re.IGNORECASE,
)
# 'three conv blocks, each a 3x3 conv followed by 2x2 max pooling, with 8, 16 and 32 filters': one block per size
_EACH_BLOCK = re.compile(
    rf"\b(?P<n>{_NUM})\s+(?:conv\w*\s+)?(?:blocks?|stages?)\s*,?\s*each\s+(?:is\s+|being\s+|consisting of\s+)?"
    rf"(?:a\s+|an\s+)?(?P<span>[^;.]+?),?\s+(?:with|having|of|using)\s+"
    rf"(?P<list>{_SIZE}(?:\s*,\s*{_SIZE})*,?\s+and\s+{_SIZE})\s+(?:filters|channels)",
    re.IGNORECASE,
)
_BLOCK_CONV = re.compile(rf"\b(?:{_KERNEL}\s+)?conv\w*(?:\s+{_KERNEL})?(?:\s+layers?)?", re.IGNORECASE)
# 'two conv layers, the first with 6 filters of 5x5 and the second with 16 filters of 5x5, each followed by max pooling'
_ORDINAL = r"(?:the )?(?:first|second|third|fourth|last|next|other)(?: one)?\s+(?:with|has|having|of|uses)\s+"
_EACH_ORDINAL = re.compile(
    r"\b(?P<n>two|three|four|[2-4])\s+(?:(?P<k>" + _KERNEL + r")\s+)?conv\w*(?:\s+layers)?,?\s+"
    rf"(?P<list>{_ORDINAL}[^,;.]+?(?:(?:,\s*|,?\s+and\s+){_ORDINAL}[^,;.]+?)+)"
    r"(?:,?\s+each(?: one)? followed by (?P<after>[^,;.]+?))?(?=\s*[,;.]|\s*$|\s+(?:and|then|before)\b)",
    re.IGNORECASE,
)
_ORDINAL_ITEM = re.compile(rf"^(?P<f>\d+) filters(?: (?:of|sized?)\s+(?P<k>{_KERNEL}))?$", re.IGNORECASE)
# 'two 3x3 convs with 64 filters', 'four conv 3x3 layers each followed by max pooling', 'two fully connected layers of
# 4096': the planner wrote most such counted layers once; in a CNN request they are written out one by one.
_COUNT_NOUN = re.compile(
    r"(?<!by )(?<![x×*-] )(?<![x×*-])\b(?P<n>two|three|four|five|six|[2-6])(?:x|×)?\s+"
    rf"(?P<layer>(?>(?:{_KERNEL}\s+)?"
    r"(?:conv2ds?|conv(?:olution(?:al)?)?s?|convs|convolutions|dense|fully[- ]connected|fc)\b"
    rf"(?:\s+{_KERNEL})?(?:\s+layers)?(?:\s*\({_KERNEL}\))?))"
    rf"(?P<size>\s+(?:with|of)\s+(?:\d+(?![\dx×*])(?:\s+{_KERNEL})?(?:\s+(?:filters|units|neurons|kernels|channels))?"
    rf"(?:\s*\({_KERNEL}\))?"
    rf"|{_KERNEL}\s+(?:kernels?|filters?))(?:\s+each)?|\s*\(\d+\)"
    rf"|\s*\({_KERNEL}\s*,\s*\d+(?:\s+(?:filters|kernels|channels))?(?:\s+each)?\))?+"  # '(3x3, 32 filters each)'
    r"(?!\s*\(?\s*(?:(?:with|of)\s+)?\d+(?:\s+\w+)?\s*(?:,|and|/)\s*\d|\s*(?:,|and|/)\s*\d|\s*:|,?\s*the first\b"
    r"|\s+(?:blocks?|stages?)\b)"  # "three conv blocks, each ...": blocks, not three conv layers
    r"(?:,?\s+each(?: one)? followed by (?P<after>(?:(?!-->|->|→|➝|⇒|=>)[^,;.])+?)"
    r"(?=\s*(?:[,;.]|-->|->|→|➝|⇒|=>)|\s*$|\s+(?:and|then|followed by|before)\b))?",
    re.IGNORECASE,
)
_CNN = re.compile(r"\b(?:conv\w*|cnn|pool\w*)\b", re.IGNORECASE)
_PLURAL = re.compile(r"(conv|convolution|layer)s\b", re.IGNORECASE)
_THEN = re.compile(r"\bthen\b", re.IGNORECASE)
_PART = re.compile(r"\s*,\s*")


def _count(match: re.Match) -> int:
    groups = match.groupdict()
    for key in ("x", "n", "w", "m"):
        value = groups.get(key)
        if value:
            return int(value) if value.isdigit() else _WORDS[value.lower()]
    return 0


def _written_out(span: str, times: int) -> str | None:
    """The span said ``times`` times (after the span's leading spaces), or None when it names no layer or the
    count is not a repeat."""
    lead = span[: len(span) - len(span.lstrip())]
    span = _LEAD.sub("", span.strip().replace(";", ",")).strip(" ,")
    if not 2 <= times <= MAX_TIMES or not span or not _LAYER.search(span) or _HEAD_WORDS.search(span):
        return None
    if _INPUT.search(span) or _PER_BLOCK.search(span) or any(span.count(a) != span.count(b) for a, b in _BRACKETS):
        return None  # the input, blocks that differ or half a bracket inside: not one block, the reading is unsure
    joint = " -> " if re.search(r"->|→", span) else ", then "
    return lead + joint.join([span] * times)


def _without_input(span: str) -> tuple[str, str]:
    """(leading parts that describe the input, the rest): 'input 28x28, conv 3x3, pool' -> ('input 28x28, ', ...)."""
    parts = _PART.split(span)
    kept = 0
    while kept < len(parts) - 1 and _INPUT.search(parts[kept]) and not _LAYER.search(parts[kept]):
        kept += 1
    if not kept:
        return "", span
    head = ", ".join(parts[:kept]) + ", "
    return head, span[len(head) :] if span.startswith(head) else ", ".join(parts[kept:])


def _bracketed(match: re.Match) -> str:
    return _written_out(match.group("span"), _count(match)) or match.group(0)


def _count_before(match: re.Match) -> str:
    written = _written_out(match.group("span"), _count(match))
    return written + match.group("end") if written else match.group(0)


def _clause_after(match: re.Match) -> str:
    span, how = match.group("span"), (match.group("how") or "").lower()
    before = match.string[: match.start()].rstrip()
    if before.endswith(";") and _LAYER.search(before[:-1].rsplit(";", 1)[-1]):
        return match.group(0)  # 'conv; conv; pool, done 3 times': the whole list or its last part? Unsure.
    if not how.startswith(("repeat ", "do ")) and _THEN.search(span):  # 'A, then B, C, repeated twice': B, C
        return _after_last_then(match)
    head, body = _without_input(span)
    written = _written_out(body, _count(match))
    return head + written if written else match.group(0)


def _after_last_then(match: re.Match) -> str:
    """The match with the part of its span after the last 'then' (all of it when there is none) written out."""
    span = match.group("span")
    last = _THEN.split(span)[-1]
    written = _written_out(last, _count(match))
    return span[: len(span) - len(last)] + written if written else match.group(0)


def _each_after(match: re.Match) -> str:
    kernel = match.group("k") or match.group("j") or match.group("b")
    conv = f"{kernel} conv" if kernel else "conv"
    after = (match.group("x") or match.group("y")).strip()
    filters = re.findall(_SIZE, match.group("list"))
    return ", ".join(f"a {conv} with {count} filters, {after}" for count in filters)


def _each_block(match: re.Match) -> str:
    """'three conv blocks, each a 3x3 conv followed by max pooling, with 8, 16 and 32 filters' -> 'a 3x3 conv with 8
    filters followed by max pooling, then a 3x3 conv with 16 filters ...' (as written unless the sizes are as many as
    the blocks and the block has one convolution)."""
    span, sizes = match.group("span").strip(), re.findall(_SIZE, match.group("list"))
    convs = list(_BLOCK_CONV.finditer(span))
    if len(sizes) != _count(match) or len(convs) != 1:
        return match.group(0)
    conv = convs[0]
    return ", then ".join(f"{span[: conv.end()]} with {size} filters{span[conv.end() :]}" for size in sizes)


def _each_ordinal(match: re.Match) -> str:
    """'two conv layers, the first with 6 filters of 5x5 and the second with 16 filters, each followed by max
    pooling' -> 'conv 5x5 with 6 filters, max pooling, conv with 16 filters, max pooling' (as written when an item
    is more than a filter count and a kernel, or the items do not match the count)."""
    items = re.split(rf"(?:,\s*|,?\s+and\s+)?{_ORDINAL}", match.group("list"), flags=re.IGNORECASE)[1:]
    read = [_ORDINAL_ITEM.match(item.strip()) for item in items]
    if len(items) != _count(match) or not all(read):
        return match.group(0)
    after = f", {match.group('after').strip()}" if match.group("after") else ""
    convs = [f"conv {item.group('k') or match.group('k') or ''} with {item.group('f')} filters" for item in read]
    return ", ".join(re.sub(r"\s+", " ", conv) + after for conv in convs)


def _unless_blocks_differ(rewrite):
    """The rewrite, unless per-block sizes follow the match ('(conv, pool) x2 with 16 and 32 filters')."""

    def checked(match: re.Match) -> str:
        rest = match.string[match.end() :]
        return match.group(0) if _AFTER_BLOCK.match(rest) else rewrite(match)

    return checked


def _count_noun(match: re.Match) -> str:
    layer = _PLURAL.sub(r"\1", match.group("layer")) + (match.group("size") or "")
    if match.group("layer").lower().startswith(("dense", "fully", "fc")) and not re.search(r"layers", match.group(0)):
        return match.group(0)  # 'two dense' without 'layers' is too bare to be sure of
    one = f"{layer}, {match.group('after').strip()}" if match.group("after") else layer
    return ", then ".join([one] * _count(match))


_RULES = tuple(
    (pattern, _unless_blocks_differ(rewrite))
    for pattern, rewrite in (
        (_EACH_AFTER, _each_after),
        (_EACH_BLOCK, _each_block),
        (_EACH_ORDINAL, _each_ordinal),
        (_BRACKET_BEFORE, _bracketed),
        (_BRACKET_AFTER, _bracketed),
        (_COUNT_BEFORE, _count_before),
        (_CLAUSE_AFTER, _clause_after),
        (_LAYER_AFTER, _after_last_then),
    )
)


def expand_repeats(request: str) -> str | None:
    """The request with its told repeats written out, or None when it tells none (see the module doc)."""
    text = request
    for pattern, rewrite in _RULES:
        text = pattern.sub(rewrite, text)
    if _CNN.search(text):
        text = _COUNT_NOUN.sub(_unless_blocks_differ(_count_noun), text)
    if text == request or len(text) > MAX_REQUEST_CHARS:
        return None
    return re.sub(r"\s+,", ",", re.sub(r"[ \t]{2,}", " ", text))
