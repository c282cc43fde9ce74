"""Block Kit builders that keep to Slack's limits, and a validator that tests use.

Every reply is built from these helpers, so that no message can exceed what Slack
accepts: 50 blocks a message, 3000 characters a section, 75 a button label.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass, field
from typing import Any

from bot.i18n import N_, _

MAX_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_LABEL = 75
MAX_BUTTON_VALUE = 2000
MAX_ACTION_ID = 255
MAX_CONTEXT_ELEMENTS = 10
MAX_ACTIONS_ELEMENTS = 25
MAX_FALLBACK_TEXT = 3000

Block = dict[str, Any]


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def escape(text: str) -> str:
    """Escape user or record text for mrkdwn, so it cannot ping or format (e.g. <!channel>)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SECTION = N_("the Partnerships Section")


def the_section(contact: str | None) -> str:
    """The Partnerships Section with how to reach it (PARTNERSHIPS_CONTACT: an e-mail or a channel),
    for every line that says to ask them."""
    if not contact:
        return _(SECTION)
    if "@" in contact:
        return f"{_(SECTION)} (<mailto:{contact}|{contact}>)"
    return f"{_(SECTION)} (<#{contact}>)"


def header(text: str) -> Block:
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(text, MAX_HEADER_TEXT)}}


def section(text: str, accessory: Block | None = None) -> Block:
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": truncate(text, MAX_SECTION_TEXT)}}
    if accessory is not None:
        block["accessory"] = accessory
    return block


def split_text(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Cut text into pieces of at most `limit` characters, at line breaks, else spaces, else anywhere."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            cut = cut if cut > 0 else limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ")
        current = line
    if current:
        pieces.append(current)
    return pieces


def fields(*items: str) -> Block:
    return {
        "type": "section",
        "fields": [{"type": "mrkdwn", "text": truncate(item, 2000)} for item in items[:10]],
    }


def context(*texts: str) -> Block:
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(t, 3000)} for t in texts[:MAX_CONTEXT_ELEMENTS]],
    }


HINT = "hint_"


def hint(text: str) -> Block:
    """A context line for the asker only (what to type next, how to search): a shared copy leaves it out."""
    block = context(text)
    block["block_id"] = f"{HINT}{zlib.crc32(text.encode()):08x}"
    return block


FIELD_ACTION = "value"  # the action_id of a form's inputs (a type-ahead select has its own)


def input_block(block_id: str, label: str, element: Block, hint_text: str, optional: bool = False) -> Block:
    """One field of a form (modal): its label, the element (action_id FIELD_ACTION unless it has one),
    and a hint under it."""
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {"action_id": FIELD_ACTION, **element},
        "hint": {"type": "plain_text", "text": hint_text},
        "optional": optional,
    }


def divider() -> Block:
    return {"type": "divider"}


def button(
    label: str, action_id: str, value: str = "", style: str | None = None, url: str | None = None
) -> Block:
    if len(value) > MAX_BUTTON_VALUE:
        raise ValueError(f"button value over {MAX_BUTTON_VALUE} characters for {action_id}")
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(label, MAX_BUTTON_LABEL)},
        "action_id": action_id,
    }
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    if url:
        element["url"] = url
    return element


def actions(*elements: Block, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements[:MAX_ACTIONS_ELEMENTS])}
    if block_id:
        block["block_id"] = block_id
    return block


@dataclass
class Reply:
    """A message for the user: Block Kit blocks plus the plain text Slack shows in notifications.

    `public` posts it in the channel (response_type in_channel) instead of to the asker only;
    `replace_original` replaces the message a button was clicked on.
    """

    text: str
    blocks: list[Block] = field(default_factory=list)
    public: bool = False
    replace_original: bool = False

    def __post_init__(self) -> None:
        self.text = truncate(self.text, MAX_FALLBACK_TEXT)
        if len(self.blocks) > MAX_BLOCKS:
            raise ValueError(f"{len(self.blocks)} blocks in one message; Slack allows {MAX_BLOCKS}")

    def to_response(self) -> dict[str, Any]:
        """The body for ack()/respond(): a slash-command or response_url message."""
        body: dict[str, Any] = {
            "text": self.text,
            "response_type": "in_channel" if self.public else "ephemeral",
        }
        if self.blocks:
            body["blocks"] = self.blocks
        if self.replace_original:
            body["replace_original"] = True
        return body


