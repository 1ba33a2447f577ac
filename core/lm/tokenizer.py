"""DSL-aware tokenizer of the drawer model.

Diagram Format Text is rewritten losslessly into a compact symbol stream, then
tokenized by a Hugging Face ``PreTrainedTokenizerFast``:

- every integer 0-1000 is one token; shape and line-shape words are one token each;
- palette colours are one token each (``c_224_230_240``), other colours ``rgb R G B``;
- contiguous target runs of 3+ become ``a .. b``;
- structure markers ``⟨n⟩`` (node), ``⟨t⟩`` (targets), ``⟨l⟩`` (label), ``⟨nodes⟩`` (end of
  plan) and the explicit end-of-diagram token ``⟨eod⟩``;
- label and plan words go through a small BPE trained on the synthetic corpus.

Example:
    >>> compact = to_compact(diagram)        # '⟨plan⟩ dense 3 2 ⟨nodes⟩ ⟨n⟩ 0 420 93 circle ...'
    >>> from_compact(compact) == diagram
    True
"""

from __future__ import annotations

from pathlib import Path

from core.dsl import Diagram, Node
from core.plan import PLAN_PREFIX, find_plan
from core.style import PALETTES

PLAN, NODES, NODE, TARGETS, LABEL, RANGE, EOD, PAD, UNK = (
    "⟨plan⟩",
    "⟨nodes⟩",
    "⟨n⟩",
    "⟨t⟩",
    "⟨l⟩",
    "..",
    "⟨eod⟩",
    "⟨pad⟩",
    "⟨unk⟩",
)
SPECIALS = [PAD, UNK, EOD, PLAN, NODES, NODE, TARGETS, LABEL]
SHAPE_TOKENS = {"rectangle": "rectangle", "round rectangle": "round_rectangle", "circle": "circle"}
LINE_TOKENS = {"solid arrow": "solid_arrow", "solid line": "solid_line", "dashed line": "dashed_line"}
SHAPE_NAMES = {token: name for name, token in SHAPE_TOKENS.items()}
LINE_NAMES = {token: name for name, token in LINE_TOKENS.items()}
RGB = "rgb"
EXTRA_COLOURS = [
    (255, 255, 255),
    (0, 0, 0),
    (240, 240, 240),
    (224, 224, 224),
    (128, 128, 128),
    (64, 64, 64),
    (32, 32, 32),
    (208, 208, 208),
    (192, 192, 192),
]


def colour_vocab() -> list[tuple[int, int, int]]:
    colours = {colour for fills, line in PALETTES.values() for colour in (*fills, line)}
    return sorted(colours | set(EXTRA_COLOURS))


def colour_token(colour: tuple[int, int, int]) -> str:
    return "c_{}_{}_{}".format(*colour)


_COLOUR_TOKENS = {colour_token(c): c for c in colour_vocab()}
WORD_TOKENS = (
    [str(i) for i in range(1001)]
    + list(SHAPE_TOKENS.values())
    + list(LINE_TOKENS.values())
    + list(_COLOUR_TOKENS)
    + [RGB, RANGE]
)


def _colour_symbols(colour: tuple[int, int, int]) -> list[str]:
    token = colour_token(colour)
    return [token] if token in _COLOUR_TOKENS else [RGB, *(str(c) for c in colour)]


