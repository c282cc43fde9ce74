"""Charts as PNG images (matplotlib, Agg), and the messages that go with them.

matplotlib is imported inside `draw_png` only, so a process that never draws (the web worker
answering everything else) never loads it. The figure is drawn on its own canvas, not through
pyplot: nothing global, safe on the worker threads that run after-the-ack work.
"""

from __future__ import annotations

import io
import json
import textwrap
from datetime import date

from bot.i18n import N_, _, short_date
from bot.services.charts import ChartData
from bot.views.blocks import Block, Reply, actions, button, context, section

SHARE_ACTION = "chart_share"
NO_CHANNEL = N_("I can't tell which channel to share the chart into; please run {command} there.")
BAR_COLOUR = "#0b3d91"
WIDTH, HEIGHT, DPI = 8.0, 6.0, 150  # 1200 x 900 pixels: big type on a phone screen
DESCRIBED = {
    "nature": N_("the published count of arrangements in force, by nature"),
    "year": N_("the arrangements on record by year signed"),
    "sdg": N_("the arrangements on record by SDG"),
    "programme": N_("the arrangements on record by programme"),
}


def kinds_help() -> str:
    """ "`by:nature`, `by:year`, `by:sdg` or `by:programme`", in the current language."""
    return _(
        "{first}, {second}, {third} or {fourth}",
        first="`by:nature`",
        second="`by:year`",
        third="`by:sdg`",
        fourth="`by:programme`",
    )


def no_channel() -> Reply:
    return Reply(text=_(NO_CHANNEL, command="`/partnerships chart`"))


def file_name(data: ChartData, on: date) -> str:
    return f"partnerships-by-{data.by}-{on.isoformat()}.png"


def draw_png(data: ChartData, on: date) -> bytes:
    """The chart as a PNG: titled, each bar labelled with its count, dated with its source. The bars'
    labels and counts are also in the PNG's Description (text metadata)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    horizontal = data.by == "programme"
    positions = list(range(len(data.values)))
    if horizontal:
        bars = axes.barh(positions, data.values, color=BAR_COLOUR)
        axes.set_yticks(positions, [_short(label, 42) for label in data.labels], fontsize=10)
        axes.invert_yaxis()
        axes.set_xlabel(_("Arrangements"), fontsize=12)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    else:
        bars = axes.bar(positions, data.values, color=BAR_COLOUR)
        rotate = 0 if len(data.labels) <= 4 else 45
        labels = [_wrapped(label) if rotate == 0 else label for label in data.labels]
        axes.set_xticks(positions, labels, fontsize=11 if rotate == 0 else 9, rotation=rotate,
                        ha="center" if rotate == 0 else "right")  # fmt: skip
        axes.set_ylabel(_("Arrangements"), fontsize=12)
        axes.set_xlabel(data.axis, fontsize=12)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.bar_label(bars, fontsize=11 if len(data.values) <= 20 else 7, padding=2)
    axes.margins(x=0.02, y=0.12) if not horizontal else axes.margins(x=0.12, y=0.02)
    axes.spines[["top", "right"]].set_visible(False)
    figure.suptitle(data.title, x=0.02, ha="left", fontsize=15, fontweight="bold")
    note = _("Source: {source}. Drawn {date} by the NKPO bot.", source=data.source, date=short_date(on))
    if data.has_samples:
        note += " " + _("Includes sample records: fictional, not IMO data.")
    figure.supxlabel(textwrap.fill(note, 110), x=0.02, ha="left", fontsize=8, color="#444444")
    out = io.BytesIO()
    described = json.dumps({"title": data.title, "bars": dict(zip(data.labels, data.values, strict=True))})
    figure.savefig(out, format="png", metadata={"Title": data.title, "Description": described})
    return out.getvalue()


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _wrapped(label: str) -> str:
    """A long label on two lines (under a bar of a chart with few bars)."""
    if len(label) <= 18 or " " not in label:
        return label
    middle = len(label) // 2
    cut = min((i for i, ch in enumerate(label) if ch == " "), key=lambda i: abs(i - middle))
    return label[:cut] + "\n" + label[cut + 1 :]


def drawing(by: str) -> Reply:
    return Reply(
        text=":bar_chart: "
        + _("Drawing {what}; it comes to you by direct message in a moment.", what=_(DESCRIBED[by]))
    )


def nothing_to_draw(by: str) -> Reply:
    if by == "nature":
        return Reply(
            text=":bar_chart: "
            + _("There is nothing to draw yet: no published count of arrangements is on record.")
        )
    return Reply(
        text=":bar_chart: "
        + _(
            "There is nothing to draw yet: no arrangements on record give {what}. "
            "The Partnerships Section imports them ({command}).",
            what=_(DESCRIBED[by]),
            command="`python -m bot import arrangements`",
        )
    )


def upload_comment(data: ChartData, shared_by: str | None) -> str:
    comment = _("{title} (source: {source}).", title=data.title, source=data.source)
    return comment + " " + _("Shared by {user}.", user=f"<@{shared_by}>") if shared_by else comment


def chart_sent(data: ChartData) -> Reply:
    """To the asker, where they asked: the chart is in their DM; Share in channel posts it here."""
    text = ":bar_chart: " + _(
        "Your chart ({title}) is in your direct messages with me; only you see it.", title=data.title
    )
    blocks: list[Block] = [
        section(text),
        actions(button(_("Share in channel"), SHARE_ACTION, data.by)),
        context(_("Source: {source}.", source=data.source)),
    ]
    return Reply(text=text, blocks=blocks)


def chart_shared(data: ChartData, channel: str) -> Reply:
    return Reply(
        text=":white_check_mark: "
        + _("The chart ({title}) is shared in {channel}.", title=data.title, channel=f"<#{channel}>"),
        replace_original=True,
    )


def chart_failed(problem: str) -> Reply:
    return Reply(
        text=":warning: "
        + _("Slack did not take the chart ({problem}); please try again in a minute.", problem=problem)
    )
