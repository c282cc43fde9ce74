"""/docs handlers called with a Ctx on a rolled-back session: refusals, the DM file path, usage."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.messenger import SlackMessenger, make_web_client
from bot.services import documents
from bot.services.documents import DocumentFields
from bot.views.blocks import validate_blocks
from handlers.commands import COMMANDS
from handlers.context import Ctx, Request
from handlers.events import messages
from storage.models import Document
from tests import samples
from tests.conftest import NKPO_USER, SECRETARIAT
from tests.fakes.slack_api import FakeSlackAPI


def dm_file_event(fake: FakeSlackAPI, user_id: str, content: bytes, name: str) -> dict:
    return {
        "type": "message", "subtype": "file_share", "channel": f"D{user_id}", "channel_type": "im",
        "user": user_id, "text": "", "files": [fake.host_file(content, name)],
    }  # fmt: skip


def run_event(session: Session, settings: Settings, fake: FakeSlackAPI, event: dict):
    messenger = SlackMessenger(make_web_client(settings))
    request = Request(user_id=event["user"], channel_id=event["channel"], payload=event)
    return messages.handle(Ctx(request, settings, session, messenger))


def document_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def test_a_repeated_file_event_adds_the_document_once(
    session: Session, settings: Settings, fake_slack: FakeSlackAPI
) -> None:
    documents.start_pending(session, SECRETARIAT, DocumentFields("SAMPLE/DM/9", "Waiting", "other"))
    event = dm_file_event(fake_slack, SECRETARIAT, samples.pdf("once"), "once.pdf")
    first = run_event(session, settings, fake_slack, event)
    assert first is not None and "is in the library" in first.text and validate_blocks(first.blocks) == []
    assert (
        run_event(session, settings, fake_slack, event) is None
    )  # no pending left: not ours, and a file_share
    assert document_count(session) == 7 and len(fake_slack.calls_to("file_download")) == 1


def test_a_file_from_someone_outside_the_secretariat_is_never_fetched(
    session: Session, settings: Settings, fake_slack: FakeSlackAPI
) -> None:
    # A pending addition left by someone since removed from SECRETARIAT_USER_IDS is not completed.
    documents.start_pending(session, NKPO_USER, DocumentFields("SAMPLE/DM/8", "Waiting", "other"))
    assert (
        run_event(session, settings, fake_slack, dm_file_event(fake_slack, NKPO_USER, samples.pdf(), "a.pdf"))
        is None
    )
    assert fake_slack.calls_to("file_download") == [] and document_count(session) == 6


def test_a_description_that_no_longer_holds_is_dropped(
    session: Session, settings: Settings, fake_slack: FakeSlackAPI
) -> None:
    documents.start_pending(session, SECRETARIAT, DocumentFields("SAMPLE/DM/7", "Waiting", "other"))
    meanwhile = DocumentFields("sample/dm/7", "Added meanwhile", "other", url="https://example.org/7")
    documents.add_document(session, meanwhile, SECRETARIAT)
    reply = run_event(
        session, settings, fake_slack, dm_file_event(fake_slack, SECRETARIAT, samples.pdf(), "a.pdf")
    )
    assert reply is not None and "can't be added as described any more" in reply.text
    assert documents.pending_for(session, SECRETARIAT) is None and fake_slack.calls_to("file_download") == []


@pytest.mark.parametrize("text", ["add", "add cancel", "add now please"])
def test_add_is_refused_politely_to_others(session: Session, settings: Settings, text: str) -> None:
    ctx = Ctx(Request(user_id=NKPO_USER, channel_id="C1", text=text), settings, session, None)  # type: ignore[arg-type]
    reply = COMMANDS["/docs"].handle(ctx)
    assert (
        reply is not None
        and "Only the Partnerships Section adds documents" in reply.text
        and not ctx.followups
    )


def test_add_with_extra_words_gets_usage(session: Session, settings: Settings) -> None:
    ctx = Ctx(Request(user_id=SECRETARIAT, channel_id="C1", text="add now"), settings, session, None)  # type: ignore[arg-type]
    reply = COMMANDS["/docs"].handle(ctx)
    assert reply is not None and "opens a form" in reply.text and not ctx.followups


def test_details_of_a_document_on_disk(session: Session, settings: Settings, tmp_path: Path) -> None:
    store = documents.file_store(settings)
    added = documents.add_document(
        session, DocumentFields("SAMPLE/D/1", "Sample", "form", tags=("a",)), SECRETARIAT, store,
        store.receive([samples.text()], "notes.txt"), "notes.txt",
    )  # fmt: skip
    ctx = Ctx(
        Request(user_id=NKPO_USER, channel_id="C1", payload={"state": {"detail": added.id}}),
        settings,
        session,
        None,
    )  # type: ignore[arg-type]
    reply = COMMANDS["/docs"].handle(ctx)
    assert reply is not None and validate_blocks(reply.blocks) == []
    assert "File: notes.txt" in reply.text and "Form" in str(reply.blocks)
