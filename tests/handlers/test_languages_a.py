"""Who reads what, in which language (documents, NKPO directory, announcements): a post in a channel
is in the channel's language (CHANNEL_LANGUAGES, else DEFAULT_LANGUAGE) while the person who acted
reads their own; a DM is in its recipient's language; refusals and form errors come in the asker's.
French and Spanish are pseudo-translations here (tests/pseudo_locale.py), so each text says which
language it went through whatever the catalogs hold."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.i18n import in_language
from bot.services import documents
from bot.services.announcements import DraftFields, create_draft
from bot.services.documents import DocumentFields
from bot.services.languages import choose_language
from bot.text import InputError
from bot.views.blocks import Reply
from handlers.actions import announce as announce_actions
from handlers.actions import docs as docs_actions
from handlers.actions import nkpo as nkpo_actions
from handlers.commands import COMMANDS
from handlers.context import Ctx, FormErrors, Request
from handlers.forms import docs_form, nkpo_form
from storage.models import NkpoRegistration
from tests.conftest import NKPO_USER, SECRETARIAT
from tests.fakes.messenger import RecordingMessenger
from tests.pseudo_locale import marked, use_pseudo_catalogs


@pytest.fixture(autouse=True)
def pseudo(monkeypatch: pytest.MonkeyPatch) -> None:
    use_pseudo_catalogs(monkeypatch)


@pytest.fixture
def french_channels(settings: Settings) -> Settings:
    """The announcements channel and C1 are French channels; everything else is in English."""
    return replace(settings, channel_languages=(("CANNOUNCE", "fr"), ("C1", "fr")))


def context(session: Session, settings: Settings, user_id: str, **fields: object) -> Ctx:
    fields.setdefault("channel_id", "C1")
    request = Request(user_id=user_id, via=fields.pop("via", "button"), **fields)  # type: ignore[arg-type]
    return Ctx(request, settings, session, RecordingMessenger())


def every_text(reply: Reply) -> str:
    return reply.text + json.dumps(reply.blocks, ensure_ascii=False)


def test_an_announcement_is_posted_in_its_channels_language_and_its_author_told_in_theirs(
    session: Session, french_channels: Settings
) -> None:
    draft = create_draft(session, DraftFields("Webinar", "On 3 May."), SECRETARIAT)
    ctx = context(session, french_channels, SECRETARIAT, value=str(draft.id))
    with in_language("es"):
        told = announce_actions.handle_post(ctx)
    assert isinstance(ctx.messenger, RecordingMessenger)
    [(channel, posted, _thread)] = ctx.messenger.posts
    assert (
        channel == "CANNOUNCE" and marked(every_text(posted), "fr") and not marked(every_text(posted), "es")
    )
    assert "Webinar" in every_text(posted) and "On 3 May." in every_text(posted)  # as its author wrote it
    assert marked(told.text, "es") and not marked(told.text, "fr")


def test_a_withdrawal_replaces_the_post_with_a_note_in_the_channels_language(
    session: Session, french_channels: Settings
) -> None:
    draft = create_draft(session, DraftFields("Webinar", "On 3 May."), SECRETARIAT)
    announce_actions.handle_post(context(session, french_channels, SECRETARIAT, value=str(draft.id)))
    ctx = context(session, french_channels, SECRETARIAT, value=str(draft.id))
    with in_language("es"):
        told = announce_actions.handle_withdraw(ctx)
    assert isinstance(ctx.messenger, RecordingMessenger)
    [(_channel, _ts, note)] = ctx.messenger.updates
    assert marked(note.text, "fr") and not marked(note.text, "es") and marked(told.text, "es")


def test_a_shared_link_is_written_in_the_channels_language(
    session: Session, french_channels: Settings
) -> None:
    document = documents.add_document(
        session, DocumentFields("SAMPLE/L/1", "A sample", "other", url="https://example.org/l1"), SECRETARIAT
    )
    ctx = context(session, french_channels, NKPO_USER, value=str(document.id), channel_id="C1")
    with in_language("es"):
        told = docs_actions.handle_share(ctx)
    assert isinstance(ctx.messenger, RecordingMessenger) and told is not None
    [(channel, posted, _thread)] = ctx.messenger.posts
    assert channel == "C1" and marked(posted.text, "fr") and marked(told.text, "es")


def test_a_registration_reaches_each_secretariat_member_in_their_language(
    session: Session, settings: Settings
) -> None:
    other = "USECRETARIAT2"
    settings = replace(settings, secretariat_user_ids=frozenset({SECRETARIAT, other}))
    choose_language(session, SECRETARIAT, "es")
    choose_language(session, other, "fr")
    choose_language(session, NKPO_USER, "fr")
    view = {
        "private_metadata": json.dumps({"mode": "register", "nkpo": None}),
        "state": {
            "values": {"country": {"value": {"value": "Kenya"}}, "person_name": {"value": {"value": "Z"}}}
        },
    }
    ctx = context(session, settings, NKPO_USER, via="form", payload=view)
    with in_language("fr"):  # the asker's own
        assert nkpo_form.handle(ctx) is None
        received = ctx.followups[0](ctx)
    assert received is not None and marked(received.text, "fr")
    assert isinstance(ctx.messenger, RecordingMessenger)
    notices = {channel: reply for channel, reply, _thread in ctx.messenger.posts}
    assert marked(notices[f"D{SECRETARIAT}"].text, "es") and marked(notices[f"D{other}"].text, "fr")
    # decided by the Spanish reader: their copy says so in Spanish; the asker hears it in French
    request_id = session.scalar(select(func.max(NkpoRegistration.id)))
    decide = context(session, settings, SECRETARIAT, value=str(request_id))
    with in_language("es"):
        decided = nkpo_actions.handle_confirm(decide)
        decide.followups[0](decide)
    assert marked(decided.text, "es")
    assert isinstance(decide.messenger, RecordingMessenger)
    [(asker, outcome, _thread)] = decide.messenger.posts
    assert asker == f"D{NKPO_USER}" and marked(outcome.text, "fr") and not marked(outcome.text, "es")


def test_refusals_and_form_errors_come_in_the_askers_language(session: Session, settings: Settings) -> None:
    with in_language("es"):
        with pytest.raises(InputError) as refused:
            COMMANDS["/announce"].handle(
                context(session, settings, SECRETARIAT, via="slash", text="edit 999")
            )
        assert marked(str(refused.value), "es")
        not_allowed = COMMANDS["/docs"].handle(context(session, settings, NKPO_USER, via="slash", text="add"))
        assert not_allowed is not None and marked(not_allowed.text, "es")
        values = {"symbol": {"value": {"value": ""}}, "url": {"value": {"value": "ftp://x"}}}
        form = context(session, settings, SECRETARIAT, via="form", payload={"state": {"values": values}})
        with pytest.raises(FormErrors) as problems:
            docs_form.handle(form)
    assert problems.value.errors and all(marked(text, "es") for text in problems.value.errors.values())


def test_a_documents_and_the_nkpo_cards_texts_are_shown_in_the_readers_language(
    session: Session, settings: Settings
) -> None:
    def says(command: str, text: str) -> str:
        reply = COMMANDS[command].handle(context(session, settings, NKPO_USER, via="slash", text=text))
        assert reply is not None
        return every_text(reply)

    with in_language("fr"):
        assert "Désignation des National Knowledge Partnership Officers" in says("/docs", "4004")
        assert "Un National Knowledge Partnership Officer (NKPO)" in says("/nkpo", "")
    with in_language("es"):
        assert "Designación de los National Knowledge Partnership Officers" in says("/docs", "4004")
    english = says("/docs", "4004")
    assert "Désignation" not in english and "Circular Letter No.4004" in english
