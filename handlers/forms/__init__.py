"""Modal submissions, one module per form; FORMS maps a modal's callback_id to its handler.

A form handler checks the submitted fields inside the ack: it raises FormErrors
(block_id -> message) to show problems inline, and puts the slow work in ctx.later.
The form's view (with `state.values`) is `ctx.request.payload`. Each view is acted on once:
a second submission of the same view (its id claimed in `slack_events`) only closes the form.
"""

from __future__ import annotations

from bot.services.events import claim_event
from bot.views.announcements import FORM_CALLBACK
from bot.views.answers import CARD_FORM_CALLBACK
from bot.views.blocks import Reply
from bot.views.documents import FORM_CALLBACK as DOCUMENT_FORM_CALLBACK
from bot.views.nkpo import FORM_CALLBACK as NKPO_FORM_CALLBACK
from handlers.context import Ctx, Handler
from handlers.forms import announce_form, answer_form, docs_form, nkpo_form


def once_per_view(handle: Handler) -> Handler:
    """The form handler, run for the first submission of a view only. The claim is made in the
    handler's transaction: a submission refused with inline errors releases it, for the fixed one."""

    def handle_once(ctx: Ctx) -> Reply | None:
        view_id = ctx.request.payload.get("id")
        if isinstance(view_id, str) and view_id and not claim_event(ctx.session, f"view:{view_id}", "view"):
            return None
        return handle(ctx)

    return handle_once


FORMS: dict[str, Handler] = {
    FORM_CALLBACK: once_per_view(announce_form.handle),
    DOCUMENT_FORM_CALLBACK: once_per_view(docs_form.handle),
    CARD_FORM_CALLBACK: once_per_view(answer_form.handle),
    NKPO_FORM_CALLBACK: once_per_view(nkpo_form.handle),
}
