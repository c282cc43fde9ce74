"""The options of the forms' type-ahead selects (Slack's block_suggestion requests), by action_id:
each takes a session and what the user has typed so far, and returns the options to show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from bot.services.choices import arrangement_choices, document_choices, programme_choices
from bot.views.announcements import LINK_SELECT
from bot.views.choices import option_groups, options
from bot.views.documents import ARRANGEMENTS_SELECT, PROGRAMMES_SELECT

OptionsHandler = Callable[[Session, str], dict[str, Any]]


def announcement_link(session: Session, typed: str) -> dict[str, Any]:
    """Documents and programmes, grouped; their values as the announcement form's link reads them."""
    return option_groups(
        {
            "Documents": document_choices(session, typed, prefix="document:"),
            "Programmes": programme_choices(session, typed, prefix="programme:"),
        }
    )


OPTIONS: dict[str, OptionsHandler] = {
    LINK_SELECT: announcement_link,
    PROGRAMMES_SELECT: lambda session, typed: options(programme_choices(session, typed)),
    ARRANGEMENTS_SELECT: lambda session, typed: options(arrangement_choices(session, typed)),
}