def validate_blocks(blocks: list[Block]) -> list[str]:
    """Problems that would make Slack reject these blocks (an empty list means none)."""
    problems: list[str] = []
    if len(blocks) > MAX_BLOCKS:
        problems.append(f"{len(blocks)} blocks > {MAX_BLOCKS}")
    for index, block in enumerate(blocks):
        where = f"block {index} ({block.get('type')})"
        kind = block.get("type")
        if kind not in {"section", "header", "context", "divider", "actions", "input", "image", "rich_text"}:
            problems.append(f"{where}: unknown type")
        text = block.get("text", {}).get("text", "") if isinstance(block.get("text"), dict) else ""
        if kind == "section":
            if not text and not block.get("fields"):
                problems.append(f"{where}: a section needs text or fields")
            if len(text) > MAX_SECTION_TEXT:
                problems.append(f"{where}: text {len(text)} > {MAX_SECTION_TEXT}")
            if len(block.get("fields", [])) > 10:
                problems.append(f"{where}: more than 10 fields")
        if kind == "header" and (not text or len(text) > MAX_HEADER_TEXT):
            problems.append(f"{where}: header text must be 1..{MAX_HEADER_TEXT} characters")
        if kind == "context" and not 1 <= len(block.get("elements", [])) <= MAX_CONTEXT_ELEMENTS:
            problems.append(f"{where}: context needs 1..{MAX_CONTEXT_ELEMENTS} elements")
        elements = list(block.get("elements", [])) if kind == "actions" else []
        if "accessory" in block:
            elements.append(block["accessory"])
        if kind == "actions" and not 1 <= len(elements) <= MAX_ACTIONS_ELEMENTS:
            problems.append(f"{where}: actions needs 1..{MAX_ACTIONS_ELEMENTS} elements")
        for element in elements:
            if element.get("type") == "button":
                label = element.get("text", {}).get("text", "")
                if not label or len(label) > MAX_BUTTON_LABEL:
                    problems.append(f"{where}: button label must be 1..{MAX_BUTTON_LABEL} characters")
                if len(element.get("value", "")) > MAX_BUTTON_VALUE:
                    problems.append(f"{where}: button value > {MAX_BUTTON_VALUE}")
                if not element.get("action_id") or len(element["action_id"]) > MAX_ACTION_ID:
                    problems.append(f"{where}: button needs an action_id up to {MAX_ACTION_ID} characters")
        ids = [element.get("action_id") for element in elements if element.get("action_id")]
        if len(ids) != len(set(ids)):
            problems.append(f"{where}: action_id values repeat within the block")
    if len(json.dumps(blocks)) > 50_000:
        problems.append("message payload is over 50,000 characters")
    return problems


SHARE_ACTION = "share_in_channel"
NEXT_ACTION = "results_next"
PREVIOUS_ACTION = "results_previous"
LINK_ACTION = "open_link"
# Buttons that make sense only to the asker: a shared copy goes without them.
HELPFUL_ACTION = "answer_helpful"
NOT_RIGHT_ACTION = "answer_not_right"
FEEDBACK_ACTIONS = frozenset({HELPFUL_ACTION, NOT_RIGHT_ACTION})
PRIVATE_ACTIONS = frozenset({SHARE_ACTION, NEXT_ACTION, PREVIOUS_ACTION, *FEEDBACK_ACTIONS})


MAX_PAGE = 1000


@dataclass(frozen=True)
class ViewState:
    """Where in a command's answer a button leads: a page, or one record in detail; `recorded` marks
    a question that was recorded when first asked (its Share in channel does not record it again)."""

    page: int = 1
    detail: int | None = None
    recorded: bool = False

    def as_dict(self) -> dict[str, int]:
        """The state as it travels in a button value: only what differs from the first page."""
        wanted: dict[str, int] = {}
        if self.detail is not None:
            wanted["detail"] = self.detail
        if self.page != 1 or self.detail is not None:
            wanted["page"] = self.page
        if self.recorded:
            wanted["recorded"] = 1
        return wanted

    @classmethod
    def from_dict(cls, raw: object) -> ViewState:
        """The state a button value carries; anything out of range is read as the first page."""
        if not isinstance(raw, dict):
            return cls()
        page, detail = raw.get("page", 1), raw.get("detail")
        if not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= MAX_PAGE:
            page = 1
        if not isinstance(detail, int) or isinstance(detail, bool) or detail < 1:
            detail = None
        return cls(page, detail, raw.get("recorded") == 1)


FIRST_PAGE = ViewState()


@dataclass(frozen=True)
class Rerun:
    """What a button shows again: `command text`, at `state`.

    Buttons carry this (encoded in their value) instead of server-side state, so any worker can
    answer a click by running the command again there.
    """

    command: str
    text: str
    state: ViewState = FIRST_PAGE

    def encode(self) -> str:
        wanted: dict[str, Any] = {"command": self.command, "text": self.text}
        state = self.state.as_dict()
        if state:
            wanted["state"] = state
        return json.dumps(wanted, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def decode(cls, value: object) -> Rerun | None:
        """The Rerun a button value names, or None if it is not one of ours."""
        try:
            wanted = json.loads(str(value))
            command, text, state = str(wanted["command"]), str(wanted["text"]), wanted.get("state") or {}
        except (ValueError, KeyError, TypeError):
            return None
        return cls(command, text, ViewState.from_dict(state)) if isinstance(state, dict) else None


def share_button(command: str, text: str, state: ViewState = FIRST_PAGE) -> Block:
    """A "Share in channel" button that re-runs `command text` and posts the answer publicly."""
    return button(_("Share in channel"), SHARE_ACTION, Rerun(command, text, state).encode())


def link_button(label: str, url: str) -> Block:
    """A button that opens `url`; Slack still reports the click, which LINK_ACTION acknowledges."""
    return button(label, LINK_ACTION, url=url)


def for_channel(reply: Reply, shared_by: str) -> Reply:
    """The public copy of a reply: the answer only (its share and page buttons and the asker's hints
    removed), the sharer named."""
    blocks: list[Block] = []
    for block in reply.blocks:
        if str(block.get("block_id", "")).startswith(HINT):
            continue
        if block.get("type") == "actions":
            kept = [e for e in block["elements"] if e.get("action_id") not in PRIVATE_ACTIONS]
            if kept:
                blocks.append({**block, "elements": kept})
        elif block.get("accessory", {}).get("action_id") in PRIVATE_ACTIONS:
            blocks.append({k: v for k, v in block.items() if k != "accessory"})
        else:
            blocks.append(block)
    blocks.append(context(_("Shared by {user}", user=f"<@{shared_by}>")))

    return Reply(text=reply.text, blocks=blocks[-MAX_BLOCKS:], public=True)
