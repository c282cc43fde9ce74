"""Slash commands, one module each; COMMANDS maps "/name" to its Command."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from bot.i18n import N_, _
from bot.services.usage import record_command
from bot.views.blocks import Reply, escape, section
from bot.views.help import general_help
from handlers.commands import announce, ask, audit, digest, docs, history, nkpo, partnerships, programmes
from handlers.context import Command, Ctx


def counted(command: Command) -> Command:
    """The command, each use typed in Slack or the console counted for the usage report (a button
    that shows its answer again is not a use). Counted after the ack, in a session of its own: on
    SQLite a write holds the database's one write lock until its commit, and written in the request
    it queued every other worker's requests behind it (the bench's p95 of 200-340 ms)."""

    def handle(ctx: Ctx) -> Reply | None:
        reply = command.handle(ctx)
        if ctx.request.via in ("slash", "console") and not ctx.request.value:
            ctx.later(count_use)
        return reply

    def count_use(ctx: Ctx) -> Reply | None:
        record_command(ctx.session, command.name, ctx.request.via)
        return None

    return replace(command, handle=handle)


COMMANDS: dict[str, Command] = {
    module.COMMAND.name: counted(module.COMMAND)
    for module in (partnerships, programmes, docs, nkpo, digest, announce, ask, history, audit)
}


def nearest_command(typed: str) -> str | None:
    """The command a mistyped one most likely meant (`/partnership` -> `/partnerships`), if any is close."""
    found = process.extractOne(typed.lower(), list(COMMANDS), scorer=fuzz.ratio, score_cutoff=70)
    return None if found is None else str(found[0])


def unknown_command(ctx: Ctx) -> Reply:
    """Any slash command the bot does not know: say so, suggest the nearest, and list the ones it does."""
    name = escape(str(ctx.request.command or "that command")[:40])
    reply = general_help(COMMANDS.values(), ctx.settings.partnerships_contact)
    problem = _(":information_source: I don't know {command}.", command=f"`{name}`")
    nearest = nearest_command(ctx.request.command) if ctx.request.command else None
    if nearest is not None:
        again = f"{nearest} {ctx.request.text}".strip()
        problem += " " + _(
            "Did you mean {command}? Try {again}.", command=f"`{nearest}`", again=f"`{escape(again[:80])}`"
        )
    return Reply(text=f"{problem} {reply.text}", blocks=[section(problem), *reply.blocks])


UNKNOWN = Command(name="*", summary=N_("any other command"), usage="", handle=unknown_command)
