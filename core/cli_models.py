"""Command-line commands that need the models: generate, generate-batch, score, train."""

from __future__ import annotations


def add_model_commands(commands) -> None:
    """Register the model commands on the CLI's sub-parser collection."""
