"""Modal submissions, one module per form; FORMS maps a modal's callback_id to its handler.

A form handler checks the submitted fields inside the ack: it raises FormErrors
(block_id -> message) to show problems inline, and puts the slow work in ctx.later.
The form's view (with `state.values`) is `ctx.request.payload`.
"""

from __future__ import annotations

from bot.views.announcements import FORM_CALLBACK
from bot.views.documents import FORM_CALLBACK as DOCUMENT_FORM_CALLBACK
from bot.views.nkpo import FORM_CALLBACK as NKPO_FORM_CALLBACK
from handlers.context import Handler
from handlers.forms import announce_form, docs_form, nkpo_form

FORMS: dict[str, Handler] = {
    FORM_CALLBACK: announce_form.handle,
    DOCUMENT_FORM_CALLBACK: docs_form.handle,
    NKPO_FORM_CALLBACK: nkpo_form.handle,
}
