"""Announcements: the posted message, its preview with Post/Cancel, the previews of an edit and of a
withdrawal, the list (paged), and the form (modal), new or filled for an edit."""

from __future__ import annotations

import json
from typing import Any

from bot.i18n import N_, _, figure, in_language, short_date
from bot.services.announcements import MAX_BODY, MAX_TITLE, Link, link_value, status_label
from bot.views.blocks import (
    Block,
    Reply,
    actions,
    button,
    context,
    divider,
    escape,
    header,
    hint,
    input_block,
    section,
    split_text,
    truncate,
)
from bot.views.results import navigation
from storage.models import Announcement, AnnouncementRevision

POST_ACTION = "announce_post"
CANCEL_ACTION = "announce_cancel"
APPLY_ACTION = "announce_apply_edit"
DISCARD_ACTION = "announce_discard_edit"
WITHDRAW_ACTION = "announce_withdraw"
KEEP_ACTION = "announce_keep"
LINK_SELECT = "announce_link"
FORM_CALLBACK = "announce_form"
NOT_ALLOWED = N_(
    ":lock: Only the Partnerships Section can post announcements. "
    "If you have news for the community, send it to them and they will share it."
)
NO_CHANNEL = N_(
    ":warning: No announcements channel is configured (ANNOUNCEMENTS_CHANNEL), so nothing was posted "
    "or kept. Ask whoever runs the bot to set it."
)
# What the author is told once the channel's message changed (by what changed it).
CHANGED = {
    "updated": N_(":white_check_mark: Announcement #{number} is updated in {channel}."),
    "withdrawn": N_(":white_check_mark: Announcement #{number} is withdrawn in {channel}."),
}


def _link_text(link: Link) -> str:
    if link.kind == "document":
        name = f"<{link.url}|{escape(link.ref)}>" if link.url else escape(link.ref)
        command = f"/docs {escape(link.ref)}"
        return _(
            ":page_facing_up: Related document: *{name}* {title} (`{command}`)",
            name=name,
            title=escape(link.label),
            command=command,
        )
    command = f"/programmes {escape(link.ref)}"
    return _(":compass: Related programme: *{name}* (`{command}`)", name=escape(link.label), command=command)


def announcement_blocks(announcement: Announcement, link: Link | None) -> list[Block]:
    """The announcement as its channel shows it: the author's words, and around them the bot's
    (in the current language: the channel's, when it is posted)."""
    blocks: list[Block] = []
    if announcement.title:
        blocks.append(header(announcement.title))
    blocks.extend(section(piece) for piece in split_text(escape(announcement.body)))
    if link is not None:
        blocks.append(context(_link_text(link)))
    author = f"<@{announcement.author_user_id}>"
    if announcement.posted_at and announcement.updated_at > announcement.posted_at:
        signed = _(":mega: Announcement from the Partnerships Section · {author} · edited", author=author)
    else:
        signed = _(":mega: Announcement from the Partnerships Section · {author}", author=author)
    blocks.append(context(signed))
    return blocks


def announcement_message(announcement: Announcement, link: Link | None) -> Reply:
    """The message posted in ANNOUNCEMENTS_CHANNEL (and re-rendered by chat.update after an edit)."""
    if announcement.title:
        shown = _("Announcement: {title}: {body}", title=announcement.title, body=announcement.body)
    else:
        shown = _("Announcement: {body}", body=announcement.body)
    return Reply(
        text=escape(truncate(shown, 300)),  # notifications show it
        blocks=announcement_blocks(announcement, link),
        public=True,
    )


def withdrawn_message(announcement: Announcement) -> Reply:
    note = _(":wastebasket: This announcement was withdrawn by the Partnerships Section.")
    return Reply(text=note, blocks=[section(note)], public=True)


def preview(announcement: Announcement, link: Link | None, channel_id: str, channel_language: str) -> Reply:
    """The draft as it will look (in the channel's language), to the author only, with Post and Cancel."""
    channel = f"<#{channel_id}>"
    intro = _(
        ":eyes: *Preview.* This is how it will look in {channel}. Nothing is posted until you press *Post*.",
        channel=channel,
    )
    with in_language(channel_language):
        shown = announcement_blocks(announcement, link)
    value = str(announcement.id)
    return _asking(
        _(
            "Preview of announcement #{number}: press Post to send it to {channel}.",
            number=announcement.id,
            channel=channel,
        ),
        intro,
        shown,
        actions(
            button(_("Post"), POST_ACTION, value, style="primary"),
            button(_("Cancel"), CANCEL_ACTION, value),
            block_id=f"announce_{value}",
        ),
    )


