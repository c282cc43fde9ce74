"""The Post and Cancel buttons of an announcement preview (the secretariat is checked again here)."""

from __future__ import annotations

import logging

from bot.posting import post_once
from bot.services.announcements import back_to_draft, cancel_draft, claim_draft, link_of, mark_posted, posting
from bot.views.announcements import (
    NO_CHANNEL,
    NOT_ALLOWED,
    announcement_message,
    post_failed,
    post_unconfirmed,
    posted_note,
)
from bot.views.blocks import Reply
from handlers.context import Ctx

log = logging.getLogger(__name__)
OUT_OF_DATE = "That button is out of date; `/announce list` shows the announcements."


def _announcement_id(ctx: Ctx) -> int | None:
    value = ctx.request.value
    return int(value) if value.isdigit() else None


def post_draft(ctx: Ctx, announcement_id: int) -> Reply:
    """Post a draft to ANNOUNCEMENTS_CHANNEL once, and say what truly happened: posted, refused (a draft
    again, to post once the cause is fixed), or not confirmed by Slack (checked again on the next press,
    in the channel's history, before anything is posted again)."""
    channel = ctx.settings.announcements_channel
    if not ctx.is_secretariat:
        return Reply(text=NOT_ALLOWED)
    if not channel:
        return Reply(text=NO_CHANNEL)
    announcement = claim_draft(ctx.session, announcement_id) or posting(ctx.session, announcement_id)
    if announcement is None:
        return Reply(
            text=f"Announcement #{announcement_id} was already posted or cancelled; nothing more to do.",
            replace_original=True,
        )
    message = announcement_message(announcement, link_of(ctx.session, announcement))
    result = post_once(
        ctx.session,
        ctx.messenger,
        f"announcement:{announcement_id}",
        channel,
        message,
        on_posted=lambda ts: mark_posted(ctx.session, announcement, channel, ts),
    )
    if result.outcome == "posted":
        log.info("announcement #%s posted in %s by %s", announcement_id, channel, ctx.request.user_id)
        return posted_note(announcement, already=result.again)
    if result.outcome == "failed":
        back_to_draft(ctx.session, announcement)
        return post_failed(announcement_id, channel, result.problem or "no message id")
    if result.outcome == "in_flight":
        return Reply(text=f"Announcement #{announcement_id} is being posted right now; nothing more to do.")
    return post_unconfirmed(announcement_id, channel, result.problem or "no answer")


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
