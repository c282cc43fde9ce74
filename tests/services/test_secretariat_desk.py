"""The secretariat's desk as services: what is owed a reminder, the audit trail (with the NKPO
directory's own record), the usage figures and the charts' bars."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import audit, documents, nkpo_directory, reminders, usage
from bot.services.answers import answer_question, record_feedback, record_question
from bot.services.answers.cards import check_card, write_card
from bot.services.charts import chart_data
from bot.services.digest import subscribe, unsubscribe
from bot.services.documents import DocumentFields
from bot.services.imports import import_arrangements
from bot.services.nkpo import resolve_country
from storage.files import FileStore
from storage.models import AuditEvent, DigestSubscription, DocumentShare, Question, utcnow
from tests import samples
from tests.records import arrangement

ON = date(2026, 12, 1)
ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(95, None), (90, 90), (31, 90), (30, 30), (20, 30), (7, 7), (0, 7), (-1, None)],
)
def test_each_arrangement_is_owed_the_tightest_threshold_it_is_within(days_left: int, threshold: int) -> None:
    assert reminders.threshold_for(days_left, (90, 30, 7)) == threshold


def test_reminders_are_owed_once_per_threshold_and_end_date_never_for_past_or_missing_ones(
    session: Session,
) -> None:
    soon = arrangement(session, "R-1", "Sample Soon", ends_on=ON + timedelta(days=20))
    arrangement(session, "R-2", "Sample Past", ends_on=ON - timedelta(days=1))
    arrangement(session, "R-3", "Sample None")
    arrangement(session, "R-4", "Sample Far", ends_on=ON + timedelta(days=91))
    owed = reminders.owed_reminders(session, (90, 30, 7), ON)
    assert [(d.arrangement.ref, d.threshold, d.days_left) for d in owed] == [("R-1", 30, 20)]
    run = _run(session)
    reminders.claim_reminders(session, run, owed, utcnow())
    assert reminders.owed_reminders(session, (90, 30, 7), ON) == []
    later = reminders.owed_reminders(session, (90, 30, 7), ON + timedelta(days=5))
    assert [(d.arrangement.ref, d.threshold) for d in later] == [("R-4", 90)]  # R-1 is still at 30: done
    later = reminders.owed_reminders(session, (90, 30, 7), ON + timedelta(days=13))  # 7 days left
    assert [(d.arrangement.ref, d.threshold) for d in later] == [("R-1", 7), ("R-4", 90)]
    soon.ends_on = ON + timedelta(days=60)  # extended: its new date is reminded at 90 days... already within
    session.flush()
    assert [(d.threshold, d.days_left) for d in reminders.owed_reminders(session, (90, 30, 7), ON)] == [
        (90, 60)
    ]


def _run(session: Session) -> int:
    from bot.services.digest import Period
    from bot.services.digest_runs import claim_run

    now = utcnow()
    return claim_run(
        session, "reminders", f"reminders:test:{now.timestamp()}", Period(now, now), [], {}, [], "test", now
    ).id


def test_expiring_lists_what_ends_within_the_days_soonest_first_paged(session: Session) -> None:
    for number in range(7):
        arrangement(
            session, f"E-{number}", f"Sample E{number}", ends_on=ON + timedelta(days=10 * (7 - number))
        )
    found, total, page = reminders.expiring(session, ON, 45, 1, 2)
    assert total == 4 and page == 1 and [a.ref for a in found] == ["E-6", "E-5"]
    found, total, page = reminders.expiring(session, ON, 45, 9, 2)
    assert page == 2 and [a.ref for a in found] == ["E-4", "E-3"]


def test_the_trail_reads_audit_events_and_nkpo_changes_together_filtered_and_paged(session: Session) -> None:
    early = datetime(2026, 11, 1, 12, tzinfo=UTC)
    audit.record(
        session,
        "USECRETARIAT1",
        "announcement.posted",
        "announcement #1: Webinar",
        {"status": ("draft", "posted")},
        at=early,
    )
    audit.record(
        session,
        audit.IMPORT,
        "import.arrangements",
        "arrangements from a.csv",
        audit.counts(inserted=3),
        at=early + timedelta(days=10),
    )
    match = resolve_country("Kenya")
    assert match is not None
    fields, _ = nkpo_directory.check_fields({"country": "Kenya", "person_name": "Sample Person K"})
    assert fields is not None
    nkpo_directory.save_nkpo(session, fields, "USECRETARIAT1")
    everything, total, _ = audit.audit_page(session, audit.AuditQuery(), 1, 10)
    assert total == 3 and [e.action for e in everything] == [
        "nkpo.added",
        "import.arrangements",
        "announcement.posted",
    ]
    assert everything[0].subject == "NKPO of Kenya: Sample Person K"
    assert everything[0].after["person_name"] == "Sample Person K" and everything[0].before == {}
    by_person = audit.AuditQuery(actor="USECRETARIAT1")
    assert [e.action for e in audit.audit_page(session, by_person, 1, 10)[0]] == [
        "nkpo.added",
        "announcement.posted",
    ]
    words = audit.AuditQuery(words=("webinar",))
    assert [e.subject for e in audit.audit_page(session, words, 1, 10)[0]] == ["announcement #1: Webinar"]
    kenya = audit.AuditQuery(words=("kenya", "person"), since=date(2026, 11, 5))
    assert [e.action for e in audit.audit_page(session, kenya, 1, 10)[0]] == ["nkpo.added"]
    second, total, page = audit.audit_page(session, audit.AuditQuery(), 5, 2)
    assert (total, page, [e.action for e in second]) == (3, 2, ["announcement.posted"])
    percent = audit.AuditQuery(words=("100%",))  # LIKE's wildcards are taken literally
    assert audit.audit_page(session, percent, 1, 10)[1] == 0


@pytest.mark.parametrize(
    ("typed", "actor"),
    [
        ("<@U0123ABC|jane>", "U0123ABC"),
        ("u0123abc", "U0123ABC"),
        ("@U0123ABC", "U0123ABC"),
        ("Import", "import"),
        ("jane", None),
        ("<!channel>", None),
    ],
)
def test_a_user_filter_names_a_slack_user_or_a_process(typed: str, actor: str | None) -> None:
    assert audit.actor_of(typed) == actor


def test_documents_are_audited_as_added_completed_replaced_and_edited(
    session: Session, tmp_path: Path
) -> None:
    store = FileStore(tmp_path / "documents", max_bytes=1024 * 1024)
    fields = DocumentFields(
        symbol="SAMPLE/AUD/1",
        title="Sample note (not an IMO document)",
        kind="other",
        url="https://example.org/a",
    )
    document = documents.add_document(session, fields, "USECRETARIAT1")
    seeded = documents.fillable(session, "A.986(24)")
    assert seeded is not None
    filled, _ = documents.check_fields(session, {"symbol": "A.986(24)", "title": seeded.title}, seeded)
    assert filled is not None
    incoming = store.receive([samples.pdf("a986")], "a986.pdf")
    documents.update_document(session, seeded, filled, store, incoming, "a986.pdf", by="USECRETARIAT1")
    relinked = DocumentFields(**{**fields.__dict__, "url": "https://example.org/b"})
    documents.update_document(session, document, relinked, by="USECRETARIAT2")
    retitled = DocumentFields(**{**relinked.__dict__, "title": "Sample note, revised"})
    documents.update_document(session, document, retitled, by="USECRETARIAT2")
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(r.action, r.actor) for r in rows] == [
        ("document.added", "USECRETARIAT1"),
        ("document.completed", "USECRETARIAT1"),
        ("document.replaced", "USECRETARIAT2"),
        ("document.edited", "USECRETARIAT2"),
    ]
    assert rows[2].changes == {"link": ["https://example.org/a", "https://example.org/b"]}
    assert rows[3].changes == {"title": ["Sample note (not an IMO document)", "Sample note, revised"]}
    assert rows[1].changes["file"][0] is None and "a986.pdf" in rows[1].changes["file"][1]


def test_an_import_and_an_answer_card_are_audited_with_their_counts_and_values(session: Session) -> None:
    import_arrangements(session, ROOT / "examples" / "arrangements.sample.csv")
    answer = answer_question(session, "what are the office hours of the section?")
    question = record_question(session, user_id="U_NKPO1", channel_id="C1", via="slash", answer=answer)
    card, _ = check_card("Office hours", "Sample: 9 to 5.", "", "", "")
    assert card is not None
    write_card(session, card, question, "USECRETARIAT1")
    imported, written = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert (imported.action, imported.actor, imported.changes["inserted"]) == (
        "import.arrangements",
        "import",
        [None, 6],
    )
    assert (written.action, written.actor) == ("card.written", "USECRETARIAT1")
    assert written.changes["answer"] == [None, "Sample: 9 to 5."]


def test_usage_figures_week_over_week(session: Session) -> None:
    now = utcnow()
    week = timedelta(days=7)
    asked = [("what is an nkpo?", True), ("the office hours?", False), ("The office hours? ", False)]
    for text, answered in asked:
        session.add(
            Question(
                user_id="U1", via="slash", text=text, answered=answered, asked_at=now - timedelta(hours=1)
            )
        )
    session.add(
        Question(
            user_id="U1", via="slash", text="old", answered=True, asked_at=now - week - timedelta(days=1)
        )
    )
    session.flush()
    answered = session.scalars(select(Question).where(Question.text == "what is an nkpo?")).one()
    record_feedback(session, answered.id, "U2", -1)
    for name in ("/ask", "/ask", "/docs"):
        usage.record_command(session, name, "slash")
    subscribe(session, "U3")
    subscribe(session, "U4")
    unsubscribe(session, "U4")
    document = documents.latest_documents(session, 1)[0]
    session.add(DocumentShare(document_id=document.id, user_id="U1", channel_id="C1", shared_at=now))
    session.flush()
    report = usage.usage_report(session, now - week, now + timedelta(seconds=1))
    this, last = report.this, report.last
    assert (this.questions, this.answered, last.questions) == (3, 1, 1)
    assert this.declined == [("the office hours?", 2)] or this.declined[0][1] == 2
    assert this.thumbs_down == 1 and this.commands == {"/ask": 2, "/docs": 1} and last.commands == {}
    assert this.shared == [(document.symbol, document.title, 1)]
    assert this.subscribers == 1 and session.scalars(select(DigestSubscription)).all()


def test_charts_count_the_snapshot_and_the_arrangements_on_record(session: Session) -> None:
    nature = chart_data(session, "nature", ON)
    assert nature.values == [55, 88, 15] and "TC 74/4(a)" in nature.source and not nature.is_empty
    assert chart_data(session, "year", ON).is_empty and chart_data(session, "sdg", ON).is_empty
    arrangement(
        session,
        "C-1",
        "Sample A",
        signed_on=date(2019, 5, 1),
        sdgs=["14", "17"],
        programme_slug="djibouti-code",
    )
    arrangement(session, "C-2", "Sample B", signed_on=date(2019, 6, 1), sdgs=["14"])
    arrangement(session, "C-3", "Sample C", signed_on=date(2021, 1, 1))
    year = chart_data(session, "year", ON)
    assert (year.labels, year.values, year.has_samples) == (["2019", "2021"], [2, 1], True)
    sdg = chart_data(session, "sdg", ON)
    assert (sdg.labels, sdg.values) == (["SDG 14", "SDG 17"], [2, 1])
    programme = chart_data(session, "programme", ON)
    assert dict(zip(programme.labels, programme.values, strict=True)) == {
        "No programme linked": 2,
        "Djibouti Code of Conduct": 1,
    }