def posted_note(announcement: Announcement, already: bool = False) -> Reply:
    """It is in the channel; `already`: by an earlier press or attempt (it is there once)."""
    values = {"number": announcement.id, "channel": f"<#{announcement.channel_id}>"}
    text = (
        _(
            ":white_check_mark: Announcement #{number} was already posted in {channel}; it is there once.",
            **values,
        )
        if already
        else _(":white_check_mark: Announcement #{number} is posted in {channel}.", **values)
    )
    return Reply(text=text, blocks=[section(text)], replace_original=True)


def _asking(text: str, intro: str, shown: list[Block], buttons: Block) -> Reply:
    """A preview for the author only: what it is, the announcement as it will look, and the buttons."""
    return Reply(text=text, blocks=[section(intro), divider(), *shown, divider(), buttons])


def post_failed(announcement_id: int, channel_id: str, problem: str) -> Reply:
    """Posting failed; the draft is kept and can be posted again from here."""
    channel = f"<#{channel_id}>"
    text = _(
        ":warning: I couldn't post announcement #{number} in {channel} ({problem}). "
        "If I'm not in that channel, invite me, then press Post again.",
        number=announcement_id,
        channel=channel,
        problem=problem,
    )
    value = str(announcement_id)
    return Reply(
        text=text,
        blocks=[
            section(text),
            actions(
                button(_("Post again"), POST_ACTION, value, style="primary"),
                button(_("Cancel"), CANCEL_ACTION, value),
            ),
        ],
    )


def post_unconfirmed(announcement_id: int, channel_id: str, problem: str) -> Reply:
    """Slack did not confirm the post and it is not in the channel yet; pressing again checks first."""
    channel = f"<#{channel_id}>"
    text = _(
        ":hourglass_flowing_sand: Slack did not answer in time ({problem}), and announcement #{number} is "
        "not in {channel} yet: it may still arrive. Press *Check again* in a minute or two. I look in the "
        "channel before posting anything, so it cannot appear twice.",
        problem=problem,
        number=announcement_id,
        channel=channel,
    )
    value = str(announcement_id)
    return Reply(text=text, blocks=[section(text), actions(button(_("Check again"), POST_ACTION, value))])


def edit_preview(
    announcement: Announcement, revision: AnnouncementRevision, link: Link | None, channel_language: str
) -> Reply:
    """An edit as the channel will see it (in its language), to its author only, with Post and Cancel."""
    edited = Announcement(
        id=announcement.id,
        title=revision.title,
        body=revision.body,
        author_user_id=announcement.author_user_id,
        posted_at=announcement.posted_at,
        updated_at=revision.added_at,
    )
    channel = f"<#{announcement.channel_id}>"
    intro = _(
        ":eyes: *Preview of your edit of announcement #{number}.* This is how it will look in {channel}. "
        "Nothing changes until you press *Post*.",
        number=announcement.id,
        channel=channel,
    )
    with in_language(channel_language):
        shown = announcement_blocks(edited, link)
    value = str(revision.id)
    return _asking(
        _("Preview of your edit of announcement #{number}: press Post to change it.", number=announcement.id),
        intro,
        shown,
        actions(
            button(_("Post"), APPLY_ACTION, value, style="primary"),
            button(_("Cancel"), DISCARD_ACTION, value),
            block_id=f"announce_edit_{value}",
        ),
    )


def withdraw_preview(announcement: Announcement, link: Link | None, channel_language: str) -> Reply:
    """What withdrawing would take away, and what the channel would see instead (both in its
    language), with Withdraw and Cancel."""
    channel = f"<#{announcement.channel_id}>"
    intro = _(
        ":warning: *Withdraw announcement #{number}?* In {channel} it will be replaced by a note that it was "
        "withdrawn. Nothing changes until you press *Withdraw*.",
        number=announcement.id,
        channel=channel,
    )
    value = str(announcement.id)
    with in_language(channel_language):
        shown, note = announcement_blocks(announcement, link), withdrawn_message(announcement).text
    instead = context(_("Instead: {note}", note=note))
    return _asking(
        _("Withdraw announcement #{number}? Press Withdraw to confirm.", number=announcement.id),
        intro,
        [*shown, divider(), instead],
        actions(
            button(_("Withdraw"), WITHDRAW_ACTION, value, style="danger"),
            button(_("Cancel"), KEEP_ACTION, value),
            block_id=f"announce_withdraw_{value}",
        ),
    )


def changed_note(announcement: Announcement, done: str) -> Reply:
    """`done`: what changed the channel's message (a key of CHANGED: updated, withdrawn)."""
    channel = f"<#{announcement.channel_id}>"
    text = _(CHANGED[done], number=announcement.id, channel=channel)
    return Reply(text=text, blocks=[section(text)], replace_original=True)


def change_failed(announcement_id: int, problem: str, action_id: str, value: str, label: str) -> Reply:
    """Slack refused the change: nothing changed; it can be tried again from here (`label`: the
    button's text, already translated)."""
    text = _(
        ":warning: Announcement #{number} is unchanged: Slack said {problem}.",
        number=announcement_id,
        problem=escape(problem),
    )
    again = actions(button(label, action_id, value, style="primary"))
    return Reply(text=text, blocks=[section(text), again])


