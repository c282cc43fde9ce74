"""The NKPO form: `/nkpo add` and `/nkpo edit` save at once (the secretariat, checked again here);
`/nkpo register` keeps a request and sends it to the secretariat to confirm or decline."""

from __future__ import annotations

from dataclasses import replace

from bot.i18n import N_, _, in_language
from bot.services import nkpo_directory
from bot.services.languages import user_language
from bot.text import InputError
from bot.views.blocks import Reply
from bot.views.nkpo import (
    NOT_ALLOWED,
    form_mode,
    form_values,
    no_secretariat,
    registration_notice,
    registration_received,
    saved_note,
)
from handlers.context import Ctx, FormErrors
from handlers.web_api import post_dm

OUT_OF_DATE = N_("This form is out of date; please run the command again.")


def handle(ctx: Ctx) -> Reply | None:
    mode, nkpo_id = form_mode(ctx.request.payload)
    if mode not in ("add", "edit", "register"):
        raise FormErrors({"country": _(OUT_OF_DATE)})
    if mode != "register" and not ctx.is_secretariat:
        raise FormErrors({"country": _(NOT_ALLOWED)})
    raw = form_values(ctx.request.payload)
    fields, problems = nkpo_directory.check_fields(raw)
    if fields is None:
        raise FormErrors(problems)
    if mode == "register":
        return _register(ctx, fields)
    existing = None
    if mode == "edit":
        existing = nkpo_directory.nkpo(ctx.session, nkpo_id) if nkpo_id is not None else None
        if existing is None:
            raise FormErrors(
                {"country": _("That NKPO is no longer on record; please run `/nkpo edit` again.")}
            )
        fields = replace(fields, is_sample=existing.is_sample)  # a sample stays marked as one
    try:
        record, action = nkpo_directory.save_nkpo(ctx.session, fields, ctx.request.user_id, existing=existing)
    except InputError as error:
        raise FormErrors({"person_name": str(error)}) from None
    note = saved_note(record, action)
    ctx.later(lambda _later: note)
    return None


def _register(ctx: Ctx, fields: nkpo_directory.NkpoFields) -> Reply | None:
    secretariat = sorted(ctx.settings.secretariat_user_ids)
    if not secretariat:
        raise FormErrors({"country": no_secretariat()})
    try:
        request = nkpo_directory.request_registration(ctx.session, ctx.request.user_id, fields)
    except InputError as error:
        raise FormErrors({"country": str(error)}) from None
    request_id, contact = request.id, ctx.settings.partnerships_contact

    def notify(later: Ctx) -> Reply | None:
        """DM each secretariat member the request with Confirm / Decline, in their own language, and
        keep where, to update them."""
        stored = nkpo_directory.registration(later.session, request_id)
        if stored is None:
            return None
        sent: list[tuple[str, str]] = []
        for user_id in secretariat:
            found = user_language(later.session, later.messenger, user_id, later.settings.default_language)
            with in_language(found.language):
                notice = registration_notice(stored)
            posted = post_dm(later, user_id, notice)
            if posted is not None:
                sent.append(posted)
        nkpo_directory.keep_notices(later.session, stored, sent)
        return registration_received(stored, contact, delivered=bool(sent))

    ctx.later(notify)
    return None
