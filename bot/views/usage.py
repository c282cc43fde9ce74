"""The usage report for the secretariat: the weekly DM and `/ask stats`."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import N_, _, _n, figure
from bot.services.usage import Figures, UsageReport
from bot.views.blocks import Block, Reply, context, escape, fields, header, section, truncate
from bot.views.digest import when

NOT_ALLOWED = N_(":lock: Only the Partnerships Section can see the usage report.")


def change(now: int, before: int) -> str:
    """Week over week: `12 (+3 on the week before)`, `12 (−2 …)`, `12 (same as the week before)`."""
    if now == before:
        return _("{now} (same as the week before)", now=figure(now))
    sign = "+" if now > before else "−"
    return _(
        "{now} ({difference} on the week before)",
        now=figure(now),
        difference=f"{sign}{figure(abs(now - before))}",
    )


def share(figures: Figures) -> str:
    value = figures.answered_share
    return _("no questions") if value is None else _("{percent}%", percent=figure(round(100 * value)))


def times(count: int) -> str:
    return _("{count}×", count=figure(count))


def usage_reply(report: UsageReport, timezone: str) -> Reply:
    """This week's use against the week before: questions, answered share, declined questions, 👎,
    commands, documents shared most and digest subscribers."""
    this, last = report.this, report.last
    span = _(
        "{start} to {end}",
        start=when(report.start, timezone),
        end=when(report.end - timedelta(seconds=1), timezone),
    )
    none_this_week = _("None this week.")
    blocks: list[Block] = [
        header(_(":bar_chart: How the bot was used this week")),
        context(
            _(
                "{span} ({timezone}), against the week before. For the Partnerships Section only.",
                span=span,
                timezone=timezone,
            )
        ),
        fields(
            "*" + _("Questions asked") + f"*\n{change(this.questions, last.questions)}",
            "*"
            + _("Answered")
            + "*\n"
            + _("{share} (the week before: {before})", share=share(this), before=share(last)),
            "*" + _("Answers marked 👎") + f"*\n{change(this.thumbs_down, last.thumbs_down)}",
            "*" + _("Digest subscribers") + f"*\n{change(this.subscribers, last.subscribers)}",
        ),
    ]
    declined = "*" + _("Most frequent declined questions") + "*\n"
    if this.declined:
        lines = [f"• {escape(truncate(text, 150))} ({times(count)})" for text, count in this.declined]
        blocks.append(section(declined + "\n".join(lines)))
    else:
        blocks.append(section(declined + none_this_week))
    names = sorted(
        set(this.commands) | set(last.commands), key=lambda name: (-this.commands.get(name, 0), name)
    )
    used = "*" + _("Commands used") + "*\n"
    if names:
        lines = [
            f"`{escape(name)}` {change(this.commands.get(name, 0), last.commands.get(name, 0))}"
            for name in names
        ]
        blocks.append(section(used + "\n".join(lines[:20])))
    else:
        blocks.append(section(used + none_this_week))
    shared = "*" + _("Documents shared most") + "*\n"
    if this.shared:
        lines = [
            f"• {escape(symbol)}: {escape(truncate(title, 80))} ({times(count)})"
            for symbol, title, count in this.shared
        ]
        blocks.append(section(shared + "\n".join(lines)))
    else:
        blocks.append(section(shared + _("None shared this week.")))
    blocks.append(
        context(
            _(
                "Type {stats} for the last seven days at any time; {unanswered} to answer the declined "
                "questions.",
                stats="`/ask stats`",
                unanswered="`/ask unanswered`",
            )
        )
    )
    text = _(
        "Usage this week: {questions} ({share} answered), {thumbs_down}, {commands}, {subscribers}.",
        questions=_n("{count} question", "{count} questions", this.questions),
        share=share(this),
        thumbs_down=_n("{count} answer marked 👎", "{count} answers marked 👎", this.thumbs_down),
        commands=_n("{count} command", "{count} commands", sum(this.commands.values())),
        subscribers=_n("{count} digest subscriber", "{count} digest subscribers", this.subscribers),
    )
    return Reply(text=text, blocks=blocks)
