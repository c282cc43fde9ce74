"""Countries as people type them, and NKPOs only from the records (tests create their own)."""

import pytest
from sqlalchemy.orm import Session

from bot.services.nkpo import nkpo_for, nkpo_guide, resolve_country
from storage.models import Nkpo


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("UK", "United Kingdom"), ("GB", "United Kingdom"), ("gbr", "United Kingdom"),
        ("Côte d'Ivoire", "Côte d'Ivoire"), ("Cote d'Ivoire", "Côte d'Ivoire"),
        ("Ivory Coast", "Côte d'Ivoire"),
        ("USA", "United States"), ("United States of America", "United States"),
        ("Turkey", "Türkiye"), ("Türkiye", "Türkiye"), ("TUR", "Türkiye"),
        ("the Netherlands", "Netherlands"), ("South Korea", "Republic of Korea"), ("ke", "Kenya"),
    ],
)  # fmt: skip
def test_names_codes_and_variants_resolve(typed: str, name: str) -> None:
    match = resolve_country(typed)
    assert match is not None and match.country.name == name and not match.guessed


def test_near_misses_are_guessed_and_nonsense_is_not() -> None:
    match = resolve_country("Djibuti")
    assert match is not None and match.country.name == "Djibouti" and match.guessed
    assert resolve_country("Djibuti", guess=False) is None
    for typed in ("zz", "banana split", "🚢", "<!channel>", ""):
        assert resolve_country(typed) is None


def test_an_nkpo_on_record_is_found_by_code_or_name(session: Session) -> None:
    session.add(
        Nkpo(member_state="Kenya", iso2="KE", iso3="KEN", person_name="Sample Person A", is_sample=True)
    )
    session.add(Nkpo(member_state="Türkiye", person_name="Sample Person B", is_sample=True))
    session.flush()
    for typed, person in (
        ("Kenya", "Sample Person A"),
        ("KEN", "Sample Person A"),
        ("Turkey", "Sample Person B"),
    ):
        match = resolve_country(typed)
        assert match is not None
        found = nkpo_for(session, match.country)
        assert found is not None and found.person_name == person
    ghana = resolve_country("Ghana")
    assert ghana is not None and nkpo_for(session, ghana.country) is None


def test_the_guide_comes_from_the_seed_with_the_circular_letter(session: Session) -> None:
    guide = nkpo_guide(session)
    assert [card.slug for card in guide.cards] == ["what-is-an-nkpo", "designate-an-nkpo"]
    assert guide.document is not None and guide.document.symbol == "Circular Letter No.4004"
