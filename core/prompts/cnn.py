"""Requests for CNNs: 32 templates built from per-layer phrasings.

A template fixes the overall form (comma list, arrows, narrative, numbered list,
Keras-like code, the seed's wording, repeated blocks...); each layer's words are
drawn per request. Templates in HOLDOUT are kept out of training data.
"""

from __future__ import annotations

import random

from core.plan import CnnLayer
from core.prompts.words import ARROWS, article, join_list, number

MODELS = [
    "CNN",
    "convolutional neural network",
    "ConvNet",
    "conv net",
    "convolutional network",
    "image classifier",
    "CNN model",
    "LeNet-style network",
    "VGG-like model",
    "vision model",
    "deep CNN",
    "small CNN",
    "convolutional model",
    "image recognition network",
    "conv neural net",
]
SIZE_FORMS = ["{a}x{b}", "{a}x{b}", "{a} x {b}", "{a}*{b}", "{a} * {b}", "{a}×{b}", "{a} by {b}", "{a}-by-{b}"]


class _Words:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.size_form = rng.choice(SIZE_FORMS)
        self.model = rng.choice(MODELS)
        self.terse = rng.random() < 0.4
        self.numbers = rng.choice((0.0, 0.0, 0.4))
        self.group = rng.random() < 0.4

    def size(self, a: int, b: int) -> str:
        return self.size_form.format(a=a, b=b)

    def n(self, value: int) -> str:
        return number(value, self.rng, self.numbers)

    def short(self, layer: CnnLayer) -> str:
        """Terse input size; a stated channel count is never dropped."""
        if layer.units and self.rng.random() < 0.5:
            return f"{layer.a}x{layer.b}x{layer.units}"
        channel = {0: "", 1: " grayscale", 3: " RGB"}.get(layer.units, f"x{layer.units}")
        return self.size(layer.a, layer.b) + channel

    def input(self, layer: CnnLayer) -> str:
        size = self.size(layer.a, layer.b)
        channel = {
            0: "",
            1: self.rng.choice(("grayscale ", "single-channel ", "1-channel ")),
            3: self.rng.choice(("RGB ", "color ", "3-channel ", "colour ")),
        }.get(layer.units, f"{layer.units}-channel ")
        forms = [
            f"{size} {channel}images",
            f"{channel}images of {size}",
            f"a {size} {channel}input",
            f"input size {size}" + (f"x{layer.units}" if layer.units else ""),
            f"{size} {channel}inputs",
        ]
        if layer.units:
            forms.append(f"{layer.a}x{layer.b}x{layer.units} images")
            forms.append(f"input shape ({layer.a}, {layer.b}, {layer.units})")
        return self.rng.choice(forms).replace("  ", " ")

    def conv(self, layer: CnnLayer) -> str:
        k = self.size(layer.a, layer.a)
        show_kernel = layer.a != 3 or self.rng.random() < 0.5
        word = self.rng.choice(("conv", "convolution", "conv layer", "convolutional layer", "Conv2D", "conv2d"))
        if layer.units:
            return (
                self.rng.choice(
                    (
                        f"{k} {word} with {self.n(layer.units)} filters",
                        f"{self.n(layer.units)} {k} filters",
                        f"{word} ({layer.units} filters, {k})",
                        f"{word} {k}, {layer.units} channels",
                        f"{article(k + ' ' + word)} with {layer.units} kernels",
                    )
                )
                if show_kernel
                else self.rng.choice((f"{word} with {self.n(layer.units)} filters", f"{layer.units}-filter {word}"))
            )
        if show_kernel:
            return self.rng.choice(
                (f"{k} {word}", f"{word} {k}", f"{word} with kernel size {layer.a}", f"{word} ({k})")
            )
        return word if self.terse else self.rng.choice((word, article(word)))

    def pool(self, layer: CnnLayer) -> str:
        size = self.size(layer.a, layer.a)
        if layer.kind == "maxpool":
            word = self.rng.choice(("max pool", "max pooling", "maxpool", "max-pooling", "MaxPool", "pool", "pooling"))
        else:
            word = self.rng.choice(
                ("avg pool", "average pooling", "avgpool", "mean pooling", "AvgPool", "average pool")
            )
        if layer.a != 2 or self.rng.random() < 0.4:
            return self.rng.choice((f"{size} {word}", f"{word} {size}", f"{word} ({size})"))
        return word

    def dense(self, layer: CnnLayer, last: bool) -> str:
        u = self.n(layer.units)
        if layer.units == 1:
            return self.rng.choice(("a single output", "1 output unit", "one output neuron", "dense 1"))
        if last and self.rng.random() < 0.4:
            return self.rng.choice((f"{u} outputs", f"an output layer of {u}", f"{u} classes", f"output {u}"))
        return self.rng.choice(
            (
                f"dense {u}",
                f"a dense layer of {u}",
                f"{u} units",
                f"fully connected {u}",
                f"FC {layer.units}",
                f"fc{layer.units}",
                f"linear {u}",
                f"{u} nodes",
                f"{article(str(layer.units) + '-unit dense layer')}",
                f"Dense({layer.units})",
            )
        )

    def other(self, layer: CnnLayer) -> str:
        if layer.kind == "dropout":
            return f"dropout {layer.units / 100:g}" if layer.units else "dropout"
        return {
            "flatten": "flatten",
            "batchnorm": self.rng.choice(("batch norm", "batchnorm", "BatchNorm")),
            "relu": "ReLU",
            "softmax": "softmax",
        }[layer.kind]

    def layer(self, layer: CnnLayer, last_dense: bool) -> str:
        if layer.kind == "conv":
            return self.conv(layer)
        if layer.kind in ("maxpool", "avgpool"):
            return self.pool(layer)
        if layer.kind == "dense":
            return self.dense(layer, last_dense)
        return self.other(layer)


