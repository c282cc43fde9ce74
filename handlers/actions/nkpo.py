"""The buttons of the NKPO directory: Confirm / Decline a registration (the secretariat, checked again
here; decided once however often clicked), and Edit one of a country's NKPOs."""

from __future__ import annotations

import logging

from bot.i18n import N_, _, in_language
from bot.services import nkpo_directory
from bot.services.languages import user_language
from bot.views.blocks import Reply
from bot.views.nkpo import NOT_ALLOWED, already_decided, nkpo_form, registration_decided, registration_outcome
from handlers.context import Ctx
from handlers.web_api import open_form, post_dm, try_slack

log = logging.getLogger(__name__)
OUT_OF_DATE = N_("That button is out of date; `/nkpo` shows the directory.")


def handle_confirm(ctx: Ctx) -> Reply:
    return _decide(ctx, confirm=True)


def handle_decline(ctx: Ctx) -> Reply:
    return _decide(ctx, confirm=False)


def _decide(ctx: Ctx, confirm: bool) -> Reply:
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    value = ctx.request.value
    if not value.isdigit():
        return Reply(text=_(OUT_OF_DATE))
    request, _record = nkpo_directory.decide_registration(
        ctx.session, int(value), ctx.request.user_id, confirm
    )
    if request is None:
        return already_decided(int(value))
    log.info("NKPO request #%s %s by %s", request.id, request.status, ctx.request.user_id)
    request_id = request.id
    ctx.later(lambda later: _tell_everyone(later, request_id))
    return registration_decided(request)


def _tell_everyone(ctx: Ctx, request_id: int) -> Reply | None:
    """The other secretariat messages lose their buttons (in the decider's language); the person who
    asked hears the outcome, in theirs."""
    request = nkpo_directory.registration(ctx.session, request_id)
    if request is None:
        return None
    decided = registration_decided(request)
    asker_language = user_language(ctx.session, ctx.messenger, request.user_id, ctx.settings.default_language)
    with in_language(asker_language.language):
        outcome = registration_outcome(request, ctx.settings.partnerships_contact)
    asker, notices = request.user_id, [(str(channel), str(ts)) for channel, ts in request.notices]
    for channel, ts in notices:
        _update(ctx, channel, ts, decided)
    post_dm(ctx, asker, outcome)
    return None


def _update(ctx: Ctx, channel: str, ts: str, message: Reply) -> None:
    try_slack(ctx, lambda: ctx.messenger.update(channel, ts, message))


def handle_edit(ctx: Ctx) -> Reply | None:
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    value = ctx.request.value
    found = nkpo_directory.nkpo(ctx.session, int(value)) if value.isdigit() else None
    if found is None:
        return Reply(text=_(OUT_OF_DATE))
    return open_form(ctx, nkpo_form("edit", found))
