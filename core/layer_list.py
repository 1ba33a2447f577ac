"""A CNN request written as a plain list of layers is read as it is written.

"convolutional net: 32*32 input; conv 3x3; avg pool 2x2; conv 3x3; avg pool 2x2; dense 10" names every layer in
order, and yet the planner now and then drops, repeats or merges one (it wrote three convs for "conv3x3 (10),
conv3x3 (10)"). :func:`listed_cnn` reads such a list item by item, and answers only when every item is exactly one
layer it knows (an input first, a dense layer last); anything else, a sentence, a repeat told in words, a layer it
does not know, gives None and the planner's plan stays. ``core.repeats`` writes told repeats out before this reads.

Example:
    >>> [layer.plan() for layer in listed_cnn("cnn: in 40x40, conv3x3 (10), conv3x3 (10), maxpool, dense 3").layers]
    ['input 40x40', 'conv 3x3 10', 'conv 3x3 10', 'maxpool 2x2', 'dense 3']
"""

from __future__ import annotations

import re

from core.plan import CnnLayer, CnnSpec
from core.prompts.words import number_words

_SIZE = r"(?P<a>\d+)\s*(?:x|×|\*|by|-by-)\s*(?P<b>\d+)"
_CHANNELS = r"(?:\s*(?:x|×|\*)\s*(?P<c>\d+))?"
_TONE = r"(?:\s+(?P<tone>grayscale|greyscale|gray|grey|rgb|colou?r|single-channel))?"
_UNIT = r"(?:\s+(?:filters|kernels|channels))"
_FILTERS = (
    rf"(?:\s*,?\s*(?:\((?P<f1>\d+){_UNIT}?\)|(?P<f2>\d+){_UNIT}?|with (?P<f3>\d+){_UNIT}"
    rf"|\((?P<f4>\d+){_UNIT},\s*(?P<ka>\d+)\s*(?:x|×|\*|by|-by-)\s*\d+\)"
    rf"|\((?P<kb>\d+)\s*(?:x|×|\*|by|-by-)\s*\d+\)|with kernel size (?P<kc>\d+)))?"
)
_LEAD_IN = r"(?:.*\b(?:for|on|of|with|takes?|using)\s+)?"  # 'the network begins with 256x256x3 images'
_CONV = r"(?:conv(?:olution)?(?:al)?(?:2d)?(?: layer)?)"
_POOL = r"(?:(?P<pool>max|avg|average|mean)[\s-]*)?pool(?:ing)?(?: layer)?"
_LAYERS = {
    "input": [
        re.compile(rf"^{_LEAD_IN}(?:input size|input|in|inputs|images?)\s*(?:=|:|of|is|size|of size)?\s*"
                   rf"{_SIZE}{_CHANNELS}{_TONE}$"),
        re.compile(rf"^{_LEAD_IN}{_SIZE}{_CHANNELS}{_TONE}\s+(?:input|inputs|images?)$"),
        re.compile(r"^(?:.*\b(?:takes?|using|with)\s+)?input shape \((?P<a>\d+),\s*(?P<b>\d+)(?:,\s*(?P<c>\d+))?\)$"),
    ],
    "conv": [
        re.compile(rf"^{_CONV}\s*(?:{_SIZE})?{_FILTERS}$"),
        re.compile(rf"^{_SIZE}\s*{_CONV}{_FILTERS}$"),
        re.compile(rf"^(?P<f5>\d+)-filter {_CONV}$"),
        re.compile(rf"^(?P<f6>\d+) {_SIZE} (?:filters|kernels)$"),
    ],
    "pool": [
        re.compile(rf"^{_POOL}(?:\s*\(?{_SIZE}\)?)?$"),
        re.compile(rf"^\(?{_SIZE}\)?\s*{_POOL}$"),
    ],
    "dense": [
        re.compile(r"^(?:dense|fc|fully[- ]connected|linear|output)(?: layer)?\s*(?:of|with)?\s*\(?(?P<n>\d+)\)?"
                   r"(?: units| neurons| outputs)?$"),
        re.compile(r"^(?:a |an )?(?:dense |fully connected |output )?layer of (?P<n>\d+)(?: units| neurons)?$"),
        re.compile(r"^(?P<n>\d+)(?:-unit dense layer| outputs?| units| classes| nodes| neurons| output neurons?"
                   r"| output units?)$"),
        re.compile(r"^(?:a )?(?P<one>single) output(?: neuron| unit)?$"),
        re.compile(r"^(?:dense|fc|fully[- ]connected|linear) layers (?:of|with) (?P<many>\d+)"
                   r"(?: units| neurons| nodes)?$"),
    ],
    "softmax": [re.compile(r"^softmax$")],
    "batchnorm": [re.compile(r"^(?:batch[\s-]*norm(?:alization)?|bn)$")],
    "relu": [re.compile(r"^relu$")],
    "flatten": [re.compile(r"^flatten$")],
    "dropout": [re.compile(r"^dropout(?:\s*\(?(?P<rate>0?\.\d+)\)?)?$")],
}  # fmt: skip
_SPLIT = re.compile(r"\s*(?:[;,]|\.(?!\d)|(?<!\d)\.|->|-->|→|➝|=>|\bthen\b|\bfollowed by\b|\band\b)\s*")
_FILLER = re.compile(
    r"^(?:(?:and|then|a|an|one|finally|last(?:ly)?|uses?|run|stack|apply|add|ends? with|finish(?:es)? with|"
    r"and (?:ends?|finish(?:es)?) with|next|after that)\s+)+"
)
_TAIL = re.compile(
    r"\s*(?:\(?for (?:a|the|my) (?:paper|readme|slides?|presentation|report|talk|lecture|class|blog)\)?|please|"
    r"thanks?|thx|asap|in a readable way|keep it clean|make it look nice|nothing fancy|-)\s*$"
)
_NUMBER_WORDS = {number_words(n): n for n in range(1, 100)}
_MIN_LAYERS = 3
_OTHER_LAYER = re.compile(
    r"conv|pool|dense|\bfc\b|fully|linear|output|layer|block|stage|attention|lstm|gru|residual|norm|dropout|relu|"
    r"flatten|softmax|embed|recurrent|transformer|filter|kernel|unit|neuron|class"
)
CHATTER = re.compile(  # whole items of no layer; 'thanks', 'please', 'keep it clean' are cut off by _TAIL already
    r"(?:hey|hi|hello|thank you|pls|after that|next|that's it|done|"
    r"(?:a |an |the )?(?:(?:simple|small|tiny|deep|plain|basic|just) )*(?:cnn|convnet|conv net|conv neural net|"
    r"convolutional (?:neural )?(?:net|network|model)|cnn model|image (?:classifier|model|recognition network)|"
    r"vision model|network|model))"
)


