"""The document library: result lists, one document in detail, what sharing says, and the
`/docs add` form (modal) with the messages of adding a document."""

from __future__ import annotations

from typing import Any

from bot.services.documents import (
    KIND_LABELS,
    MAX_SUMMARY,
    MAX_SYMBOL,
    MAX_TITLE,
    MAX_URL,
    Availability,
    DocumentFields,
)
from bot.services.search import SearchPage
from bot.views.blocks import (
    Block,
    Reply,
    actions,
    button,
    context,
    escape,
    fields,
    header,
    input_block,
    link_button,
    section,
    split_text,
    the_section,
    truncate,
)
from bot.views.results import results_reply
from storage.files import ALLOWED, BY_MIME
from storage.models import DOCUMENT_KINDS, Document

SHARE_ACTION = "docs_share"
PROGRAMMES_SELECT = "docs_programmes"
ARRANGEMENTS_SELECT = "docs_arrangements"
FORM_CALLBACK = "docs_add_form"
BY_DM = "by_dm"
SECRETARIAT = "the Partnerships Section"
SEARCH_HINT = "Try a symbol (`cl 4004`, `A.1006(25)`), a subject (`ballast water`), or `/docs` for the list."
NOT_ALLOWED = (
    ":lock: Only the Partnerships Section adds documents to the library. If you have one the "
    "community should have, send it to them and they will add it."
)


def size_text(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024:
        return f"{size} bytes"
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / (1024 * 1024):,.1f} MB"


def held(document: Document) -> str:
    """What the library holds of a document, from its record: a file, a link, or nothing."""
    if document.stored_name:
        kind = BY_MIME.get(document.mime_type or "")
        name = kind.extension.upper() if kind else "A"
        return f":page_facing_up: {name} file, {size_text(document.size_bytes)}"
    if document.url:
        return ":link: online"
    return ":grey_question: no file held"


def document_label(document: Document) -> str:
    return f"{escape(document.symbol)}: {escape(truncate(document.title, 80))}"


def document_line(document: Document) -> str:
    when = f" · {document.issued_on:%d %b %Y}" if document.issued_on else ""
    return (
        f"*{escape(document.symbol)}* · {KIND_LABELS.get(document.kind, 'Other')}{when} · {held(document)}\n"
        f"{escape(document.title)}"
    )


def share_document_button(document: Document) -> Block:
    return button("Share in channel", SHARE_ACTION, str(document.id))


def document_results(
    page: SearchPage, number: int, command: str, text: str, words: str, usage: str | None = None
) -> Reply:
    """Documents found (or the whole library, newest first), each with Details and Share in channel;
    `usage` (for `/docs` alone) goes above them."""
    return results_reply(
        title="Document library",
        page=page,
        number=number,
        command=command,
        text=text,
        asked=f"“{words}”" if words else "",
        line=document_line,
        label=document_label,
        empty=SEARCH_HINT,
        intro=[section(usage)] if usage else None,
        hit_buttons=lambda document: [share_document_button(document)],
        share_page=False,
    )


def ask_for_copy(contact: str | None) -> str:
    return f"Ask {the_section(contact)} for a copy; they keep the library."


def availability_text(document: Document, availability: Availability, contact: str | None) -> str:
    if availability is Availability.FILE:
        name = escape(document.original_name or "the file")
        return f":page_facing_up: File: {name} ({size_text(document.size_bytes)})"
    if availability is Availability.MISSING:
        return (
            ":warning: The file of this document is missing from the library's store. "
            f"{ask_for_copy(contact)}"
        )
    if availability is Availability.LINK:
        return f":link: Online: <{document.url}|{escape(document.symbol)}>"
    return f":grey_question: The library holds no file or link for this document yet. {ask_for_copy(contact)}"


def document_detail(
    document: Document, availability: Availability, shares: int, contact: str | None
) -> Reply:
    """One document in full: what it is, what it is linked to, and what sharing it would post."""
    blocks: list[Block] = [
        header(document.symbol),
        section(f"*{escape(document.title)}*"),
        fields(
            f"*Kind*\n{KIND_LABELS.get(document.kind, 'Other')}",
            f"*Date*\n{document.issued_on:%d %B %Y}" if document.issued_on else "*Date*\nnot recorded",
            f"*Languages*\n{escape(', '.join(document.languages)) or 'not recorded'}",
            f"*Tags*\n{escape(', '.join(document.tags)) or 'none'}",
        ),
    ]
    blocks.extend(section(piece) for piece in split_text(escape(document.summary)) if piece)
    linked = [f"• Programme: {escape(p.name)}" for p in document.programmes[:10]]
    linked += [f"• Arrangement: {escape(a.ref)}, {escape(a.title)}" for a in document.arrangements[:10]]
    if linked:
        blocks.append(section("*Linked to*\n" + "\n".join(linked)))
    held_text = availability_text(document, availability, contact)
    blocks.append(section(held_text))
    shared = f"Shared {shares} time{'s' if shares != 1 else ''}" if shares else "Not shared yet"
    blocks.append(context(f"{shared} · `/docs {escape(truncate(document.symbol, 60))}`"))
    buttons = [share_document_button(document)]
    if document.url:
        buttons.append(link_button("Open link", document.url))
    blocks.append(actions(*buttons))
    return Reply(text=f"{document_label(document)}. {held_text}", blocks=blocks)