PLURALS = {
    "conv": ("convolutions", "conv layers", "convolutional layers", "Conv2D layers", "convs"),
    "dense": ("dense layers", "fully connected layers", "FC layers"),
}


def _run_phrase(layer: CnnLayer, count: int, w: _Words) -> str:
    """'two 3x3 convolutions with 32 filters', '2x conv 3x3' ..."""
    how_many = w.rng.choice((w.n(count), f"{count}x", f"{count} x"))
    noun = w.rng.choice(PLURALS[layer.kind])
    if layer.kind == "conv":
        kernel = f"{w.size(layer.a, layer.a)} " if layer.a != 3 or w.rng.random() < 0.6 else ""
        filters = (
            w.rng.choice((f" with {layer.units} filters", f" ({layer.units})", f" of {layer.units} channels"))
            if layer.units
            else ""
        )
        return f"{how_many} {kernel}{noun}{filters}".replace("  ", " ")
    return f"{how_many} {noun} of {w.n(layer.units)}"


def _parts(layers, w: _Words) -> list[str]:
    last = max((i for i, layer in enumerate(layers) if layer.kind == "dense"), default=-1)
    parts, index = [], 0
    while index < len(layers):
        layer, run = layers[index], 1
        while index + run < len(layers) and layers[index + run] == layer and layer.kind in PLURALS:
            run += 1
        # Say "two convolutions" for a repeated layer in some requests, as people do.
        if run > 1 and w.group and not (layer.kind == "dense" and index + run - 1 == last):
            parts += [_run_phrase(layer, run, w)] + [""] * (run - 1)
        else:
            parts += [w.layer(item, index + k == last) for k, item in enumerate(layers[index : index + run])]
        index += run
    return parts


def _split_tail(layers) -> tuple[list, list]:
    """Body (conv/pool/other) and the trailing run of dense layers."""
    cut = len(layers)
    while cut > 0 and layers[cut - 1].kind == "dense":
        cut -= 1
    return list(layers[:cut]), list(layers[cut:])


def _tail_grouped(tail, w: _Words) -> str:
    units = join_list([w.n(layer.units) for layer in tail], w.rng)
    noun = w.rng.choice(("nodes", "units", "neurons"))
    return w.rng.choice(
        (
            f"then {units} {noun}",
            f"then fully connected layers of {units}",
            f"followed by dense layers with {units} {noun}",
            f"and dense {units}",
        )
    )


def _times(count: int, w: _Words) -> str:
    """'twice', 'three times', '3 times'."""
    if count == 2 and w.rng.random() < 0.6:
        return "twice"
    return f"{w.n(count)} times"


def _one(layer: CnnLayer, w: _Words) -> str:
    """A layer inside 'each made of one 3x3 conv and one max pool'."""
    text = w.layer(layer, False)
    return text if text[0].isdigit() or text.startswith(("a ", "an ")) else f"one {text}"


