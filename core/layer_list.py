"""A CNN request written as a list of layers is read as it is written.

"convolutional net: 32*32 input; conv 3x3; avg pool 2x2; conv 3x3; avg pool 2x2; dense 10" names every layer in
order, and yet the planner now and then drops, repeats or merges one (it wrote three convs for "conv3x3 (10),
conv3x3 (10)"). :func:`listed_cnn` reads such a list item by item, and answers only when every item is exactly one
layer it knows (an input first, a dense layer last); anything else, a clause it cannot read, a repeat told in words, a
layer it does not know, gives None and the planner's plan stays. ``core.repeats`` writes told repeats out before
this reads.

Items are parted by commas, semicolons, colons, full stops, arrows, 'then', 'followed by', 'and', 'goes through' and
item numbers ("1. input 32x32 2. conv ..."); an opening command ("Please draw", "Can you sketch") is dropped. The
first item may name the input among a few words that name no layer ("a CNN for 28x28 MNIST digits", "image classifier
taking 64 by 64 pictures", a bare "224x224x3"), also with the first layer after 'with', 'through' or 'using' ("a CNN
for 32x32 colour inputs with conv 3x3"). A convolution may be told in words ("conv layer of 16 3x3 filters each", "a
single 7x7 convolution of 16 channels"), a dense layer as "a 10-way output" or "dense output of 4", a layer again as
"the same conv layer again"; an item that says there is none of a layer ("no pooling") names none (and a list
that then has one is not read). The input's channels are those the whole request states (``core.channels``).

Example:
    >>> [layer.plan() for layer in listed_cnn("cnn: in 40x40, conv3x3 (10), conv3x3 (10), maxpool, dense 3").layers]
    ['input 40x40', 'conv 3x3 10', 'conv 3x3 10', 'maxpool 2x2', 'dense 3']
"""

from __future__ import annotations

import re

from core.channels import stated_channels
from core.plan import CnnLayer, CnnSpec
from core.prompts.words import number_words

