"""Mentions and direct messages: answered like `/ask`, in a thread when asked in a channel."""

from __future__ import annotations

from dataclasses import replace

from bot.views.blocks import Reply
from handlers.commands import ask
from handlers.context import Ctx
from handlers.events import document_upload


def handle(ctx: Ctx) -> Reply | None:
    if document_upload.wants(ctx):
        return document_upload.handle(ctx)
    event = ctx.request.payload
    if event.get("bot_id") or event.get("subtype") or not ctx.request.channel_id:
        return None
    if event.get("type") == "message" and event.get("channel_type") != "im":
        return None
    text = " ".join(word for word in event.get("text", "").split() if not word.startswith("<@"))
    return ask.handle(Ctx(replace(ctx.request, text=text), ctx.settings, ctx.session, ctx.messenger))
