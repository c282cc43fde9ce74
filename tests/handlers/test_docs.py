"""/docs handlers called with a Ctx on a rolled-back session: refusals, the DM file path, usage."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.messenger import SlackMessenger, make_web_client
from bot.services import documents
from bot.services.documents import DocumentFields
from bot.views.blocks import Reply, ViewState, validate_blocks
from handlers.commands import COMMANDS, docs
from handlers.events import messages
from storage.models import Document
from tests import samples
from tests.conftest import NKPO_USER, SECRETARIAT, MakeCtx
from tests.fakes.slack_api import FakeSlackAPI


def dm_file_event(fake: FakeSlackAPI, user_id: str, content: bytes, name: str) -> dict:
    return {
        "type": "message", "subtype": "file_share", "channel": f"D{user_id}", "channel_type": "im",
        "user": user_id, "text": "", "files": [fake.host_file(content, name)],
    }  # fmt: skip


def run_event(make_ctx: MakeCtx, settings: Settings, event: dict) -> Reply | None:
    """A DM event handled with the real Slack messenger, against the fake Web API."""
    messenger = SlackMessenger(make_web_client(settings))
    ctx = make_ctx(event["text"], user_id=event["user"], via="dm", channel_id=event["channel"],
                   payload=event, messenger=messenger)  # fmt: skip
    return messages.handle(ctx)


def document_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Document)) or 0


def test_a_repeated_file_event_adds_the_document_once(
    session: Session, settings: Settings, fake_slack: FakeSlackAPI, make_ctx: MakeCtx
) -> None:
    documents.start_pending(session, SECRETARIAT, DocumentFields("SAMPLE/DM/9", "Waiting", "other"))
    event = dm_file_event(fake_slack, SECRETARIAT, samples.pdf("once"), "once.pdf")
    first = run_event(make_ctx, settings, event)
    assert first is not None and "is in the library" in first.text and validate_blocks(first.blocks) == []
    assert run_event(make_ctx, settings, event) is None  # no pending left: not ours, and a file_share
    assert document_count(session) == 7 and len(fake_slack.calls_to("file_download")) == 1


def test_a_file_from_someone_outside_the_secretariat_is_never_fetched(
    session: Session, settings: Settings, fake_slack: FakeSlackAPI, make_ctx: MakeCtx
) -> None:
    # A pending addition left by someone since removed from SECRETARIAT_USER_IDS is not completed.
    documents.start_pending(session, NKPO_USER, DocumentFields("SAMPLE/DM/8", "Waiting", "other"))
    assert run_event(make_ctx, settings, dm_file_event(fake_slack, NKPO_USER, samples.pdf(), "a.pdf")) is None
    assert fake_slack.calls_to("file_download") == [] and document_count(session) == 6


def test_a_description_that_no_longer_holds_is_dropped(
    session: Session, settings: Settings, fake_slack: FakeSlackAPI, make_ctx: MakeCtx
) -> None:
    documents.start_pending(session, SECRETARIAT, DocumentFields("SAMPLE/DM/7", "Waiting", "other"))
    meanwhile = DocumentFields("sample/dm/7", "Added meanwhile", "other", url="https://example.org/7")
    documents.add_document(session, meanwhile, SECRETARIAT)
    reply = run_event(make_ctx, settings, dm_file_event(fake_slack, SECRETARIAT, samples.pdf(), "a.pdf"))
    assert reply is not None and "can't be added as described any more" in reply.text
    assert documents.pending_for(session, SECRETARIAT) is None and fake_slack.calls_to("file_download") == []


@pytest.mark.parametrize("text", ["add", "add cancel", "add now please"])
def test_add_is_refused_politely_to_others(make_ctx: MakeCtx, text: str) -> None:
    ctx = make_ctx(text)
    reply = docs.COMMAND.handle(ctx)  # uncounted: its only work after the ack would be a form
    assert (
        reply is not None
        and "Only the Partnerships Section adds documents" in reply.text
        and not ctx.followups
    )


def test_add_with_extra_words_gets_usage(make_ctx: MakeCtx) -> None:
    ctx = make_ctx("add now", user_id=SECRETARIAT)
    reply = docs.COMMAND.handle(ctx)
    assert reply is not None and "opens a form" in reply.text and not ctx.followups


def test_details_of_a_document_on_disk(session: Session, settings: Settings, make_ctx: MakeCtx) -> None:
    store = documents.file_store(settings)
    added = documents.add_document(
        session, DocumentFields("SAMPLE/D/1", "Sample", "form", tags=("a",)), SECRETARIAT, store,
        store.receive([samples.text()], "notes.txt"), "notes.txt",
    )  # fmt: skip
    ctx = make_ctx(via="button", state=ViewState(detail=added.id))
    reply = COMMANDS["/docs"].handle(ctx)
    assert reply is not None and validate_blocks(reply.blocks) == []
    assert "File: notes.txt" in reply.text and "Form" in str(reply.blocks)