_BY = r"(?:x|×|\*|by|-by-)"  # '3x3', '3 × 3', '3*3', '3 by 3', '3-by-3'
_SIZE = rf"(?P<a>\d+)\s*{_BY}\s*(?P<b>\d+)"
_KERNEL = rf"\d+\s*{_BY}\s*\d+"  # a size without groups
_CHANNELS = r"(?:\s*(?:x|×|\*)\s*(?P<c>\d+))?"
_TONE = r"(?:\s+(?P<tone>grayscale|greyscale|gray|grey|rgb|colou?r|single-channel))?"
_UNIT = r"(?:\s+(?:filters|kernels|channels))"
_FILTERS = (
    rf"(?:\s*,?\s*(?:\((?P<f1>\d+){_UNIT}?\)|(?P<f2>\d+){_UNIT}?|(?:with|x|×|of) (?P<f3>\d+){_UNIT}"
    rf"|(?:/|(?:x|×)\s*(?=(?:[4-9]|\d{{2,4}})$))\s*(?P<f8>\d+)"  # 'conv 5x5/6'; 'conv 3x3 x 16', not a count of 2 or 3
    rf"|\((?P<f4>\d+){_UNIT}\s*,\s*(?P<ka>\d+)\s*{_BY}\s*\d+\)"
    rf"|\((?P<kb>\d+)\s*{_BY}\s*\d+\)|with kernel size (?P<kc>\d+)))?"
)
# 'the network begins with 256x256x3 images', 'take a 32x32 input'
_LEAD_IN = r"(?:.*\b(?:for|on|of|with|takes?|using|start with|begins? with)\s+)?(?:a |an |the )?"
_TONES = re.compile(r"\b(?:grayscale|greyscale|gray|grey|rgb|colou?r|single-channel)\b")
_CONV = r"(?:conv(?:olution)?(?:al)?(?:2d)?(?: layer)?)"
_POOL = r"(?:(?P<pool>max|avg|average|mean)[\s-]*)?pool(?:ing|s)?(?: layer)?"
_LAYERS = {
    "input": [
        re.compile(rf"^{_LEAD_IN}(?:input si+ze|input|in|inputs|images?)\s*(?:=|:|of|is|size|of size)?\s*"
                   rf"{_SIZE}{_CHANNELS}{_TONE}$"),
        re.compile(rf"^{_LEAD_IN}{_SIZE}{_CHANNELS}{_TONE}\s+(?:input|inputs|images?)$"),
        re.compile(r"^(?:.*\b(?:takes?|using|with)\s+)?input shape \((?P<a>\d+),\s*(?P<b>\d+)(?:,\s*(?P<c>\d+))?\)$"),
        # the first item only: a bare size, or a size among a few words that name no layer ('a CNN for 28x28 MNIST
        # digits', 'image classifier taking 64 by 64 pictures')
        re.compile(rf"^(?P<bare>){_SIZE}{_CHANNELS}{_TONE}$"),
        re.compile(rf"^(?P<bare>.*?)\b{_SIZE}{_CHANNELS}(?P<tail>(?:[\s-]+[a-z-]+){{0,4}})$"),
    ],
    "conv": [
        re.compile(rf"^{_CONV}\s*(?:{_SIZE})?{_FILTERS}$"),
        re.compile(rf"^{_SIZE}\s*{_CONV}{_FILTERS}$"),
        re.compile(rf"^(?P<f5>\d+)-filter {_CONV}$"),
        re.compile(rf"^(?P<f6>\d+) {_SIZE} (?:filters|kernels)$"),
        re.compile(rf"^{_CONV}\s*\({_SIZE},\s*(?P<f7>\d+){_UNIT}?(?: each)?\)$"),  # 'conv(3x3, 32)', 'conv (5x5, 6)'
    ],
    "pool": [
        re.compile(rf"^{_POOL}(?:\s*\(?{_SIZE}\)?| +(?P<side>\d+))?$"),  # 'maxpool 2x2', 'maxpool 2'
        re.compile(rf"^\(?{_SIZE}\)?\s*{_POOL}$"),
    ],
    "dense": [
        re.compile(r"^(?:dense|fc|fully[- ]connected|linear|output)(?: layer)?\s*(?:of|with)?\s*\(?(?P<n>\d+)\)?"
                   r"(?: units| neurons| outputs)?$"),
        re.compile(r"^(?:a |an )?(?:dense |fully connected |output )?layer of (?P<n>\d+)(?: units| neurons)?$"),
        re.compile(r"^(?P<n>\d+)(?:-unit dense layer| outputs?| units| classes| nodes| neurons| output neurons?"
                   r"| output units?)$"),
        re.compile(r"^(?:a )?(?P<one>single) output(?: neuron| unit)?$"),
        re.compile(r"^(?:final |last )?(?:dense |fully connected |fc |linear |output |classification )+(?:layer )?"
                   r"(?:of|with) (?P<n>\d+)(?: units?| neurons?| nodes?| outputs?| classes)?$"),  # 'dense output of 4'
        re.compile(r"^(?:final |last )?(?P<n>\d+)[- ](?:way|unit|class|neuron|node)s? (?:dense |fully connected |fc "
                   r"|linear |output )*(?:layer|output|classifier|head|softmax)$"),  # '10-way dense output'
        re.compile(r"^(?:a )?softmax (?:over|across|for|with|of) (?P<n>\d+)"
                   r"(?: classes| outputs| labels| categories)?$"),  # 'a softmax over 5 classes'
        re.compile(r"^(?:dense|fc|fully[- ]connected|linear) layers (?:of|with) (?P<many>\d+)"
                   r"(?: units| neurons| nodes)?$"),
    ],
    "softmax": [re.compile(r"^softmax$")],
    "batchnorm": [re.compile(r"^(?:batch[\s-]*norm(?:alization)?|bn)$")],
    "relu": [re.compile(r"^relu$")],
    "flatten": [re.compile(r"^flatten$")],
    "dropout": [re.compile(r"^dropout(?: of| rate| with rate)?(?:\s*\(?(?P<rate>0?\.\d+)\)?)?$")],
}  # fmt: skip
_REFUSED = re.compile(r"(?:no|without)(?: (?:max|avg|average))? (pool|dropout|batch ?norm|flatten)\w*(?: layers?)?")
_SPLIT = re.compile(
    r"\s*(?:[;,|:]|\.(?!\d)|(?<!\d)\.|->|-->|→|➝|=>|\bthen\b|\bfollowed by\b|\band\b"
    r"|\b(?:goes|go|pass(?:es)?) through\b)\s*"
)
_FILLER = re.compile(
    r"^(?:(?:and|then|a|an|one|another|finally|last(?:ly)?|uses?|runs?|stacks?|apply|applies|add|does|build|"
    r"(?:and )?(?:end(?:s|ing)? (?:with|in)|finish(?:es|ing)? with)|"  # 'and ends in a 2-way softmax'
    r"next|after that|1(?= (?:\d+x\d+ )?(?:conv|max|avg|average|pool|dense|fc)))\s+)+"
)
_TAIL = re.compile(
    r"\s*(?:\(?for (?:a|the|my) (?:paper|readme|slides?|presentation|report|talk|lecture|class|blog)\)?|please|"
    r"thanks?|thx|asap|in a readable way|keep it clean|make it look nice|nothing fancy|back to back|in a row|-)\s*$"
)
_NUMBER_WORDS = {number_words(n): n for n in range(1, 100)}
_MIN_LAYERS = 3
_OTHER_LAYER = re.compile(
    r"conv|pool|dense|\bfc\b|fully|linear|output|layer|block|stage|attention|lstm|gru|residual|norm|dropout|relu|"
    r"flatten|softmax|embed|recurrent|transformer|filter|kernel|unit|neuron|class"
)
_NETWORK = re.compile(  # what a request calls the whole network: 'a convolutional network on 224x224 inputs'
    r"\b(?:cnn|convnet|conv(?:olutional)? (?:neural )?(?:net|network|model)|convolutional (?:neural )?net|vision model"
    r"|image (?:classifier|model|recognition network))\b"
)
_COMMAND = re.compile(  # a request's opening command: 'Please draw', 'Can you sketch', 'Help me draw', 'Draw me'
    r"^(?:(?:please|kindly|hey|hi|can you|could you|help me|i need|we need|i'd like to see|i want)[,!]?\s+)*"
    r"(?:draw|sketch|render|visuali[sz]e|illustrate|plot|show|make|create|design|generate|give me)(?: me)?"
    r"(?: (?:a )?(?:figure|diagram|picture)(?: (?:of|showing))?)?\s+",
    re.IGNORECASE,
)
_JOIN = re.compile(r"\s(?:with|through|using|made of|build)\s")
_ON_INPUT = (  # '... max pool on 28x28 grayscale input', 'dense 1 (input 150x150x3)'
    re.compile(rf"^(?P<layer>.+?)\s+(?:on|for|over)\s+(?P<input>(?:a |an |the )?{_KERNEL}.*)$"),
    re.compile(rf"^(?P<layer>.+?)\s*\((?P<input>(?:input|inputs|images?)\s*(?:of|is|:|=)?\s*{_KERNEL}[^()]*)\)$"),
)
_SAME_AGAIN = re.compile(r"(?:the )?same (?:conv\w* )?(?:layer )?again")
_NUMBERED = re.compile(r"(?:^|\s)(\d{1,2})\.\s+")  # '1. input 32x32 2. conv 3x3 3. ...'
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


