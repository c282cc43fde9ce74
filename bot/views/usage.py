"""The usage report for the secretariat: the weekly DM and `/ask stats`."""

from __future__ import annotations

from datetime import timedelta

from bot.services.usage import Figures, UsageReport
from bot.views.blocks import Block, Reply, context, escape, fields, header, section, truncate
from bot.views.digest import when

NOT_ALLOWED = ":lock: Only the Partnerships Section can see the usage report."


def change(now: int, before: int) -> str:
    """Week over week: `12 (+3)`, `12 (−2)`, `12 (same)`."""
    if now == before:
        return f"{now} (same as the week before)"
    sign = "+" if now > before else "−"
    return f"{now} ({sign}{abs(now - before)} on the week before)"


def share(figures: Figures) -> str:
    value = figures.answered_share
    return "no questions" if value is None else f"{round(100 * value)}%"


def usage_reply(report: UsageReport, timezone: str) -> Reply:
    """This week's use against the week before: questions, answered share, declined questions, 👎,
    commands, documents shared most and digest subscribers."""
    this, last = report.this, report.last
    span = f"{when(report.start, timezone)} to {when(report.end - timedelta(seconds=1), timezone)}"
    blocks: list[Block] = [
        header(":bar_chart: How the bot was used this week"),
        context(f"{span} ({timezone}), against the week before. For the Partnerships Section only."),
        fields(
            f"*Questions asked*\n{change(this.questions, last.questions)}",
            f"*Answered*\n{share(this)} (the week before: {share(last)})",
            f"*Answers marked 👎*\n{change(this.thumbs_down, last.thumbs_down)}",
            f"*Digest subscribers*\n{change(this.subscribers, last.subscribers)}",
        ),
    ]
    if this.declined:
        lines = [f"• {escape(truncate(text, 150))} ({times}×)" for text, times in this.declined]
        blocks.append(section("*Most frequent declined questions*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*Most frequent declined questions*\nNone this week."))
    names = sorted(
        set(this.commands) | set(last.commands), key=lambda name: (-this.commands.get(name, 0), name)
    )
    if names:
        lines = [
            f"`{escape(name)}` {change(this.commands.get(name, 0), last.commands.get(name, 0))}"
            for name in names
        ]
        blocks.append(section("*Commands used*\n" + "\n".join(lines[:20])))
    else:
        blocks.append(section("*Commands used*\nNone this week."))
    if this.shared:
        lines = [
            f"• {escape(symbol)}: {escape(truncate(title, 80))} ({times}×)"
            for symbol, title, times in this.shared
        ]
        blocks.append(section("*Documents shared most*\n" + "\n".join(lines)))
    else:
        blocks.append(section("*Documents shared most*\nNone shared this week."))
    blocks.append(
        context(
            "Type `/ask stats` for the last seven days at any time; `/ask unanswered` to answer the "
            "declined questions."
        )
    )
    text = (
        f"Usage this week: {this.questions} questions ({share(this)} answered), {this.thumbs_down} answers "
        f"marked 👎, {sum(this.commands.values())} commands, {this.subscribers} digest subscribers."
    )
    return Reply(text=text, blocks=blocks)
