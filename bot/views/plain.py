"""Render a Reply as readable terminal text, for the console."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.views.blocks import Block, Reply

LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
BARE_LINK = re.compile(r"<(https?://[^|>]+)>")


@dataclass(frozen=True)
class Button:
    """A button the console user can press by typing its number."""

    label: str
    action_id: str
    value: str
    url: str | None = None


def mrkdwn_to_text(text: str) -> str:
    text = LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = BARE_LINK.sub(lambda m: m.group(1), text)
    text = re.sub(r"(?<!\w)\*([^*\n]+)\*(?!\w)", r"\1", text)
    text = re.sub(r"(?<!\w)_([^_\n]+)_(?!\w)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def render(reply: Reply) -> tuple[str, list[Button]]:
    """The reply as lines of text, plus its buttons in the order they are numbered."""
    if not reply.blocks:
        return mrkdwn_to_text(reply.text), []
    lines: list[str] = []
    buttons: list[Button] = []

    def add_buttons(elements: list[Block]) -> None:
        labels = []
        for element in elements:
            if element.get("type") != "button":
                continue
            buttons.append(
                Button(
                    element["text"]["text"],
                    element["action_id"],
                    element.get("value", ""),
                    element.get("url"),
                )
            )
            labels.append(f"[{len(buttons)}] {element['text']['text']}")
        if labels:
            lines.append("    " + "   ".join(labels))

    for block in reply.blocks:
        kind = block["type"]
        if kind == "header":
            title = block["text"]["text"]
            lines.extend(["", title.upper(), "=" * min(len(title), 60)])
        elif kind == "section":
            if "text" in block:
                lines.append(mrkdwn_to_text(block["text"]["text"]))
            for item in block.get("fields", []):
                lines.append("  " + mrkdwn_to_text(item["text"]).replace("\n", " "))
            if block.get("accessory"):
                add_buttons([block["accessory"]])
        elif kind == "context":
            lines.append("  " + " · ".join(mrkdwn_to_text(_element_text(e)) for e in block["elements"]))
        elif kind == "divider":
            lines.append("-" * 40)
        elif kind == "actions":
            add_buttons(block["elements"])
    return "\n".join(lines).strip("\n"), buttons


def _element_text(element: dict[str, Any]) -> str:
    return str(element.get("text", element.get("alt_text", "")))
