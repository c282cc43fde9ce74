"""Announcements: the posted message, its preview with Post/Cancel, the previews of an edit and of a
withdrawal, the list (paged), and the form (modal), new or filled for an edit."""

from __future__ import annotations

import json
from typing import Any

from bot.services.announcements import MAX_BODY, MAX_TITLE, Link, link_value
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
    return _asking(
        f"Preview of announcement #{announcement.id}: press Post to send it to <#{channel_id}>.",
        intro,
        announcement_blocks(announcement, link),
        actions(
            button("Post", POST_ACTION, value, style="primary"),
            button("Cancel", CANCEL_ACTION, value),
            block_id=f"announce_{value}",
        ),
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


def _asking(text: str, intro: str, shown: list[Block], buttons: Block) -> Reply:
    """A preview for the author only: what it is, the announcement as it will look, and the buttons."""
    return Reply(text=text, blocks=[section(intro), divider(), *shown, divider(), buttons])


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


def edit_preview(announcement: Announcement, revision: AnnouncementRevision, link: Link | None) -> Reply:
    """An edit as the channel will see it, to its author only, with Post and Cancel."""
    edited = Announcement(
        id=announcement.id,
        title=revision.title,
        body=revision.body,
        author_user_id=announcement.author_user_id,
        posted_at=announcement.posted_at,
        updated_at=revision.added_at,
    )
    intro = (
        f":eyes: *Preview of your edit of announcement #{announcement.id}.* This is how it will look in "
        f"<#{announcement.channel_id}>. Nothing changes until you press *Post*."
    )
    value = str(revision.id)
    return _asking(
        f"Preview of your edit of announcement #{announcement.id}: press Post to change it.",
        intro,
        announcement_blocks(edited, link),
        actions(
            button("Post", APPLY_ACTION, value, style="primary"),
            button("Cancel", DISCARD_ACTION, value),
            block_id=f"announce_edit_{value}",
        ),
    )


def withdraw_preview(announcement: Announcement, link: Link | None) -> Reply:
    """What withdrawing would take away, and what the channel would see instead, with Withdraw and Cancel."""
    intro = (
        f":warning: *Withdraw announcement #{announcement.id}?* In <#{announcement.channel_id}> it will be "
        "replaced by a note that it was withdrawn. Nothing changes until you press *Withdraw*."
    )
    value = str(announcement.id)
    instead = context(f"Instead: {withdrawn_message(announcement).text}")
    return _asking(
        f"Withdraw announcement #{announcement.id}? Press Withdraw to confirm.",
        intro,
        [*announcement_blocks(announcement, link), divider(), instead],
        actions(
            button("Withdraw", WITHDRAW_ACTION, value, style="danger"),
            button("Cancel", KEEP_ACTION, value),
            block_id=f"announce_withdraw_{value}",
        ),
    )


def changed_note(announcement: Announcement, done: str) -> Reply:
    text = f":white_check_mark: Announcement #{announcement.id} is {done} in <#{announcement.channel_id}>."
    return Reply(text=text, blocks=[section(text)], replace_original=True)


def change_failed(announcement_id: int, problem: str, action_id: str, value: str, label: str) -> Reply:
    """Slack refused the change: nothing changed; it can be tried again from here."""
    text = f":warning: Announcement #{announcement_id} is unchanged: Slack said {escape(problem)}."
    again = actions(button(label, action_id, value, style="primary"))
    return Reply(text=text, blocks=[section(text), again])


def announcement_list(
    announcements: list[Announcement], total: int, page: int, secretariat: bool, command: str, text: str
) -> Reply:
    """A page of announcements, latest first; the secretariat sees every status and the numbers to edit."""
    if not announcements:
        message = "No announcements yet." + (" `/announce <text>` drafts one." if secretariat else "")
        return Reply(text=message, blocks=[section(message)])
    lines = []
    for item in announcements:
        when = (item.posted_at or item.added_at).strftime("%d %b %Y")
        title = truncate(item.title or item.body.split("\n", 1)[0], 80)
        if secretariat:
            lines.append(f"*#{item.id}* · {item.status} · {when} · {escape(title)}")
        else:
            body = "" if not item.title else f"\n{escape(truncate(item.body, 200))}"
            lines.append(f"*{escape(title)}* · {when}{body}")
    blocks: list[Block] = [
        header("Announcements"),
        context(f"Latest first: {total} in all."),
        *(section(piece) for piece in split_text("\n".join(lines))),
    ]
    nav = navigation(command, text, page, total, share_page=False)
    if nav is not None:
        blocks.append(nav)
    if secretariat:
        blocks.append(hint("Edit: `/announce edit <number>` · Withdraw: `/announce delete <number>`"))
    shown = "; ".join(
        f"#{a.id} {a.status}" if secretariat else truncate(a.title or a.body, 60) for a in announcements
    )
    return Reply(text=f"Announcements ({total}): {shown}", blocks=blocks)


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
        "placeholder": {"type": "plain_text", "text": "Type a symbol, a title or a programme"},
    }
    if announcement is not None:
        if announcement.title:
            title_input["initial_value"] = announcement.title
        body_input["initial_value"] = announcement.body
        intro = (
            f"Edit announcement #{announcement.id}. Press *Preview* to see it as <#{channel_id}> will; "
            "nothing changes until you press Post there."
        )
    else:
        intro = f"Posted in <#{channel_id}> for the whole community as soon as you press *Post*."
    if link is not None:
        link_input["initial_option"] = {
            "text": {"type": "plain_text", "text": truncate(f"{link.ref}: {link.label}", 75)},
            "value": link_value(link),
        }
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": {"type": "plain_text", "text": "Edit announcement" if announcement else "New announcement"},
        "submit": {"type": "plain_text", "text": "Preview" if announcement else "Post"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(intro),
            input_block("title", "Title", title_input, f"Up to {MAX_TITLE} characters."),
            input_block("body", "Announcement", body_input, f"Up to {MAX_BODY:,} characters."),
            input_block(
                "link",
                "Related document or programme",
                link_input,
                "Optional: start typing, e.g. 4004, TC 74, ballast, Djibouti.",
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
