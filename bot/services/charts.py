"""What the charts of `/partnerships chart` show: the published snapshot by nature, and the
arrangements on record by year signed, by SDG and by programme. Each is one grouped count
(an index or a single pass over the table), so 100,000 arrangements stay well within a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, exists, extract, func, select
from sqlalchemy.orm import Session

from bot.i18n import _, _n, current_language, figure, month_year, short_date
from bot.services.partnerships import latest_snapshot
from storage.models import Arrangement, Programme, has_code

KINDS = ("nature", "year", "sdg", "programme")
SDGS = range(1, 18)
MAX_PROGRAMMES = 12  # the rest are one bar, "other programmes"


@dataclass(frozen=True)
class ChartData:
    """The bars of one chart, with what it shows and where the figures come from."""

    by: str
    title: str
    axis: str  # what the bars are counted over, e.g. "Year signed"
    labels: list[str]
    values: list[int]
    source: str
    has_samples: bool = False

    @property
    def is_empty(self) -> bool:
        return not any(self.values)


def chart_data(session: Session, by: str, on: date) -> ChartData:
    """The bars for `by` (one of KINDS), as at `on`, in the current language."""
    if by == "nature":
        return _by_nature(session)
    has_samples = bool(session.scalar(select(exists().where(Arrangement.is_sample.is_(True)))))
    source = _(
        "the arrangements on record in the NKPO bot (imported by the Partnerships Section), as at {date}",
        date=short_date(on),
    )
    if by == "year":
        year = extract("year", Arrangement.signed_on)
        years = session.execute(
            select(year, func.count()).where(Arrangement.signed_on.is_not(None)).group_by(year).order_by(year)
        ).all()
        labels, values = [str(int(y)) for y, _n in years], [int(n) for _y, n in years]
        return ChartData(
            by,
            _("Arrangements on record by year signed"),
            _("Year signed"),
            labels,
            values,
            source,
            has_samples,
        )
    if by == "sdg":
        counts = session.execute(
            select(*(func.sum(case((has_code(Arrangement.sdgs, goal), 1), else_=0)) for goal in SDGS))
        ).one()
        pairs = [
            (_("SDG {number}", number=goal), int(count or 0))
            for goal, count in zip(SDGS, counts, strict=True)
            if count
        ]
        return ChartData(
            by, _("Arrangements on record by SDG"), _("Sustainable Development Goal"),
            [label for label, _n in pairs], [n for _label, n in pairs], source, has_samples,
        )  # fmt: skip
    rows = session.execute(
        select(Programme.name, func.count())
        .select_from(Arrangement)
        .outerjoin(Programme, Programme.id == Arrangement.programme_id)
        .group_by(Programme.name)
        .order_by(func.count().desc(), Programme.name)
    ).all()
    shown, rest = rows[:MAX_PROGRAMMES], rows[MAX_PROGRAMMES:]
    labels = [str(name) if name is not None else _("No programme linked") for name, _n in shown]
    values = [int(n) for _name, n in shown]
    if rest:
        labels.append(_n("{count} other programme", "{count} other programmes", len(rest)))
        values.append(sum(int(n) for _name, n in rest))
    return ChartData(
        by, _("Arrangements on record by programme"), _("Programme"), labels, values, source, has_samples
    )


def _by_nature(session: Session) -> ChartData:
    snapshot = latest_snapshot(session)
    if snapshot is None:
        return ChartData("nature", _("Partnership arrangements in force by nature"), _("Nature"), [], [], "")
    return ChartData(
        "nature",
        _("Partnership arrangements in force by nature: {total}", total=figure(snapshot.total)),
        _("Nature of arrangement"),
        [
            _("Letters of agreement (LoAs)"),
            _("MoUs / framework agreements"),
            _("Implementing partner agreements (IPAs)"),
        ],
        [snapshot.loa_count, snapshot.mou_count, snapshot.ipa_count],
        _(
            "{source}, as at {date}",
            source=snapshot.source,
            date=month_year(current_language(), snapshot.as_at),
        ),
    )
