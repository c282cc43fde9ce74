"""The document library: result lists, one document in detail, what sharing says, and the
`/docs add` form (modal) with the messages of adding a document."""

from __future__ import annotations

from typing import Any

from bot.i18n import N_, _, _n, current_language, figure, long_date, record_text, short_date
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
SEARCH_HINT = N_(
    "Try a symbol (`cl 4004`, `A.1006(25)`), a subject (`ballast water`), or `/docs` for the list."
)
NOT_ALLOWED = N_(
    ":lock: Only the Partnerships Section adds documents to the library. If you have one the "
    "community should have, send it to them and they will add it."
)


def size_text(size: int | None) -> str:
    if not size:
        return ""
    if size < 1024:
        return _n("{count} byte", "{count} bytes", size)
    if size < 1024 * 1024:
        return _("{size} KB", size=figure(round(size / 1024)))
    return _("{size} MB", size=figure(round(size / (1024 * 1024), 1)))


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, KIND_LABELS["other"]))


def held(document: Document) -> str:
    """What the library holds of a document, from its record: a file, a link, or nothing."""
    if document.stored_name:
        kind = BY_MIME.get(document.mime_type or "")
        size = size_text(document.size_bytes)
        if kind is None:
            return _(":page_facing_up: a file, {size}", size=size)
        return _(":page_facing_up: {type} file, {size}", type=kind.extension.upper(), size=size)
    if document.url:
        return _(":link: online")
    return _(":grey_question: no file held")


def title_of(document: Document) -> str:
    """The document's title in the current language, where its seeded translations have it."""
    return record_text(document.translations, "title", document.title)


def summary_of(document: Document) -> str:
    return record_text(document.translations, "summary", document.summary)


def document_label(document: Document) -> str:
    return f"{escape(document.symbol)}: {escape(truncate(title_of(document), 80))}"


def document_line(document: Document) -> str:
    when = f" · {short_date(document.issued_on)}" if document.issued_on else ""
    return (
        f"*{escape(document.symbol)}* · {kind_label(document.kind)}{when} · {held(document)}\n"
        f"{escape(title_of(document))}"
    )


def share_document_button(document: Document) -> Block:
    return button(_("Share in channel"), SHARE_ACTION, str(document.id))


def document_results(
    page: SearchPage, number: int, command: str, text: str, words: str, usage: str | None = None
) -> Reply:
    """Documents found (or the whole library, newest first), each with Details and Share in channel;
    `usage` (for `/docs` alone) goes above them."""
    return results_reply(
        title=_("Document library"),
        page=page,
        number=number,
        command=command,
        text=text,
        asked=f"“{words}”" if words else "",
        line=document_line,
        label=document_label,
        empty=_(SEARCH_HINT),
        intro=[section(usage)] if usage else None,
        hit_buttons=lambda document: [share_document_button(document)],
        share_page=False,
    )


def online_link(document: Document) -> str:
    return f"<{document.url}|{escape(document.symbol)}>"


def availability_text(document: Document, availability: Availability, contact: str | None) -> str:
    if availability is Availability.FILE:
        size = size_text(document.size_bytes)
        if not document.original_name:
            return _(":page_facing_up: File: the file ({size})", size=size)
        return _(":page_facing_up: File: {name} ({size})", name=escape(document.original_name), size=size)
    if availability is Availability.MISSING:
        return _(
            ":warning: The file of this document is missing from the library's store. "
            "Ask {section} for a copy; they keep the library.",
            section=the_section(contact),
        )
    if availability is Availability.LINK:
        return _(":link: Online: {link}", link=online_link(document))
    return _(
        ":grey_question: The library holds no file or link for this document yet. "
        "Ask {section} for a copy; they keep the library.",
        section=the_section(contact),
    )


