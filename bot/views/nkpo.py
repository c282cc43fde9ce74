"""Views for /nkpo: the role, how to designate one and how many Member States have one on record;
a country's NKPOs (with their history, for the secretariat); the add / edit / register form; and
the messages of a registration on its way to the secretariat."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.services.nkpo import CountryMatch, NkpoGuide
from bot.services.nkpo_directory import DirectorySummary
from bot.views.blocks import (
    FIELD_ACTION,
    Block,
    Reply,
    actions,
    button,
    context,
    escape,
    fields,
    header,
    hint,
    input_block,
    link_button,
    section,
    share_button,
    the_section,
    truncate,
)
from bot.views.results import SAMPLE_NOTE
from storage.models import Document, Nkpo, NkpoChange, NkpoRegistration

FORM_CALLBACK = "nkpo_form"
EDIT_ACTION = "nkpo_edit"
CONFIRM_ACTION = "nkpo_confirm"
DECLINE_ACTION = "nkpo_decline"
NOT_ALLOWED = (
    ":lock: Only the Partnerships Section adds and edits NKPOs. To be recorded as your country's NKPO, "
    "use `/nkpo register`: they will confirm it."
)
FORM_TITLES = {"add": "Add an NKPO", "edit": "Edit an NKPO", "register": "Register as NKPO"}
LABELS = {
    "member_state": "Member State", "person_name": "Name", "position": "Title", "ministry": "Ministry",
    "email": "E-mail", "slack_user_id": "Slack", "designated_on": "Designated", "source": "Source",
    "status": "Status",
}  # fmt: skip


def document_blocks(document: Document | None, contact: str | None) -> list[Block]:
    """The designation document as the library has it: its link when held, else where to ask."""
    ask = the_section(contact)
    if document is None:
        return [context(f"The designation form is in Circular Letter No.4004; ask {ask}.")]
    text = f":page_facing_up: *{escape(document.symbol)}*: {escape(document.title)}"
    if document.url:
        return [section(text, link_button("Open", document.url))]
    return [section(text), context(f"The library holds no file or link for it yet; ask {ask}.")]


def day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B %Y}"


def summary_text(summary: DirectorySummary) -> str:
    if not summary.member_states or summary.as_at is None:
        return "No Member State has an NKPO on record in this directory yet."
    states = (
        "1 Member State has" if summary.member_states == 1 else f"{summary.member_states} Member States have"
    )
    return f"{states} an NKPO on record in this directory, as at {day(summary.as_at)}."


def guide_reply(
    guide: NkpoGuide,
    summary: DirectorySummary,
    command: str,
    contact: str | None,
    waiting: tuple[list[NkpoRegistration], int] | None = None,
) -> Reply:
    """What an NKPO is, how to designate one and the directory's count; with `waiting` (for the
    secretariat), the registrations still to confirm or decline, with their buttons."""
    counted = summary_text(summary)
    blocks: list[Block] = [header("National Knowledge Partnership Officers (NKPOs)")]
    blocks.extend(section(escape(card.answer)) for card in guide.cards)
    blocks.extend(document_blocks(guide.document, contact))
    blocks.append(section(f":busts_in_silhouette: {counted}"))
    blocks.append(
        hint(
            "Look up a country's NKPO with `/nkpo <country>` (in English, French or Spanish, or its ISO "
            "code: `/nkpo Kenya`, `/nkpo Royaume-Uni`, `/nkpo KEN`); ask to be recorded as your country's "
            f"NKPO with `/nkpo register`. Questions: {the_section(contact)}."
        )
    )
    blocks.append(actions(share_button(command, "")))
    if waiting is not None and waiting[1]:
        requests, count = waiting
        blocks.append(hint(f":inbox_tray: *Requests to be recorded as NKPO, waiting for you: {count}*"))
        for request in requests:
            blocks.extend(registration_notice(request).blocks)
        if count > len(requests):
            blocks.append(hint(f"…and {count - len(requests)} more: decide these first."))
    answers = " ".join(escape(card.answer) for card in guide.cards)
    return Reply(
        text=(answers or "NKPOs are designated with the form in Circular Letter No.4004.") + " " + counted,
        blocks=blocks,
    )


def nkpo_fields(nkpo: Nkpo) -> Block:
    items = [f"*Name*\n{escape(nkpo.person_name)}", f"*Title*\n{escape(nkpo.position or 'not recorded')}"]
    if nkpo.ministry:
        items.append(f"*Ministry or administration*\n{escape(nkpo.ministry)}")
    if nkpo.email:
        items.append(f"*E-mail*\n{escape(nkpo.email)}")
    if nkpo.slack_user_id:
        items.append(f"*In Slack*\n<@{escape(nkpo.slack_user_id)}>")
    if nkpo.designated_on:
        items.append(f"*Designated*\n{nkpo.designated_on:%d %b %Y}")
    if nkpo.source:
        items.append(f"*Source*\n{escape(nkpo.source)}")
    if nkpo.status != "active":
        items.append("*Status*\nretired")
    return fields(*items)


def change_line(change: NkpoChange) -> str:
    who = "an import" if change.changed_by == "import" else f"<@{escape(change.changed_by)}>"
    what = "" if change.action == "added" else ": " + ", ".join(LABELS.get(n, n) for n in change.changes)
    note = f" ({escape(truncate(change.note, 80))})" if change.note else ""
    return f"• {change.changed_at:%d %b %Y %H:%M} UTC · {change.action} by {who}{what}{note}"


def nkpo_reply(
    match: CountryMatch,
    nkpos: list[Nkpo],
    typed: str,
    command: str,
    text: str,
    contact: str | None,
    changes: list[NkpoChange] | None = None,
) -> Reply:
    """A country's NKPOs on record; with `changes` (for the secretariat), who changed what and when."""
    country = escape(match.country.name)
    blocks: list[Block] = []
    if match.guessed:
        blocks.append(context(f":mag: Taking _{escape(typed)}_ as *{country}*."))
    active = [nkpo for nkpo in nkpos if nkpo.status == "active"]
    message = ""
    if not active:
        message = (
            f"No NKPO is on record for *{country}*. Its Government can designate one with the form in "
            f"Circular Letter No.4004; {the_section(contact)} can help."
        )
        blocks.append(section(message))
    else:
        blocks.append(
            header(f"NKPO of {match.country.name}" if len(active) == 1 else f"NKPOs of {match.country.name}")
        )
        if any(nkpo.is_sample for nkpo in active):
            blocks.append(context(SAMPLE_NOTE))
        blocks.extend(nkpo_fields(nkpo) for nkpo in active[:10])
    if changes is not None:
        retired = [nkpo for nkpo in nkpos if nkpo.status != "active"]
        if retired:
            blocks.append(context("Retired: " + "; ".join(escape(n.person_name) for n in retired[:10])))
        if changes:
            lines = "\n".join(change_line(change) for change in changes)
            blocks.append(section(truncate(f"*Changes on record*\n{lines}", 3000)))
        blocks.append(hint(f"Edit: `/nkpo edit {country}` · add another: `/nkpo add {country}`"))
    blocks.append(actions(share_button(command, text)))
    if not active:
        return Reply(text=message.replace("*", ""), blocks=blocks)
    sample = " (sample record)" if any(nkpo.is_sample for nkpo in active) else ""
    names = ", ".join(escape(nkpo.person_name) for nkpo in active)
    return Reply(text=f"The NKPO of {country}{sample}: {names}.", blocks=blocks)