def document_card(document: Document, user_id: str, contact: str | None) -> Reply:
    """What sharing a document the library holds no file or link for posts: what it is, and whom to ask."""
    lines = [f":page_facing_up: <@{user_id}> shared *{escape(document.symbol)}*: {escape(document.title)}"]
    if document.summary:
        lines.append(escape(truncate(document.summary, 1000)))
    note = f":grey_question: The file is not in the library yet. {ask_for_copy(contact)}"
    return Reply(
        text=f"{lines[0]} {note}",
        blocks=[section("\n".join(lines)), context(note)],
        public=True,
    )


def not_sharable(document: Document, availability: Availability, contact: str | None) -> Reply:
    """Why this document cannot be shared: its file went missing from the store."""
    text = availability_text(document, availability, contact)
    if availability is Availability.MISSING and document.url:
        text += f" It is also online: <{document.url}|{escape(document.symbol)}>."
    text = f"*{escape(document.symbol)}*: {text}"
    return Reply(text=text, blocks=[section(text)])


def shared_link(document: Document, user_id: str) -> Reply:
    """The message that shares a document's link in a channel, naming who shared it."""
    text = f":link: <@{user_id}> shared *{escape(document.symbol)}*: {escape(document.title)}"
    return Reply(
        text=f"{text} {document.url}",
        blocks=[section(f"{text}\n<{document.url}|Open {escape(document.symbol)}>")],
        public=True,
    )


def upload_comment(document: Document, user_id: str) -> str:
    """The message that goes with a shared file, naming who shared it."""
    return f":page_facing_up: <@{user_id}> shared *{escape(document.symbol)}*: {escape(document.title)}"


def uploading(document: Document, channel_id: str) -> Reply:
    symbol = escape(document.symbol)
    text = f":hourglass_flowing_sand: Sharing *{symbol}* in <#{channel_id}>… I'll say here when it's there."
    return Reply(text=text, blocks=[section(text)])


def shared_note(document: Document, channel_id: str) -> Reply:
    text = f":white_check_mark: *{escape(document.symbol)}* is shared in <#{channel_id}>."
    return Reply(text=text, blocks=[section(text)])


def share_failed(document: Document, channel_id: str, problem: str) -> Reply:
    """Sharing failed: nothing was posted; the user can try again from here."""
    text = (
        f":warning: I couldn't share *{escape(document.symbol)}* in <#{channel_id}>: Slack said "
        f"{escape(problem)}. Nothing was posted. If I'm not a member of that channel, invite me, "
        "then press Share again."
    )
    again = actions(button("Share again", SHARE_ACTION, str(document.id)))
    return Reply(text=text, blocks=[section(text), again])


def share_unconfirmed(document: Document, channel_id: str, problem: str) -> Reply:
    """Slack did not confirm the share and it is not in the channel yet: not recorded, not repeated."""
    text = (
        f":hourglass_flowing_sand: Slack did not answer in time ({escape(problem)}), and "
        f"*{escape(document.symbol)}* is not in <#{channel_id}> yet: it may still arrive, so the share is "
        "not recorded. If it is not there in a few minutes, press *Share in channel* on the same result "
        "again: I look in the channel first, so it cannot appear twice."
    )
    return Reply(text=text, blocks=[section(text)])


def no_channel() -> Reply:
    return Reply(text="I can't tell which channel to share into; please run `/docs` in that channel.")


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": truncate(text, 75)}, "value": value}


def _type_ahead(action_id: str, placeholder: str) -> dict[str, Any]:
    return {
        "type": "multi_external_select",
        "action_id": action_id,
        "min_query_length": 0,
        "placeholder": {"type": "plain_text", "text": placeholder},
    }