def _input_then_layer(item: str) -> list[CnnLayer] | None:
    """An input and a first layer in one item, parted by 'with', 'through', 'using', 'made of' or 'build': 'a CNN for
    32x32 colour inputs with conv 3x3'."""
    for found in reversed(list(_JOIN.finditer(item))):
        head, tail = item[: found.start()].strip(), item[found.end() :].strip()
        first, second = _layer(head, first=True), _layer(_FILLER.sub("", tail), first=False)
        if first and first.kind == "input" and second and second.kind != "input":
            return [first, second]
    return None


def _conv_words(item: str) -> CnnLayer | None:
    """A convolution told in a few words: 'conv layer with 5x5 kernels', 'conv layer of 16 3x3 filters each', 'a
    single 7x7 convolution of 16 channels', 'one conv layer with 8 filters of size 3x3'; None when any other word is
    there."""
    if not re.search(rf"\b{_CONV}\b", item):
        return None
    sizes = {(int(m["a"]), int(m["b"])) for m in re.finditer(_SIZE, item)}
    sizes |= {(int(m[1]), int(m[1])) for m in re.finditer(r"\bkernel size (\d+)\b", item)}
    count = rf"\b(\d+)(?: (?:filters|kernels|channels)\b|-filter\b| (?={_KERNEL} (?:filters|kernels)\b))"
    counts = {int(m[1]) for m in re.finditer(count, item)}
    rest = re.sub(rf"{count}|{_SIZE}|\bkernel size \d+\b", " ", item)
    rest = re.sub(rf"\b{_CONV}\b|\b(?:a|an|the|single|one|layers?|with|of|each|size|kernels?|filters?)\b", " ", rest)
    if rest.strip() or len(sizes) > 1 or len(counts) > 1 or any(a != b for a, b in sizes):
        return None
    size = next(iter(sizes))[0] if sizes else 3
    return CnnLayer("conv", size, size, counts.pop() if counts else 0)


