"""Requests that are not diagrams: the planner learns to answer ``none`` for them.

Poems, questions, code, chit-chat, arithmetic, other languages and keyboard mash,
so a request like "write a poem" gets a clear message instead of a made-up plan.
"""

from __future__ import annotations

import random

TOPICS = [
    "the sea",
    "autumn",
    "my cat",
    "neural networks",
    "coffee",
    "the moon",
    "Mondays",
    "a robot",
    "rain",
    "databases",
    "friendship",
    "Python",
    "the city at night",
    "a lost key",
    "spring",
    "deadlines",
]
FORMS = [
    "write a poem about {t}",
    "Write a haiku about {t}.",
    "tell me a joke about {t}",
    "what is {t}?",
    "Explain {t} in simple terms",
    "summarize the history of {t}",
    "translate 'good morning' into French",
    "what's the weather tomorrow",
    "how are you today?",
    "hello",
    "thanks!",
    "who won the world cup in 2018?",
    "compute 17 * 23",
    "what is 2+2",
    "give me a recipe for pancakes",
    "recommend a movie about {t}",
    "def add(a, b):\n    return a + b",
    "SELECT * FROM users WHERE id = 1;",
    "import os; os.system('ls')",
    "<script>alert(1)</script>",
    "asdf qwer zxcv",
    "lorem ipsum dolor sit amet",
    "Write an essay on {t}",
    "Bonjour, comment ça va ?",
    "¿Dónde está la biblioteca?",
    "Wie spät ist es?",
    "今日は天気がいいですね",
    "오늘 날씨 어때요?",
    "fix my printer",
    "what time is it",
    "sing me a song about {t}",
    "is {t} good for you?",
    "rewrite this sentence: the cat sat on the mat",
    "list three facts about {t}",
    "spell 'necessary'",
    "convert 5 miles to km",
    "my code throws KeyError, why?",
    "plan a trip to Rome",
    "..",
    "???",
]


def non_diagram_request(rng: random.Random) -> str:
    text = rng.choice(FORMS).format(t=rng.choice(TOPICS))
    return text.upper() if rng.random() < 0.05 else text
