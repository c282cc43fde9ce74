"""A file the secretariat sends the bot by DM after `/docs add`: fetched, checked, and added with
the waiting description in one transaction, or refused with nothing kept."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackClientError

from bot.i18n import _
from bot.services import documents
from bot.views.blocks import Reply
from bot.views.documents import added_note, description_lapsed, file_refused
from handlers.context import Ctx
from storage.files import FileRefused

log = logging.getLogger(__name__)


def wants(ctx: Ctx) -> bool:
    """A file shared in a DM by a secretariat member who has a document waiting for its file."""
    event = ctx.request.payload
    return (
        event.get("subtype") == "file_share"
        and event.get("channel_type") == "im"
        and not event.get("bot_id")
        and ctx.is_secretariat
        and documents.pending_for(ctx.session, ctx.request.user_id) is not None
    )


def handle(ctx: Ctx) -> Reply | None:
    pending = documents.pending_for(ctx.session, ctx.request.user_id)
    if pending is None:
        return None
    symbol = str(pending.fields.get("symbol", ""))
    files = ctx.request.payload.get("files") or []
    if len(files) != 1 or not isinstance(files[0], dict):
        return file_refused(symbol, _("please send one file at a time"))
    info = files[0]
    target = documents.fillable(ctx.session, symbol)
    fields, problems = documents.check_fields(ctx.session, pending.fields, target)
    if fields is None:
        documents.cancel_pending(ctx.session, ctx.request.user_id)
        return description_lapsed(symbol, problems)
    store = documents.file_store(ctx.settings)
    size = info.get("size")
    if isinstance(size, int) and size > store.max_bytes:
        return file_refused(symbol, _("it is larger than the {limit} limit", limit=store.limit_text))
    url = info.get("url_private_download") or info.get("url_private")
    if not isinstance(url, str) or not url:
        return file_refused(symbol, _("Slack gave no address to fetch it from"))
    name = str(info.get("name") or "")
    try:
        incoming = store.receive(ctx.messenger.download(url), name)
    except FileRefused as error:
        return file_refused(symbol, str(error))
    except (OSError, SlackClientError) as error:
        log.warning("could not fetch a file sent by %s: %s", ctx.request.user_id, error)
        return file_refused(symbol, _("I could not fetch it from Slack; please send it again"))
    document = documents.complete_pending(ctx.session, pending, fields, store, incoming, name, target)
    log.info("document %s (%s) added by %s with a file sent by DM", document.id, symbol, ctx.request.user_id)
    return added_note(document)
