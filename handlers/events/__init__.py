"""Slack events; EVENTS maps an event type to its handler."""

from __future__ import annotations

from handlers.context import Handler
from handlers.events import home, messages

EVENTS: dict[str, Handler] = {
    "app_mention": messages.handle,
    "message": messages.handle,
    "app_home_opened": home.handle,
    "user_change": home.handle_user_change,
}
