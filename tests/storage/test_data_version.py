"""The data version (migration 0012) and the caches keyed by it: a change to what the bot knows is
seen by the next request, whatever wrote it; nothing else moves it; the caches are bounded and
never serve another transaction's uncommitted or rolled-back data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete, text, update
from sqlalchemy.orm import Session

from bot.i18n import in_language
from bot.services.answers import answer_question
from bot.services.answers.service import ANSWERS
from bot.services.search import PAGES, search
from storage.db import Database
from storage.models import AnswerCard, Base, Programme, Question
from storage.versions import VersionedCache, data_version

KNOWLEDGE = {
    "partners", "programmes", "arrangements", "documents", "nkpos", "partnership_snapshots",
    "answer_cards", "announcements", "yammer_groups", "yammer_users", "yammer_threads",
    "yammer_messages", "yammer_files", "document_arrangements", "document_programmes",
}  # fmt: skip
QUESTION = "when does the test reading room of the partnerships section open?"
CARD = {
    "slug": "test-reading-room", "topic": "The test reading room", "answer": "At nine (test).",
    "questions": ["When does the test reading room open?"], "keywords": "reading room",
}  # fmt: skip


def version(db: Database) -> int | None:
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT version FROM data_version")).scalar()


@pytest.fixture
def no_test_card(db: Database) -> Iterator[None]:
    yield
    with db.session() as session:
        session.execute(delete(AnswerCard).where(AnswerCard.slug == CARD["slug"]))


def test_the_triggers_cover_every_table_of_knowledge_and_only_those(db: Database) -> None:
    """Every table is either knowledge (its writes move the version) or operational (listed here);
    a new table must be put in one or the other."""
    operational = {
        "document_shares", "pending_documents", "nkpo_changes", "nkpo_registrations",
        "announcement_revisions", "digest_subscriptions", "digest_runs", "digest_deliveries", "questions",
        "answer_feedback", "slack_events", "slack_posts", "user_languages", "reminder_claims",
        "audit_events", "command_uses", "data_version",
    }  # fmt: skip
    assert set(Base.metadata.tables) == KNOWLEDGE | operational
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            found = connection.execute(
                text(
                    "SELECT DISTINCT event_object_table FROM information_schema.triggers "
                    "WHERE trigger_name LIKE '%_data_version'"
                )
            ).scalars()
        else:
            found = connection.execute(
                text(
                    "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' "
                    "AND name LIKE '%_data_version_%'"
                )
            ).scalars()
        assert set(found) == KNOWLEDGE


def test_writes_to_knowledge_move_the_version_and_questions_do_not(db: Database, no_test_card: None) -> None:
    before = version(db)
    with db.session() as session:
        session.add(
            Question(
                user_id="UTEST", channel_id="C1", via="slash", text="a question asked (test)", answered=False
            )
        )
    assert version(db) == before
    with db.session() as session:
        session.add(AnswerCard(**CARD))
    added = version(db)
    assert added not in (None, before)
    with db.session() as session:  # a Core statement, not the ORM's unit of work
        session.execute(update(AnswerCard).where(AnswerCard.slug == CARD["slug"]).values(answer="Ten."))
    assert version(db) not in (None, before, added)
    with db.session() as session:
        session.execute(delete(Question).where(Question.text == "a question asked (test)"))


def test_a_rolled_back_change_s_version_is_never_seen_again(db: Database, no_test_card: None) -> None:
    session = db.sessionmaker()
    session.add(AnswerCard(**CARD))
    session.flush()
    uncommitted = data_version(session)
    assert answer_question(session, QUESTION).matched == "card:test-reading-room"  # its own change
    session.rollback()
    session.close()
    assert version(db) != uncommitted
    with db.session() as session:  # the same change committed: a version of its own, answered afresh
        session.add(AnswerCard(**CARD))
    assert version(db) != uncommitted
    with db.session() as session:
        assert answer_question(session, QUESTION).matched == "card:test-reading-room"


def test_the_next_question_sees_a_new_card_and_a_removed_one(db: Database, no_test_card: None) -> None:
    with db.session() as session:
        assert answer_question(session, QUESTION).matched != "card:test-reading-room"
        assert answer_question(session, QUESTION).matched != "card:test-reading-room"  # now from the cache
    hits = ANSWERS.hits
    with db.session() as session:
        assert answer_question(session, QUESTION).matched != "card:test-reading-room"
    assert ANSWERS.hits == hits + 1
    with db.session() as session:
        session.add(AnswerCard(**CARD))
    with db.session() as session:
        assert answer_question(session, QUESTION).matched == "card:test-reading-room"
    with db.session() as session:
        session.execute(delete(AnswerCard).where(AnswerCard.slug == CARD["slug"]))
    with db.session() as session:
        assert answer_question(session, QUESTION).matched != "card:test-reading-room"


def test_an_answer_is_cached_per_language_of_the_asker(db: Database) -> None:
    with db.session() as session, in_language("fr"):
        french = answer_question(session, "how many MoUs are there?")
    with db.session() as session, in_language("en"):
        english = answer_question(session, "how many MoUs are there?")
    assert french == english  # the answer is in the question's language; the key keeps them apart
    assert ("how many MoUs are there?", "fr") in {key for key, _day in ANSWERS._entries}
    assert ("how many MoUs are there?", "en") in {key for key, _day in ANSWERS._entries}


def test_a_cached_search_loads_its_records_afresh_and_follows_a_rename(db: Database) -> None:
    with db.session() as session:
        first = search(session, "programmes", "piracy")
        assert first.hits
        again = search(session, "programmes", "piracy")
        assert [hit.record.id for hit in again.hits] == [hit.record.id for hit in first.hits]
        programme_id, name = first.hits[0].record.id, first.hits[0].record.name
    with db.session() as session:  # a record from the cache is this session's, not an old one's
        page = search(session, "programmes", "piracy")
        assert page.hits[0].record in session
    try:
        with db.session() as session:
            session.execute(update(Programme).where(Programme.id == programme_id).values(name="Zqxj renamed"))
        with db.session() as session:
            assert search(session, "programmes", "zqxj").hits[0].record.id == programme_id
    finally:
        with db.session() as session:
            session.execute(update(Programme).where(Programme.id == programme_id).values(name=name))


def test_the_cache_is_bounded_and_without_a_version_row_holds_nothing(session: Session) -> None:
    cache: VersionedCache[int] = VersionedCache(size=3)
    made: list[int] = []
    for number in range(10):
        assert cache.get(session, number, lambda n=number: made.append(n) or n) == number  # type: ignore[func-returns-value]
    assert len(cache) == 3 and made == list(range(10))
    assert cache.get(session, 9, lambda: -1) == 9  # held
    assert cache.get(session, 0, lambda: -1) == -1  # evicted long ago
    session.execute(text("DELETE FROM data_version"))
    assert data_version(session) is None
    assert cache.get(session, 9, lambda: -2) == -2 and cache.get(session, 9, lambda: -3) == -3
    assert len(PAGES) <= PAGES.size and len(ANSWERS) <= ANSWERS.size
