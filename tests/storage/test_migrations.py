from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import Base, Document, PartnershipSnapshot, Programme, utcnow
from storage.search_index import include_object
from storage.seed import load_seed


def test_migrations_build_exactly_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        assert (
            compare_metadata(
                MigrationContext.configure(connection, opts={"include_object": include_object}), Base.metadata
            )
            == []
        )
        assert "alembic_version" in inspect(connection).get_table_names()


def test_seed_holds_the_dated_snapshot(session: Session) -> None:
    snapshot = session.scalars(select(PartnershipSnapshot)).one()
    assert (snapshot.total, snapshot.loa_count, snapshot.mou_count, snapshot.ipa_count) == (158, 55, 88, 15)
    assert snapshot.as_at_label == "December 2023" and snapshot.source == "TC 74/4(a)"


def test_seed_lists_the_day_one_documents(session: Session) -> None:
    symbols = set(session.scalars(select(Document.symbol)))
    assert {"Circular Letter No.4004", "TC 74/4(a)", "A.986(24)", "A.1006(25)", "A/RES/70/1"} <= symbols


def test_loading_the_seed_twice_changes_nothing(session: Session) -> None:
    report = load_seed(session)
    assert report.inserted == 0 and report.updated == 0 and report.unchanged > 0


def test_the_seed_never_overwrites_secretariat_edits(session: Session) -> None:
    programme = session.scalars(select(Programme).where(Programme.slug == "bwm-convention")).one()
    programme.summary = "Edited by the Partnerships Section."
    programme.edited_at = utcnow()
    untouched = session.scalars(select(Programme).where(Programme.slug == "djibouti-code")).one()
    untouched.summary = "changed without marking it edited"
    session.flush()
    report = load_seed(session)
    assert report.kept_edits == 1 and report.updated == 1
    assert programme.summary == "Edited by the Partnerships Section."
    assert untouched.summary != "changed without marking it edited"


def test_a_missing_seed_record_comes_back(session: Session) -> None:
    before = session.scalar(select(func.count()).select_from(Document))
    session.delete(session.scalars(select(Document).where(Document.symbol == "TC brochure")).one())
    session.flush()
    assert load_seed(session).inserted == 1
    assert session.scalar(select(func.count()).select_from(Document)) == before


def test_a_commit_inside_a_test_is_rolled_back_too(session: Session, rollback_engine: object) -> None:
    from storage.models import Partner

    session.add(Partner(name="Rolled back partner"))
    session.commit()
    with session.get_bind().engine.connect() as other:  # type: ignore[union-attr]
        assert other.execute(select(func.count()).select_from(Partner.__table__)).scalar() == 0
