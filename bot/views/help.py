"""Help and usage texts: what each command does and how to type it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from bot.i18n import _
from bot.views.blocks import Reply, context, header, section, the_section


class CommandInfo(Protocol):
    """What help shows of a command (handlers' Command has these): its name, summary and usage."""

    @property
    def name(self) -> str: ...

    @property
    def summary(self) -> str: ...

    @property
    def usage(self) -> str: ...


def command_lines(commands: Iterable[CommandInfo]) -> list[str]:
    """One line a command: its name and what it does (the help reply and the App Home)."""
    return [f"`{command.name}` {_(command.summary)}" for command in commands]


def general_help(commands: Iterable[CommandInfo], contact: str | None = None) -> Reply:
    lines = command_lines(commands)
    ask = _("Anything else: ask {section}.", section=the_section(contact))
    return Reply(
        text=_("What I can do: {commands}.", commands="; ".join(lines)) + f" {ask}",
        blocks=[
            header(_("NKPO bot: what I can do")),
            section("\n".join(lines)),
            context(_("Type any command followed by `help` for its usage, e.g. `/docs help`."), ask),
        ],
    )


def usage(command: CommandInfo, problem: str | None = None) -> Reply:
    intro = f":information_source: {problem}\n" if problem else ""
    summary, how = (_(text) if text else "" for text in (command.summary, command.usage))

    return Reply(
        text=intro + _("Usage of {command}: {usage}", command=command.name, usage=how),
        blocks=[section(f"{intro}*{command.name}*: {summary}\n{how}")],
    )