def target_symbols(targets: tuple[int, ...]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(targets):
        end = index
        while end + 1 < len(targets) and targets[end + 1] == targets[end] + 1:
            end += 1
        if end - index >= 2:
            out += [str(targets[index]), RANGE, str(targets[end])]
        else:
            out += [str(t) for t in targets[index : end + 1]]
        index = end + 1
    return out


# Characters the word BPE always covers, alone and at the start, middle and end of a word;
# anything else in a label is stored as '?'.
ALPHABET = "".join(chr(c) for c in range(33, 127)) + "".join(chr(c) for c in range(0xC0, 0x100)) + "→×–—’“”…•"


def clean_words(text: str) -> list[str]:
    """Label or plan words as the compact form stores them (markers removed, spaces collapsed)."""
    kept = "".join(char if char in ALPHABET or char.isspace() else "?" for char in text)
    return kept.split()


def node_symbols(node: Node) -> list[str]:
    symbols = [
        NODE,
        str(node.node_no),
        str(node.x),
        str(node.y),
        SHAPE_TOKENS[node.shape],
        str(node.w),
        str(node.h),
        LINE_TOKENS[node.line_shape],
        *_colour_symbols(node.bg),
        *_colour_symbols(node.line_color),
        TARGETS,
        *target_symbols(node.targets),
    ]
    if node.label:
        symbols += [LABEL, *clean_words(node.label)]
    return symbols


def plan_symbols(comments) -> list[str]:
    line = find_plan(comments) or ""
    return [PLAN, *clean_words(line[len(PLAN_PREFIX) :])] if line else [PLAN]


def to_compact(diagram: Diagram, with_end: bool = True) -> str:
    """Compact symbol text of a diagram (plan first when it has one)."""
    symbols = plan_symbols(diagram.comments) + [NODES]
    for node in diagram.nodes:
        symbols += node_symbols(node)
    if with_end:
        symbols.append(EOD)
    return " ".join(symbols)


class CompactError(ValueError):
    """A symbol stream that does not follow the node grammar."""


def _number(symbols: list[str], index: int) -> int:
    if index >= len(symbols) or not symbols[index].isdigit():
        raise CompactError(f"expected a number at symbol {index}")
    return int(symbols[index])


def _colour(symbols: list[str], index: int) -> tuple[tuple[int, int, int], int]:
    if index < len(symbols) and symbols[index] in _COLOUR_TOKENS:
        return _COLOUR_TOKENS[symbols[index]], index + 1
    if index < len(symbols) and symbols[index] == RGB:
        return tuple(_number(symbols, index + k) for k in (1, 2, 3)), index + 4  # type: ignore[return-value]
    raise CompactError(f"expected a colour at symbol {index}")


def _node(symbols: list[str]) -> Node:
    """One node from the symbols between two ⟨n⟩ markers (without the marker)."""
    node_no, x, y = (_number(symbols, i) for i in range(3))
    if symbols[3:4] == [] or symbols[3] not in SHAPE_NAMES:
        raise CompactError("expected a shape")
    w, h = _number(symbols, 4), _number(symbols, 5)
    if symbols[6:7] == [] or symbols[6] not in LINE_NAMES:
        raise CompactError("expected a line shape")
    bg, index = _colour(symbols, 7)
    line_color, index = _colour(symbols, index)
    if symbols[index : index + 1] != [TARGETS]:
        raise CompactError("expected the targets marker")
    index += 1
    targets: list[int] = []
    while index < len(symbols) and symbols[index] != LABEL:
        if symbols[index] == RANGE:
            end = _number(symbols, index + 1)
            if not targets or end < targets[-1]:
                raise CompactError("bad target range")
            targets.extend(range(targets[-1] + 1, end + 1))
            index += 2
        else:
            targets.append(_number(symbols, index))
            index += 1
    label = " ".join(symbols[index + 1 :]) or None if index < len(symbols) else None
    return Node(
        node_no, x, y, SHAPE_NAMES[symbols[3]], w, h, LINE_NAMES[symbols[6]], bg, line_color, tuple(targets), label
    )


def from_compact(text: str) -> tuple[Diagram, list[str]]:
    """Diagram from compact symbols, plus one error per node that could not be read."""
    symbols = text.split()
    if EOD in symbols:
        symbols = symbols[: symbols.index(EOD)]
    comments: tuple[str, ...] = ()
    if symbols[:1] == [PLAN]:
        end = symbols.index(NODES) if NODES in symbols else len(symbols)
        comments = (f"{PLAN_PREFIX} {' '.join(symbols[1:end])}",)
        symbols = symbols[end + 1 :]
    nodes, errors, chunk = [], [], None
    for symbol in [*symbols, NODE]:
        if symbol == NODE:
            if chunk is not None:
                try:
                    nodes.append(_node(chunk))
                except (CompactError, IndexError) as exc:
                    errors.append(f"node {len(nodes) + len(errors)}: {exc}")
            chunk = []
        elif chunk is not None:
            chunk.append(symbol)
    return Diagram(tuple(nodes), comments), errors


def train_tokenizer(corpus: list[str], out_dir: str | Path, word_vocab: int = 3000):
    """Train the BPE on compact texts and save a PreTrainedTokenizerFast.

    Numbers 0-1000, shape, line-shape and palette-colour words are repeated in the
    training corpus so that each becomes a single whole-word token (a test checks
    it); every character of ALPHABET is covered so no label word maps to unknown.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    bpe = Tokenizer(models.BPE(unk_token=UNK, end_of_word_suffix="</w>"))
    bpe.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    bpe.decoder = decoders.BPEDecoder(suffix="</w>")
    trainer = trainers.BpeTrainer(
        vocab_size=word_vocab + 2 * len(WORD_TOKENS),
        special_tokens=SPECIALS,
        end_of_word_suffix="</w>",
        show_progress=False,
        min_frequency=2,
    )
    coverage = " ".join(f"{c} {c}{c} a{c} {c}a a{c}a" for c in ALPHABET)
    words = " ".join(WORD_TOKENS)
    bpe.train_from_iterator([*corpus, coverage, *([words] * 20)], trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe, pad_token=PAD, unk_token=UNK, eos_token=EOD, bos_token=PLAN
    )
    tokenizer.save_pretrained(str(out_dir))
    return tokenizer


def decode_ids(tokenizer, ids) -> str:
    """Compact text from token ids: pieces join until one ends a word; markers stand alone."""
    words: list[str] = []
    current = ""
    for token in tokenizer.convert_ids_to_tokens(list(ids)):
        if token == PAD:
            continue
        if token.endswith("</w>"):
            words.append(current + token[:-4])
            current = ""
        elif token in SPECIALS:
            if current:
                words.append(current)
                current = ""
            words.append(token)
        else:
            current += token
    if current:
        words.append(current)
    return " ".join(words)


class FileTokenizer:
    """A saved drawer tokenizer read with the ``tokenizers`` library alone.

    Generation needs only encoding, the vocabulary and id <-> token lookups, the part
    of ``PreTrainedTokenizerFast`` used here; reading ``tokenizer.json`` directly keeps
    transformers (seconds to import) out of generation.
    """

    def __init__(self, directory: str | Path) -> None:
        from tokenizers import Tokenizer

        self.inner = Tokenizer.from_file(str(Path(directory) / "tokenizer.json"))

    def __call__(self, text: str, add_special_tokens: bool = False) -> _Encoded:
        return _Encoded(self.inner.encode(text, add_special_tokens=add_special_tokens).ids)

    def __len__(self) -> int:
        return self.inner.get_vocab_size(with_added_tokens=True)

    def get_vocab(self) -> dict[str, int]:
        return self.inner.get_vocab(with_added_tokens=True)

    def convert_tokens_to_ids(self, token: str) -> int:
        return self.inner.token_to_id(token)

    def convert_ids_to_tokens(self, ids: list[int]) -> list[str]:
        return [self.inner.id_to_token(i) for i in ids]


class _Encoded:
    def __init__(self, ids: list[int]) -> None:
        self.input_ids = ids
