"""/digest: subscribe to the weekly digest by DM, see your status, or preview the next one."""

from __future__ import annotations

import json
from datetime import datetime

from apscheduler.triggers.cron import CronTrigger

from bot.i18n import N_, _
from bot.services.digest import (
    digest_trigger,
    next_digest,
    next_fire,
    remember_dm_channel,
    subscribe,
    subscription,
    unsubscribe,
)
from bot.text import parse_arguments
from bot.views.blocks import Reply, escape
from bot.views.digest import digest_preview, subscribed, subscription_status, unsubscribed
from bot.views.help import usage
from handlers.context import Command, Ctx
from handlers.web_api import try_slack
from storage.models import utcnow
from storage.versions import VersionedCache

SUBCOMMANDS = ("subscribe", "unsubscribe", "preview", "status")


def handle(ctx: Ctx) -> Reply:
    args = parse_arguments(ctx.request.text)
    if args.first_word in ("", "help"):
        return usage(COMMAND)
    if args.first_word not in SUBCOMMANDS or args.rest:
        return usage(COMMAND, _("I don't know {command}.", command=f"`/digest {escape(args.words[:40])}`"))
    settings, user_id = ctx.settings, ctx.request.user_id
    trigger = digest_trigger(settings.digest_schedule, settings.digest_timezone)
    now = utcnow()
    next_at = next_fire(trigger, now)
    if args.first_word == "subscribe":
        changed = subscribe(ctx.session, user_id)
        ctx.later(_open_dm)
        return subscribed(changed, next_at, settings.digest_timezone)
    if args.first_word == "unsubscribe":
        return unsubscribed(unsubscribe(ctx.session, user_id), settings.digest_channel)
    if args.first_word == "status":
        mine = subscription(ctx.session, user_id)
        return subscription_status(mine, settings.digest_channel, next_at, settings.digest_timezone)
    return _preview(ctx, trigger, now, next_at)


# The preview is the same for everyone who reads it in one language (what the week brought so far):
# kept per data version, period and language, as JSON, so that no caller shares its blocks.
PREVIEWS: VersionedCache[str] = VersionedCache(size=16)


def _preview(ctx: Ctx, trigger: CronTrigger, now: datetime, next_at: datetime) -> Reply:
    def make() -> str:
        content, _next = next_digest(ctx.session, trigger, now)
        reply = digest_preview(content, ctx.settings.digest_timezone, next_at)
        return json.dumps({"text": reply.text, "blocks": reply.blocks})

    key = (ctx.language, next_at, ctx.settings.digest_timezone)
    kept = json.loads(PREVIEWS.get(ctx.session, key, make))
    return Reply(text=kept["text"], blocks=kept["blocks"])


def _open_dm(ctx: Ctx) -> None:
    """Open the DM now, while one user subscribes, rather than 500 at once when the digest goes out
    (conversations.open has a lower rate limit than posting). If it fails, the digest opens it."""
    channel, _ = try_slack(ctx, lambda: ctx.messenger.open_dm(ctx.request.user_id))
    if channel:
        remember_dm_channel(ctx.session, ctx.request.user_id, channel)


COMMAND = Command(
    name="/digest",
    summary=N_("the weekly digest of new arrangements, documents and announcements"),
    usage=N_(
        "`/digest subscribe` get the weekly digest by direct message\n"
        "`/digest unsubscribe` stop getting it\n"
        "`/digest preview` see what the next digest would say so far (only you see it)\n"
        "`/digest status` your subscription and when the next digest goes out"
    ),
    handle=handle,
)
