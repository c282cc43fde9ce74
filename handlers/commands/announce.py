"""/announce: announcements. Anyone reads them (`list`); the secretariat drafts (text -> preview with
Post; no text -> a form), edits (`edit <number>`: the form, filled; with text: that text) and
withdraws (`delete <number>`), each previewed and applied once. A text that starts with a
subcommand is that subcommand, answered with its usage when malformed: never a draft."""

from __future__ import annotations

import re

from bot.i18n import N_, _
from bot.services.announcements import (
    DraftFields,
    announcements_page,
    check_body,
    create_draft,
    link_of,
    posted_announcement,
    propose_revision,
)
from bot.text import clean_multiline
from bot.views.announcements import (
    NO_CHANNEL,
    NOT_ALLOWED,
    announcement_form,
    announcement_list,
    edit_preview,
    preview,
    withdraw_preview,
)
from bot.views.blocks import Reply
from bot.views.help import usage
from handlers.context import Command, Ctx
from handlers.web_api import open_form

SUBCOMMANDS = ("help", "list", "edit", "delete")
NUMBER_THEN_TEXT = re.compile(r"^#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL)
NUMBER = re.compile(r"^#?(\d{1,9})$")
EDIT_USAGE = N_(
    "`/announce edit <number>` opens the announcement in the form; `/announce edit <number> <new text>` "
    "previews it with that text. `/announce list` shows the numbers."
)
DELETE_USAGE = N_("`/announce delete <number>` previews withdrawing it. `/announce list` shows the numbers.")


def handle(ctx: Ctx) -> Reply | None:
    text = clean_multiline(ctx.request.text)
    first, _space, rest = text.partition(" ") if " " in text else text.partition("\n")
    subcommand, rest = first.lower(), rest.strip()
    if subcommand == "help":
        return usage(COMMAND)
    if subcommand == "list":
        if rest:
            return usage(
                COMMAND, _("`/announce list` takes no more words; its Next button shows older ones.")
            )
        everyone = not ctx.is_secretariat
        items, total, page = announcements_page(ctx.session, ctx.request.state.page, everyone)
        return announcement_list(items, total, page, not everyone, NAME, "list")
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    channel = ctx.settings.announcements_channel
    if not channel:
        return Reply(text=_(NO_CHANNEL))
    if subcommand == "edit":
        return _edit(ctx, rest, channel)
    if subcommand == "delete":
        number = NUMBER.match(rest)
        if number is None:
            return usage(COMMAND, _(DELETE_USAGE))
        announcement = posted_announcement(ctx.session, int(number.group(1)))
        return withdraw_preview(
            announcement, link_of(ctx.session, announcement), ctx.settings.channel_language(channel)
        )
    if not text:
        return open_form(ctx, announcement_form(channel))
    announcement = create_draft(ctx.session, DraftFields("", check_body(text)), ctx.request.user_id)
    return preview(announcement, None, channel, ctx.settings.channel_language(channel))


def _edit(ctx: Ctx, rest: str, channel: str) -> Reply | None:
    wanted = NUMBER_THEN_TEXT.match(rest)
    if wanted is None:
        return usage(COMMAND, _(EDIT_USAGE))
    announcement = posted_announcement(ctx.session, int(wanted.group(1)))
    link = link_of(ctx.session, announcement)
    if not wanted.group(2):
        return open_form(ctx, announcement_form(channel, announcement, link))
    fields = DraftFields(announcement.title, check_body(wanted.group(2)), link)
    revision = propose_revision(ctx.session, announcement, fields, ctx.request.user_id)
    return edit_preview(announcement, revision, link, ctx.settings.channel_language(channel))


NAME = "/announce"
COMMAND = Command(
    name=NAME,
    summary=N_("announcements: read them; post, edit and withdraw them (secretariat)"),
    usage=N_(
        "`/announce list` the announcements, latest first (anyone)\n"
        "`/announce <text>` (Partnerships Section) shows a preview; press Post to send it to the "
        "announcements channel\n"
        "`/announce` (Partnerships Section) opens a form: title, text, related document or programme\n"
        "`/announce edit <number>` (Partnerships Section) the announcement in the form, filled; "
        "`/announce edit <number> <new text>` replaces its text; either way a preview, then Post\n"
        "`/announce delete <number>` (Partnerships Section) a preview, then Withdraw"
    ),
    handle=handle,
)
