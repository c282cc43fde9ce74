"""The search service against the real index (SQLite FTS5 or PostgreSQL tsvector)."""

from datetime import date

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from bot.services.search import Filters, concept_of, parse_query, search
from storage.models import Arrangement, Document, Partner, Programme
from tests.records import arrangement


@pytest.fixture
def sample_set(session: Session) -> Session:
    arrangement(
        session,
        "S-1",
        "Sample partner Alpha",
        "loa",
        member_state="Kenya",
        signed_on=date(2019, 3, 1),
        summary="One-off remittance for a maritime safety workshop.",
        sdgs=["14"],
    )
    arrangement(
        session,
        "S-2",
        "Sample partner Beta",
        "mou",
        member_state="Djibouti",
        programme_slug="djibouti-code",
        signed_on=date(2021, 6, 1),
        summary="Hosting of regional training on piracy.",
        sdgs=["14", "17"],
    )
    arrangement(
        session,
        "S-3",
        "Sample partner Gamma",
        "ipa",
        member_state="Fiji",
        programme_slug="sids-ldcs",
        signed_on=date(2019, 9, 1),
        summary="Implementing ballast water training for small islands.",
    )
    arrangement(
        session, "S-4", "Sample partnership fund Delta", "mou", member_state="Norway",
        signed_on=date(2020, 1, 1), summary="Framework for no-fee experts.",
    )  # fmt: skip
    return session


def refs(page) -> list[str]:
    return [hit.record.ref for hit in page.hits]


def test_partner_name_ranks_above_a_mention_in_the_summary(sample_set: Session) -> None:
    arrangement(sample_set, "S-5", "Sample partner Epsilon", summary="Works with Sample partner Alpha.")
    page = search(sample_set, "arrangements", "alpha")
    assert refs(page) == ["S-1", "S-5"] and page.total == 2
    assert page.hits[0].score > page.hits[1].score


def test_member_state_programme_and_stemming(sample_set: Session) -> None:
    assert refs(search(sample_set, "arrangements", "kenya")) == ["S-1"]
    assert refs(search(sample_set, "arrangements", "Djibouti Code of Conduct")) == ["S-2"]
    assert set(refs(search(sample_set, "arrangements", "trainings"))) == {"S-2", "S-3"}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("LoA", {"S-1"}),
        ("letter of agreement", {"S-1"}),
        ("memorandum", {"S-2", "S-4"}),
        ("memorandums of understanding", {"S-2", "S-4"}),
        ("implementing partner", {"S-3"}),
        ("IPA", {"S-3"}),
        ("BWM", {"S-3"}),
        ("SIDS", {"S-3"}),
    ],
)
def test_abbreviations_and_synonyms(sample_set: Session, typed: str, expected: set[str]) -> None:
    assert set(refs(search(sample_set, "arrangements", typed, limit=10))) == expected


def test_typos_are_corrected_with_a_suggestion(sample_set: Session) -> None:
    page = search(sample_set, "arrangements", "djibuti")
    assert refs(page) == ["S-2"] and page.suggestion == "djibouti"
    page = search(sample_set, "arrangements", "partnreship fund")
    assert refs(page) == ["S-4"] and page.suggestion == "partnership fund"


def test_nothing_found_and_no_close_word_gives_no_suggestion(sample_set: Session) -> None:
    page = search(sample_set, "arrangements", "zzyzx")
    assert page.hits == [] and page.total == 0 and page.suggestion is None


def test_filters_narrow_the_words_and_work_alone(sample_set: Session) -> None:
    mous = search(sample_set, "arrangements", "sample", Filters(nature="mou"), limit=10)
    assert set(refs(mous)) == {"S-2", "S-4"}
    assert set(refs(search(sample_set, "arrangements", "", Filters(year=2019)))) == {"S-1", "S-3"}
    assert refs(search(sample_set, "arrangements", "", Filters(sdg=17))) == ["S-2"]
    with pytest.raises(ValueError):
        search(sample_set, "documents", "x", Filters(scope="global"))


def test_pages_split_the_ranked_list(sample_set: Session) -> None:
    first = search(sample_set, "arrangements", "sample", limit=3)
    second = search(sample_set, "arrangements", "sample", limit=3, offset=3)
    assert first.total == second.total == 4
    assert len(first.hits) == 3 and len(second.hits) == 1
    assert not set(refs(first)) & set(refs(second))


def test_index_follows_updates_renames_and_deletes(sample_set: Session) -> None:
    sample_set.execute(update(Arrangement).where(Arrangement.ref == "S-1").values(member_state="Ghana"))
    assert refs(search(sample_set, "arrangements", "ghana")) == ["S-1"]
    assert search(sample_set, "arrangements", "kenya").total == 0
    sample_set.execute(
        update(Partner).where(Partner.name == "Sample partner Beta").values(name="Sample Zeta")
    )
    assert refs(search(sample_set, "arrangements", "zeta")) == ["S-2"]
    assert search(sample_set, "arrangements", "beta").total == 0
    sample_set.execute(
        update(Programme).where(Programme.slug == "sids-ldcs").values(name="Island shipping support")
    )
    assert refs(search(sample_set, "arrangements", "island shipping")) == ["S-3"]
    sample_set.execute(delete(Arrangement).where(Arrangement.ref == "S-4"))
    assert search(sample_set, "arrangements", "delta").total == 0


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote', "sample-partner", "NEAR(a b)", "a* OR b:", "'; DROP TABLE arrangements; --",
        "<!channel> *bold*", "🚢⚓", "مرحبا بالعالم", "x" * 600, "   ", "AND OR NOT", "{}[]()^$",
    ],
)  # fmt: skip
def test_hostile_text_never_breaks_the_query(sample_set: Session, text: str) -> None:
    page = search(sample_set, "arrangements", text)
    assert page.total >= 0
    assert sample_set.scalar(select(Arrangement.id).where(Arrangement.ref == "S-1")) is not None


