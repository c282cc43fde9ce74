"""Announcements: the posted message, its preview with Post/Cancel, the list, and the form (modal)."""

from __future__ import annotations

from typing import Any

from bot.services.announcements import MAX_BODY, MAX_LINK, MAX_TITLE, Link
from bot.views.blocks import (
    Block,
    Reply,
    actions,
    button,
    context,
    divider,
    escape,
    header,
    section,
    split_text,
    truncate,
)
from storage.models import Announcement

POST_ACTION = "announce_post"
CANCEL_ACTION = "announce_cancel"
FORM_CALLBACK = "announce_form"
FORM_FIELDS = ("title", "body", "link")
FIELD_ACTION = "value"
SENDER = "the Partnerships Section"
NOT_ALLOWED = (
    ":lock: Only the Partnerships Section can post announcements. "
    "If you have news for the community, send it to them and they will share it."
)
NO_CHANNEL = (
    ":warning: No announcements channel is configured (ANNOUNCEMENTS_CHANNEL), so nothing was posted "
    "or kept. Ask whoever runs the bot to set it."
)


def _link_text(link: Link) -> str:
    if link.kind == "document":
        name = f"<{link.url}|{escape(link.ref)}>" if link.url else escape(link.ref)
        return (
            f":page_facing_up: Related document: *{name}* {escape(link.label)} (`/docs {escape(link.ref)}`)"
        )
    return f":compass: Related programme: *{escape(link.label)}* (`/programmes {escape(link.ref)}`)"


def announcement_blocks(announcement: Announcement, link: Link | None) -> list[Block]:
    blocks: list[Block] = []
    if announcement.title:
        blocks.append(header(announcement.title))
    blocks.extend(section(piece) for piece in split_text(escape(announcement.body)))
    if link is not None:
        blocks.append(context(_link_text(link)))
    edited = (
        " · edited" if announcement.posted_at and announcement.updated_at > announcement.posted_at else ""
    )
    blocks.append(context(f":mega: Announcement from {SENDER} · <@{announcement.author_user_id}>{edited}"))
    return blocks


def announcement_message(announcement: Announcement, link: Link | None) -> Reply:
    """The message posted in ANNOUNCEMENTS_CHANNEL (and re-rendered by chat.update after an edit)."""
    title = f"{announcement.title}: " if announcement.title else ""
    return Reply(
        text=escape(truncate(f"Announcement: {title}{announcement.body}", 300)),  # notifications show it
        blocks=announcement_blocks(announcement, link),
        public=True,
    )


def withdrawn_message(announcement: Announcement) -> Reply:
    note = f":wastebasket: This announcement was withdrawn by {SENDER}."
    return Reply(text=note, blocks=[section(note)], public=True)


def preview(announcement: Announcement, link: Link | None, channel_id: str) -> Reply:
    """The draft as it will look, to the author only, with Post and Cancel."""
    intro = (
        f":eyes: *Preview.* This is how it will look in <#{channel_id}>. "
        "Nothing is posted until you press *Post*."
    )
    value = str(announcement.id)
    return Reply(
        text=f"Preview of announcement #{announcement.id}: press Post to send it to <#{channel_id}>.",
        blocks=[
            section(intro),
            divider(),
            *announcement_blocks(announcement, link),
            divider(),
            actions(
                button("Post", POST_ACTION, value, style="primary"),
                button("Cancel", CANCEL_ACTION, value),
                block_id=f"announce_{value}",
            ),
        ],
    )


def posted_note(announcement: Announcement, already: bool = False) -> Reply:
    """It is in the channel; `already`: by an earlier press or attempt (it is there once)."""
    where = f"<#{announcement.channel_id}>"
    text = (
        f":white_check_mark: Announcement #{announcement.id} was already posted in {where}; it is there once."
        if already
        else f":white_check_mark: Announcement #{announcement.id} is posted in {where}."
    )
    return Reply(text=text, blocks=[section(text)], replace_original=True)


def post_failed(announcement_id: int, channel_id: str, problem: str) -> Reply:
    """Posting failed; the draft is kept and can be posted again from here."""
    text = (
        f":warning: I couldn't post announcement #{announcement_id} in <#{channel_id}> ({problem}). "
        "If I'm not in that channel, invite me, then press Post again."
    )
    value = str(announcement_id)
    return Reply(
        text=text,
        blocks=[
            section(text),
            actions(
                button("Post again", POST_ACTION, value, style="primary"),
                button("Cancel", CANCEL_ACTION, value),
            ),
        ],
    )


def post_unconfirmed(announcement_id: int, channel_id: str, problem: str) -> Reply:
    """Slack did not confirm the post and it is not in the channel yet; pressing again checks first."""
    text = (
        f":hourglass_flowing_sand: Slack did not answer in time ({problem}), and announcement "
        f"#{announcement_id} is not in <#{channel_id}> yet: it may still arrive. Press *Check again* in a "
        "minute or two. I look in the channel before posting anything, so it cannot appear twice."
    )
    value = str(announcement_id)
    return Reply(text=text, blocks=[section(text), actions(button("Check again", POST_ACTION, value))])


def announcement_list(announcements: list[Announcement]) -> Reply:
    if not announcements:
        text = "No announcements yet. `/announce <text>` drafts one."
        return Reply(text=text, blocks=[section(text)])
    lines = []
    for item in announcements:
        when = (item.posted_at or item.added_at).strftime("%d %b %Y")
        summary = truncate(item.title or item.body.split("\n", 1)[0], 80)
        lines.append(f"*#{item.id}* · {item.status} · {when} · {escape(summary)}")
    return Reply(
        text="Latest announcements: " + "; ".join(f"#{a.id} {a.status}" for a in announcements),
        blocks=[
            header("Latest announcements"),
            *(section(piece) for piece in split_text("\n".join(lines))),
            context("Edit: `/announce edit <number> <new text>` · Withdraw: `/announce delete <number>`"),
        ],
    )


def _input(block_id: str, label: str, element: dict[str, Any], hint: str, optional: bool = False) -> Block:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {"action_id": FIELD_ACTION, **element},
        "hint": {"type": "plain_text", "text": hint},
        "optional": optional,
    }


def announcement_form(channel_id: str) -> dict[str, Any]:
    """The modal opened by `/announce` with no text."""
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": {"type": "plain_text", "text": "New announcement"},
        "submit": {"type": "plain_text", "text": "Post"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(f"Posted in <#{channel_id}> for the whole community as soon as you press *Post*."),
            _input(
                "title",
                "Title",
                {"type": "plain_text_input", "max_length": MAX_TITLE},
                f"Up to {MAX_TITLE} characters.",
            ),
            _input(
                "body",
                "Announcement",
                {"type": "plain_text_input", "multiline": True, "max_length": MAX_BODY},
                f"Up to {MAX_BODY:,} characters.",
            ),
            _input(
                "link",
                "Related document or programme",
                {"type": "plain_text_input", "max_length": MAX_LINK},
                "Optional: a document symbol such as TC 74/4(a), or a programme slug such as djibouti-code.",
                optional=True,
            ),
        ],
    }


def form_values(view: dict[str, Any]) -> dict[str, str]:
    """The submitted text of each form field ('' when left empty)."""
    values = view.get("state", {}).get("values", {})
    return {
        name: str((values.get(name, {}).get(FIELD_ACTION) or {}).get("value") or "") for name in FORM_FIELDS
    }
