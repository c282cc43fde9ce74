"""Buttons that show a command's answer again, somewhere else in it: another page, or one record.

Their value (bot.views.blocks.rerun_value) names the command, its text and the state to show;
the command runs again with that state in `request.payload["state"]` (see `view_state`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from bot.views.blocks import Reply
from handlers.context import Command, Ctx

OUT_OF_DATE = "That button is out of date; please run the command again."
MAX_PAGE = 1000


@dataclass(frozen=True)
class ViewState:
    """Which page of a command's answer to show, or which record in detail."""

    page: int = 1
    detail: int | None = None

    def as_dict(self) -> dict[str, int]:
        return {"page": self.page} if self.detail is None else {"detail": self.detail, "page": self.page}


def view_state(ctx: Ctx) -> ViewState:
    """The state a button asked for; the first page when the command was typed."""
    raw = ctx.request.payload.get("state")
    if not isinstance(raw, dict):
        return ViewState()
    page, detail = raw.get("page", 1), raw.get("detail")
    if not isinstance(page, int) or not 1 <= page <= MAX_PAGE:
        page = 1
    if not isinstance(detail, int) or detail < 1:
        detail = None
    return ViewState(page, detail)


def decode(value: str) -> tuple[Command, str, dict[str, Any]] | None:
    """The command, text and state a button value names, or None if it is not one of ours."""
    from handlers.commands import COMMANDS

    try:
        wanted = json.loads(value)
        command = COMMANDS[wanted["command"]]
        text = str(wanted["text"])
        state = wanted.get("state") or {}
    except (ValueError, KeyError, TypeError):
        return None
    return (command, text, state) if isinstance(state, dict) else None


def rerun(ctx: Ctx, command: Command, text: str, state: dict[str, Any]) -> Reply | None:
    """Run `command text` again in this request's session, showing `state`."""
    request = replace(ctx.request, text=text, payload={"state": state})
    return command.handle(Ctx(request, ctx.settings, ctx.session, ctx.messenger, ctx.followups))


def show_page(ctx: Ctx) -> Reply | None:
    """Previous / Next: the same answer at another page, replacing the message clicked on."""
    wanted = decode(ctx.request.payload.get("value", ""))
    if wanted is None:
        return Reply(text=OUT_OF_DATE)
    reply = rerun(ctx, *wanted)
    if reply is not None:
        reply.replace_original = True
    return reply


def show_details(ctx: Ctx) -> Reply | None:
    """Details: one record in full, as a new message under the list."""
    wanted = decode(ctx.request.payload.get("value", ""))
    return Reply(text=OUT_OF_DATE) if wanted is None else rerun(ctx, *wanted)