def _exact_blocks(block, count: int, w: _Words) -> str:
    """One block said once with its count: '2 x (conv, pool)', '[conv 3x3 -> max pool] x 3', 'done twice'."""
    if len(block) == 2 and block[0].kind == "conv" and block[1].kind != "conv" and w.rng.random() < 0.35:
        return f"{_run_phrase(block[0], count, w)}, each followed by {w.layer(block[1], False)}"
    inner = w.rng.choice((" + ", ", ", " then ", " -> ", " → ", " followed by ", "; ")).join(
        w.layer(layer, False) for layer in block
    )
    opening, closing = w.rng.choice((("(", ")"), ("(", ")"), ("[", "]"), ("{", "}")))
    wrapped = f"{opening}{inner}{closing}"
    return w.rng.choice(
        (
            f"{w.n(count)} blocks of {wrapped}",
            f"{count} x {wrapped}",
            f"{wrapped} x {count}",
            f"{wrapped} x{count}",
            f"{wrapped} repeated {_times(count, w)}",
            f"{w.n(count)} identical blocks, each {inner}",
            f"{inner}, done {_times(count, w)}",
            f"{inner}, all of that {_times(count, w)}",
            f"the block {wrapped} {_times(count, w)}",
            f"{w.n(count)} blocks, each made of " + join_list([_one(layer, w) for layer in block], w.rng),
            f"{w.n(count)} stages of {wrapped}",
            f"repeat {_times(count, w)}: {inner}",
        )
    )


def _growing_blocks(block, units: list[int], w: _Words) -> str:
    """Blocks alike but for their filters: 'three 3x3 convs with 16, 32 and 64 filters, each followed by max
    pooling', '3 blocks of (conv, conv, pool) with 32, 64 and 128 filters'."""
    said = [w.n(unit) for unit in units]
    style = w.rng.choice(("and", "serial comma", "slash"))
    last = ", and " if style == "serial comma" and len(said) > 2 else " and "
    filters = "/".join(said) if style == "slash" else ", ".join(said[:-1]) + last + said[-1]
    plain = [_without_filters(layer) for layer in block]
    if len(block) == 2 and block[0].kind == "conv" and w.rng.random() < 0.6:
        noun = w.rng.choice(PLURALS["conv"])
        kernel = f"{w.size(block[0].a, block[0].a)} " if block[0].a != 3 or w.rng.random() < 0.6 else ""
        return f"{w.n(len(units))} {kernel}{noun} with {filters} filters, each followed by {w.layer(block[1], False)}"
    inner = w.rng.choice((", ", " + ", " -> ")).join(w.layer(layer, False) for layer in plain)
    return w.rng.choice(
        (
            f"{w.n(len(units))} blocks of ({inner}) with {filters} filters",
            f"{w.n(len(units))} ({inner}) blocks whose convs have {filters} filters",
            f"({inner}) {_times(len(units), w)}, with {filters} filters",
        )
    )


def _without_filters(layer: CnnLayer) -> CnnLayer:
    return CnnLayer("conv", layer.a, layer.b) if layer.kind == "conv" else layer


def _filters_by_block(body, size: int) -> list[int] | None:
    """Each block's conv filters when the body repeats one block but for them ('conv 16, pool, conv 32, pool')."""
    blocks = [body[i : i + size] for i in range(0, len(body), size)]
    shapes = {tuple(_without_filters(layer) for layer in block) for block in blocks}
    filters = [{lay.units for lay in b if lay.kind == "conv"} for b in blocks]
    if len(shapes) != 1 or any(len(f) != 1 or 0 in f for f in filters):
        return None  # blocks that differ in more than their filters, no conv, or convs of unstated filters
    units = [min(f) for f in filters]
    return units if len(set(units)) > 1 else None


def _blocks(body, w: _Words) -> str | None:
    """The body told as one repeated block when it repeats one: exactly ('2 blocks of (conv, pool)', 'three
    convolutions, each followed by max pooling', '... done twice') or but for the conv filters ('three convs with
    16, 32 and 64 filters, each followed by max pooling')."""
    for size in (2, 3):
        if len(body) % size or len(body) // size < 2:
            continue
        block, count = body[:size], len(body) // size
        if all(body[i : i + size] == block for i in range(0, len(body), size)):
            return _exact_blocks(block, count, w)
        filters = _filters_by_block(body, size)
        if filters:
            return _growing_blocks(block, filters, w)
    return None


