"""The buttons of announcements (the secretariat is checked again here): Post and Cancel of a draft,
Post and Cancel of an edit, Withdraw and Cancel of a withdrawal. Each acts once, however often
clicked: a conditional UPDATE claims it, and a refused Slack call undoes it for another try."""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.i18n import N_, _, in_language
from bot.posting import post_once
from bot.services.announcements import (
    apply_revision,
    back_to_draft,
    cancel_draft,
    cancel_revision,
    claim_draft,
    link_of,
    mark_posted,
    posting,
    withdraw,
)
from bot.views.announcements import (
    APPLY_ACTION,
    NO_CHANNEL,
    NOT_ALLOWED,
    WITHDRAW_ACTION,
    announcement_message,
    change_failed,
    changed_note,
    post_failed,
    post_unconfirmed,
    posted_note,
    withdrawn_message,
)
from bot.views.blocks import Reply
from handlers.context import Ctx
from handlers.web_api import try_slack
from storage.models import Announcement

log = logging.getLogger(__name__)
OUT_OF_DATE = N_("That button is out of date; `/announce list` shows the announcements.")


def _number(ctx: Ctx) -> int | None:
    value = ctx.request.value
    return int(value) if value.isdigit() else None


def post_draft(ctx: Ctx, announcement_id: int) -> Reply:
    """Post a draft to ANNOUNCEMENTS_CHANNEL once, and say what truly happened: posted, refused (a draft
    again, to post once the cause is fixed), or not confirmed by Slack (checked again on the next press,
    in the channel's history, before anything is posted again)."""
    channel = ctx.settings.announcements_channel
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    if not channel:
        return Reply(text=_(NO_CHANNEL))
    announcement = claim_draft(ctx.session, announcement_id)
    if announcement is None:
        # A claim that lost to a concurrent one may still hold the row (PostgreSQL locks the newer version
        # it re-checked): let it go before post_once locks the post, which the winner holds while it
        # marks the announcement posted; the other order deadlocks.
        ctx.session.rollback()
        announcement = posting(ctx.session, announcement_id)
    if announcement is None:
        return Reply(
            text=_(
                "Announcement #{number} was already posted or cancelled; nothing more to do.",
                number=announcement_id,
            ),
            replace_original=True,
        )
    with in_language(ctx.settings.channel_language(channel)):
        message = announcement_message(announcement, link_of(ctx.session, announcement))
    result = post_once(
        ctx.session,
        ctx.messenger,
        f"announcement:{announcement_id}",
        channel,
        message,
        on_posted=lambda ts: mark_posted(ctx.session, announcement, channel, ts, by=ctx.request.user_id),
    )
    if result.outcome == "posted":
        log.info("announcement #%s posted in %s by %s", announcement_id, channel, ctx.request.user_id)
        return posted_note(announcement, already=result.again)
    if result.outcome == "failed":
        back_to_draft(ctx.session, announcement)
        return post_failed(announcement_id, channel, result.problem or "no message id")
    if result.outcome == "in_flight":
        return Reply(
            text=_(
                "Announcement #{number} is being posted right now; nothing more to do.",
                number=announcement_id,
            )
        )
    return post_unconfirmed(announcement_id, channel, result.problem or "no answer")


def handle_post(ctx: Ctx) -> Reply:
    announcement_id = _number(ctx)
    if announcement_id is None:
        return Reply(text=_(OUT_OF_DATE))
    return post_draft(ctx, announcement_id)


def _secretariat_button(act: Callable[[Ctx, int], Reply]) -> Callable[[Ctx], Reply]:
    """A button only the secretariat may press, whose value is a record's number."""

    def handle(ctx: Ctx) -> Reply:
        if not ctx.is_secretariat:
            return Reply(text=_(NOT_ALLOWED))
        number = _number(ctx)
        return Reply(text=_(OUT_OF_DATE)) if number is None else act(ctx, number)

    return handle


@_secretariat_button
def handle_cancel(ctx: Ctx, announcement_id: int) -> Reply:
    if cancel_draft(ctx.session, announcement_id):
        text = _("Cancelled: announcement #{number} was not posted.", number=announcement_id)
    else:
        text = _("Announcement #{number} was already posted or cancelled.", number=announcement_id)
    return Reply(text=text, replace_original=True)


@_secretariat_button
def handle_apply(ctx: Ctx, revision_id: int) -> Reply:
    """Post of an edit's preview: the announcement changes, and its message in the channel with it."""
    announcement = apply_revision(ctx.session, revision_id, by=ctx.request.user_id)
    if announcement is None:
        return Reply(
            text=_("That edit was already posted or cancelled; nothing more to do."), replace_original=True
        )
    with in_language(ctx.settings.channel_language(announcement.channel_id)):
        message = announcement_message(announcement, link_of(ctx.session, announcement))
    return _update(ctx, announcement, message, "updated", APPLY_ACTION, str(revision_id), _("Post again"))


@_secretariat_button
def handle_discard(ctx: Ctx, revision_id: int) -> Reply:
    if cancel_revision(ctx.session, revision_id):
        return Reply(text=_("Cancelled: the announcement is unchanged."), replace_original=True)
    return Reply(text=_("That edit was already posted or cancelled."), replace_original=True)


@_secretariat_button
def handle_withdraw(ctx: Ctx, announcement_id: int) -> Reply:
    announcement = withdraw(ctx.session, announcement_id, ctx.request.user_id)
    if announcement is None:
        return Reply(
            text=_(
                "Announcement #{number} is not posted (any more); nothing to withdraw.",
                number=announcement_id,
            ),
            replace_original=True,
        )
    with in_language(ctx.settings.channel_language(announcement.channel_id)):
        message = withdrawn_message(announcement)
    return _update(
        ctx, announcement, message, "withdrawn", WITHDRAW_ACTION, str(announcement_id), _("Withdraw")
    )


@_secretariat_button
def handle_keep(ctx: Ctx, announcement_id: int) -> Reply:
    return Reply(
        text=_("Cancelled: announcement #{number} stays as it is.", number=announcement_id),
        replace_original=True,
    )


def _update(
    ctx: Ctx, announcement: Announcement, message: Reply, done: str, again: str, value: str, label: str
) -> Reply:
    """chat.update the posted message; if Slack refuses, the database change is undone too."""
    announcement_id = announcement.id
    channel, ts = announcement.channel_id or "", announcement.message_ts or ""
    _updated, problem = try_slack(ctx, lambda: ctx.messenger.update(channel, ts, message))
    if problem:
        return change_failed(announcement_id, problem, again, value, label)
    log.info("announcement #%s %s by %s", announcement_id, done, ctx.request.user_id)
    return changed_note(announcement, done)
