"""Search, pages, details and sharing as signed HTTP requests through the real app."""

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select, text

from bot.views.blocks import NEXT_ACTION, PREVIOUS_ACTION, SHARE_ACTION, validate_blocks
from bot.views.results import DETAILS_ACTION
from storage.models import Arrangement, Nkpo, Partner
from tests.conftest import LiveApp
from tests.records import arrangement


@pytest.fixture
def loaded(live_app: LiveApp) -> Iterator[LiveApp]:
    with live_app.deps.db.session() as session:
        for number in range(1, 8):
            arrangement(
                session, f"E-{number}", f"Sample partner {number}", "ipa" if number == 3 else "mou",
                member_state="Djibouti", programme_slug="djibouti-code", signed_on=date(2015 + number, 6, 1),
                summary="Sample regional training against piracy.",
            )  # fmt: skip
    yield live_app


def button(blocks: list[dict], action_id: str) -> dict:
    return next(
        element
        for block in blocks
        for element in [*block.get("elements", []), block.get("accessory") or {}]
        if element.get("action_id") == action_id
    )


def click(app: LiveApp, element: dict) -> dict:
    """Press a button over HTTP; return what the app sent back to the response_url."""
    url = app.fake.response_url()
    already = len(app.fake.responses())
    assert app.slack.action(element["action_id"], element["value"], response_url=url).status == 200
    posted = next(
        call for call in app.fake.wait_for("response_url", already + 1) if call.params["_url"] == url
    )
    assert validate_blocks(posted.params.get("blocks", [])) == []
    return posted.params


def test_search_answers_in_the_http_response(loaded: LiveApp) -> None:
    response = loaded.command("/partnerships", "djibouti")
    assert response.status == 200
    body = response.json()
    assert body["response_type"] == "ephemeral" and "Showing 1–5 of 7" in body["text"]
    assert validate_blocks(body["blocks"]) == []
    assert "Sample record: fictional, not IMO data" in json.dumps(body["blocks"])


def test_next_and_previous_replace_the_message_through_the_response_url(loaded: LiveApp) -> None:
    first = loaded.command("/partnerships", "djibouti").json()
    second = click(loaded, button(first["blocks"], NEXT_ACTION))
    assert second["replace_original"] is True and "Showing 6–7 of 7" in second["text"]
    back = click(loaded, button(second["blocks"], PREVIOUS_ACTION))
    assert back["replace_original"] is True and "Showing 1–5 of 7" in back["text"]


def test_details_then_share_posts_the_record_in_the_channel(loaded: LiveApp) -> None:
    found = loaded.command("/partnerships", "djibouti type:ipa").json()
    detail = click(loaded, button(found["blocks"], DETAILS_ACTION))
    assert "E-3" in json.dumps(detail["blocks"]) and detail.get("replace_original") is not True
    shared = click(loaded, button(detail["blocks"], SHARE_ACTION))
    assert shared["response_type"] == "in_channel" and "E-3" in json.dumps(shared["blocks"])
    assert "Shared by <@U_NKPO1>" in json.dumps(shared["blocks"])


def test_programmes_and_nkpo_over_http(loaded: LiveApp) -> None:
    programmes = loaded.command("/programmes").json()
    assert "USD 13,000,000" in programmes["text"] and validate_blocks(programmes["blocks"]) == []
    with loaded.deps.db.session() as session:
        session.add(
            Nkpo(
                member_state="Djibouti", iso2="DJ", iso3="DJI", person_name="Sample Person D", is_sample=True
            )
        )
    nkpo = loaded.command("/nkpo", "djibuti").json()
    assert "Sample Person D" in nkpo["text"] and validate_blocks(nkpo["blocks"]) == []


def state_of(app: LiveApp) -> tuple[int, ...]:
    with app.deps.db.session() as session:
        counts = [
            session.scalar(select(func.count()).select_from(model)) or 0 for model in (Arrangement, Partner)
        ]
        counts.append(session.scalar(text("SELECT count(*) FROM search_terms")) or 0)
    return tuple(counts)


@pytest.mark.parametrize(
    ("command", "typed", "expected"),
    [
        ("/partnerships", "colour:red", "I don't know the filter"),
        ("/partnerships", "year:abc", "`year:` needs a year"),
        ("/partnerships", "sdg:99", "from 1 to 17"),
        ("/partnerships", "x" * 5000, "keep it under 500"),
        ("/partnerships", "'; DROP TABLE arrangements; --", "Nothing matches"),
        ("/partnerships", "<!channel> hello", "Nothing matches"),
        ("/partnerships", "🚢⚓", "I found no words to search for"),
        ("/partnerships", "\u202eשלום עולם", "Nothing matches"),
        ("/partnerships", "   ", "158 partnership arrangements in force"),
        ("/programmes", "scope:everywhere", "`scope:` can be"),
        ("/nkpo", "<!here>", "I don't recognise"),
    ],
)
def test_bad_input_gets_200_and_a_short_friendly_answer(
    loaded: LiveApp, command: str, typed: str, expected: str
) -> None:
    before = state_of(loaded)
    response = loaded.command(command, typed)
    assert response.status == 200
    body = response.json()
    assert expected in body["text"] and "Traceback" not in response.text
    assert "<!channel>" not in response.text and "<!here>" not in response.text
    assert validate_blocks(body.get("blocks", [])) == []
    assert state_of(loaded) == before


def test_first_week_edges_over_signed_http(live_app: LiveApp) -> None:
    from bot.services.imports import import_arrangements
    from tests.services.test_imports import ROOT

    with live_app.deps.db.session() as session:
        import_arrangements(session, ROOT / "examples" / "arrangements.sample.csv")
    unknown = live_app.command("/partnership", "ballast").json()["text"]
    assert "Did you mean `/partnerships`?" in unknown
    assert "e.g. `type:mou`" in live_app.command("/partnerships", "type:").json()["text"]
    in_force = live_app.command("/partnerships", "sample").json()["text"]
    assert "of 5" in in_force and "SAMPLE-002" not in in_force
    ended = live_app.command("/partnerships", "sample status:ended").json()
    assert "Sample partner B" in ended["text"] and "ended 1 Nov 2026" in str(ended["blocks"])
