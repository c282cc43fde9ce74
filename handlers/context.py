"""What every handler receives, whatever the entry point (Slack over HTTP, Socket Mode, console).

Handlers translate a request into service calls and a Reply. `run_handler` gives each one a
session of its own and turns any failure into one friendly line: users never see a trace.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.deps import Deps
from bot.i18n import N_, in_language, language_of, t
from bot.messenger import Messenger
from bot.services.languages import UserLanguageFound, fetch_locale, user_language
from bot.text import InputError
from bot.views.blocks import FIRST_PAGE, Reply, ViewState

log = logging.getLogger(__name__)

DATABASE_DOWN = N_(
    ":warning: I can't reach my database just now, so I can't answer. "
    "Please try again in a minute; the secretariat has been alerted in the logs."
)
SOMETHING_WENT_WRONG = N_(
    ":warning: Sorry, something went wrong on my side while answering that. "
    "Please try again; if it keeps happening, tell the Partnerships Section."
)


# Where a request came from, as its entry point says: a slash command, a button, a modal form,
# a mention of the bot, a direct message, any other Slack event, or a line typed in the console.
Via = Literal["slash", "button", "form", "mention", "dm", "event", "console"]


@dataclass(frozen=True)
class Request:
    """Who asked, where, how, and what they typed or clicked.

    `command` is the slash command as typed (`/partnership` for an unknown one); `value` a button's
    value; `state` where in a command's answer a button leads (a page, a record); `payload` the
    rest of what Slack sent (an event, a modal's view) for the handlers that read it.
    """

    user_id: str
    via: Via
    channel_id: str | None = None
    text: str = ""
    command: str = ""
    value: str = ""
    state: ViewState = FIRST_PAGE
    trigger_id: str | None = None
    thread_ts: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    language: str | None = None  # a language asked for outright (the console's --lang)


@dataclass
class Ctx:
    """A handler's view of one request: the request, a session it may use, and the messenger."""

    request: Request
    settings: Settings
    session: Session
    messenger: Messenger
    followups: list[Handler] = field(default_factory=list)
    language: str = "en"  # what replies are written in (bot.i18n's current language while it runs)

    def later(self, handler: Handler) -> None:
        """Run `handler` after the request is acknowledged, in a session of its own (slow work)."""
        self.followups.append(handler)

    @property
    def is_secretariat(self) -> bool:
        return self.settings.is_secretariat(self.request.user_id)

    def derive(self, **changes: Any) -> Ctx:
        """The same request with `changes` (e.g. text, state), in this session, with these followups."""
        return Ctx(
            replace(self.request, **changes),
            self.settings,
            self.session,
            self.messenger,
            self.followups,
            self.language,
        )


Handler = Callable[["Ctx"], Reply | None]
Send = Callable[[Reply], None]


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
    """Run a handler in its own session, committed on success, writing in the language of the
    request (`request_language`); a friendly Reply on any failure."""
    ctx: Ctx | None = None
    language = request.language or deps.settings.default_language
    try:
        with deps.db.session() as session:
            found = request_language(session, deps.settings, request, messenger)
            language = found.language
            ctx = Ctx(request, deps.settings, session, messenger, language=language)
            if found.fetch_later:
                ctx.later(_fetch_locale)
            with in_language(language):
                reply = handler(ctx)
        return Outcome(reply, ctx.followups)
    except InputError as error:
        return Outcome(Reply(text=f":information_source: {error}"))
    except FormErrors as error:
        return Outcome(None, errors=error.errors)
    except (OperationalError, PoolTimeout) as error:
        log.error("database unavailable while handling %s: %s", request.via, error.__class__.__name__)
        return Outcome(Reply(text=t(language, DATABASE_DOWN)))
    except DBAPIError as error:
        if error.connection_invalidated:
            log.error("database connection lost while handling %s", request.via)
            return Outcome(Reply(text=t(language, DATABASE_DOWN)))
        log.exception("database error while handling %s", request.via)
        return Outcome(Reply(text=t(language, SOMETHING_WENT_WRONG)))
    except Exception:
        log.exception("handler failed for a request via %s", request.via)
        return Outcome(Reply(text=t(language, SOMETHING_WENT_WRONG)))


def request_language(
    session: Session, settings: Settings, request: Request, messenger: Messenger
) -> UserLanguageFound:
    """The console's --lang; the channel's language for a mention in a channel (everyone reads the
    reply); else the user's (bot.services.languages)."""
    if request.language:
        return UserLanguageFound(language_of(request.language))
    if request.via == "mention" and request.channel_id and not request.channel_id.startswith("D"):
        return UserLanguageFound(settings.channel_language(request.channel_id))
    return user_language(session, messenger, request.user_id, settings.default_language)


def _fetch_locale(ctx: Ctx) -> Reply | None:
    fetch_locale(ctx.session, ctx.messenger, ctx.request.user_id)
    return None


def dispatch(deps: Deps, request: Request, messenger: Messenger, handlers: list[Handler], send: Send) -> None:
    """Run handlers one after another, each in its own session, then the work each left for later;
    every reply goes to `send`. The one loop behind Slack's after-the-ack work and the console."""
    pending = list(handlers)
    while pending:
        outcome = run_handler(deps, request, messenger, pending.pop(0))
        pending.extend(outcome.followups)
        if outcome.reply is not None:
            try:
                send(outcome.reply)
            except Exception:
                log.exception("could not deliver a reply to %s", request.user_id)
