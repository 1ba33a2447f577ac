"""An input's channels as the request states them.

The planner now and then gives an input three channels the request never mentions ('256x256 satellite tiles' ->
'input 256x256x3', the 3 taken from a '3x3' kernel), or drops the channel a request names in words ('grayscale
48x48 inputs' -> 'input 48x48'). :func:`stated_channels` sets the input's channels to what the request says: a size
with a third side ('64x64x3', '(28, 28, 1)'), 'single-channel' / '3-channel', a tone word ('RGB', 'colour',
'grayscale', also misspelt by one letter: 'colr', 'grascale'), or nothing (0, not stated) when it says none of these.
When the request names two different counts the planner's stays.

Example:
    >>> from core.plan import parse_plan
    >>> stated_channels(parse_plan("cnn input 48x48 ; conv 3x3 ; dense 7"), "grayscale 48x48 inputs, 7").layers[0]
    CnnLayer(kind='input', a=48, b=48, units=1)
"""

from __future__ import annotations

import re
from dataclasses import replace

from core.clause_words import one_edit
from core.plan import CnnSpec

TONES = {
    "rgb": 3, "color": 3, "colour": 3, "colored": 3, "coloured": 3,
    "grayscale": 1, "greyscale": 1, "gray": 1, "grey": 1, "mono": 1, "monochrome": 1,
}  # fmt: skip
_COUNTED = re.compile(r"\b(\d|single|one|three)(?:-channel\b| channels? (?=inputs?\b|images?\b|pictures?\b))", re.I)
_BY = r"(?:x|×|\*|by|-by-)"
_WORD_VALUES = {"single": 1, "one": 1, "three": 3}


def _tone(word: str) -> int | None:
    """The channels a tone word means, also one letter off ('colr', 'grrayscale', 'RGBB'); short words ('gray',
    'mono') only as written: 'x-ray' is no 'gray'."""
    word = word.lower()
    if word in TONES:
        return TONES[word]
    near = {
        value
        for known, value in TONES.items()
        if (len(known) > 4 or (known == "rgb" and len(word) == 4)) and abs(len(known) - len(word)) < 2
        if one_edit(word, known)
    }
    return near.pop() if len(near) == 1 else None


def said_channels(request: str, height: int, width: int) -> set[int]:
    """Every channel count the request gives an input of this size."""
    size = rf"\b{height}\s*{_BY}\s*{width}\s*(?:x|×|\*)\s*(\d+)\b|\(\s*{height}\s*,\s*{width}\s*,\s*(\d+)\s*\)"
    found = {int(m.group(1) or m.group(2)) for m in re.finditer(size, request, re.IGNORECASE)}
    found |= {_WORD_VALUES.get(m.group(1).lower()) or int(m.group(1)) for m in _COUNTED.finditer(request)}
    if re.search(r"\bblack[- ]and[- ]white\b", request, re.IGNORECASE):
        found.add(1)
    return found | {value for word in re.findall(r"[A-Za-z]+", request) if (value := _tone(word))}


def stated_channels(spec: CnnSpec, request: str) -> CnnSpec:
    """The CNN with its input's channels as the request states them (0 when it states none); as planned when the
    request states two different counts."""
    first = spec.layers[0]
    if first.kind != "input":
        return spec
    said = said_channels(request, first.a, first.b)
    if len(said) > 1 or first.units == (channels := said.pop() if said else 0):
        return spec
    return CnnSpec((replace(first, units=channels), *spec.layers[1:]))
