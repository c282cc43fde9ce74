"""The Post and Cancel buttons of an announcement preview (the secretariat is checked again here)."""

from __future__ import annotations

import logging

from bot.services.announcements import cancel_draft, claim_draft, link_of, record_message
from bot.views.announcements import NO_CHANNEL, NOT_ALLOWED, announcement_message, post_failed, posted_note
from bot.views.blocks import Reply
from handlers.context import Ctx
from handlers.web_api import try_slack

log = logging.getLogger(__name__)
OUT_OF_DATE = "That button is out of date; `/announce list` shows the announcements."


def _announcement_id(ctx: Ctx) -> int | None:
    value = ctx.request.value
    return int(value) if value.isdigit() else None


def post_draft(ctx: Ctx, announcement_id: int) -> Reply:
    """Post a draft to ANNOUNCEMENTS_CHANNEL once; on failure it stays a draft and can be posted again."""
    channel = ctx.settings.announcements_channel
    if not ctx.is_secretariat:
        return Reply(text=NOT_ALLOWED)
    if not channel:
        return Reply(text=NO_CHANNEL)
    announcement = claim_draft(ctx.session, announcement_id)
    if announcement is None:
        return Reply(
            text=f"Announcement #{announcement_id} was already posted or cancelled; nothing more to do.",
            replace_original=True,
        )
    message = announcement_message(announcement, link_of(ctx.session, announcement))
    ts, problem = try_slack(ctx, lambda: ctx.messenger.post(channel, message))
    if ts is None:
        return post_failed(announcement_id, channel, problem or "no message id")
    record_message(ctx.session, announcement, channel, ts)
    log.info("announcement #%s posted in %s by %s", announcement_id, channel, ctx.request.user_id)
    return posted_note(announcement)


def handle_post(ctx: Ctx) -> Reply:
    announcement_id = _announcement_id(ctx)
    if announcement_id is None:
        return Reply(text=OUT_OF_DATE)
    return post_draft(ctx, announcement_id)


def handle_cancel(ctx: Ctx) -> Reply:
    if not ctx.is_secretariat:
        return Reply(text=NOT_ALLOWED)
    announcement_id = _announcement_id(ctx)
    if announcement_id is None:
        return Reply(text=OUT_OF_DATE)
    if cancel_draft(ctx.session, announcement_id):
        text = f"Cancelled: announcement #{announcement_id} was not posted."
    else:
        text = f"Announcement #{announcement_id} was already posted or cancelled."
    return Reply(text=text, replace_original=True)
