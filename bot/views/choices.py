"""The answer to a type-ahead select (block_suggestion): options, or groups of them, within Slack's
limits (100 options, 75 characters a label, 150 a value)."""

from __future__ import annotations

from typing import Any

from bot.services.choices import Choice
from bot.views.blocks import truncate

MAX_OPTIONS = 100
MAX_LABEL = 75
MAX_VALUE = 150


def option(choice: Choice) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": truncate(choice.label, MAX_LABEL)}, "value": choice.value}


def options(choices: list[Choice]) -> dict[str, Any]:
    return {"options": [option(c) for c in choices if len(c.value) <= MAX_VALUE][:MAX_OPTIONS]}


def option_groups(groups: dict[str, list[Choice]]) -> dict[str, Any]:
    """Choices under headings (e.g. Documents, Programmes); empty groups are left out."""
    kept = [
        {"label": {"type": "plain_text", "text": label}, **options(choices)}
        for label, choices in groups.items()
        if choices
    ]
    return {"option_groups": kept} if kept else {"options": []}