def announcement_list(
    announcements: list[Announcement], total: int, page: int, secretariat: bool, command: str, text: str
) -> Reply:
    """A page of announcements, latest first; the secretariat sees every status and the numbers to edit."""
    if not announcements:
        message = (
            _("No announcements yet. `/announce <text>` drafts one.")
            if secretariat
            else _("No announcements yet.")
        )
        return Reply(text=message, blocks=[section(message)])
    lines = []
    for item in announcements:
        when = short_date(item.posted_at or item.added_at)
        title = truncate(item.title or item.body.split("\n", 1)[0], 80)
        if secretariat:
            lines.append(f"*#{item.id}* · {status_label(item.status)} · {when} · {escape(title)}")
        else:
            body = "" if not item.title else f"\n{escape(truncate(item.body, 200))}"
            lines.append(f"*{escape(title)}* · {when}{body}")
    blocks: list[Block] = [
        header(_("Announcements")),
        context(_("Latest first: {total} in all.", total=figure(total))),
        *(section(piece) for piece in split_text("\n".join(lines))),
    ]
    nav = navigation(command, text, page, total, share_page=False)
    if nav is not None:
        blocks.append(nav)
    if secretariat:
        blocks.append(hint(_("Edit: `/announce edit <number>` · Withdraw: `/announce delete <number>`")))
    shown = "; ".join(
        f"#{a.id} {status_label(a.status)}" if secretariat else truncate(a.title or a.body, 60)
        for a in announcements
    )
    return Reply(text=_("Announcements ({total}): {shown}", total=figure(total), shown=shown), blocks=blocks)


def announcement_form(
    channel_id: str, announcement: Announcement | None = None, link: Link | None = None
) -> dict[str, Any]:
    """The modal of `/announce` with no text, or of `/announce edit <number>` filled with the
    announcement as it stands (its submission is then previewed, not posted)."""
    title_input: dict[str, Any] = {"type": "plain_text_input", "max_length": MAX_TITLE}
    body_input: dict[str, Any] = {"type": "plain_text_input", "multiline": True, "max_length": MAX_BODY}
    link_input: dict[str, Any] = {
        "type": "external_select",
        "action_id": LINK_SELECT,
        "min_query_length": 0,
        "placeholder": {"type": "plain_text", "text": _("Type a symbol, a title or a programme")},
    }
    channel = f"<#{channel_id}>"
    if announcement is not None:
        if announcement.title:
            title_input["initial_value"] = announcement.title
        body_input["initial_value"] = announcement.body
        intro = _(
            "Edit announcement #{number}. Press *Preview* to see it as {channel} will; "
            "nothing changes until you press Post there.",
            number=announcement.id,
            channel=channel,
        )
    else:
        intro = _("Posted in {channel} for the whole community as soon as you press *Post*.", channel=channel)
    if link is not None:
        link_input["initial_option"] = {
            "text": {"type": "plain_text", "text": truncate(f"{link.ref}: {link.label}", 75)},
            "value": link_value(link),
        }
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": {
            "type": "plain_text",
            "text": _("Edit announcement") if announcement else _("New announcement"),
        },
        "submit": {"type": "plain_text", "text": _("Preview") if announcement else _("Post")},
        "close": {"type": "plain_text", "text": _("Cancel")},
        "blocks": [
            section(intro),
            input_block(
                "title", _("Title"), title_input, _("Up to {limit} characters.", limit=figure(MAX_TITLE))
            ),
            input_block(
                "body", _("Announcement"), body_input, _("Up to {limit} characters.", limit=figure(MAX_BODY))
            ),
            input_block(
                "link",
                _("Related document or programme"),
                link_input,
                _("Optional: start typing, e.g. 4004, TC 74, ballast, Djibouti."),
                optional=True,
            ),
        ],
    }
    if announcement is not None:
        view["private_metadata"] = json.dumps({"edit": announcement.id})
    return view


def form_edit_id(view: dict[str, Any]) -> int | None:
    """The announcement a submitted form edits (None for a new one)."""
    try:
        edit = json.loads(view.get("private_metadata") or "{}").get("edit")
    except (ValueError, AttributeError):
        return None
    return edit if isinstance(edit, int) else None


def form_values(view: dict[str, Any]) -> dict[str, str]:
    """The submitted text of each form field ('' when left empty); the link as its select's value."""
    values = view.get("state", {}).get("values", {})

    def element(block_id: str) -> dict[str, Any]:
        return next(iter((values.get(block_id) or {}).values()), None) or {}

    return {
        "title": str(element("title").get("value") or ""),
        "body": str(element("body").get("value") or ""),
        "link": str((element("link").get("selected_option") or {}).get("value") or ""),
    }
