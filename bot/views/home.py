"""The App Home tab: what the bot does, the partnership snapshot, what's new, the user's digest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.services.home import Addition
from bot.views.blocks import Block, context, divider, escape, header, section, truncate
from bot.views.help import CommandInfo, command_lines
from bot.views.partnerships import snapshot_blocks
from storage.models import PartnershipSnapshot

MAX_HOME_BLOCKS = 100
KIND_LABELS = {"arrangement": "Arrangement", "document": "Document", "announcement": "Announcement"}


def home_view(
    commands: Iterable[CommandInfo],
    snapshot: PartnershipSnapshot | None,
    additions: list[Addition],
    subscribed: bool,
) -> dict[str, Any]:
    """A `home` view for views.publish."""
    lines = "\n".join(command_lines(commands))
    digest = (
        ":white_check_mark: You get the weekly digest by direct message; `/digest unsubscribe` stops it."
        if subscribed
        else ":envelope: You don't get the weekly digest yet; `/digest subscribe` sends it to you by DM."
    )
    blocks: list[Block] = [
        header("NKPO bot"),
        section(
            "I answer questions about IMO's knowledge partnerships and technical cooperation. "
            "Ask with `/ask`, mention me in a channel, or write to me here in Messages."
        ),
        section(f"*What I can do*\n{lines}"),
        divider(),
        *snapshot_blocks(snapshot),
        divider(),
        section("*Latest additions*\n" + _additions(additions)),
        divider(),
        section(f"*Weekly digest*\n{digest}"),
        context("Questions I can't answer go to the Partnerships Section so they can add answers."),
    ]
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def _additions(additions: list[Addition]) -> str:
    if not additions:
        return "Nothing has been added yet."
    lines = []
    for addition in additions:
        sample = " _(sample record, not IMO data)_" if addition.is_sample else ""
        when = addition.added_at.strftime("%d %b %Y")
        title = escape(truncate(addition.title, 150))
        lines.append(f"• {KIND_LABELS[addition.kind]}: {title}{sample} · {when}")
    return "\n".join(lines)