def _layer(item: str, first: bool) -> CnnLayer | None:
    """The one layer an item names, or None; a bare size ('224x224x3') is the input only as the first item."""
    for kind, patterns in _LAYERS.items():
        for pattern in patterns:
            found = pattern.match(item)
            if not found or (found.groupdict().get("bare") is not None and not first):
                continue
            parts = found.groupdict()
            if kind == "input":
                words = _NETWORK.sub("", item[: found.start("a")] + " " + (parts.get("tail") or ""))
                words = re.sub(r"\b\d+-layers?\b", "", words)  # 'a 9-layer model for input 32x32'
                if _OTHER_LAYER.search(words) or re.search(r"\d", parts.get("tail") or ""):
                    return None  # 'an attention block on 64x64 images': a layer in the lead-in is not skipped
                if re.search(r"\b\d+\b(?!-channel|-layer)", item[: found.start("a")]):
                    return None  # '112 x 112 images with 256 3 x 3 filters': another size before this one
                tone = (parts.get("tone") or (_TONES.search(item) or [""])[0]).lower()
                one = tone.startswith(("gr", "single"))
                channels = int(parts["c"]) if parts.get("c") else 1 if one else 3 if tone else 0
                return CnnLayer("input", int(parts["a"]), int(parts["b"]), channels)
            if kind == "conv":
                if parts.get("b") and parts["b"] != parts.get("a"):
                    return None  # a kernel that is not square is not drawn
                size = next((int(parts[k]) for k in ("a", "ka", "kb", "kc") if parts.get(k)), 3)
                filters = next(
                    (int(parts[k]) for k in ("f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8") if parts.get(k)), 0
                )
                return CnnLayer("conv", size, size, filters)
            if kind == "pool":
                size = int(parts.get("a") or parts.get("side") or 2)
                pool = (parts.get("pool") or "max").lower()
                return CnnLayer("maxpool" if pool == "max" else "avgpool", size, size)
            if kind == "dense":  # 'dense layers of 128' counts as one layer only with a bare size after it
                units = 1 if parts.get("one") else int(parts.get("n") or parts["many"])
                return CnnLayer("dense", units=units, b=-1 if parts.get("many") else 0)
            if kind == "dropout":
                return CnnLayer("dropout", units=round(float(parts["rate"]) * 100) if parts.get("rate") else 0)
            return CnnLayer(kind)
    return _conv_words(item)


def _input_first(items: list[str]) -> list[str]:
    """The items with an input told after the layers put first: '(conv, pool) x2 on 28x28 grayscale input, dense 10'
    ends its last block with 'max pool on 28x28 grayscale input'; as they are when the list starts with an input or
    names none that way."""
    first = _layer(items[0], first=True) if items else None
    if not items or first is not None and first.kind == "input" or CHATTER.fullmatch(items[0]):
        return items
    placed = [(i, found) for i, item in enumerate(items) for form in _ON_INPUT if (found := form.match(item))]
    if len(placed) != 1:
        return items
    index, found = placed[0]
    source = _layer(found["input"], first=True)
    if source is None or source.kind != "input" or _layer(found["layer"], first=False) is None:
        return items
    return [found["input"], *items[:index], found["layer"], *items[index + 1 :]]


