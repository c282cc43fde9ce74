"""Share in channel, for one document: its file (uploaded after the ack) or its link."""

from __future__ import annotations

import logging
import uuid

from bot.i18n import in_language
from bot.posting import post_once
from bot.services import documents
from bot.services.documents import Availability
from bot.views.blocks import Reply, truncate
from bot.views.documents import (
    document_card,
    no_channel,
    not_sharable,
    share_failed,
    share_unconfirmed,
    shared_link,
    shared_note,
    title_of,
    upload_comment,
    uploading,
)
from bot.views.results import not_on_record
from handlers.context import Ctx
from handlers.web_api import try_slack
from storage.models import Document

log = logging.getLogger(__name__)


def handle_share(ctx: Ctx) -> Reply | None:
    """Share the document in the channel the button was pressed in, and record it once Slack accepts."""
    value = ctx.request.value
    document = documents.document(ctx.session, int(value)) if value.isdigit() else None
    if document is None:
        return not_on_record("document")
    channel = ctx.request.channel_id
    if not channel:
        return no_channel()
    availability = documents.availability(document, documents.file_store(ctx.settings))
    if availability is Availability.FILE:
        document_id = document.id
        ctx.later(lambda later: _upload(later, document_id, channel))
        return uploading(document, channel)
    contact = ctx.settings.partnerships_contact
    if availability is Availability.MISSING:
        log.warning(
            "the file of document %s (%s) is missing from the store", document.id, document.stored_name
        )
        return not_sharable(document, availability, contact)
    with in_language(ctx.settings.channel_language(channel)):  # the channel's language
        if availability is Availability.LINK:
            message = shared_link(document, ctx.request.user_id)
        else:  # neither file nor link: its card, and whom to ask for it
            message = document_card(document, ctx.request.user_id, contact)
    return _post_share(ctx, document, channel, message)


def _post_share(ctx: Ctx, document: Document, channel: str, message: Reply) -> Reply:
    """Post the link or card once per results message it was pressed on (a slow Slack cannot double
    it, nor a second press), and record the share with the message that landed."""

    user, document_id = ctx.request.user_id, document.id
    container = ctx.request.payload.get("container") or {}
    pressed_on = container.get("message_ts") if isinstance(container, dict) else None
    click = str(pressed_on or ctx.request.payload.get("action_ts") or uuid.uuid4().hex)
    result = post_once(
        ctx.session,
        ctx.messenger,
        f"share:{document_id}:{channel}:{user}:{click}",
        channel,
        message,
        on_posted=lambda ts: documents.record_share(ctx.session, document_id, user, channel, message_ts=ts),
    )
    if result.outcome == "posted":
        return shared_note(document, channel)
    if result.outcome == "failed":
        return share_failed(document, channel, result.problem or "no message id")
    return share_unconfirmed(document, channel, result.problem or "no answer")


def _upload(ctx: Ctx, document_id: int, channel: str) -> Reply:
    """Upload the file (slow: after the ack); the share is recorded only once Slack has it."""
    document = documents.document(ctx.session, document_id)
    if document is None:
        return not_on_record("document")
    store = documents.file_store(ctx.settings)
    path = store.path_of(document.stored_name)
    if path is None or not store.is_intact(document.stored_name, document.checksum):
        log.warning("the file of document %s is missing or changed on disk", document.id)
        return not_sharable(document, Availability.MISSING, ctx.settings.partnerships_contact)
    name = document.original_name or path.name
    with in_language(ctx.settings.channel_language(channel)):
        title = truncate(f"{document.symbol}: {title_of(document)}", 250)
        comment = upload_comment(document, ctx.request.user_id)
    file_id, problem = try_slack(ctx, lambda: ctx.messenger.upload(channel, path, name, title, comment))
    if file_id is None:
        return share_failed(document, channel, problem or "no file id")
    documents.record_share(ctx.session, document.id, ctx.request.user_id, channel, slack_file_id=file_id)
    log.info("document %s shared in %s by %s", document.id, channel, ctx.request.user_id)
    return shared_note(document, channel)
