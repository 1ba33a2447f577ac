"""Wording operators shared by the prompt families: numbers, lists, noise.

Every function takes a ``random.Random`` so datasets are deterministic by seed.
The operators exist so a model trained on templates still meets the variety of
real requests: number words, arrows, typos, filler, casing and chatty wrappers.
"""

from __future__ import annotations

import random

ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]

NUMBER_WORDS = set(ONES) | set(TENS[2:]) | {"hundred", "thousand", "single"}

SEED_PREFIX = "Represent below as a Python list.\n\n"
SEED_SUFFIX = (
    " in the following format.\n\nAt this time, each node is represented in the format of Python list "
    '"[node No.,\nX position (px), Y position (px), shape (rectangle, round rectangle or circle),\n'
    "width (px), height (px), connection line shape (solid arrow, solid line or dashed line),\n"
    "background color, connection line color, list of node No. s of other nodes pointed to by the "
    'connection line]".\n\nAt this time, the color is represented in the format of tuple (R, G, B), '
    "between 0 and 255, and\nX position range is 0-1000 and Y position range is 0-600.\n\n"
    "It is important to draw a representation of high readability."
)

OPENERS = [
    "",
    "",
    "",
    "",
    "Draw ",
    "Please draw ",
    "Draw me ",
    "Can you draw ",
    "Could you sketch ",
    "Make ",
    "Create a diagram of ",
    "I need a diagram of ",
    "Show ",
    "Visualize ",
    "Generate ",
    "Diagram: ",
    "Give me a picture of ",
    "I'd like to see ",
    "Plot ",
    "Render ",
    "Sketch ",
    "Illustrate ",
    "hey, draw ",
    "pls draw ",
    "Draw a figure showing ",
    "Help me draw ",
    "We need ",
    "Design ",
]
CLOSERS = [
    "",
    "",
    "",
    "",
    ".",
    ".",
    ".",
    "?",
    " please",
    ", thanks!",
    " for my slides.",
    " for a paper.",
    " for a presentation",
    ", keep it clean.",
    " in a readable way.",
    " (for a lecture)",
    " thx",
    " - nothing fancy.",
    ". Thank you!",
    ", make it look nice.",
    " for the README",
    " asap",
]
FILLERS = [
    "basically",
    "roughly",
    "just",
    "simple",
    "small",
    "quick",
    "standard",
    "classic",
    "tiny",
    "basic",
    "plain",
    "toy",
    "little",
    "vanilla",
    "typical",
    "so",
    "like",
    "um",
    "actually",
    "really",
    "please",
    "kindly",
    "neat",
    "clean",
    "nice",
    "cool",
    "new",
    "my",
    "our",
    "the",
]
ARROWS = [" -> ", " -> ", " → ", " => ", " > ", "->", " --> ", " to ", " then ", " ➝ "]


def number(value: int, rng: random.Random, words: float = 0.25) -> str:
    """``value`` as digits, or (with probability ``words``) as English words."""
    if rng.random() < words and value < 100:
        return number_words(value)
    if value >= 1000 and rng.random() < 0.15:
        return f"{value:,}"
    return str(value)


def number_words(value: int) -> str:
    if value < 20:
        return ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return TENS[tens] + ("-" + ONES[ones] if ones else "")
    return str(value)


def join_list(items: list[str], rng: random.Random) -> str:
    """'a, b and c' with varied separators."""
    if len(items) == 1:
        return items[0]
    style = rng.randrange(5)
    if style == 0:
        return ", ".join(items[:-1]) + " and " + items[-1]
    if style == 1:
        return ", ".join(items[:-1]) + ", and " + items[-1]
    if style == 2:
        return ", ".join(items)
    if style == 3:
        return " and ".join(items)
    return " / ".join(items) if rng.random() < 0.5 else " ".join(items)


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip: swap, drop or double a letter (never touches digits)."""
    core = word.lower().strip(",.;:!?()")
    if len(word) < 4 or any(char.isdigit() for char in word) or core in NUMBER_WORDS or "-" in core:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _plain(word: str) -> bool:
    return word.isalpha() and word.lower() not in NUMBER_WORDS and word.lower() != "x"


def add_noise(text: str, rng: random.Random, strength: float = 1.0) -> str:
    """Typos, filler words, case and spacing changes; numbers are never altered.

    Filler words only go between two plain words, never inside '28 x 28' or a label.
    """
    words = text.split(" ")
    out = []
    for index, word in enumerate(words):
        if rng.random() < 0.03 * strength:
            word = typo(word, rng)
        out.append(word)
        following = words[index + 1] if index + 1 < len(words) else ""
        if _plain(word) and _plain(following) and rng.random() < 0.03 * strength:
            out.append(rng.choice(FILLERS))
    text = " ".join(out)
    roll = rng.random()
    if roll < 0.15 * strength:
        text = text.lower()
    elif roll < 0.18 * strength:
        text = text.upper() if len(text) < 120 else text
    if rng.random() < 0.05 * strength:
        text = text.replace(", ", " , ")
    return text


def wrap(request: str, rng: random.Random, seed_style: float = 0.12, keep_case: bool = False) -> str:
    """Put a request inside a chatty opener/closer, or the seed's prefix and suffix."""
    if rng.random() < seed_style:
        return SEED_PREFIX + request.rstrip(".") + SEED_SUFFIX
    opener = rng.choice(OPENERS)
    body = request
    if opener and not keep_case and body[:1].isupper() and not body[:2].isupper():
        body = body[0].lower() + body[1:]
    return (opener + body + rng.choice(CLOSERS)).strip()


def article(noun: str) -> str:
    """'a'/'an' by sound: acronyms like MLP or RNN take 'an'."""
    head = noun.split(" ")[0]
    if len(head) > 1 and head.isupper():
        vowel_sound = head[0] in "AEFHILMNORSX"
    else:
        vowel_sound = noun[:1].lower() in "aeiou"
    return ("an " if vowel_sound else "a ") + noun
