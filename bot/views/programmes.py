"""Views of ITCP programmes: the dated ITCP picture, result lists and one programme in detail."""

from __future__ import annotations

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

SEARCH_HINT = "Try other words, or `/programmes` for the whole list."


def programme_label(programme: Programme) -> str:
    return f"{escape(programme.name)} ({programme.scope})"


def programme_line(programme: Programme) -> str:
    scope = programme.scope.capitalize() + (f" · {escape(programme.region)}" if programme.region else "")
    return f"*{escape(programme.name)}* · {scope}\n{escape(programme.summary)}"


def itcp_blocks(cards: list[AnswerCard]) -> list[Block]:
    """The seeded ITCP facts, each with its source and period."""
    blocks: list[Block] = [header("Integrated Technical Cooperation Programme (ITCP)")]
    for card in cards:
        blocks.append(section(escape(card.answer)))
        source = card.source or "IMO"
        dated = (
            f" · as at {escape(card.as_at_label)}"
            if card.as_at_label and card.as_at_label not in source
            else ""
        )
        blocks.append(context(f"Source: {escape(source)}{dated}"))
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
        title="ITCP programmes",
        page=page,
        number=number,
        command=command,
        text=text,
        asked=describe(words, filters),
        line=programme_line,
        label=programme_label,
        empty=SEARCH_HINT,
        intro=itcp_blocks(cards) if cards else None,
    )
    if cards:
        note = (
            "The programme counts above are the 2018-2019 ITCP's; the list below is the "
            f"{page.total} programmes and topics on record here, not that whole programme."
        )
        reply.blocks.insert(len(itcp_blocks(cards)), context(note))
        reply.text = " ".join(escape(card.answer) for card in cards) + f" {note} " + reply.text
    return reply


def programme_detail(detail: ProgrammeDetail, command: str, text: str, state: ViewState) -> Reply:
    """Objectives, region, funding partner, SDGs, and the arrangements and documents linked to it."""
    programme = detail.programme
    sdgs = ", ".join(f"SDG {code}" for code in programme.sdgs) or "none recorded"
    blocks: list[Block] = [
        header(programme.name),
        fields(
            f"*Scope*\n{programme.scope.capitalize()}",
            f"*Region*\n{escape(programme.region or 'worldwide')}",
            f"*Funding partner*\n{escape(programme.funding_partner or 'not recorded')}",
            f"*SDGs*\n{sdgs}",
            f"*Status*\n{escape(programme.status)}",
            f"*Period*\n{escape(programme.period or 'not recorded')}",
        ),
        section(f"*Summary*\n{escape(programme.summary)}"),
        section(f"*Objectives*\n{escape(programme.objectives or 'Not recorded.')}"),
    ]
    if detail.arrangements:
        more = detail.arrangement_count - len(detail.arrangements)
        lines = [f"• {arrangement_label(a)}" for a in detail.arrangements]
        if more > 0:
            lines.append(f"…and {more:,} more")
        blocks.append(section(f"*Linked arrangements ({detail.arrangement_count:,})*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*Linked arrangements*\nNone on record."))
    documents = [f"• {escape(d.symbol)}: {escape(d.title)}" for d in detail.documents[:10]]
    blocks.append(section("*Documents*\n" + ("\n".join(documents) if documents else "None linked yet.")))
    if programme.source:
        blocks.append(context(f"Source: {escape(programme.source)}"))
    blocks.append(actions(share_button(command, text, state)))
    return Reply(text=f"Programme: {programme_label(programme)}. {escape(programme.summary)}", blocks=blocks)