def _digits(text: str) -> str:
    """'sixteen filters' -> '16 filters', '1,000' -> '1000'."""
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    words = sorted(_NUMBER_WORDS, key=len, reverse=True)
    return re.sub(r"\b(" + "|".join(words) + r")\b", lambda m: str(_NUMBER_WORDS[m[1]]), text)


def _items(text: str) -> list[str]:
    """The list's items: split at ',', ';', '.', arrows, 'then', outside brackets."""
    items, depth, current = [], 0, ""
    for piece in re.split(r"([()])", text):
        if piece in "()" and piece:
            depth += 1 if piece == "(" else -1
            current += piece
        elif depth > 0:
            current += piece
        else:
            parts = _SPLIT.split(piece)
            current += parts[0]
            for part in parts[1:]:
                items.append(current)
                current = part
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _layer(item: str) -> CnnLayer | None:
    """The one layer an item names, or None."""
    for kind, patterns in _LAYERS.items():
        for pattern in patterns:
            found = pattern.match(item)
            if not found:
                continue
            parts = found.groupdict()
            if kind == "input":
                if _OTHER_LAYER.search(item[: found.start("a")]):
                    return None  # 'an attention block on 64x64 images': a layer in the lead-in is not skipped
                tone = (parts.get("tone") or "").lower()
                one = tone.startswith(("gr", "single"))
                channels = int(parts["c"]) if parts.get("c") else 1 if one else 3 if tone else 0
                return CnnLayer("input", int(parts["a"]), int(parts["b"]), channels)
            if kind == "conv":
                if parts.get("b") and parts["b"] != parts.get("a"):
                    return None  # a kernel that is not square is not drawn
                size = next((int(parts[k]) for k in ("a", "ka", "kb", "kc") if parts.get(k)), 3)
                filters = next((int(parts[k]) for k in ("f1", "f2", "f3", "f4", "f5", "f6") if parts.get(k)), 0)
                return CnnLayer("conv", size, size, filters)
            if kind == "pool":
                size = int(parts["a"]) if parts.get("a") else 2
                pool = (parts.get("pool") or "max").lower()
                return CnnLayer("maxpool" if pool == "max" else "avgpool", size, size)
            if kind == "dense":  # 'dense layers of 128' counts as one layer only with a bare size after it
                units = 1 if parts.get("one") else int(parts.get("n") or parts["many"])
                return CnnLayer("dense", units=units, b=-1 if parts.get("many") else 0)
            if kind == "dropout":
                return CnnLayer("dropout", units=round(float(parts["rate"]) * 100) if parts.get("rate") else 0)
            return CnnLayer(kind)
    return None


def listed_cnn(request: str) -> CnnSpec | None:
    """The CNN a request lists layer by layer, or None unless every item of the list is one known layer, the first
    an input and the last a dense layer."""
    text = _digits(request.strip().rstrip(".!?"))
    if ":" in text[:60] and not re.search(r"\d", text[: text.index(":")]):
        text = text[text.index(":") + 1 :]  # 'convolutional net: 32*32 input; ...': the topic names no layer
    text = re.sub(r"^[a-z ]*\((.*)\)$", r"\1", text.strip(), flags=re.IGNORECASE)  # 'CNN(input=24x24, conv 3x3, ...)'
    items = [_TAIL.sub("", _FILLER.sub("", item.lower())) for item in _items(text)]
    items = [item for item in items if item]
    layers: list[CnnLayer | None] = []
    for item in items:
        filters = re.fullmatch(r"(\d+) (?:filters|kernels|channels)", item)
        previous = layers[-1] if layers else None
        if filters and previous and previous.kind == "conv" and not previous.units:
            layers[-1] = CnnLayer("conv", previous.a, previous.b, int(filters[1]))  # 'conv 5x5, 32 channels'
        elif re.fullmatch(r"\d+", item) and previous and previous.kind == "dense":
            layers[-1] = CnnLayer("dense", units=previous.units)  # 'dense layers of 128 and 10': two layers
            layers.append(CnnLayer("dense", units=int(item)))
        elif not CHATTER.fullmatch(item):  # 'thanks', 'keep it clean', 'a small convnet': no layer
            layers.append(_layer(item))
    if len(layers) < _MIN_LAYERS or any(layer is None or layer.b < 0 for layer in layers):
        return None  # an item it cannot read, or 'dense layers of 128' with no count
    kinds = [layer.kind for layer in layers]
    if kinds[0] != "input" or kinds.count("input") != 1 or kinds[-1] != "dense" or "conv" not in kinds:
        return None
    return CnnSpec(tuple(layers))
