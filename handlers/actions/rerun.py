"""Buttons that show a command's answer again, somewhere else in it: another page, or one record.

Their value is a bot.views.blocks.Rerun: the command, its text and the state to show; the
command runs again with that state in `request.state`.
"""

from __future__ import annotations

from bot.i18n import N_, _
from bot.views.blocks import Reply, Rerun
from handlers.commands import COMMANDS
from handlers.context import Command, Ctx

OUT_OF_DATE = N_("That button is out of date; please run the command again.")


def clicked(ctx: Ctx) -> tuple[Command, Rerun] | None:
    """The command and Rerun the clicked button names, or None if it is not one of ours."""
    wanted = Rerun.decode(ctx.request.value)
    command = COMMANDS.get(wanted.command) if wanted else None
    return (command, wanted) if command and wanted else None


def rerun(ctx: Ctx, command: Command, wanted: Rerun) -> Reply | None:
    """Run `command` again with the text and state the button carries, in this request's session."""
    return command.handle(ctx.derive(text=wanted.text, state=wanted.state))


def show_page(ctx: Ctx) -> Reply | None:
    """Previous / Next: the same answer at another page, replacing the message clicked on."""
    found = clicked(ctx)
    if found is None:
        return Reply(text=_(OUT_OF_DATE))
    reply = rerun(ctx, *found)
    if reply is not None:
        reply.replace_original = True
    return reply


def show_details(ctx: Ctx) -> Reply | None:
    """Details: one record in full, as a new message under the list."""
    found = clicked(ctx)
    return Reply(text=_(OUT_OF_DATE)) if found is None else rerun(ctx, *found)