def unknown_country_reply(typed: str) -> Reply:
    return Reply(
        text=(
            f":information_source: I don't recognise _{escape(typed[:60])}_ as a country. "
            "Try its name (in English, French or Spanish) or its ISO code, e.g. `/nkpo Kenya`, "
            "`/nkpo Reino Unido` or `/nkpo GBR`."
        )
    )


def choose_to_edit(match: CountryMatch, nkpos: list[Nkpo]) -> Reply:
    """More than one NKPO of a country: which one to edit."""
    text = f"*{escape(match.country.name)}* has more than one NKPO on record: which one?"
    buttons = [button(f"Edit {nkpo.person_name}", EDIT_ACTION, str(nkpo.id)) for nkpo in nkpos[:25]]
    return Reply(text=text.replace("*", ""), blocks=[section(text), actions(*buttons)])


def nothing_to_edit(match: CountryMatch) -> Reply:
    country = escape(match.country.name)
    return Reply(text=f"No NKPO is on record for {country}; `/nkpo add {country}` adds one.")


def _text(initial: str | None, max_length: int = 200) -> dict[str, Any]:
    element: dict[str, Any] = {"type": "plain_text_input", "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    return element


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


def nkpo_form(mode: str, nkpo: Nkpo | None = None, country: str = "") -> dict[str, Any]:
    """The modal of `/nkpo add [country]`, `/nkpo edit <country>` (filled with the record) and
    `/nkpo register` (the asker's own details; no Slack user, status or source to give)."""
    blocks: list[Block] = []
    if mode == "register":
        blocks.append(
            section(
                "Ask to be recorded as your country's NKPO. The Partnerships Section checks it (the "
                "designation comes from your Government, see Circular Letter No.4004) and confirms or "
                "declines it; nothing is shown as on record until then."
            )
        )
    blocks += [
        input_block(
            "country",
            "Member State",
            _text(nkpo.member_state if nkpo else country, 100),
            "Its name in English, French or Spanish, or its ISO code (Kenya, Royaume-Uni, KEN).",
            optional=False,
        ),
        input_block(
            "person_name", "Name", _text(nkpo.person_name if nkpo else None), "As designated.", False
        ),
        input_block(
            "position",
            "Title",
            _text(nkpo.position if nkpo else None),
            "e.g. Director of Maritime Affairs.",
            optional=True,
        ),
        input_block(
            "ministry",
            "Ministry or administration",
            _text(nkpo.ministry if nkpo else None),
            "Where they work.",
            optional=True,
        ),
        input_block(
            "email",
            "E-mail",
            {"type": "email_text_input", **({"initial_value": nkpo.email} if nkpo and nkpo.email else {})},
            "Their work address.",
            optional=True,
        ),
    ]
    if mode != "register":
        user: dict[str, Any] = {"type": "users_select"}
        if nkpo and nkpo.slack_user_id:
            user["initial_user"] = nkpo.slack_user_id
        date: dict[str, Any] = {"type": "datepicker"}
        if nkpo and nkpo.designated_on:
            date["initial_date"] = nkpo.designated_on.isoformat()
        blocks += [
            input_block("slack_user_id", "In Slack", user, "Their Slack account, if they have one.", True),
            input_block(
                "designated_on", "Designated on", date, "When their Government designated them.", True
            ),
            input_block(
                "source",
                "Source",
                _text(nkpo.source if nkpo else None),
                "e.g. reply to Circular Letter No.4004.",
                optional=True,
            ),
        ]
    if mode == "edit" and nkpo is not None:
        options = [_option("Active: on record", "active"), _option("Retired: no longer the NKPO", "retired")]
        chosen = options[0] if nkpo.status == "active" else options[1]
        element = {"type": "static_select", "options": options, "initial_option": chosen}
        blocks.append(input_block("status", "Status", element, "A retired NKPO stays in the history.", False))
    metadata = {"mode": mode, "nkpo": nkpo.id if nkpo else None}
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": FORM_TITLES[mode]},
        "submit": {"type": "plain_text", "text": "Send" if mode == "register" else "Save"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    }


def form_mode(view: dict[str, Any]) -> tuple[str, int | None]:
    """The form's mode (add, edit, register) and the NKPO it edits, from its private metadata."""
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
        mode, nkpo_id = str(metadata.get("mode")), metadata.get("nkpo")
    except (ValueError, AttributeError):
        return "", None
    return mode, nkpo_id if isinstance(nkpo_id, int) else None


def form_values(view: dict[str, Any]) -> dict[str, str]:
    """The submitted fields, as nkpo_directory.check_fields takes them."""
    state = view.get("state", {}).get("values", {})

    def element(block_id: str) -> dict[str, Any]:
        return state.get(block_id, {}).get(FIELD_ACTION) or {}

    raw = {
        name: str(element(name).get("value") or "")
        for name in ("country", "person_name", "position", "ministry", "email", "source")
    }
    raw["slack_user_id"] = str(element("slack_user_id").get("selected_user") or "")
    raw["designated_on"] = str(element("designated_on").get("selected_date") or "")
    raw["status"] = str((element("status").get("selected_option") or {}).get("value") or "")
    return raw


def saved_note(nkpo: Nkpo, action: str | None) -> Reply:
    who = f"*{escape(nkpo.person_name)}* ({escape(nkpo.member_state)})"
    if action is None:
        text = f":information_source: Nothing changed: {who} was already recorded so."
    elif action == "retired":
        text = f":white_check_mark: {who} is retired: no longer on record as NKPO; the history keeps them."
    else:
        text = f":white_check_mark: {who} is {action}. `/nkpo {escape(nkpo.member_state)}` shows it."
    return Reply(text=text.replace("*", ""), blocks=[section(text)])


def registration_received(request: NkpoRegistration, contact: str | None, delivered: bool) -> Reply:
    if delivered:
        text = (
            f":inbox_tray: Thank you. Your request #{request.id} to be recorded as the NKPO of "
            f"*{escape(request.member_state)}* has gone to {the_section(contact)}. Nothing is on record "
            "until they confirm it; I'll tell you here when they have."
        )
    else:
        text = (
            f":warning: Your request #{request.id} to be recorded as the NKPO of "
            f"*{escape(request.member_state)}* is kept, but I couldn't reach {the_section(contact)} just "
            "now; they will find it under `/nkpo`. Nothing is on record until they confirm it."
        )
    return Reply(text=text.replace("*", ""), blocks=[section(text)])


def registration_notice(request: NkpoRegistration) -> Reply:
    """To each secretariat member: a request to confirm or decline, with the buttons."""
    given = request.fields

    def shown(name: str) -> str:
        return escape(str(given.get(name) or "not given"))

    items = [
        f"*Member State*\n{escape(request.member_state)}",
        f"*Name*\n{shown('person_name')}",
        f"*Title*\n{shown('position')}",
        f"*Ministry or administration*\n{shown('ministry')}",
        f"*E-mail*\n{shown('email')}",
        f"*In Slack*\n<@{escape(request.user_id)}>",
    ]
    value = str(request.id)
    intro = (
        f":busts_in_silhouette: <@{escape(request.user_id)}> asks to be recorded as the NKPO of "
        f"*{escape(request.member_state)}* (request #{request.id}). Check the designation before confirming."
    )
    return Reply(
        text=f"NKPO request #{request.id}: {given.get('person_name')} for {request.member_state}",
        blocks=[
            section(intro),
            fields(*items),
            actions(
                button("Confirm", CONFIRM_ACTION, value, style="primary"),
                button("Decline", DECLINE_ACTION, value, style="danger"),
                block_id=f"nkpo_request_{value}",
            ),
        ],
    )


def registration_decided(request: NkpoRegistration) -> Reply:
    """What the secretariat's messages about a request say once it is decided (no buttons any more)."""
    verb = "confirmed" if request.status == "confirmed" else "declined"
    text = (
        f":white_check_mark: NKPO request #{request.id} ({escape(request.member_state)}, "
        f"<@{escape(request.user_id)}>) was {verb} by <@{escape(request.decided_by or '')}>."
    )
    return Reply(text=text, blocks=[section(text)], replace_original=True)


def registration_outcome(request: NkpoRegistration, contact: str | None) -> Reply:
    """To the person who asked: the decision."""
    if request.status == "confirmed":
        text = (
            f":tada: The Partnerships Section confirmed you as the NKPO of *{escape(request.member_state)}*: "
            f"`/nkpo {escape(request.member_state)}` shows it."
        )
    else:
        text = (
            f":information_source: The Partnerships Section did not confirm your request #{request.id} "
            f"for *{escape(request.member_state)}*. If you think it should be on record, ask "
            f"{the_section(contact)}."
        )
    return Reply(text=text.replace("*", ""), blocks=[section(text)])


def already_decided(registration_id: int) -> Reply:
    return Reply(
        text=f"NKPO request #{registration_id} was already decided; nothing more to do.",
        replace_original=True,
    )


def no_secretariat() -> str:
    return (
        "No one is set up to confirm requests (SECRETARIAT_USER_IDS is empty), so nothing was sent. "
        "Ask whoever runs the bot."
    )
