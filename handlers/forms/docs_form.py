"""The `/docs add` form: checked inline; a document with a link is added at once, one whose file
comes by DM waits as a pending addition (nothing is in the library until the file arrives).
A symbol already in the library is refused, unless that record holds neither file nor link (the
seeded documents): then the form completes it."""

from __future__ import annotations

from bot.i18n import N_, _
from bot.services import documents
from bot.text import clean
from bot.views.blocks import Reply
from bot.views.documents import NOT_ALLOWED, added_note, form_values, send_file_prompt
from handlers.context import Ctx, FormErrors

GIVE_LINK_OR_FILE = N_("Give the document's link, or tick the box below and send me the file by DM.")


def handle(ctx: Ctx) -> Reply | None:
    if not ctx.is_secretariat:
        raise FormErrors({"symbol": _(NOT_ALLOWED)})
    raw, by_dm = form_values(ctx.request.payload)
    target = documents.fillable(ctx.session, clean(raw["symbol"]))
    fields, problems = documents.check_fields(ctx.session, raw, target)
    if fields is None:
        raise FormErrors(problems)
    if by_dm:
        documents.start_pending(ctx.session, ctx.request.user_id, fields)
        prompt = send_file_prompt(fields, documents.file_store(ctx.settings).limit_text)
        ctx.later(lambda _later: prompt)
        return None
    if not fields.url:
        raise FormErrors({"url": _(GIVE_LINK_OR_FILE)})
    if target is not None:
        documents.update_document(ctx.session, target, fields, by=ctx.request.user_id)
        note = added_note(target)
    else:
        note = added_note(documents.add_document(ctx.session, fields, ctx.request.user_id))
    ctx.later(lambda _later: note)
    return None
