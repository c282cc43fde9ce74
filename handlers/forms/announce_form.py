"""The announcement form: checked inline; a new one is stored and posted after the ack, an edit of a
posted one is previewed to its author by DM (Post / Cancel), and changes nothing until then."""

from __future__ import annotations

from bot.i18n import _
from bot.services.announcements import check_fields, create_draft, posted_announcement, propose_revision
from bot.text import InputError
from bot.views.announcements import NO_CHANNEL, NOT_ALLOWED, edit_preview, form_edit_id, form_values
from bot.views.blocks import Reply
from handlers.actions.announce import post_draft
from handlers.context import Ctx, FormErrors


def handle(ctx: Ctx) -> Reply | None:
    if not ctx.is_secretariat:
        raise FormErrors({"body": _(NOT_ALLOWED)})
    channel = ctx.settings.announcements_channel
    if not channel:
        raise FormErrors({"body": _(NO_CHANNEL)})
    values = form_values(ctx.request.payload)
    fields, problems = check_fields(ctx.session, values["title"], values["body"], values["link"])
    if fields is None:
        raise FormErrors(problems)
    edited = form_edit_id(ctx.request.payload)
    if edited is not None:
        try:
            announcement = posted_announcement(ctx.session, edited)
        except InputError as error:
            raise FormErrors({"body": str(error)}) from None
        revision = propose_revision(ctx.session, announcement, fields, ctx.request.user_id)
        shown = edit_preview(announcement, revision, fields.link, ctx.settings.channel_language(channel))
        ctx.later(lambda _later: shown)
        return None
    announcement_id = create_draft(ctx.session, fields, ctx.request.user_id).id
    ctx.later(lambda later: post_draft(later, announcement_id))
    return None
