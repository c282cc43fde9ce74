"""Views of partnership arrangements: the dated snapshot, result lists and one arrangement."""

from __future__ import annotations

from datetime import date

from bot.i18n import N_, _, current_language, figure, month_year, short_date
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

NO_ARRANGEMENTS = N_(
    "No arrangements have been imported yet: the Partnerships Section loads them from the annex of "
    "TC 74/4(a)."
)
SEARCH_HINT = N_("Try fewer or other words, a partner or a country, or `/partnerships` for the summary.")
NO_SNAPSHOT = N_("No published count of partnership arrangements is on record yet.")


def snapshot_blocks(snapshot: PartnershipSnapshot | None) -> list[Block]:
    if snapshot is None:
        return [section(_(NO_SNAPSHOT))]
    return [
        header(_("Partnership arrangements in force: {total}", total=figure(snapshot.total))),
        fields(
            "*{}*\n{}".format(_("Letters of agreement (LoAs)"), figure(snapshot.loa_count)),
            "*{}*\n{}".format(_("MoUs / framework agreements"), figure(snapshot.mou_count)),
            "*{}*\n{}".format(_("Implementing partner agreements (IPAs)"), figure(snapshot.ipa_count)),
            "*{}*\n{}".format(_("Total"), figure(snapshot.total)),
        ),
        context(_("As at {date} · source: {source}", date=as_at(snapshot), source=snapshot.source)),
    ]


def as_at(snapshot: PartnershipSnapshot) -> str:
    """The snapshot's date as its month and year, in the current language ("décembre 2023")."""
    return month_year(current_language(), snapshot.as_at)


def snapshot_text(snapshot: PartnershipSnapshot | None) -> str:
    if snapshot is None:
        return _(NO_SNAPSHOT)
    return _(
        "{total} partnership arrangements in force as at {date}: {loa} letters of agreement, {mou} "
        "MoUs/framework agreements, {ipa} implementing partner agreements (source: {source}).",
        total=figure(snapshot.total),
        date=as_at(snapshot),
        loa=figure(snapshot.loa_count),
        mou=figure(snapshot.mou_count),
        ipa=figure(snapshot.ipa_count),
        source=snapshot.source,
    )


def snapshot_reply(snapshot: PartnershipSnapshot | None) -> Reply:
    return Reply(text=snapshot_text(snapshot), blocks=snapshot_blocks(snapshot))


def day(value: date | None) -> str:
    return short_date(value) if value else _("date not on record")


def has_ended(arrangement: Arrangement) -> bool:
    return arrangement.ends_on is not None and arrangement.ends_on < today()


def is_sample(arrangement: Arrangement) -> bool:
    return arrangement.is_sample or arrangement.partner.is_sample


def arrangement_label(arrangement: Arrangement) -> str:
    sample = " " + _("(sample)") if is_sample(arrangement) else ""
    signed = str(arrangement.signed_on.year) if arrangement.signed_on else _("undated")
    ended = ", " + _("ended {date}", date=day(arrangement.ends_on)) if has_ended(arrangement) else ""
    return f"{escape(arrangement.partner.name)}{sample}, {nature_label(arrangement.nature)}, {signed}{ended}"


def nature_label(nature: str) -> str:
    return _(NATURE_LABELS[nature])


def support_labels(kinds: list[str]) -> str:
    return ", ".join(escape(_(SUPPORT_KINDS[k]) if k in SUPPORT_KINDS else k) for k in kinds)


def arrangement_line(arrangement: Arrangement) -> str:
    """Partner, nature, date, title, programme and support kinds, for a list of results."""
    ended = (
        " · *{}*".format(_("ended {date}", date=day(arrangement.ends_on))) if has_ended(arrangement) else ""
    )
    lines = [
        f"*{escape(arrangement.partner.name)}* · {nature_label(arrangement.nature)} · "
        f"{day(arrangement.signed_on)}{ended}",
        f"_{escape(arrangement.title)}_",
    ]
    programme = arrangement.programme
    where = [_("Programme: {name}", name=escape(programme.name))] if programme else []
    if arrangement.member_state:
        where.append(_("Member State: {name}", name=escape(arrangement.member_state)))
    if where:
        lines.append(" · ".join(where))
    if arrangement.support_kinds:
        lines.append(_("Support: {kinds}", kinds=support_labels(arrangement.support_kinds)))
    if is_sample(arrangement):
        lines.append(_(SAMPLE_NOTE))
    return "\n".join(lines)


