"""Slash commands, one module each; COMMANDS maps "/name" to its Command."""

from __future__ import annotations

from bot.views.blocks import Reply, escape, section
from bot.views.help import general_help
from handlers.commands import announce, ask, digest, docs, history, nkpo, partnerships, programmes
from handlers.context import Command, Ctx

COMMANDS: dict[str, Command] = {
    module.COMMAND.name: module.COMMAND
    for module in (partnerships, programmes, docs, nkpo, digest, announce, ask, history)
}


def unknown_command(ctx: Ctx) -> Reply:
    """Any slash command the bot does not know: say so and list the ones it does."""
    name = ctx.request.command or "that command"
    reply = general_help(COMMANDS.values())
    problem = f":information_source: I don't know `{escape(str(name)[:40])}`. "
    return Reply(text=problem + reply.text, blocks=[section(problem), *reply.blocks])


UNKNOWN = Command(name="*", summary="any other command", usage="", handle=unknown_command)
