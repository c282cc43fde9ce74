"""Views of partnership arrangements: the dated snapshot, result lists and one arrangement."""

from __future__ import annotations

from datetime import date

from bot.services.search import Filters, SearchPage, today
from bot.views.blocks import (
    Block,
    Reply,
    ViewState,
    actions,
    context,
    divider,
    escape,
    fields,
    header,
    hint,
    section,
    share_button,
)
from bot.views.results import SAMPLE_NOTE, describe, details_button, results_reply
from storage.models import NATURE_LABELS, SUPPORT_KINDS, Arrangement, PartnershipSnapshot

NO_ARRANGEMENTS = (
    "No arrangements have been imported yet: the Partnerships Section loads them from the annex of "
    "TC 74/4(a)."
)
SEARCH_HINT = "Try fewer or other words, a partner or a country, or `/partnerships` for the summary."


def snapshot_blocks(snapshot: PartnershipSnapshot | None) -> list[Block]:
    if snapshot is None:
        return [section("No published count of partnership arrangements is on record yet.")]
    return [
        header(f"Partnership arrangements in force: {snapshot.total}"),
        fields(
            f"*Letters of agreement (LoAs)*\n{snapshot.loa_count}",
            f"*MoUs / framework agreements*\n{snapshot.mou_count}",
            f"*Implementing partner agreements (IPAs)*\n{snapshot.ipa_count}",
            f"*Total*\n{snapshot.total}",
        ),
        context(f"As at {snapshot.as_at_label} · source: {snapshot.source}"),
    ]


def snapshot_text(snapshot: PartnershipSnapshot | None) -> str:
    if snapshot is None:
        return "No published count of partnership arrangements is on record yet."
    return (
        f"{snapshot.total} partnership arrangements in force as at {snapshot.as_at_label}: "
        f"{snapshot.loa_count} letters of agreement, {snapshot.mou_count} MoUs/framework agreements, "
        f"{snapshot.ipa_count} implementing partner agreements (source: {snapshot.source})."
    )


def snapshot_reply(snapshot: PartnershipSnapshot | None) -> Reply:
    return Reply(text=snapshot_text(snapshot), blocks=snapshot_blocks(snapshot))


def day(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else "date not on record"


def has_ended(arrangement: Arrangement) -> bool:
    return arrangement.ends_on is not None and arrangement.ends_on < today()


def is_sample(arrangement: Arrangement) -> bool:
    return arrangement.is_sample or arrangement.partner.is_sample


def arrangement_label(arrangement: Arrangement) -> str:
    sample = " (sample)" if is_sample(arrangement) else ""
    signed = arrangement.signed_on.year if arrangement.signed_on else "undated"
    ended = f", ended {day(arrangement.ends_on)}" if has_ended(arrangement) else ""
    return f"{escape(arrangement.partner.name)}{sample}, {NATURE_LABELS[arrangement.nature]}, {signed}{ended}"


def arrangement_line(arrangement: Arrangement) -> str:
    """Partner, nature, date, title, programme and support kinds, for a list of results."""
    ended = f" · *ended {day(arrangement.ends_on)}*" if has_ended(arrangement) else ""
    lines = [
        f"*{escape(arrangement.partner.name)}* · {NATURE_LABELS[arrangement.nature]} · "
        f"{day(arrangement.signed_on)}{ended}",
        f"_{escape(arrangement.title)}_",
    ]
    where = [f"Programme: {escape(arrangement.programme.name)}"] if arrangement.programme else []
    if arrangement.member_state:
        where.append(f"Member State: {escape(arrangement.member_state)}")
    if where:
        lines.append(" · ".join(where))
    if arrangement.support_kinds:
        lines.append(
            "Support: " + ", ".join(escape(SUPPORT_KINDS.get(k, k)) for k in arrangement.support_kinds)
        )
    if is_sample(arrangement):
        lines.append(SAMPLE_NOTE)
    return "\n".join(lines)


def overview_reply(snapshot: PartnershipSnapshot | None, latest: list[Arrangement], command: str) -> Reply:
    """No words: the dated published count, then the most recent arrangements on record."""
    reply = snapshot_reply(snapshot)
    reply.blocks.append(divider())
    if latest:
        reply.blocks.append(section("*Latest arrangements on record*"))
        reply.blocks.extend(
            section(arrangement_line(a), details_button(command, "", a.id, 1)) for a in latest
        )
        reply.text += " Latest on record: " + "; ".join(arrangement_label(a) for a in latest) + "."
    else:
        reply.blocks.append(hint(NO_ARRANGEMENTS))
    reply.blocks.append(
        hint(
            "Search with words and filters, e.g. `/partnerships ballast water`, `/partnerships type:mou`; "
            "ended arrangements with `status:ended`."
        )
    )
    reply.blocks.append(actions(share_button(command, "")))
    return reply


def arrangement_results(
    page: SearchPage, number: int, command: str, text: str, words: str, filters: Filters
) -> Reply:
    return results_reply(
        title="Partnership arrangements",
        page=page,
        number=number,
        command=command,
        text=text,
        asked=describe(words, filters),
        line=arrangement_line,
        label=arrangement_label,
        empty=SEARCH_HINT,
    )


def arrangement_detail(arrangement: Arrangement, command: str, text: str, state: ViewState) -> Reply:
    """Everything on record about one arrangement, clearly labelled when it is a sample."""
    blocks: list[Block] = [header(arrangement.partner.name)]
    if is_sample(arrangement):
        blocks.append(context(SAMPLE_NOTE))
    if has_ended(arrangement):
        blocks.append(context(f":calendar: Ended on {day(arrangement.ends_on)}: no longer in force."))
    sdgs = ", ".join(f"SDG {code}" for code in arrangement.sdgs) or "none recorded"
    support = ", ".join(escape(SUPPORT_KINDS.get(k, k)) for k in arrangement.support_kinds) or "none recorded"
    blocks.append(
        fields(
            f"*Nature*\n{NATURE_LABELS[arrangement.nature]}",
            f"*Reference*\n{escape(arrangement.ref)}",
            f"*Signed*\n{day(arrangement.signed_on)}",
            f"*{'Ended' if has_ended(arrangement) else 'Ends'}*\n"
            f"{day(arrangement.ends_on) if arrangement.ends_on else 'no end date recorded'}",
            f"*Member State*\n{escape(arrangement.member_state or 'not recorded')}",
            f"*Programme*\n{escape(arrangement.programme.name) if arrangement.programme else 'none linked'}",
            f"*SDGs*\n{sdgs}",
            f"*Support*\n{support}",
        )
    )
    blocks.append(
        section(f"*{escape(arrangement.title)}*\n{escape(arrangement.summary or 'No summary recorded.')}")
    )
    if arrangement.source:
        blocks.append(context(f"Source: {escape(arrangement.source)}"))
    blocks.append(actions(share_button(command, text, state)))
    return Reply(
        text=f"Arrangement: {arrangement_label(arrangement)}. {escape(arrangement.title)}", blocks=blocks
    )