def test_programmes_and_documents_are_searchable(session: Session) -> None:
    assert [hit.record.slug for hit in search(session, "programmes", "ballast water").hits] == [
        "bwm-convention"
    ]
    assert [hit.record.slug for hit in search(session, "programmes", "piracy").hits] == ["djibouti-code"]
    assert {h.record.slug for h in search(session, "programmes", "", Filters(scope="regional")).hits} == {
        "djibouti-code",
        "norad-east-asia",
    }
    designation = search(session, "documents", "NKPO designation form")
    assert designation.hits[0].record.symbol == "Circular Letter No.4004"
    assert search(session, "documents", "technical cooperation").total >= 3
    session.add(Document(symbol="SAMPLE/1", title="Sample note on ballast water", tags=["bwm"]))
    session.flush()
    assert search(session, "documents", "BWM").hits[0].record.symbol == "SAMPLE/1"


def test_query_parsing_widens_concepts_and_drops_stop_words() -> None:
    query = parse_query("The MoUs of Côte d'Ivoire")
    assert query.tokens == ("the", "mous", "of", "cote", "d", "ivoire")
    assert ("memorandum",) in query.groups[0] and ("framework",) in query.groups[0]
    assert ("cote",) in query.groups[1] and query.plain == {"cote", "d", "ivoire"}
    assert concept_of("letter-of-agreement") == "loa" and concept_of("Framework") == "mou"
    assert parse_query("🙂 !!").is_empty


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [
        ("cl 4004", "Circular Letter No.4004"),
        ("CL4004", "Circular Letter No.4004"),
        ("Circular Letter 4004", "Circular Letter No.4004"),
        ("A1006", "A.1006(25)"),
        ("a.1006 (25)", "A.1006(25)"),
        ("a986", "A.986(24)"),
        ("tc 74/4 a", "TC 74/4(a)"),
        ("TC74/4(a)", "TC 74/4(a)"),
        ("a/res/70/1", "A/RES/70/1"),
    ],
)
def test_symbols_are_found_however_they_are_spaced_and_punctuated(
    session: Session, typed: str, symbol: str
) -> None:
    page = search(session, "documents", typed)
    assert [hit.record.symbol for hit in page.hits][:1] == [symbol] and page.suggestion is None


def test_a_word_of_letters_and_digits_is_also_searched_whole(session: Session) -> None:
    assert parse_query("G20").groups == ((("g",), ("g20",)), (("20",), ("g20",)))
    session.add(Document(symbol="SAMPLE/G20", title="Sample note for the G20 meeting"))
    session.flush()
    assert [hit.record.symbol for hit in search(session, "documents", "g20").hits] == ["SAMPLE/G20"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("A.1060(25)", "A.1006(25)"),
        ("A1060", "A.1006(25)"),
        ("cl 4040", "Circular Letter No.4004"),
        ("tc 74/4 b", "TC 74/4(a)"),
    ],
)
def test_a_mistyped_symbol_gets_did_you_mean(session: Session, typed: str, meant: str) -> None:
    page = search(session, "documents", typed)
    assert page.suggestion == meant and [hit.record.symbol for hit in page.hits] == [meant]


def test_a_symbol_far_from_any_gets_no_suggestion(session: Session) -> None:
    page = search(session, "documents", "MSC.1/Circ.9999")
    assert page.total == 0 and page.suggestion is None
    assert search(session, "arrangements", "A.1060(25)").suggestion is None


def test_an_arrangement_past_its_end_date_is_out_of_in_force_lists_unless_asked(sample_set: Session) -> None:
    from datetime import timedelta

    from bot.services.partnerships import latest_arrangements, partnership_filters
    from bot.services.search import today

    arrangement(sample_set, "S-ENDED", "Sample partner Omega", "mou", signed_on=date(2022, 1, 1),
                ends_on=today() - timedelta(days=1), summary="Ballast water surveys, finished.")  # fmt: skip
    arrangement(sample_set, "S-ENDS-TODAY", "Sample partner Psi", "mou", signed_on=date(2022, 2, 1),
                ends_on=today(), summary="Ballast water surveys, last day.")  # fmt: skip
    in_force = partnership_filters({})
    assert in_force.status == "in_force"
    for words in ("ballast water", ""):  # ranked and browsed alike
        found = refs(search(sample_set, "arrangements", words, in_force, limit=20))
        assert "S-ENDED" not in found and "S-ENDS-TODAY" in found
        ended = refs(
            search(sample_set, "arrangements", words, partnership_filters({"status": "ended"}), limit=20)
        )
        assert ended == ["S-ENDED"]
        every = refs(
            search(sample_set, "arrangements", words, partnership_filters({"status": "all"}), limit=20)
        )
        assert {"S-ENDED", "S-ENDS-TODAY"} <= set(every)
    with_nature = partnership_filters({"type": "mou"})
    assert "S-ENDED" not in refs(search(sample_set, "arrangements", "", with_nature, limit=20))
    assert search(sample_set, "arrangements", "", with_nature, limit=20).total == 3
    assert "S-ENDED" not in [a.ref for a in latest_arrangements(sample_set, 20)]
