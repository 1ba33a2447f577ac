"""Every prompt string the language models see is built here, and nowhere else.

- The planner reads a short template around the user's request and writes the plan.
- The drawer reads the plan and writes node lines.
- Large pretrained models (the seed's deepseek-coder path) get the seed's long
  template from DESIGN section 3, which they need to know the format.

A request wrapped in the seed's prefix/suffix is unwrapped first, so the planner
sees the same request however it was phrased around.
"""

from __future__ import annotations

import re

from core.prompts.words import SEED_PREFIX, SEED_SUFFIX

MAX_REQUEST_CHARS = 4000
_SEED_HEAD = re.compile(r"^\s*Represent below as a Python list\.\s*", re.IGNORECASE)
_SEED_TAIL = re.compile(r"\s*in the following format\.?\s*At this time, each node.*$", re.IGNORECASE | re.DOTALL)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_request(prompt: str) -> str:
    """The user's request: seed wrapper removed, control characters dropped, spaces tidied."""
    text = _CONTROL.sub(" ", prompt or "")
    text = _SEED_TAIL.sub("", _SEED_HEAD.sub("", text))
    return re.sub(r"[ \t]+", " ", text).strip()


def planner_prompt(request: str) -> str:
    """Input of the planner; its completion is the plan body, e.g. ' dense 3 5 4 2'."""
    return f"Request: {clean_request(request)}\nPlan:"


def seed_prompt(request: str) -> str:
    """The seed project's prompt (DESIGN section 3) for large pretrained models."""
    return SEED_PREFIX + clean_request(request).rstrip(".") + SEED_SUFFIX
