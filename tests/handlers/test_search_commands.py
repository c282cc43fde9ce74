"""/partnerships, /programmes and /nkpo called with a Ctx, and their buttons (the middle depth)."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.views.blocks import NEXT_ACTION, PREVIOUS_ACTION, SHARE_ACTION, Reply, validate_blocks
from bot.views.results import DETAILS_ACTION
from handlers.actions import ACTIONS
from storage.models import Arrangement, Nkpo
from tests.conftest import MakeCtx
from tests.handlers.test_commands import run
from tests.records import arrangement


def buttons(reply) -> dict[str, dict]:
    found = {}
    for block in reply.blocks:
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") == "button":
                found.setdefault(element["action_id"], element)
    return found


def press(make_ctx: MakeCtx, element: dict) -> Reply:
    """Click a button as an NKPO; it answers with valid blocks and posts nothing itself."""
    clicked = make_ctx(via="button", value=element["value"])
    reply = ACTIONS[element["action_id"]](clicked)
    assert reply is not None and validate_blocks(reply.blocks) == []
    assert clicked.messenger.calls == []  # type: ignore[attr-defined]
    return reply


@pytest.fixture
def twelve(session: Session) -> Session:
    for number in range(1, 13):
        arrangement(
            session, f"H-{number:02d}", f"Sample partner {number:02d}", "mou" if number % 2 else "loa",
            member_state="Kenya", signed_on=date(2010 + number, 1, 1), summary="Sample training support.",
        )  # fmt: skip
    return session


def test_search_pages_forward_and_back_and_replaces_the_message(twelve: Session, make_ctx: MakeCtx) -> None:
    first = run(make_ctx, "/partnerships", "kenya")
    assert "Showing 1–5 of 12" in first.text and PREVIOUS_ACTION not in buttons(first)
    second = press(make_ctx, buttons(first)[NEXT_ACTION])
    assert second.replace_original and "Showing 6–10 of 12" in second.text
    third = press(make_ctx, buttons(second)[NEXT_ACTION])
    assert "Showing 11–12 of 12" in third.text and NEXT_ACTION not in buttons(third)
    back = press(make_ctx, buttons(third)[PREVIOUS_ACTION])
    assert "Showing 6–10 of 12" in back.text
    assert json.loads(buttons(second)[SHARE_ACTION]["value"])["state"] == {"page": 2}
    shared = press(make_ctx, buttons(second)[SHARE_ACTION])
    assert shared.public and "Showing 6–10 of 12" in shared.text
    assert set(buttons(shared)) == {DETAILS_ACTION}


def test_filters_apply_and_details_show_one_record(twelve: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/partnerships", "kenya type:letter-of-agreement year:2012")
    assert "Showing 1–1 of 1" in reply.text and "Sample partner 02" in reply.text
    detail = press(make_ctx, buttons(reply)[DETAILS_ACTION])
    assert "H-02" in json.dumps(detail.blocks) and not detail.replace_original
    assert "Sample record: fictional, not IMO data" in json.dumps(detail.blocks)
    shared = press(make_ctx, buttons(detail)[SHARE_ACTION])
    assert shared.public and "H-02" in json.dumps(shared.blocks) and SHARE_ACTION not in buttons(shared)


def test_overview_lists_the_latest_and_labels_samples(twelve: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/partnerships")
    assert "158" in reply.text and "December 2023" in reply.text
    assert "Sample partner 12" in reply.text and "(sample)" in reply.text


def test_a_typo_gets_did_you_mean_with_results(twelve: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/partnerships", "kenia")
    assert "Did you mean kenya?" in reply.text and "Showing 1–5 of 12" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colour:red", "I don't know the filter `colour:`"),
        ("year:abc", "`year:` needs a year such as `year:2019`"),
        ("sdg:99", "`sdg:` takes a number from 1 to 17"),
        ("type:treaty", "`type:` can be loa"),
        ("x" * 5000, "please keep it under 500"),
        ("🚢 ⚓ !!", "I found no words to search for"),
        ("'; DROP TABLE arrangements; --", "Nothing matches"),
        ("<!channel> <@U123> *boom*", "Nothing matches"),
        ("مرحبا بالعالم", "Nothing matches"),
    ],
)
def test_bad_input_gets_a_short_helpful_answer_and_changes_nothing(
    twelve: Session, make_ctx: MakeCtx, text: str, expected: str
) -> None:
    before = twelve.scalar(select(func.count()).select_from(Arrangement))
    reply = run_or_input_error(make_ctx, "/partnerships", text)
    assert expected in reply and len(reply) < 600
    assert "<!channel>" not in reply and "<@U123>" not in reply
    assert twelve.scalar(select(func.count()).select_from(Arrangement)) == before


def run_or_input_error(make_ctx: MakeCtx, command: str, text: str) -> str:
    from bot.text import InputError

    try:
        return run(make_ctx, command, text).text
    except InputError as error:
        return str(error)


def test_programmes_overview_has_dated_itcp_figures_and_the_list(session: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/programmes")
    blocks = json.dumps(reply.blocks)
    assert "16 global and 8 regional programmes" in blocks and "USD 13,000,000" in blocks
    assert "2018-2019" in blocks and "no regular budget" in blocks
    assert "Showing 1–5 of 6" in reply.text and NEXT_ACTION in buttons(reply)
    second = press(make_ctx, buttons(reply)[NEXT_ACTION])
    assert "Showing 6–6 of 6" in second.text and "USD 13,000,000" not in json.dumps(second.blocks)


def test_programme_search_scope_and_detail_with_linked_records(session: Session, make_ctx: MakeCtx) -> None:
    arrangement(
        session, "P-1", "Sample partner Z", "ipa", programme_slug="djibouti-code", signed_on=date(2020, 1, 1)
    )
    assert "Showing 1–2 of 2" in run(make_ctx, "/programmes", "scope:regional").text
    reply = run(make_ctx, "/programmes", "piracy")
    detail = press(make_ctx, buttons(reply)[DETAILS_ACTION])
    text = json.dumps(detail.blocks)
    assert "Western Indian Ocean and Gulf of Aden" in text and "Objectives" in text
    assert "Linked arrangements (1)" in text and "Sample partner Z (sample)" in text
    assert "`scope:` can be `global` or `regional`" in run_or_input_error(make_ctx, "/programmes", "scope:x")


def test_nkpo_explains_the_role_and_the_circular_letter(session: Session, make_ctx: MakeCtx) -> None:
    reply = run(make_ctx, "/nkpo")
    assert "Circular Letter No.4004" in json.dumps(reply.blocks) and "focal point" in reply.text


def test_nkpo_of_a_country_on_record_or_not(session: Session, make_ctx: MakeCtx) -> None:
    session.add(
        Nkpo(
            member_state="Côte d'Ivoire", iso2="CI", iso3="CIV", person_name="Sample Person C", is_sample=True
        )
    )
    session.flush()
    found = run(make_ctx, "/nkpo", "Cote d'Ivoire")
    assert "Sample Person C" in found.text and "sample record" in found.text
    missing = run(make_ctx, "/nkpo", "UK")
    assert (
        "No NKPO is on record for United Kingdom" in missing.text
        and "Circular Letter No.4004" in missing.text
    )
    assert "I don't recognise" in run(make_ctx, "/nkpo", "Atlantis").text


def test_out_of_date_or_forged_button_values_get_a_friendly_line(session: Session, make_ctx: MakeCtx) -> None:
    for value in (
        "",
        "not json",
        json.dumps({"command": "/nope", "text": ""}),
        json.dumps({"command": "/nkpo"}),
    ):
        reply = press(make_ctx, {"action_id": NEXT_ACTION, "value": value})
        assert "out of date" in reply.text
    odd_state = json.dumps(
        {"command": "/partnerships", "text": "kenya", "state": {"page": "x", "detail": -3}}
    )
    assert "Nothing matches" in press(make_ctx, {"action_id": NEXT_ACTION, "value": odd_state}).text
    gone = json.dumps({"command": "/partnerships", "text": "", "state": {"detail": 999999}})
    assert "no longer on record" in press(make_ctx, {"action_id": DETAILS_ACTION, "value": gone}).text


def test_a_page_past_the_end_shows_the_last_page(twelve: Session, make_ctx: MakeCtx) -> None:
    stale = json.dumps({"command": "/partnerships", "text": "kenya", "state": {"page": 9}})
    reply = press(make_ctx, {"action_id": NEXT_ACTION, "value": stale})
    assert "Showing 11–12 of 12" in reply.text and reply.replace_original


def test_markup_in_the_words_is_shown_escaped_with_the_results(twelve: Session, make_ctx: MakeCtx) -> None:
    arrangement(twelve, "H-99", "Sample partner <!channel>", member_state="Kenya")
    reply = run(make_ctx, "/partnerships", "<!channel> kenya")
    shown = [reply.text] + [
        item["text"]
        for block in reply.blocks
        for item in [block.get("text") or {}, *block.get("elements", []), *block.get("fields", [])]
        if isinstance(item.get("text"), str) and item.get("type") != "button"
    ]
    assert any("&lt;!channel&gt;" in text for text in shown)
    assert not any("<!channel>" in text for text in shown)
