"""The announcement form: checked inline, then stored and posted after the ack."""

from __future__ import annotations

from bot.services.announcements import check_fields, create_draft
from bot.views.announcements import NO_CHANNEL, NOT_ALLOWED, form_values
from bot.views.blocks import Reply
from handlers.actions.announce import post_draft
from handlers.context import Ctx, FormErrors


def handle(ctx: Ctx) -> Reply | None:
    if not ctx.is_secretariat:
        raise FormErrors({"body": NOT_ALLOWED})
    if not ctx.settings.announcements_channel:
        raise FormErrors({"body": NO_CHANNEL})
    values = form_values(ctx.request.payload)
    fields, problems = check_fields(ctx.session, values["title"], values["body"], values["link"])
    if fields is None:
        raise FormErrors(problems)
    announcement_id = create_draft(ctx.session, fields, ctx.request.user_id).id
    ctx.later(lambda later: post_draft(later, announcement_id))
    return None