def overview_reply(snapshot: PartnershipSnapshot | None, latest: list[Arrangement], command: str) -> Reply:
    """No words: the dated published count, then the most recent arrangements on record."""
    reply = snapshot_reply(snapshot)
    reply.blocks.append(divider())
    if latest:
        reply.blocks.append(section("*{}*".format(_("Latest arrangements on record"))))
        reply.blocks.extend(
            section(arrangement_line(a), details_button(command, "", a.id, 1)) for a in latest
        )
        reply.text += " " + _(
            "Latest on record: {list}.", list="; ".join(arrangement_label(a) for a in latest)
        )
    else:
        reply.blocks.append(hint(_(NO_ARRANGEMENTS)))
    reply.blocks.append(
        hint(
            _(
                "Search with words and filters, e.g. `/partnerships ballast water`, "
                "`/partnerships type:mou`; ended arrangements with `status:ended`."
            )
        )
    )
    reply.blocks.append(actions(share_button(command, "")))
    return reply


def arrangement_results(
    page: SearchPage, number: int, command: str, text: str, words: str, filters: Filters
) -> Reply:
    return results_reply(
        title=_("Partnership arrangements"),
        page=page,
        number=number,
        command=command,
        text=text,
        asked=describe(words, filters),
        line=arrangement_line,
        label=arrangement_label,
        empty=_(SEARCH_HINT),
    )


def arrangement_detail(arrangement: Arrangement, command: str, text: str, state: ViewState) -> Reply:
    """Everything on record about one arrangement, clearly labelled when it is a sample."""
    blocks: list[Block] = [header(arrangement.partner.name)]
    if is_sample(arrangement):
        blocks.append(context(_(SAMPLE_NOTE)))
    ended = has_ended(arrangement)
    if ended:
        blocks.append(
            context(_(":calendar: Ended on {date}: no longer in force.", date=day(arrangement.ends_on)))
        )
    none = _("none recorded")
    sdgs = ", ".join(_("SDG {number}", number=code) for code in arrangement.sdgs) or none
    support = support_labels(arrangement.support_kinds) or none
    ends = day(arrangement.ends_on) if arrangement.ends_on else _("no end date recorded")
    programme = escape(arrangement.programme.name) if arrangement.programme else _("none linked")
    blocks.append(
        fields(
            "*{}*\n{}".format(_("Nature"), nature_label(arrangement.nature)),
            "*{}*\n{}".format(_("Reference"), escape(arrangement.ref)),
            "*{}*\n{}".format(_("Signed"), day(arrangement.signed_on)),
            "*{}*\n{}".format(_("Ended") if ended else _("Ends"), ends),
            "*{}*\n{}".format(_("Member State"), escape(arrangement.member_state or _("not recorded"))),
            "*{}*\n{}".format(_("Programme"), programme),
            "*{}*\n{}".format(_("SDGs"), sdgs),
            "*{}*\n{}".format(_("Support"), support),
        )
    )
    summary = escape(arrangement.summary) if arrangement.summary else _("No summary recorded.")
    blocks.append(section(f"*{escape(arrangement.title)}*\n{summary}"))
    if arrangement.source:
        blocks.append(context(_("Source: {source}", source=escape(arrangement.source))))
    blocks.append(actions(share_button(command, text, state)))
    label = arrangement_label(arrangement)
    return Reply(
        text=_("Arrangement: {label}.", label=label) + f" {escape(arrangement.title)}", blocks=blocks
    )
