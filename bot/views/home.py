"""The App Home tab: what the bot does, the partnership snapshot, what's new, the user's digest."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.i18n import N_, _, short_date
from bot.services.home import Addition
from bot.services.languages import AS_IN_SLACK
from bot.views.blocks import Block, context, divider, escape, header, section, truncate
from bot.views.help import CommandInfo, command_lines
from bot.views.partnerships import snapshot_blocks
from storage.models import PartnershipSnapshot

MAX_HOME_BLOCKS = 100
KIND_LABELS = {
    "arrangement": N_("Arrangement"),
    "document": N_("Document"),
    "announcement": N_("Announcement"),
}
LANGUAGE_ACTION = "home_language"
# Each language is named in itself, so that anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def home_view(
    commands: Iterable[CommandInfo],
    snapshot: PartnershipSnapshot | None,
    additions: list[Addition],
    subscribed: bool,
    chosen_language: str = AS_IN_SLACK,
) -> dict[str, Any]:
    """A `home` view for views.publish, with the language select (`chosen_language`: en, fr, es
    or AS_IN_SLACK)."""
    lines = "\n".join(command_lines(commands))
    digest = (
        _(":white_check_mark: You get the weekly digest by direct message; `/digest unsubscribe` stops it.")
        if subscribed
        else _(":envelope: You don't get the weekly digest yet; `/digest subscribe` sends it to you by DM.")
    )
    blocks: list[Block] = [
        header(_("NKPO bot")),
        section(
            _(
                "I answer questions about IMO's knowledge partnerships and technical cooperation. "
                "Ask with `/ask`, mention me in a channel, or write to me here in Messages."
            )
        ),
        language_select(chosen_language),
        section("*{}*\n{}".format(_("What I can do"), lines)),
        divider(),
        *snapshot_blocks(snapshot),
        divider(),
        section("*{}*\n{}".format(_("Latest additions"), _additions(additions))),
        divider(),
        section("*{}*\n{}".format(_("Weekly digest"), digest)),
        context(_("Questions I can't answer go to the Partnerships Section so they can add answers.")),
    ]
    return {"type": "home", "blocks": blocks[:MAX_HOME_BLOCKS]}


def language_select(chosen: str) -> Block:
    """The bot's language for this user: as in their Slack settings, or one they choose."""
    choices = [(AS_IN_SLACK, _("As in my Slack settings")), *LANGUAGE_NAMES.items()]
    options = [
        {"text": {"type": "plain_text", "text": truncate(label, 75)}, "value": value}
        for value, label in choices
    ]
    initial = next((o for o in options if o["value"] == chosen), options[0])
    return section(
        _("*Language* of the bot's replies to you"),
        {
            "type": "static_select",
            "action_id": LANGUAGE_ACTION,
            "options": options,
            "initial_option": initial,
        },
    )


def _additions(additions: list[Addition]) -> str:
    if not additions:
        return _("Nothing has been added yet.")
    lines = []
    for addition in additions:
        sample = " _{}_".format(_("(sample record, not IMO data)")) if addition.is_sample else ""
        when = short_date(addition.added_at.date())
        title = escape(truncate(addition.title, 150))
        lines.append(f"• {_(KIND_LABELS[addition.kind])}: {title}{sample} · {when}")
    return "\n".join(lines)