def document_detail(
    document: Document, availability: Availability, shares: int, contact: str | None
) -> Reply:
    """One document in full: what it is, what it is linked to, and what sharing it would post."""
    issued = long_date(current_language(), document.issued_on) if document.issued_on else _("not recorded")
    blocks: list[Block] = [
        header(document.symbol),
        section(f"*{escape(title_of(document))}*"),
        fields(
            _("*Kind*\n{kind}", kind=kind_label(document.kind)),
            _("*Date*\n{date}", date=issued),
            _(
                "*Languages*\n{languages}",
                languages=escape(", ".join(document.languages)) or _("not recorded"),
            ),
            _("*Tags*\n{tags}", tags=escape(", ".join(document.tags)) or _("none")),
        ),
    ]
    blocks.extend(section(piece) for piece in split_text(escape(summary_of(document))) if piece)
    linked = [_("• Programme: {name}", name=escape(p.name)) for p in document.programmes[:10]]
    linked += [
        _("• Arrangement: {ref}, {title}", ref=escape(a.ref), title=escape(a.title))
        for a in document.arrangements[:10]
    ]
    if linked:
        blocks.append(section(_("*Linked to*") + "\n" + "\n".join(linked)))
    held_text = availability_text(document, availability, contact)
    blocks.append(section(held_text))
    shared = _n("Shared {count} time", "Shared {count} times", shares) if shares else _("Not shared yet")
    blocks.append(context(f"{shared} · `/docs {escape(truncate(document.symbol, 60))}`"))
    buttons = [share_document_button(document)]
    if document.url:
        buttons.append(link_button(_("Open link"), document.url))
    blocks.append(actions(*buttons))
    return Reply(text=f"{document_label(document)}. {held_text}", blocks=blocks)


def document_card(document: Document, user_id: str, contact: str | None) -> Reply:
    """What sharing a document the library holds no file or link for posts: what it is, and whom to ask."""
    lines = [upload_comment(document, user_id)]
    if document.summary:
        lines.append(escape(truncate(summary_of(document), 1000)))
    note = _(
        ":grey_question: The file is not in the library yet. "
        "Ask {section} for a copy; they keep the library.",
        section=the_section(contact),
    )
    return Reply(
        text=f"{lines[0]} {note}",
        blocks=[section("\n".join(lines)), context(note)],
        public=True,
    )


def not_sharable(document: Document, availability: Availability, contact: str | None) -> Reply:
    """Why this document cannot be shared: its file went missing from the store."""
    text = availability_text(document, availability, contact)
    if availability is Availability.MISSING and document.url:
        text += " " + _("It is also online: {link}.", link=online_link(document))
    text = f"*{escape(document.symbol)}*: {text}"
    return Reply(text=text, blocks=[section(text)])


def shared_link(document: Document, user_id: str) -> Reply:
    """The message that shares a document's link in a channel, naming who shared it."""
    user = f"<@{user_id}>"
    text = _(
        ":link: {user} shared *{symbol}*: {title}",
        user=user,
        symbol=escape(document.symbol),
        title=escape(title_of(document)),
    )
    label = _("Open {symbol}", symbol=escape(document.symbol))
    return Reply(
        text=f"{text} {document.url}", blocks=[section(f"{text}\n<{document.url}|{label}>")], public=True
    )


def upload_comment(document: Document, user_id: str) -> str:
    """The message that goes with a shared file, naming who shared it."""
    user = f"<@{user_id}>"
    return _(
        ":page_facing_up: {user} shared *{symbol}*: {title}",
        user=user,
        symbol=escape(document.symbol),
        title=escape(title_of(document)),
    )


def uploading(document: Document, channel_id: str) -> Reply:
    channel = f"<#{channel_id}>"
    text = _(
        ":hourglass_flowing_sand: Sharing *{symbol}* in {channel}… I'll say here when it's there.",
        symbol=escape(document.symbol),
        channel=channel,
    )
    return Reply(text=text, blocks=[section(text)])


def shared_note(document: Document, channel_id: str) -> Reply:
    channel = f"<#{channel_id}>"
    text = _(
        ":white_check_mark: *{symbol}* is shared in {channel}.",
        symbol=escape(document.symbol),
        channel=channel,
    )
    return Reply(text=text, blocks=[section(text)])


def share_failed(document: Document, channel_id: str, problem: str) -> Reply:
    """Sharing failed: nothing was posted; the user can try again from here."""
    channel = f"<#{channel_id}>"
    text = _(
        ":warning: I couldn't share *{symbol}* in {channel}: Slack said {problem}. Nothing was posted. "
        "If I'm not a member of that channel, invite me, then press Share again.",
        symbol=escape(document.symbol),
        channel=channel,
        problem=escape(problem),
    )
    again = actions(button(_("Share again"), SHARE_ACTION, str(document.id)))
    return Reply(text=text, blocks=[section(text), again])


def share_unconfirmed(document: Document, channel_id: str, problem: str) -> Reply:
    """Slack did not confirm the share and it is not in the channel yet: not recorded, not repeated."""
    channel = f"<#{channel_id}>"
    text = _(
        ":hourglass_flowing_sand: Slack did not answer in time ({problem}), and *{symbol}* is not in "
        "{channel} yet: it may still arrive, so the share is not recorded. If it is not there in a few "
        "minutes, press *Share in channel* on the same result again: I look in the channel first, so it "
        "cannot appear twice.",
        problem=escape(problem),
        symbol=escape(document.symbol),
        channel=channel,
    )
    return Reply(text=text, blocks=[section(text)])