def document_form(max_mb: str) -> dict[str, Any]:
    """The modal opened by `/docs add`: the description, then a link or the file by DM."""

    def textinput_block(max_length: int, multiline: bool = False) -> dict[str, Any]:
        return {"type": "plain_text_input", "max_length": max_length, "multiline": multiline}

    kinds = [_option(KIND_LABELS[kind], kind) for kind in DOCUMENT_KINDS]
    by_dm = [_option("I'll send the file to the bot by direct message", BY_DM)]
    blocks: list[Block] = [
        section(
            "Describe the document, then give its link, or tick the box and send me the file in a "
            f"direct message ({ALLOWED}, up to {max_mb}). Nothing is added until it is complete."
        ),
        input_block(
            "symbol", "Symbol", textinput_block(MAX_SYMBOL), "As IMO writes it, e.g. TC 74/4(a), A.1006(25)."
        ),
        input_block("title", "Title", textinput_block(MAX_TITLE), "The document's title."),
        input_block(
            "kind", "Kind", {"type": "static_select", "options": kinds}, "What sort of document it is."
        ),
        input_block("issued_on", "Date", {"type": "datepicker"}, "When it was issued.", optional=True),
        input_block(
            "languages", "Languages", textinput_block(60), "Codes such as en, fr, es.", optional=True
        ),
        input_block(
            "tags", "Tags", textinput_block(500), "Words people may search for, by commas.", optional=True
        ),
    ]
    blocks += [
        input_block(
            "programmes",
            "Programmes",
            _type_ahead(PROGRAMMES_SELECT, "Type a programme's name or subject"),
            "The ITCP programmes it concerns.",
            True,
        ),
        input_block(
            "arrangements",
            "Arrangements",
            _type_ahead(ARRANGEMENTS_SELECT, "Type a reference, a partner or a subject"),
            "The partnership arrangements it concerns.",
            True,
        ),
        input_block(
            "summary", "Summary", textinput_block(MAX_SUMMARY, True), "A few lines on what it says.", True
        ),
        input_block(
            "url", "Link", {"type": "url_text_input"}, f"https://…, up to {MAX_URL} characters.", True
        ),
        input_block(
            "file",
            "File",
            {"type": "checkboxes", "options": by_dm},
            "The next file you send me by DM is attached; until then nothing is added.",
            True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": {"type": "plain_text", "text": "Add a document"},
        "submit": {"type": "plain_text", "text": "Add"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def form_values(view: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """The submitted description (as check_fields takes it) and whether the file comes by DM."""
    state = view.get("state", {}).get("values", {})

    def element(block_id: str) -> dict[str, Any]:
        return next(iter((state.get(block_id) or {}).values()), None) or {}

    def chosen(block_id: str) -> list[str]:
        return [str(option.get("value", "")) for option in element(block_id).get("selected_options") or []]

    raw: dict[str, Any] = {
        name: element(name).get("value") or ""
        for name in ("symbol", "title", "languages", "tags", "summary", "url")
    }
    raw["kind"] = (element("kind").get("selected_option") or {}).get("value") or ""
    raw["issued_on"] = element("issued_on").get("selected_date") or ""
    raw["programmes"] = chosen("programmes")
    raw["arrangements"] = chosen("arrangements")
    by_dm = any(option.get("value") == BY_DM for option in element("file").get("selected_options") or [])
    return raw, by_dm


def added_note(document: Document) -> Reply:
    text = (
        f":white_check_mark: *{escape(document.symbol)}* is in the library: {held(document)}. "
        f"Anyone can find it with `/docs {escape(truncate(document.symbol, 60))}`."
    )
    return Reply(text=text, blocks=[section(text)])


def send_file_prompt(fields_: DocumentFields, max_mb: str) -> Reply:
    text = (
        f":inbox_tray: Now send me the file of *{escape(fields_.symbol)}* here ({ALLOWED}, up to {max_mb}). "
        "The next file you send me is attached; it is not in the library until then. "
        "This waits for 24 hours; `/docs add cancel` drops it."
    )
    return Reply(text=text, blocks=[section(text)])


def file_refused(symbol: str, problem: str) -> Reply:
    text = (
        f":no_entry: I can't add that file to *{escape(symbol)}*: {escape(problem)}. "
        "Nothing was added; send another file, or `/docs add cancel`."
    )
    return Reply(text=text, blocks=[section(text)])


def pending_cancelled(symbol: str | None) -> Reply:
    if symbol is None:
        return Reply(text="No document is waiting for a file from you; nothing to cancel.")
    return Reply(text=f"Dropped: *{escape(symbol)}* was not added to the library.")


def description_lapsed(symbol: str, problems: dict[str, str]) -> Reply:
    text = (
        f":warning: *{escape(symbol)}* can't be added as described any more: "
        f"{escape(' '.join(problems.values()))} Nothing was added; please use `/docs add` again."
    )
    return Reply(text=text, blocks=[section(text)])