def _template(tid: int, inp: CnnLayer, layers, w: _Words) -> str:
    body, tail = _split_tail(layers)
    parts, inp_text = _parts(layers, w), w.input(inp)
    body_parts, tail_parts = [p for p in parts[: len(body)] if p], [p for p in parts[len(body) :] if p]
    parts = [p for p in parts if p]  # a repeated layer said once ("two convolutions") leaves gaps
    blocks = _blocks(body, w) if w.rng.random() < 0.6 else None
    if blocks:  # a repeated block told once: 'two blocks of (conv, pool)'
        body_parts = [blocks]
        parts = body_parts + tail_parts
    model = w.model if w.rng.random() < 0.5 else article(w.model)
    if tid == 0:
        return f"{model} for {inp_text}: " + ", ".join(body_parts) + (", " + _tail_grouped(tail, w) if tail else "")
    if tid == 1:
        return f"input {w.short(inp)}" + "".join(w.rng.choice(ARROWS) + p for p in parts)
    if tid == 2:
        return (
            f"{model} with {inp_text}, "
            + join_list(body_parts, w.rng)
            + (", " + _tail_grouped(tail, w) if tail else "")
        )
    if tid == 3:
        return f"{model} on {inp_text} with " + " then ".join(parts)
    if tid == 4:
        return f"{model}: " + ", ".join(parts) + f" (input {w.short(inp)})"
    if tid == 5:
        return "1. input " + w.short(inp) + "".join(f"\n{i + 2}. {p}" for i, p in enumerate(parts))
    if tid == 6:
        return f"Start with {inp_text}. " + " ".join(
            f"{w.rng.choice(('Then', 'Next', 'After that,', 'Add'))} {p}." for p in parts
        )
    if tid == 7:
        return f"{w.model.lower()} {w.short(inp)} " + " ".join(parts)
    if tid == 8:
        middle = blocks if blocks else ", ".join(body_parts)
        return f"{model} for {inp_text} with {middle}" + (", " + _tail_grouped(tail, w) if tail else "")
    if tid == 9:
        return f"neural network consist of {w.short(inp)} input, " + ", then ".join(parts)
    if tid == 10:
        return "; ".join([f"input: {w.short(inp)}"] + parts)
    if tid == 11:
        return f"layers: {', '.join(parts)}. input is {inp_text}"
    if tid == 12:
        return f"{model} that takes {inp_text} and applies " + join_list(parts, w.rng)
    if tid == 13:
        return f"{inp_text} -> " + " -> ".join(parts)
    if tid == 14:
        return f"{model}\n- input {w.short(inp)}\n" + "\n".join(f"- {p}" for p in parts)
    if tid == 15:
        return f"{model} ({w.short(inp)}): " + " | ".join(parts)
    if tid == 16:
        return f"a {len(layers) + 1}-layer {w.model} for {inp_text}: " + ", ".join(parts)
    if tid == 17:
        return f"{model} with " + ", ".join(parts) + f", applied to {inp_text}"
    if tid == 18:
        return (
            f"Take {inp_text}, run "
            + ", ".join(body_parts)
            + (" and finish with " + join_list(tail_parts, w.rng) if tail else "")
        )
    if tid == 19:
        return f"{inp_text} into " + ", ".join(parts)
    if tid == 20:
        return f"{model}: in={w.short(inp)}, " + ", ".join(parts)
    if tid == 21:
        return f"I want {model} whose layers are " + ", ".join(parts) + f"; the input is {inp_text}"
    if tid == 22:
        return f"{inp_text}, " + (blocks or " ".join(body_parts)) + (", " + ", ".join(tail_parts) if tail else "")
    if tid == 23:
        return f"{model} for {inp_text}. Layers in order: " + ", ".join(parts) + "."
    if tid == 24:
        return "Sequential(" + ", ".join(parts) + f") with input {w.short(inp)}"
    if tid == 25:
        return f"{model} - " + ", ".join(parts) + f" - on {inp_text}"
    if tid == 26:
        return (
            f"Using {inp_text}, stack "
            + ", ".join(body_parts)
            + (" and then " + _tail_grouped(tail, w) if tail else "")
        )
    if tid == 27:
        return f"{model}. Input {w.short(inp)}. " + ". ".join(p[0].upper() + p[1:] for p in parts) + "."
    if tid == 28:
        return (
            f"the {w.model.lower()} begins with {inp_text}, uses "
            + ", ".join(body_parts)
            + (", and ends with " + ", ".join(tail_parts) if tail else "")
        )
    if tid == 29:
        return f"{inp_text} goes through " + " followed by ".join(parts)
    if tid == 30:
        return f"{model} with {inp_text}:\n" + "\n".join(parts)
    return f"{inp_text}; " + ", ".join(parts) + f"; {w.model}"


TEMPLATE_IDS = list(range(32))
HOLDOUT = {18, 26, 29}


def cnn_prompt(layers: tuple[CnnLayer, ...], rng: random.Random, holdout: bool = False) -> tuple[str, int]:
    """A request for this CNN (first layer is the input); returns (text, template id)."""
    usable = [tid for tid in TEMPLATE_IDS if (tid in HOLDOUT) == holdout]
    tid = rng.choice(usable)
    return _template(tid, layers[0], list(layers[1:]), _Words(rng)), tid