def no_channel() -> Reply:
    return Reply(text=_("I can't tell which channel to share into; please run `/docs` in that channel."))


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

    kinds = [_option(kind_label(kind), kind) for kind in DOCUMENT_KINDS]
    by_dm = [_option(_("I'll send the file to the bot by direct message"), BY_DM)]
    blocks: list[Block] = [
        section(
            _(
                "Describe the document, then give its link, or tick the box and send me the file in a "
                "direct message ({types}, up to {limit}). Nothing is added until it is complete.",
                types=ALLOWED,
                limit=max_mb,
            )
        ),
        input_block(
            "symbol",
            _("Symbol"),
            textinput_block(MAX_SYMBOL),
            _("As IMO writes it, e.g. TC 74/4(a), A.1006(25)."),
        ),
        input_block("title", _("Title"), textinput_block(MAX_TITLE), _("The document's title.")),
        input_block(
            "kind", _("Kind"), {"type": "static_select", "options": kinds}, _("What sort of document it is.")
        ),
        input_block("issued_on", _("Date"), {"type": "datepicker"}, _("When it was issued."), optional=True),
        input_block(
            "languages", _("Languages"), textinput_block(60), _("Codes such as en, fr, es."), optional=True
        ),
        input_block(
            "tags",
            _("Tags"),
            textinput_block(500),
            _("Words people may search for, by commas."),
            optional=True,
        ),
    ]
    blocks += [
        input_block(
            "programmes",
            _("Programmes"),
            _type_ahead(PROGRAMMES_SELECT, _("Type a programme's name or subject")),
            _("The ITCP programmes it concerns."),
            True,
        ),
        input_block(
            "arrangements",
            _("Arrangements"),
            _type_ahead(ARRANGEMENTS_SELECT, _("Type a reference, a partner or a subject")),
            _("The partnership arrangements it concerns."),
            True,
        ),
        input_block(
            "summary",
            _("Summary"),
            textinput_block(MAX_SUMMARY, True),
            _("A few lines on what it says."),
            True,
        ),
        input_block(
            "url",
            _("Link"),
            {"type": "url_text_input"},
            _("https://…, up to {limit} characters.", limit=figure(MAX_URL)),
            True,
        ),
        input_block(
            "file",
            _("File"),
            {"type": "checkboxes", "options": by_dm},
            _("The next file you send me by DM is attached; until then nothing is added."),
            True,
        ),
    ]
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": {"type": "plain_text", "text": _("Add a document")},
        "submit": {"type": "plain_text", "text": _("Add")},
        "close": {"type": "plain_text", "text": _("Cancel")},
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
    command = f"/docs {escape(truncate(document.symbol, 60))}"
    text = _(
        ":white_check_mark: *{symbol}* is in the library: {held}. Anyone can find it with `{command}`.",
        symbol=escape(document.symbol),
        held=held(document),
        command=command,
    )
    return Reply(text=text, blocks=[section(text)])


def send_file_prompt(fields_: DocumentFields, max_mb: str) -> Reply:
    text = _(
        ":inbox_tray: Now send me the file of *{symbol}* here ({types}, up to {limit}). "
        "The next file you send me is attached; it is not in the library until then. "
        "This waits for 24 hours; `/docs add cancel` drops it.",
        symbol=escape(fields_.symbol),
        types=ALLOWED,
        limit=max_mb,
    )
    return Reply(text=text, blocks=[section(text)])


def file_refused(symbol: str, problem: str) -> Reply:
    text = _(
        ":no_entry: I can't add that file to *{symbol}*: {problem}. "
        "Nothing was added; send another file, or `/docs add cancel`.",
        symbol=escape(symbol),
        problem=escape(problem),
    )
    return Reply(text=text, blocks=[section(text)])


def pending_cancelled(symbol: str | None) -> Reply:
    if symbol is None:
        return Reply(text=_("No document is waiting for a file from you; nothing to cancel."))
    return Reply(text=_("Dropped: *{symbol}* was not added to the library.", symbol=escape(symbol)))


def description_lapsed(symbol: str, problems: dict[str, str]) -> Reply:
    text = _(
        ":warning: *{symbol}* can't be added as described any more: {problems} "
        "Nothing was added; please use `/docs add` again.",
        symbol=escape(symbol),
        problems=escape(" ".join(problems.values())),
    )
    return Reply(text=text, blocks=[section(text)])
