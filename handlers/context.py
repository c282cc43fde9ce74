"""What every handler receives, whatever the entry point (Slack over HTTP, Socket Mode, console).

Handlers translate a request into service calls and a Reply. `run_handler` gives each one a
session of its own and turns any failure into one friendly line: users never see a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.messenger import Messenger
from bot.text import InputError
from bot.views.blocks import Reply
from storage.db import Database

log = logging.getLogger(__name__)

DATABASE_DOWN = (
    ":warning: I can't reach my database just now, so I can't answer. "
    "Please try again in a minute; the secretariat has been alerted in the logs."
)
SOMETHING_WENT_WRONG = (
    ":warning: Sorry, something went wrong on my side while answering that. "
    "Please try again; if it keeps happening, tell the Partnerships Section."
)


@dataclass(frozen=True)
class Deps:
    """What the process holds once: settings and the database handle."""

    settings: Settings
    db: Database


@dataclass(frozen=True)
class Request:
    """Who asked, where, and what they typed or clicked."""

    user_id: str
    channel_id: str | None = None
    text: str = ""
    trigger_id: str | None = None
    thread_ts: str | None = None
    via: str = "slack"
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class Ctx:
    """A handler's view of one request: the request, a session it may use, and the messenger."""

    request: Request
    settings: Settings
    session: Session
    messenger: Messenger
    followups: list[Handler] = field(default_factory=list)

    def later(self, handler: Handler) -> None:
        """Run `handler` after the request is acknowledged, in a session of its own (slow work)."""
        self.followups.append(handler)

    @property
    def is_secretariat(self) -> bool:
        return self.settings.is_secretariat(self.request.user_id)


Handler = Callable[["Ctx"], Reply | None]


class FormErrors(Exception):
    """A submitted form (modal) has problems: field block_id -> message, shown inline; nothing is kept."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Command:
    """A slash command: its name, what it is for, its usage text, and its handler."""

    name: str
    summary: str
    usage: str
    handle: Handler


@dataclass
class Outcome:
    """What running a handler produced: the reply now, and the work to do after the ack."""

    reply: Reply | None
    followups: list[Handler] = field(default_factory=list)
    errors: dict[str, str] | None = None


def run_handler(deps: Deps, request: Request, messenger: Messenger, handler: Handler) -> Outcome:
    """Run a handler in its own session, committed on success; a friendly Reply on any failure."""
    ctx: Ctx | None = None
    try:
        with deps.db.session() as session:
            ctx = Ctx(request, deps.settings, session, messenger)
            reply = handler(ctx)
        return Outcome(reply, ctx.followups)
    except InputError as error:
        return Outcome(Reply(text=f":information_source: {error}"))
    except FormErrors as error:
        return Outcome(None, errors=error.errors)
    except (OperationalError, PoolTimeout) as error:
        log.error("database unavailable while handling %s: %s", request.via, error.__class__.__name__)
        return Outcome(Reply(text=DATABASE_DOWN))
    except DBAPIError as error:
        if error.connection_invalidated:
            log.error("database connection lost while handling %s", request.via)
            return Outcome(Reply(text=DATABASE_DOWN))
        log.exception("database error while handling %s", request.via)
        return Outcome(Reply(text=SOMETHING_WENT_WRONG))
    except Exception:
        log.exception("handler failed for a request via %s", request.via)
        return Outcome(Reply(text=SOMETHING_WENT_WRONG))
