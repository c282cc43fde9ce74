"""Help and usage texts: what each command does and how to type it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

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
    return [f"`{command.name}` {command.summary}" for command in commands]


def general_help(commands: Iterable[CommandInfo], contact: str | None = None) -> Reply:
    lines = command_lines(commands)
    ask = f"Anything else: ask {the_section(contact)}."
    return Reply(
        text="What I can do: " + "; ".join(lines) + f". {ask}",
        blocks=[
            header("NKPO bot: what I can do"),
            section("\n".join(lines)),
            context("Type any command followed by `help` for its usage, e.g. `/docs help`.", ask),
        ],
    )


def usage(command: CommandInfo, problem: str | None = None) -> Reply:
    intro = f":information_source: {problem}\n" if problem else ""
    return Reply(
        text=f"{intro}Usage of {command.name}: {command.usage}",
        blocks=[section(f"{intro}*{command.name}*: {command.summary}\n{command.usage}")],
    )
