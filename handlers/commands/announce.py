"""/announce: the secretariat's announcements (text -> preview with Post; no text -> a form)."""

from __future__ import annotations

import re

from bot.services.announcements import (
    DraftFields,
    check_body,
    create_draft,
    edit_body,
    link_of,
    recent_announcements,
    withdraw,
)
from bot.text import clean_multiline
from bot.views.announcements import (
    NO_CHANNEL,
    NOT_ALLOWED,
    announcement_form,
    announcement_list,
    announcement_message,
    preview,
    withdrawn_message,
)
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx
from handlers.web_api import open_form, try_slack
from storage.models import Announcement

EDIT = re.compile(r"^edit\s+#?(\d+)\b\s*(.*)$", re.IGNORECASE | re.DOTALL)
DELETE = re.compile(r"^delete\s+#?(\d+)$", re.IGNORECASE)


def handle(ctx: Ctx) -> Reply | None:
    text = clean_multiline(ctx.request.text)
    if text.lower() == "help":
        return usage(COMMAND)
    if not ctx.is_secretariat:
        return Reply(text=NOT_ALLOWED)
    if text.lower() == "list":
        return announcement_list(recent_announcements(ctx.session))
    channel = ctx.settings.announcements_channel
    if not channel:
        return Reply(text=NO_CHANNEL)
    if edit := EDIT.match(text):
        announcement_id, body = int(edit.group(1)), check_body(edit.group(2))
        ctx.later(lambda later: _edit(later, announcement_id, body))
        return None
    if delete := DELETE.match(text):
        announcement_id = int(delete.group(1))
        ctx.later(lambda later: _withdraw(later, announcement_id))
        return None
    if not text:
        return open_form(ctx, announcement_form(channel))
    announcement = create_draft(ctx.session, DraftFields("", check_body(text)), ctx.request.user_id)
    return preview(announcement, None, channel)


def _edit(ctx: Ctx, announcement_id: int, body: str) -> Reply:
    announcement = edit_body(ctx.session, announcement_id, body)
    message = announcement_message(announcement, link_of(ctx.session, announcement))
    return _update(ctx, announcement, message, "updated")


def _withdraw(ctx: Ctx, announcement_id: int) -> Reply:
    announcement = withdraw(ctx.session, announcement_id)
    return _update(ctx, announcement, withdrawn_message(announcement), "withdrawn")


def _update(ctx: Ctx, announcement: Announcement, message: Reply, done: str) -> Reply:
    """chat.update the posted message; if Slack refuses, the database change is undone too."""
    channel, ts = announcement.channel_id or "", announcement.message_ts or ""
    _, problem = try_slack(ctx, lambda: ctx.messenger.update(channel, ts, message))
    if problem:
        return Reply(text=f":warning: Announcement #{announcement.id} is unchanged: Slack said {problem}.")
    return Reply(text=f":white_check_mark: Announcement #{announcement.id} is {done} in <#{channel}>.")


COMMAND = Command(
    name="/announce",
    summary="post an announcement (secretariat only)",
    usage=(
        "`/announce <text>` shows a preview; press Post to send it to the announcements channel\n"
        "`/announce` with no text opens a form (title, text, optional related document or programme)\n"
        "`/announce list` the latest announcements and their numbers\n"
        "`/announce edit <number> <new text>` change a posted announcement\n"
        "`/announce delete <number>` withdraw a posted announcement"
    ),
    handle=handle,
)
