"""Views for /nkpo: the role, how to designate one and how many Member States have one on record;
a country's NKPOs (with their history, for the secretariat); the add / edit / register form; and
the messages of a registration on its way to the secretariat."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.i18n import N_, _, _n, current_language, figure, long_date, record_text, short_date
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
from bot.views.documents import title_of
from bot.views.results import SAMPLE_NOTE
from storage.models import Document, Nkpo, NkpoChange, NkpoRegistration

FORM_CALLBACK = "nkpo_form"
EDIT_ACTION = "nkpo_edit"
CONFIRM_ACTION = "nkpo_confirm"
DECLINE_ACTION = "nkpo_decline"
MAX_CHOICES = 40  # a country's NKPOs offered to edit, a row each, within a message's 50 blocks
NOT_ALLOWED = N_(
    ":lock: Only the Partnerships Section adds and edits NKPOs. To be recorded as your country's NKPO, "
    "use `/nkpo register`: they will confirm it."
)
FORM_TITLES = {"add": N_("Add an NKPO"), "edit": N_("Edit an NKPO"), "register": N_("Register as NKPO")}
LABELS = {
    "member_state": N_("Member State"), "person_name": N_("Name"), "position": N_("Position"),
    "ministry": N_("Ministry"), "email": N_("E-mail"), "slack_user_id": N_("Slack"),
    "designated_on": N_("Designated"), "source": N_("Source"), "status": N_("Status"),
}  # fmt: skip
# What saving an NKPO did (bot.services.nkpo_directory.save_nkpo's action); "retired" says more.
SAVED = {
    "added": N_(":white_check_mark: {who} is added. `{command}` shows it."),
    "edited": N_(":white_check_mark: {who} is edited. `{command}` shows it."),
    "reinstated": N_(":white_check_mark: {who} is reinstated. `{command}` shows it."),
}
# A change in an NKPO's history, by its action (`who`: a user, or "an import").
DONE_BY = {
    "added": N_("added by {who}"), "edited": N_("edited by {who}"), "retired": N_("retired by {who}"),
    "reinstated": N_("reinstated by {who}"),
}  # fmt: skip


def document_blocks(document: Document | None, contact: str | None) -> list[Block]:
    """The designation document as the library has it: its link when held, else where to ask."""
    ask = the_section(contact)
    if document is None:
        return [context(_("The designation form is in Circular Letter No.4004; ask {section}.", section=ask))]
    text = f":page_facing_up: *{escape(document.symbol)}*: {escape(title_of(document))}"
    if document.url:
        return [section(text, link_button(_("Open"), document.url))]
    return [
        section(text),
        context(_("The library holds no file or link for it yet; ask {section}.", section=ask)),
    ]


def day(moment: datetime) -> str:
    return long_date(current_language(), moment.date())


def summary_text(summary: DirectorySummary) -> str:
    if not summary.member_states or summary.as_at is None:
        return _("No Member State has an NKPO on record in this directory yet.")
    return _n(
        "{count} Member State has an NKPO on record in this directory, as at {date}.",
        "{count} Member States have an NKPO on record in this directory, as at {date}.",
        summary.member_states,
        date=day(summary.as_at),
    )


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
    blocks: list[Block] = [header(_("National Knowledge Partnership Officers (NKPOs)"))]
    answers = [escape(record_text(card.translations, "answer", card.answer)) for card in guide.cards]
    blocks.extend(section(answer) for answer in answers)
    blocks.extend(document_blocks(guide.document, contact))
    blocks.append(section(f":busts_in_silhouette: {counted}"))
    blocks.append(
        hint(
            _(
                "Look up a country's NKPO with `/nkpo <country>` (in English, French or Spanish, or its "
                "ISO code: `/nkpo Kenya`, `/nkpo Royaume-Uni`, `/nkpo KEN`); ask to be recorded as your "
                "country's NKPO with `/nkpo register`. Questions: {section}.",
                section=the_section(contact),
            )
        )
    )
    blocks.append(actions(share_button(command, "")))
    if waiting is not None and waiting[1]:
        requests, count = waiting
        blocks.append(
            hint(
                _(
                    ":inbox_tray: *Requests to be recorded as NKPO, waiting for you: {count}*",
                    count=figure(count),
                )
            )
        )
        for request in requests:
            blocks.extend(registration_notice(request).blocks)
        if count > len(requests):
            more = count - len(requests)
            blocks.append(
                hint(
                    _n(
                        "…and {count} more: decide these first.",
                        "…and {count} more: decide these first.",
                        more,
                    )
                )
            )
    told = " ".join(answers) or _("NKPOs are designated with the form in Circular Letter No.4004.")
    return Reply(
        text=f"{told} {counted}",
        blocks=blocks,
    )


def nkpo_fields(nkpo: Nkpo) -> Block:
    items = [
        _("*Name*\n{value}", value=escape(nkpo.person_name)),
        _("*Title*\n{value}", value=escape(nkpo.position) if nkpo.position else _("not recorded")),
    ]
    if nkpo.ministry:
        items.append(_("*Ministry or administration*\n{value}", value=escape(nkpo.ministry)))
    if nkpo.email:
        items.append(_("*E-mail*\n{value}", value=escape(nkpo.email)))
    if nkpo.slack_user_id:
        user = f"<@{escape(nkpo.slack_user_id)}>"
        items.append(_("*In Slack*\n{value}", value=user))
    if nkpo.designated_on:
        items.append(_("*Designated*\n{value}", value=short_date(nkpo.designated_on)))
    if nkpo.source:
        items.append(_("*Source*\n{value}", value=escape(nkpo.source)))
    if nkpo.status != "active":
        items.append(_("*Status*\nretired"))
    return fields(*items)


def change_line(change: NkpoChange) -> str:
    who = _("an import") if change.changed_by == "import" else f"<@{escape(change.changed_by)}>"
    done = _(DONE_BY[change.action], who=who) if change.action in DONE_BY else f"{change.action} {who}"
    what = (
        ""
        if change.action == "added"
        else ": " + ", ".join(_(LABELS[n]) if n in LABELS else n for n in change.changes)
    )
    note = f" ({escape(truncate(change.note, 80))})" if change.note else ""
    when = _(
        "{date} {time} UTC", date=short_date(change.changed_at), time=change.changed_at.strftime("%H:%M")
    )
    return f"• {when} · {done}{what}{note}"


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
    name = match.country.name
    country = escape(name)
    blocks: list[Block] = []
    if match.guessed:
        blocks.append(
            context(_(":mag: Taking _{typed}_ as *{country}*.", typed=escape(typed), country=country))
        )
    active = [nkpo for nkpo in nkpos if nkpo.status == "active"]
    message = ""
    if not active:
        message = _(
            "No NKPO is on record for *{country}*. Its Government can designate one with the form in "
            "Circular Letter No.4004; {section} can help.",
            country=country,
            section=the_section(contact),
        )
        blocks.append(section(message))
    else:
        # One or several, no count shown (so not a plural form); the answers say "NKPO of {country}" too.
        one = len(active) == 1
        blocks.append(
            header(_("NKPO of {country}", country=name) if one else _("NKPOs of {country}", country=name))
        )
        if any(nkpo.is_sample for nkpo in active):
            blocks.append(context(_(SAMPLE_NOTE)))
        blocks.extend(nkpo_fields(nkpo) for nkpo in active[:10])
    if changes is not None:
        retired = [nkpo for nkpo in nkpos if nkpo.status != "active"]
        if retired:
            names = "; ".join(escape(n.person_name) for n in retired[:10])
            blocks.append(context(_("Retired: {names}", names=names)))
        if changes:
            lines = "\n".join(change_line(change) for change in changes)
            blocks.append(section(truncate(_("*Changes on record*") + f"\n{lines}", 3000)))
        edit, add = f"/nkpo edit {country}", f"/nkpo add {country}"
        blocks.append(hint(_("Edit: `{edit}` · add another: `{add}`", edit=edit, add=add)))
    blocks.append(actions(share_button(command, text)))
    if not active:
        return Reply(text=message.replace("*", ""), blocks=blocks)
    names = ", ".join(escape(nkpo.person_name) for nkpo in active)
    if any(nkpo.is_sample for nkpo in active):
        return Reply(
            text=_("The NKPO of {country} (sample record): {names}.", country=country, names=names),
            blocks=blocks,
        )
    return Reply(text=_("The NKPO of {country}: {names}.", country=country, names=names), blocks=blocks)


def unknown_country_reply(typed: str) -> Reply:
    return Reply(
        text=_(
            ":information_source: I don't recognise _{typed}_ as a country. "
            "Try its name (in English, French or Spanish) or its ISO code, e.g. `/nkpo Kenya`, "
            "`/nkpo Reino Unido` or `/nkpo GBR`.",
            typed=escape(typed[:60]),
        )
    )


def choose_to_edit(match: CountryMatch, nkpos: list[Nkpo]) -> Reply:
    """More than one NKPO of a country: which one to edit (a row each: Slack refuses one action_id twice
    in a block)."""
    country = escape(match.country.name)
    text = _("*{country}* has more than one NKPO on record: which one?", country=country)
    rows = [
        actions(button(_("Edit {name}", name=nkpo.person_name), EDIT_ACTION, str(nkpo.id)))
        for nkpo in nkpos[:MAX_CHOICES]
    ]
    return Reply(text=text.replace("*", ""), blocks=[section(text), *rows])


def nothing_to_edit(match: CountryMatch) -> Reply:
    country = escape(match.country.name)
    command = f"/nkpo add {country}"
    return Reply(
        text=_("No NKPO is on record for {country}; `{command}` adds one.", country=country, command=command)
    )


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
                _(
                    "Ask to be recorded as your country's NKPO. The Partnerships Section checks it (the "
                    "designation comes from your Government, see Circular Letter No.4004) and confirms or "
                    "declines it; nothing is shown as on record until then."
                )
            )
        )
    blocks += [
        input_block(
            "country",
            _("Member State"),
            _text(nkpo.member_state if nkpo else country, 100),
            _("Its name in English, French or Spanish, or its ISO code (Kenya, Royaume-Uni, KEN)."),
            optional=False,
        ),
        input_block(
            "person_name", _("Name"), _text(nkpo.person_name if nkpo else None), _("As designated."), False
        ),
        input_block(
            "position",
            _("Position"),
            _text(nkpo.position if nkpo else None),
            _("e.g. Director of Maritime Affairs."),
            optional=True,
        ),
        input_block(
            "ministry",
            _("Ministry or administration"),
            _text(nkpo.ministry if nkpo else None),
            _("Where they work."),
            optional=True,
        ),
        input_block(
            "email",
            _("E-mail"),
            {"type": "email_text_input", **({"initial_value": nkpo.email} if nkpo and nkpo.email else {})},
            _("Their work address."),
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
            input_block(
                "slack_user_id", _("In Slack"), user, _("Their Slack account, if they have one."), True
            ),
            input_block(
                "designated_on", _("Designated on"), date, _("When their Government designated them."), True
            ),
            input_block(
                "source",
                _("Source"),
                _text(nkpo.source if nkpo else None),
                _("e.g. reply to Circular Letter No.4004."),
                optional=True,
            ),
        ]
    if mode == "edit" and nkpo is not None:
        options = [
            _option(_("Active: on record"), "active"),
            _option(_("Retired: no longer the NKPO"), "retired"),
        ]
        chosen = options[0] if nkpo.status == "active" else options[1]
        element = {"type": "static_select", "options": options, "initial_option": chosen}
        blocks.append(
            input_block("status", _("Status"), element, _("A retired NKPO stays in the history."), False)
        )
    metadata = {"mode": mode, "nkpo": nkpo.id if nkpo else None}
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": json.dumps(metadata),
        "title": {"type": "plain_text", "text": _(FORM_TITLES[mode])},
        "submit": {"type": "plain_text", "text": _("Send") if mode == "register" else _("Save")},
        "close": {"type": "plain_text", "text": _("Cancel")},
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
    command = f"/nkpo {escape(nkpo.member_state)}"
    if action is None:
        text = _(":information_source: Nothing changed: {who} was already recorded so.", who=who)
    elif action == "retired":
        text = _(
            ":white_check_mark: {who} is retired: no longer on record as NKPO; the history keeps them.",
            who=who,
        )
    else:
        text = _(SAVED.get(action, SAVED["edited"]), who=who, command=command)
    return Reply(text=text.replace("*", ""), blocks=[section(text)])


def registration_received(request: NkpoRegistration, contact: str | None, delivered: bool) -> Reply:
    values = {"number": request.id, "country": escape(request.member_state), "section": the_section(contact)}
    if delivered:
        text = _(
            ":inbox_tray: Thank you. Your request #{number} to be recorded as the NKPO of *{country}* has "
            "gone to {section}. Nothing is on record until they confirm it; I'll tell you here when they "
            "have.",
            **values,
        )
    else:
        text = _(
            ":warning: Your request #{number} to be recorded as the NKPO of *{country}* is kept, but I "
            "couldn't reach {section} just now; they will find it under `/nkpo`. Nothing is on record until "
            "they confirm it.",
            **values,
        )
    return Reply(text=text.replace("*", ""), blocks=[section(text)])


def registration_notice(request: NkpoRegistration) -> Reply:
    """To each secretariat member: a request to confirm or decline, with the buttons."""
    given = request.fields
    user = f"<@{escape(request.user_id)}>"

    def shown(name: str) -> str:
        value = given.get(name)
        return escape(str(value)) if value else _("not given")

    items = [
        _("*Member State*\n{value}", value=escape(request.member_state)),
        _("*Name*\n{value}", value=shown("person_name")),
        _("*Title*\n{value}", value=shown("position")),
        _("*Ministry or administration*\n{value}", value=shown("ministry")),
        _("*E-mail*\n{value}", value=shown("email")),
        _("*In Slack*\n{value}", value=user),
    ]
    value = str(request.id)
    intro = _(
        ":busts_in_silhouette: {user} asks to be recorded as the NKPO of *{country}* (request #{number}). "
        "Check the designation before confirming.",
        user=user,
        country=escape(request.member_state),
        number=request.id,
    )
    return Reply(
        text=_(
            "NKPO request #{number}: {name} for {country}",
            number=request.id,
            name=str(given.get("person_name")),
            country=request.member_state,
        ),
        blocks=[
            section(intro),
            fields(*items),
            actions(
                button(_("Confirm"), CONFIRM_ACTION, value, style="primary"),
                button(_("Decline"), DECLINE_ACTION, value, style="danger"),
                block_id=f"nkpo_request_{value}",
            ),
        ],
    )


def registration_decided(request: NkpoRegistration) -> Reply:
    """What the secretariat's messages about a request say once it is decided (no buttons any more)."""
    values = {
        "number": request.id,
        "country": escape(request.member_state),
        "user": f"<@{escape(request.user_id)}>",
        "by": f"<@{escape(request.decided_by or '')}>",
    }
    if request.status == "confirmed":
        text = _(
            ":white_check_mark: NKPO request #{number} ({country}, {user}) was confirmed by {by}.", **values
        )
    else:
        text = _(
            ":white_check_mark: NKPO request #{number} ({country}, {user}) was declined by {by}.", **values
        )
    return Reply(text=text, blocks=[section(text)], replace_original=True)


def registration_outcome(request: NkpoRegistration, contact: str | None) -> Reply:
    """To the person who asked: the decision."""
    country = escape(request.member_state)
    command = f"/nkpo {country}"
    if request.status == "confirmed":
        text = _(
            ":tada: The Partnerships Section confirmed you as the NKPO of *{country}*: `{command}` shows it.",
            country=country,
            command=command,
        )
    else:
        text = _(
            ":information_source: The Partnerships Section did not confirm your request #{number} for "
            "*{country}*. If you think it should be on record, ask {section}.",
            number=request.id,
            country=country,
            section=the_section(contact),
        )
    return Reply(text=text.replace("*", ""), blocks=[section(text)])


def already_decided(registration_id: int) -> Reply:
    return Reply(
        text=_("NKPO request #{number} was already decided; nothing more to do.", number=registration_id),
        replace_original=True,
    )


def no_secretariat() -> str:
    return _(
        "No one is set up to confirm requests (SECRETARIAT_USER_IDS is empty), so nothing was sent. "
        "Ask whoever runs the bot."
    )
