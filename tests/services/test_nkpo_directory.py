"""The NKPO directory: import, edits with their history, registrations and the count on record."""

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services import nkpo_directory
from bot.services.imports import LookupFailed, import_nkpos
from bot.services.nkpo import nkpo_for, resolve_country
from bot.text import InputError
from storage.models import Nkpo, NkpoChange

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLE = ROOT / "examples" / "nkpos.sample.csv"


def country(name: str):  # type: ignore[no-untyped-def]
    match = resolve_country(name)
    assert match is not None
    return match.country


def fields(**given: object) -> nkpo_directory.NkpoFields:
    raw = {"country": "Kenya", "person_name": "Sample Person A"} | given
    checked, problems = nkpo_directory.check_fields(raw)
    assert checked is not None, problems
    return checked


def test_the_sample_imports_maps_emails_and_a_second_import_changes_nothing(session: Session) -> None:
    asked: list[str] = []

    def lookup(address: str) -> str | None:
        asked.append(address)
        return "U0SAMPLEA" if address == "sample.person.a@example.org" else None

    report = import_nkpos(session, SAMPLE, lookup)
    assert (report.inserted, report.errors) == (3, [])
    assert report.notes == [
        (3, "no Slack user has the e-mail address sample.person.b@example.org; kept without one")
    ]
    kenya = nkpo_for(session, country("KEN"))
    assert kenya is not None and kenya.slack_user_id == "U0SAMPLEA" and kenya.ministry
    uk = nkpo_for(session, country("Reino Unido"))
    assert uk is not None and uk.member_state == "United Kingdom" and uk.person_name == "Sample Person B"
    again = import_nkpos(session, SAMPLE, lookup)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    added = session.scalars(select(NkpoChange).where(NkpoChange.nkpo_id == kenya.id)).all()
    assert [(c.action, c.changed_by) for c in added] == [("added", "import")]
    assert "nkpos.sample.csv, line 2" in added[0].note


def test_without_slack_or_when_it_fails_the_slack_user_is_left_as_it_was(session: Session) -> None:
    import_nkpos(session, SAMPLE, lambda address: "U0SAMPLEA" if "person.a" in address else None)
    report = import_nkpos(session, SAMPLE, None)
    assert report.unchanged == 3 and any("SLACK_BOT_TOKEN is not set" in note for _, note in report.notes)

    def failing(address: str) -> str | None:
        raise LookupFailed("ratelimited")

    report = import_nkpos(session, SAMPLE, failing)
    assert report.unchanged == 3 and any("(ratelimited)" in note for _, note in report.notes)
    kenya = nkpo_for(session, country("Kenya"))
    assert kenya is not None and kenya.slack_user_id == "U0SAMPLEA"


def test_bad_nkpo_rows_are_reported_with_every_problem(session: Session, tmp_path: Path) -> None:
    path = tmp_path / "nkpos.csv"
    path.write_text(
        "member_state;name;email;slack;designated_on\n"
        "Atlantis;;not-an-address;someone;31/12/2023\n"
        "Espagne;Sample Person D;;U0SAMPLED;2024-01-31\n"
        "Spain;sample person d;;;\n",
        encoding="utf-8",
    )
    report = import_nkpos(session, path, None)
    assert report.inserted == 1 and report.delimiter == ";"
    (first, second) = report.errors
    assert first[0] == 2
    for problem in (
        "member_state: I don't know 'Atlantis'",
        "name: Give",
        "email:",
        "slack 'someone'",
        "designated_on",
    ):
        assert problem in first[1]
    assert second == (4, "sample person d of Spain already appears on line 3")


def test_edits_keep_who_and_when_and_retiring_takes_an_nkpo_off_the_record(session: Session) -> None:
    record, action = nkpo_directory.save_nkpo(session, fields(position="Director"), "USECRETARIAT1")
    assert action == "added"
    same, again = nkpo_directory.save_nkpo(session, fields(position="Director"), "USECRETARIAT1")
    assert (same, again) == (record, None)
    _, edited = nkpo_directory.save_nkpo(
        session, fields(position="Deputy Director"), "USECRETARIAT2", existing=record
    )
    assert edited == "edited"
    _, retired = nkpo_directory.save_nkpo(
        session, fields(position="Deputy Director", status="retired"), "USECRETARIAT2", existing=record
    )
    assert retired == "retired" and nkpo_for(session, country("Kenya")) is None
    changes = nkpo_directory.history(session, [record.id])
    assert [(c.action, c.changed_by) for c in changes] == [
        ("retired", "USECRETARIAT2"), ("edited", "USECRETARIAT2"), ("added", "USECRETARIAT1"),
    ]  # fmt: skip
    assert changes[1].changes == {"position": ["Director", "Deputy Director"]}
    assert all(c.changed_at is not None for c in changes)


def test_an_edit_that_would_duplicate_another_nkpo_is_refused(session: Session) -> None:
    nkpo_directory.save_nkpo(session, fields(), "U1")
    other, _ = nkpo_directory.save_nkpo(session, fields(person_name="Sample Person E"), "U1")
    with pytest.raises(InputError, match="already on record"):
        nkpo_directory.save_nkpo(session, fields(), "U1", existing=other)


def test_the_summary_counts_member_states_on_record_as_at_the_last_change(session: Session) -> None:
    empty = nkpo_directory.directory_summary(session)
    assert (empty.member_states, empty.as_at) == (0, None)
    nkpo_directory.save_nkpo(session, fields(), "U1")
    nkpo_directory.save_nkpo(session, fields(person_name="Sample Person E"), "U1")
    nkpo_directory.save_nkpo(session, fields(country="FJI", status="retired"), "U1")
    summary = nkpo_directory.directory_summary(session)
    assert (summary.member_states, summary.people) == (1, 2) and summary.as_at is not None


def test_a_registration_is_on_record_only_once_confirmed_and_decided_once(session: Session) -> None:
    request = nkpo_directory.request_registration(session, "U0ASKER", fields(country="Reino Unido"))
    assert nkpo_for(session, country("UK")) is None
    with pytest.raises(InputError, match="still waiting"):
        nkpo_directory.request_registration(session, "U0ASKER", fields())
    decided, record = nkpo_directory.decide_registration(session, request.id, "USECRETARIAT1", confirm=True)
    assert decided is not None and record is not None and record.slack_user_id == "U0ASKER"
    assert nkpo_for(session, country("GBR")) == record
    assert nkpo_directory.decide_registration(session, request.id, "USECRETARIAT2", confirm=False) == (
        None,
        None,
    )
    (change,) = nkpo_directory.history(session, [record.id])
    assert change.changed_by == "USECRETARIAT1" and f"registration #{request.id}" in change.note


def test_a_declined_registration_records_nobody(session: Session) -> None:
    request = nkpo_directory.request_registration(session, "U0ASKER", fields())
    decided, record = nkpo_directory.decide_registration(session, request.id, "USECRETARIAT1", confirm=False)
    assert decided is not None and decided.status == "declined" and record is None
    assert session.scalars(select(Nkpo)).all() == []


def test_an_import_neither_retires_nor_brings_back(session: Session) -> None:
    import_nkpos(session, SAMPLE, None)
    kenya = nkpo_for(session, country("Kenya"))
    assert kenya is not None
    nkpo_directory.save_nkpo(
        session, fields(person_name=kenya.person_name, status="retired"), "USECRETARIAT1", existing=kenya
    )
    import_nkpos(session, SAMPLE, None)  # restores the title the edit cleared, and nothing else
    assert kenya.status == "retired" and kenya.position and nkpo_for(session, country("Kenya")) is None
