"""Every privileged action, over signed HTTP, refused to anyone outside SECRETARIAT_USER_IDS.

A refusal is a polite line; nothing is posted, updated or opened in Slack, and no record changes.
"""

import json
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from bot.views.announcements import (
    APPLY_ACTION,
    CANCEL_ACTION,
    DISCARD_ACTION,
    KEEP_ACTION,
    POST_ACTION,
    WITHDRAW_ACTION,
)
from bot.views.announcements import FORM_CALLBACK as ANNOUNCE_FORM
from bot.views.answers import ANSWER_ACTION, CARD_FORM_CALLBACK
from bot.views.documents import FORM_CALLBACK as DOCS_FORM
from bot.views.nkpo import CONFIRM_ACTION, DECLINE_ACTION, EDIT_ACTION
from bot.views.nkpo import FORM_CALLBACK as NKPO_FORM
from storage.models import (
    Announcement,
    AnnouncementRevision,
    AnswerCard,
    AuditEvent,
    Base,
    Document,
    Nkpo,
    NkpoChange,
    NkpoRegistration,
    PendingDocument,
    Question,
)
from tests.conftest import NKPO_USER, SECRETARIAT, LiveApp

WATCHED: list[type[Base]] = [
    Announcement, AnnouncementRevision, AnswerCard, Document, PendingDocument, Question,
    Nkpo, NkpoChange, NkpoRegistration, AuditEvent,
]  # fmt: skip
SLACK_WRITES = ("chat.postMessage", "chat.update", "views.open", "files.completeUploadExternal")
REFUSED = ("Only the Partnerships Section", "only for the Partnerships Section", ":lock:")


def counts(live: LiveApp) -> dict[str, int]:
    with live.deps.db.session() as session:
        return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in WATCHED}


def refused(text: str) -> bool:
    return any(marker in text for marker in REFUSED)


def draft_id(live: LiveApp) -> str:
    """A real draft, written by the secretariat, for others to try to post or cancel."""
    body = live.command("/announce", "A draft by the secretariat", user_id=SECRETARIAT).json()
    buttons = [e for b in body["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return next(e["value"] for e in buttons if e["action_id"] == POST_ACTION)


COMMANDS = [
    ("/announce", "Free pizza for all"),
    ("/announce", ""),
    ("/announce", "edit 1 changed"),
    ("/announce", "edit 1"),
    ("/announce", "delete 1"),
    ("/nkpo", "add"),
    ("/nkpo", "add Kenya"),
    ("/nkpo", "edit Kenya"),
    ("/docs", "add"),
    ("/docs", "add cancel"),
    ("/ask", "unanswered"),
    ("/ask", "stats"),
    ("/audit", ""),
    ("/audit", "announcement since:2020-01-01"),
]


@pytest.mark.parametrize(("command", "text"), COMMANDS, ids=[f"{c} {t}".strip() for c, t in COMMANDS])
def test_privileged_commands_are_refused_to_others(live_app: LiveApp, command: str, text: str) -> None:
    before = counts(live_app)
    response = live_app.command(command, text, user_id=NKPO_USER)
    assert response.status == 200 and refused(response.json()["text"]), response.json()["text"]
    assert all(live_app.fake.calls_to(method) == [] for method in SLACK_WRITES)
    assert counts(live_app) == before


def _click(action_id: str) -> Callable[[LiveApp, str], None]:
    def click(live: LiveApp, value: str) -> None:
        url = live.fake.response_url()
        live.slack.action(action_id, value, user_id=NKPO_USER, response_url=url)
        assert refused(live.fake.wait_for("response_url")[0].params["text"])

    return click


def _submit(callback_id: str, values: dict, metadata: str = "") -> Callable[[LiveApp, str], None]:
    def submit(live: LiveApp, _value: str) -> None:
        answer = live.slack.view_submission(
            callback_id, values, user_id=NKPO_USER, private_metadata=metadata
        ).json()
        assert answer["response_action"] == "errors" and refused(json.dumps(answer["errors"]))

    return submit


def _text(block: str, value: str) -> dict:
    return {block: {"value": {"type": "plain_text_input", "value": value}}}


BUTTONS_AND_FORMS = {
    "post button": _click(POST_ACTION),
    "cancel button": _click(CANCEL_ACTION),
    "post edit button": _click(APPLY_ACTION),
    "cancel edit button": _click(DISCARD_ACTION),
    "withdraw button": _click(WITHDRAW_ACTION),
    "keep button": _click(KEEP_ACTION),
    "confirm nkpo button": _click(CONFIRM_ACTION),
    "decline nkpo button": _click(DECLINE_ACTION),
    "edit nkpo button": _click(EDIT_ACTION),
    "nkpo add form": _submit(
        NKPO_FORM, {**_text("country", "Kenya"), **_text("person_name", "Sample")}, '{"mode": "add"}'
    ),
    "nkpo edit form": _submit(
        NKPO_FORM,
        {**_text("country", "Kenya"), **_text("person_name", "Sample")},
        '{"mode": "edit", "nkpo": 1}',
    ),
    "announcement edit form": _submit(
        ANNOUNCE_FORM, {**_text("title", "Hi"), **_text("body", "Body")}, '{"edit": 1}'
    ),
    "announcement form": _submit(ANNOUNCE_FORM, {**_text("title", "Hi"), **_text("body", "Body")}),
    "document form": _submit(DOCS_FORM, {**_text("symbol", "SAMPLE/P"), **_text("title", "Sample")}),
    "answer button": _click(ANSWER_ACTION),
    "answer card form": _submit(
        CARD_FORM_CALLBACK, {**_text("topic", "Sample"), **_text("answer", "Sample")}
    ),
}


@pytest.mark.parametrize("name", sorted(BUTTONS_AND_FORMS))
def test_privileged_buttons_and_forms_are_refused_to_others(live_app: LiveApp, name: str) -> None:
    value = draft_id(live_app)
    before = counts(live_app)
    BUTTONS_AND_FORMS[name](live_app, value)
    assert all(live_app.fake.calls_to(method) == [] for method in SLACK_WRITES)
    assert counts(live_app) == before
