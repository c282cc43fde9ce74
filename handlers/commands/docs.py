"""/docs: search the document library and share from it; `/docs add` for the secretariat."""

from __future__ import annotations

from bot.i18n import N_, _
from bot.services import documents
from bot.services.search import Filters, parse_query, search_page
from bot.text import InputError, clean, parse_arguments
from bot.views.blocks import Reply
from bot.views.documents import (
    NOT_ALLOWED,
    document_detail,
    document_form,
    document_results,
    pending_cancelled,
)
from bot.views.help import usage
from bot.views.results import PAGE_SIZE, not_on_record
from handlers.context import Command, Ctx
from handlers.web_api import open_form


def handle(ctx: Ctx) -> Reply | None:
    try:
        args = parse_arguments(ctx.request.text)
    except InputError as error:
        return usage(COMMAND, str(error))
    if args.first_word == "help":
        return usage(COMMAND)
    if args.first_word == "add":
        return _add(ctx, args.rest.lower())
    state = ctx.request.state
    if state.detail is not None:
        found = documents.document(ctx.session, state.detail)
        if found is None:
            return not_on_record("document")
        store = documents.file_store(ctx.settings)
        availability = documents.availability(found, store)
        shares = documents.share_count(ctx.session, found.id)
        return document_detail(found, availability, shares, ctx.settings.partnerships_contact)
    if args.words and parse_query(args.words).is_empty:
        return usage(COMMAND, _("I found no words to search for in that."))
    page, number = search_page(ctx.session, "documents", args.words, Filters(), state.page, PAGE_SIZE)
    usage_text = _(COMMAND.usage) if not args.words and number == 1 else None
    return document_results(page, number, NAME, clean(ctx.request.text), args.words, usage_text)


def _add(ctx: Ctx, rest: str) -> Reply | None:
    """The secretariat's form (opened at once, in the request), or dropping a document still waiting."""
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    if rest == "cancel":
        return pending_cancelled(documents.cancel_pending(ctx.session, ctx.request.user_id))
    if rest:
        return usage(COMMAND, _("`/docs add` opens a form; it takes no more words (or `cancel`)."))
    form = document_form(documents.file_store(ctx.settings).limit_text)
    return open_form(ctx, form)


NAME = "/docs"
COMMAND = Command(
    name=NAME,
    summary=N_("search the document library and share a file"),
    usage=N_(
        "`/docs <words>` search by symbol, title or subject, e.g. `/docs cl 4004`, `/docs ballast water`; "
        "each result can be shared in the channel\n"
        "`/docs` the library, newest first\n"
        "`/docs add` (Partnerships Section) add a document: a form, then its link or the file by DM\n"
        "`/docs add cancel` (Partnerships Section) drop a document still waiting for its file"
    ),
    handle=handle,
)