def _refused(item: str) -> str:
    """The kind of layer an item says the network has none of ('no pooling', 'without dropout'), else ''."""
    found = _REFUSED.fullmatch(item)
    return found[1].replace(" ", "") if found else ""


def listed_cnn(request: str) -> CnnSpec | None:
    """The CNN a request lists layer by layer, or None unless every item of the list is one known layer, the first
    an input and the last a dense layer."""
    text = _COMMAND.sub("", _digits(request.strip().rstrip(".!?")), count=1)
    numbers = [int(n) for n in _NUMBERED.findall(text)]
    if len(numbers) >= _MIN_LAYERS and numbers == list(range(1, len(numbers) + 1)):
        text = _NUMBERED.sub("; ", text)  # a numbered list: the numbers part the items
    if ":" in text[:60] and not re.search(r"\d", text[: text.index(":")]):
        text = text[text.index(":") + 1 :]  # 'convolutional net: 32*32 input; ...': the topic names no layer
    text = re.sub(r"^[a-z ]*\((.*)\)$", r"\1", text.strip(), flags=re.IGNORECASE)  # 'CNN(input=24x24, conv 3x3, ...)'
    items = [_TAIL.sub("", _FILLER.sub("", item.lower())) for item in _items(text)]
    items = _input_first([item for item in items if item])
    layers: list[CnnLayer] = []
    refused = {item: kind for item in items if (kind := _refused(item))}  # 'no pooling': an item that names no layer
    for item in (item for item in items if item not in refused):
        filters = re.fullmatch(r"(\d+) (?:filters|kernels|channels)", item)
        previous = layers[-1] if layers else None
        if not layers:  # the input, alone or with the first layer: 'a CNN for 28x28 images with conv 3x3'
            if not CHATTER.fullmatch(item):  # 'hey', 'a small convnet' before it: no layer
                first = _layer(item, first=True)
                layers += [first] if first is not None else _input_then_layer(item) or [None]
        elif _SAME_AGAIN.fullmatch(item):
            layers.append(previous)  # 'the same conv layer again'
        elif filters and previous.kind == "conv" and not previous.units:
            layers[-1] = CnnLayer("conv", previous.a, previous.b, int(filters[1]))  # 'conv 5x5, 32 channels'
        elif re.fullmatch(r"\d+", item) and previous.kind in ("dense", "flatten"):
            if previous.kind == "dense":
                layers[-1] = CnnLayer("dense", units=previous.units)  # 'dense layers of 128 and 10': two layers
            layers.append(CnnLayer("dense", units=int(item)))  # 'flatten, then 128, and 2 nodes'
        elif not CHATTER.fullmatch(item):  # 'thanks', 'keep it clean', 'a small convnet': no layer
            layer = _layer(item, first=False)
            if layer and layer.kind == "dense" and previous.kind == "dense" and previous.b < 0:
                layers[-1] = CnnLayer("dense", units=previous.units)  # 'dense layers with 32, 5 nodes': two layers
            layers.append(layer)
        if layers and layers[-1] is None:
            return None  # an item it cannot read
    if len(layers) < _MIN_LAYERS or any(layer.b < 0 for layer in layers):
        return None  # 'dense layers of 128' with no count
    kinds = [layer.kind for layer in layers]
    last = kinds[-2] if kinds[-1] == "softmax" and len(kinds) > 1 else kinds[-1]  # 'dense 10, softmax'
    if kinds[0] != "input" or kinds.count("input") != 1 or last != "dense" or "conv" not in kinds:
        return None
    if any(kind.endswith(refused_kind) for kind in kinds for refused_kind in refused.values()):
        return None  # 'no pooling' and yet a pool listed: the list is not as it looks
    return stated_channels(CnnSpec(tuple(layers)), request)  # the channels as the whole request states them
