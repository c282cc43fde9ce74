"""Digest periods, content and its messages: service and view level, on a rolled-back session."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.pacing import Pacer
from bot.services.announcements import DraftFields, claim_draft, create_draft, mark_posted
from bot.services.digest import Period, collect_digest, digest_trigger, due_period, last_fire, open_period
from bot.views.blocks import MAX_SECTION_TEXT, validate_blocks
from bot.views.digest import digest_parts, digest_preview
from storage.models import Arrangement, Document, Partner

LONDON = "Europe/London"


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_period_runs_from_the_previous_scheduled_time_to_this_one() -> None:
    trigger = digest_trigger("0 9 * * mon", LONDON)
    period = due_period(trigger, at(2026, 11, 25, 12, 0))  # a Wednesday, in winter (UTC+0)
    assert period == Period(at(2026, 11, 16, 9, 0), at(2026, 11, 23, 9, 0))
    assert period.key == "2026-11-23T09:00Z"
    assert due_period(trigger, at(2026, 11, 23, 9, 0)).end == at(2026, 11, 23, 9, 0)  # due at the minute
    summer = due_period(trigger, at(2026, 7, 1, 0, 0))  # 09:00 in London is 08:00 UTC in summer
    assert summer == Period(at(2026, 6, 22, 8, 0), at(2026, 6, 29, 8, 0))
    across_dst = due_period(trigger, at(2026, 3, 31, 0, 0))  # clocks went forward on 29 March
    assert across_dst == Period(at(2026, 3, 23, 9, 0), at(2026, 3, 30, 8, 0))
    assert open_period(trigger, at(2026, 11, 25, 12, 0)) == Period(
        at(2026, 11, 23, 9, 0), at(2026, 11, 30, 9, 0)
    )


@pytest.mark.parametrize(
    ("schedule", "now", "expected"),
    [
        ("30 * * * *", at(2026, 1, 1, 10, 29), at(2026, 1, 1, 9, 30)),
        ("0 6 1 1 *", at(2026, 5, 5, 0, 0), at(2026, 1, 1, 6, 0)),
        ("*/5 * * * *", at(2026, 5, 5, 0, 4, 59), at(2026, 5, 5, 0, 0)),
    ],
)
def test_the_last_scheduled_time_is_found_for_any_schedule(
    schedule: str, now: datetime, expected: datetime
) -> None:
    assert last_fire(digest_trigger(schedule, "UTC"), now) == expected


WEEK = Period(at(2026, 11, 16, 9, 0), at(2026, 11, 23, 9, 0))


def add_arrangement(
    session: Session, ref: str, added_at: datetime, nature: str = "mou", **extra: object
) -> None:
    partner = session.query(Partner).filter_by(name="Sample partner").one_or_none()
    if partner is None:
        partner = Partner(name="Sample partner", is_sample=True)
        session.add(partner)
    values = {"title": f"Arrangement {ref}", "is_sample": True, **extra}
    session.add(Arrangement(ref=ref, nature=nature, partner=partner, added_at=added_at, **values))
    session.flush()


def test_the_digest_holds_what_was_added_in_the_period_only(session: Session) -> None:
    add_arrangement(session, "S-1", at(2026, 11, 16, 9, 0), nature="loa")
    add_arrangement(session, "S-2", at(2026, 11, 23, 9, 0))  # the next period's
    add_arrangement(session, "S-0", at(2026, 11, 16, 8, 59))  # the previous period's
    session.add(
        Document(symbol="NEW/1", title="A new paper", origin="secretariat", added_at=at(2026, 11, 20))
    )
    session.add(
        Document(symbol="SEED/1", title="Shipped knowledge", origin="seed", added_at=at(2026, 11, 20))
    )
    posted = create_draft(session, DraftFields("Webinar", "On 3 May"), "USECRETARIAT1")
    claimed = claim_draft(session, posted.id)
    assert claimed is not None
    mark_posted(session, claimed, "CANNOUNCE", "1.000001", now=at(2026, 11, 18))
    create_draft(session, DraftFields("Never posted", "draft"), "USECRETARIAT1")
    session.flush()

    content = collect_digest(session, WEEK)
    assert {n: [a.ref for a in listed] for n, listed in content.arrangements.items()} == {"loa": ["S-1"]}
    assert [d.symbol for d in content.documents] == ["NEW/1"]
    assert [a.title for a in content.announcements] == ["Webinar"]
    (part,) = digest_parts(content, LONDON)
    assert validate_blocks(part.blocks) == []
    text = str(part.blocks)
    assert "1 new arrangement, 1 document, 1 announcement" in part.text
    assert "Letters of agreement (LoAs): 1" in text and "_sample_" in text and "demonstration data" in text
    assert "*158* partnership arrangements in force as at December 2023 (TC 74/4(a))" in text


def test_an_empty_period_says_so_honestly(session: Session) -> None:
    content = collect_digest(session, Period(at(2020, 1, 6, 9, 0), at(2020, 1, 13, 9, 0)))
    (part,) = digest_parts(content, LONDON)
    assert content.is_empty and "nothing new this week" in part.text
    assert "Nothing new this week" in str(part.blocks) and "158" in str(part.blocks)
    assert validate_blocks(part.blocks) == []


def test_a_long_digest_is_split_into_valid_messages(session: Session) -> None:
    for number in range(260):
        add_arrangement(session, f"S-{number}", at(2026, 11, 17), nature=("loa", "mou", "ipa")[number % 3],
                        title=f"Sample arrangement {number} " + "on maritime capacity " * 12)  # fmt: skip
    for number in range(40):
        session.add(
            Document(
                symbol=f"DOC/{number}", title="A paper " * 30, origin="import", added_at=at(2026, 11, 18)
            )
        )
    session.flush()
    parts = digest_parts(collect_digest(session, WEEK), LONDON, late=True)
    assert len(parts) > 2
    for number, part in enumerate(parts, start=1):
        assert validate_blocks(part.blocks) == [], number
        assert f"Part {number} of {len(parts)}" in str(part.blocks)
        assert all(len(b.get("text", {}).get("text", "")) <= MAX_SECTION_TEXT for b in part.blocks)
    everything = " ".join(str(part.blocks) for part in parts)
    assert "Sent late" in str(parts[0].blocks)
    assert everything.count(" · _sample_") == 260 and "DOC/39" in everything  # 87 + 87 + 86: none capped


def test_a_group_over_the_cap_is_counted_not_listed(session: Session) -> None:
    for number in range(105):
        add_arrangement(session, f"S-{number}", at(2026, 11, 17))
    content = collect_digest(session, WEEK)
    assert content.counts["arrangements"] == 105 and len(content.arrangements["mou"]) == 100  # loaded
    everything = " ".join(str(p.blocks) for p in digest_parts(content, LONDON))
    assert "…and 5 more: `/partnerships`" in everything and "MoUs / framework agreements: 105" in everything


def test_the_preview_is_one_valid_message(session: Session) -> None:
    for number in range(200):
        add_arrangement(session, f"S-{number}", at(2026, 11, 17), title="Sample arrangement " * 10)
    reply = digest_preview(collect_digest(session, WEEK), LONDON, at(2026, 11, 30, 9, 0))
    assert validate_blocks(reply.blocks) == [] and not reply.public
    assert "only you see it" in str(reply.blocks) and "this is the first" in str(reply.blocks)


def test_the_pacer_keeps_one_a_second_per_channel_and_the_overall_rate() -> None:
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    pacer = Pacer(per_second=5, per_channel_gap=1.0, clock=lambda: now[0], sleep=sleep)
    times = []
    for channel in ["C1", "C1", "D1", "D2", "D3", "D4", "D5", "C1"]:
        pacer.wait(channel)
        times.append(round(now[0], 3))
    assert times == [0.0, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2]
    assert pacer.waited == pytest.approx(2.2)
    assert timedelta(seconds=times[-1]) < timedelta(seconds=3)


def test_a_document_that_gets_its_file_is_updated_news(session: Session, tmp_path: Path) -> None:
    from bot.config import Settings
    from bot.services import documents
    from tests import samples

    store = documents.file_store(Settings(documents_dir=tmp_path))
    seeded = session.scalars(select(Document).where(Document.symbol == "A.986(24)")).one()
    fields, problems = documents.check_fields(
        session, {"symbol": seeded.symbol, "title": seeded.title, "kind": seeded.kind}, seeded
    )
    assert fields is not None, problems
    documents.update_document(
        session, seeded, fields, store, store.receive([samples.pdf("a986")], "a986.pdf"), by="USECRETARIAT1"
    )
    now = seeded.file_updated_at
    assert now is not None
    content = collect_digest(session, Period(now - timedelta(days=1), now + timedelta(days=1)))
    assert content.counts["updated documents"] == 1 and content.updated_documents == [seeded]
    assert content.counts["documents"] == 0 and not content.is_empty
    text = " ".join(part.text + json.dumps(part.blocks) for part in digest_parts(content, "UTC"))
    assert "1 document updated" in text and "Updated in the document library: 1" in text
    assert "its file is now in the library" in text
    later = collect_digest(session, Period(now + timedelta(days=1), now + timedelta(days=8)))
    assert later.counts["updated documents"] == 0
