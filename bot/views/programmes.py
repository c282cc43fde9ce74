"""Views of ITCP programmes: the dated ITCP picture, result lists and one programme in detail."""

from __future__ import annotations

from bot.i18n import N_, _, figure, record_text
from bot.services.programmes import ProgrammeDetail
from bot.services.search import Filters, SearchPage
from bot.views.blocks import (
    Block,
    Reply,
    ViewState,
    actions,
    context,
    escape,
    fields,
    header,
    section,
    share_button,
)
from bot.views.partnerships import arrangement_label
from bot.views.results import describe, results_reply
from storage.models import AnswerCard, Programme

SEARCH_HINT = N_("Try other words, or `/programmes` for the whole list.")
SCOPE_NAMES = {"global": N_("Global"), "regional": N_("Regional")}


def _text(programme: Programme, name: str) -> str:
    return record_text(programme.translations, name, getattr(programme, name) or "")


def scope_name(programme: Programme) -> str:
    return _(SCOPE_NAMES[programme.scope]) if programme.scope in SCOPE_NAMES else escape(programme.scope)


def programme_label(programme: Programme) -> str:
    return f"{escape(_text(programme, 'name'))} ({scope_name(programme).lower()})"


def programme_line(programme: Programme) -> str:
    region = _text(programme, "region")
    scope = scope_name(programme) + (f" · {escape(region)}" if region else "")
    return f"*{escape(_text(programme, 'name'))}* · {scope}\n{escape(_text(programme, 'summary'))}"


def itcp_blocks(cards: list[AnswerCard]) -> list[Block]:
    """The seeded ITCP facts, each with its source and period."""
    blocks: list[Block] = [header(_("Integrated Technical Cooperation Programme (ITCP)"))]
    for card in cards:
        blocks.append(section(escape(record_text(card.translations, "answer", card.answer))))
        source = card.source or "IMO"
        line = _("Source: {source}", source=escape(source))
        if card.as_at_label and card.as_at_label not in source:
            line += " · " + _("as at {date}", date=escape(card.as_at_label))
        blocks.append(context(line))
    return blocks


def programme_results(
    page: SearchPage,
    number: int,
    command: str,
    text: str,
    words: str,
    filters: Filters,
    cards: list[AnswerCard] | None = None,
) -> Reply:
    """Programmes found (or all of them), after the ITCP picture when `cards` are given."""
    reply = results_reply(
        title=_("ITCP programmes"),
        page=page,
        number=number,
        command=command,
        text=text,
        asked=describe(words, filters),
        line=programme_line,
        label=programme_label,
        empty=_(SEARCH_HINT),
        intro=itcp_blocks(cards) if cards else None,
    )
    if cards:
        note = _(
            "The programme counts above are the 2018-2019 ITCP's; the list below is the {count} programmes "
            "and topics on record here, not that whole programme.",
            count=figure(page.total),
        )
        reply.blocks.insert(len(itcp_blocks(cards)), context(note))
        answers = " ".join(escape(record_text(card.translations, "answer", card.answer)) for card in cards)
        reply.text = f"{answers} {note} {reply.text}"
    return reply


def programme_detail(detail: ProgrammeDetail, command: str, text: str, state: ViewState) -> Reply:
    """Objectives, region, funding partner, SDGs, and the arrangements and documents linked to it."""
    programme = detail.programme
    not_recorded = _("not recorded")
    sdgs = ", ".join(_("SDG {number}", number=code) for code in programme.sdgs) or _("none recorded")
    summary = escape(_text(programme, "summary"))
    objectives = _text(programme, "objectives")
    blocks: list[Block] = [
        header(_text(programme, "name")),
        fields(
            "*{}*\n{}".format(_("Scope"), scope_name(programme)),
            "*{}*\n{}".format(_("Region"), escape(_text(programme, "region") or _("worldwide"))),
            "*{}*\n{}".format(_("Funding partner"), escape(programme.funding_partner or not_recorded)),
            "*{}*\n{}".format(_("SDGs"), sdgs),
            "*{}*\n{}".format(_("Status"), escape(programme.status)),
            "*{}*\n{}".format(_("Period"), escape(programme.period or not_recorded)),
        ),
        section("*{}*\n{}".format(_("Summary"), summary)),
        section("*{}*\n{}".format(_("Objectives"), escape(objectives) if objectives else _("Not recorded."))),
    ]
    if detail.arrangements:
        more = detail.arrangement_count - len(detail.arrangements)
        lines = [f"• {arrangement_label(a)}" for a in detail.arrangements]
        if more > 0:
            lines.append(_("…and {count} more", count=figure(more)))
        title = _("Linked arrangements ({count})", count=figure(detail.arrangement_count))
        blocks.append(section(f"*{title}*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*{}*\n{}".format(_("Linked arrangements"), _("None on record."))))
    documents = [f"• {escape(d.symbol)}: {escape(d.title)}" for d in detail.documents[:10]]
    listed = "\n".join(documents) if documents else _("None linked yet.")
    blocks.append(section("*{}*\n{}".format(_("Documents"), listed)))
    if programme.source:
        blocks.append(context(_("Source: {source}", source=escape(programme.source))))
    blocks.append(actions(share_button(command, text, state)))
    label = programme_label(programme)
    return Reply(text=_("Programme: {label}.", label=label) + f" {summary}", blocks=blocks)
