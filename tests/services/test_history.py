"""Searching and reading the imported history, and its passages for /ask."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.services import history
from bot.services.answers.knowledge import history_passages
from bot.services.documents import file_store
from bot.services.history import people_named, search_history, thread_page
from bot.services.history_import import import_yammer
from bot.services.yammer_export import open_export
from storage.models import YammerThread, YammerUser
from tests import yammer


@pytest.fixture
def imported(session: Session, settings: Settings) -> Session:
    export = open_export(yammer.SAMPLE)
    try:
        import_yammer(session, export, file_store(settings), group=yammer.GROUP)
    finally:
        export.close()
    session.flush()
    return session


def titles(page: history.HistoryPage) -> list[str]:
    return [hit.thread.title for hit in page.hits]


def author_ids(session: Session, name: str) -> list[int]:
    return [person.id for person in people_named(session, name)]


WORKSHOP = "Sample thread (fictional): ballast water workshop in Testland"
SIDS = "Sample thread (fictional): resource mobilization for SIDS"


def test_words_find_threads_however_they_are_typed(imported: Session) -> None:
    for words in ("ballast water", "Workshops", "BWM", "quick wins", "checklist", "COFFEE", "port state"):
        assert titles(search_history(imported, words)) == [WORKSHOP], words
    assert titles(search_history(imported, "small island developing states")) == [SIDS]
    assert titles(search_history(imported, "SIDS donor")) == [SIDS]
    assert set(titles(search_history(imported, "Bo Sample"))) == {WORKSHOP, SIDS}  # by the mentions of Bo
    assert search_history(imported, "zzyzx").total == 0


def test_a_thread_is_found_once_with_its_best_message(imported: Session) -> None:
    page = search_history(imported, "checklist")
    assert page.total == 1 and len(page.hits) == 1
    (hit,) = page.hits
    assert hit.message.body.startswith("Here it is: the checklist")  # the link card's title matches too
    assert hit.thread.messages == 3 and hit.thread.starter == history.Person("Ana Example")
    assert hit.thread.group == yammer.GROUP


def test_from_before_and_after(imported: Session) -> None:
    ana, bo = author_ids(imported, "ana"), author_ids(imported, "bo")
    assert titles(search_history(imported, "checklist", authors=bo)) == [WORKSHOP]  # Bo asked for it
    assert titles(search_history(imported, "templates", authors=ana)) == []
    assert titles(search_history(imported, "", authors=bo)) == [SIDS, WORKSHOP]  # newest first
    assert titles(search_history(imported, "", after=2019)) == [SIDS]  # 2020 on
    assert titles(search_history(imported, "", before=2019)) == [
        "Sample reply whose thread is not in the export (fictional):…"
    ]
    assert titles(search_history(imported, "", after=2018, before=2020)) == [WORKSHOP]  # 2019
    assert search_history(imported, "ballast", after=2019).total == 0


def test_people_are_found_by_the_start_of_their_names_or_their_slack_mention(imported: Session) -> None:
    names = lambda text: [p.name for p in people_named(imported, text)]  # noqa: E731
    assert names("ana") == names("ANA.example") == names("examp") == names("Ána") == ["Ana Example"]
    assert names("sample") == ["Bo Sample"] and names("a") == ["Ana Example"]
    assert names("%") == names("_") == names("") == names("example ana bo") == []
    person = next(u for u in imported.query(YammerUser) if u.name == "Dana Testperson")
    person.slack_user_id = "UDANA0001"
    imported.flush()
    assert names("<@UDANA0001>") == names("<@UDANA0001|dana>") == ["Dana Testperson"]
    assert names("<@UNOBODY99>") == []


def test_hostile_words_are_only_words(imported: Session) -> None:
    for words in ("'; DROP TABLE yammer_messages; --", 'ballast" OR "x', "heading:ballast", "NEAR(a b)", "*"):
        search_history(imported, words)  # no syntax reaches MATCH or to_tsquery
    assert search_history(imported, 'ballast" OR "coffee').total == 1


def add_thread(session: Session, title: str, bodies: list[str], start: datetime) -> YammerThread:
    from storage.models import YammerMessage

    thread = YammerThread(export_id=str(abs(hash(title)) % 10**12), title=title, started_at=start)
    session.add(thread)
    for number, body in enumerate(bodies):
        session.add(
            YammerMessage(
                export_id=f"{thread.export_id}{number:04d}", thread=thread, is_starter=number == 0, body=body,
                search_text=body, created_at=start + timedelta(minutes=number),
            )
        )  # fmt: skip
    session.flush()
    return thread


def test_a_long_thread_is_read_page_by_page_and_a_long_message_has_a_page_of_its_own(
    session: Session,
) -> None:
    start = datetime(2019, 1, 1, tzinfo=UTC)
    bodies = [f"Sample message {n} (fictional)." for n in range(25)]
    bodies[12] = "Sample long message (fictional). " + "word " * 3800
    thread = add_thread(session, "Sample long thread", bodies, start)
    first = thread_page(session, thread.id, 1)
    assert first is not None and first.pages == 5 and len(first.messages) == 10
    assert [m.body for m in first.messages][:2] == [
        "Sample message 0 (fictional).",
        "Sample message 1 (fictional).",
    ]
    pages = [thread_page(session, thread.id, n) for n in range(1, 6)]
    assert [len(page.messages) for page in pages if page] == [10, 2, 1, 10, 2]
    assert pages[2] is not None and pages[2].messages[0].body.startswith("Sample long message")
    last = thread_page(session, thread.id, 99)
    assert (
        last is not None and last.number == 5 and last.messages[-1].body == "Sample message 24 (fictional)."
    )
    assert thread_page(session, thread.id + 1000, 1) is None


def test_a_broad_search_stops_at_the_window_and_says_so(session: Session) -> None:
    start = datetime(2019, 1, 1, tzinfo=UTC)
    for number in range(12):
        add_thread(session, f"Sample thread {number}", ["Sample training (fictional)."] * 50, start)
    page = search_history(session, "training")
    assert page.capped and 10 <= page.total <= 12 and len(page.hits) == 5  # 500 of the 600 messages looked at


def test_passages_say_who_when_where_and_that_it_is_community_discussion(imported: Session) -> None:
    (passage,) = history_passages(imported, "What did NKPOs say about the ballast water workshop?", limit=1)
    thread = imported.query(YammerThread).filter_by(export_id="1001").one()
    assert passage.key == f"history:{thread.id}" and passage.kind == "history"
    assert passage.title == WORKSHOP
    assert passage.source == "Yammer group (community discussion)" and passage.as_at == "12 March 2019"
    assert passage.link is not None and (passage.link.command, passage.link.text) == (
        "/history",
        str(thread.id),
    )
    assert passage.text.startswith(
        "Ana Example started this discussion on 12 March 2019 in the Yammer group “Sample NKPO of Testland”."
    )
    assert "Thanks to Bo Sample for hosting" in passage.text or "The thread has 2 replies." in passage.text
    assert passage.text.endswith(
        "This is community discussion from the old Yammer group, not IMO's official word."
    )
    assert "[[user:" not in passage.text and "<@" not in passage.text
    assert "ballast" in passage.term_weights or "ballast" in " ".join(passage.term_weights)
    assert history_passages(imported, "what is it?") == []  # no content words, no discussion
    assert len(history_passages(imported, "sample fictional", limit=3)) == 3


def test_the_overview_counts_what_is_held(imported: Session) -> None:
    found = history.overview(imported)
    assert (found.threads, found.messages, found.files, found.groups) == (3, 6, 1, (yammer.GROUP,))
    assert found.first == datetime(2018, 11, 20, 15, tzinfo=UTC) and found.last is not None
    assert found.last.year == 2020


def test_ask_offers_what_the_old_group_said_only_when_the_knowledge_has_nothing(imported: Session) -> None:
    from bot.services.answers import answer_question

    said = answer_question(imported, "what were the quick wins agreed at the Port Sample workshop?")
    assert said.answered and said.matched is not None and said.matched.startswith("history:")
    assert (
        "not IMO's official word" in said.text and said.link is not None and said.link.command == "/history"
    )
    asked = answer_question(imported, "What did NKPOs say about the ballast water workshop in Testland?")
    assert asked.matched is not None and asked.matched.startswith("history:")  # the thread, not its file
    assert answer_question(imported, "what is the BWM convention?").matched == "programme:bwm-convention"
    official = answer_question(imported, "how many MoUs are there?")
    assert official.matched == "snapshot:mou"  # the published figure, whatever the group said
    assert not answer_question(imported, "when was the Port Sample workshop's budget approved?").answered


def test_the_old_group_s_files_are_not_the_week_s_news(imported: Session) -> None:
    from datetime import timedelta

    from bot.services.digest import Period, collect_digest
    from storage.models import Document, utcnow

    now = utcnow()
    assert imported.query(Document).filter(Document.origin == "yammer").count() == 1
    content = collect_digest(imported, Period(now - timedelta(days=7), now + timedelta(minutes=1)))
    assert content.counts["documents"] == 0 and content.counts["updated documents"] == 0
