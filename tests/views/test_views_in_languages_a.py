"""The document library's, the NKPO directory's and the announcements' views in English, French and
Spanish: each one within Slack's limits in every language (section 3,000, button 75, header 150,
modal title 24, option 75), with every placeholder filled; and, through a pseudo-translation (marked,
a third longer), every text they write goes through the catalog, in the language asked."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

import pytest

from bot.i18n import LANGUAGES, in_language
from bot.services.announcements import Link
from bot.services.documents import Availability, DocumentFields
from bot.services.nkpo import Country, CountryMatch, NkpoGuide
from bot.services.nkpo_directory import DirectorySummary
from bot.services.search import Hit, SearchPage
from bot.views import announcements as av
from bot.views import documents as dv
from bot.views import nkpo as nv
from bot.views.blocks import MAX_FALLBACK_TEXT, Reply, validate_blocks
from bot.views.results import SAMPLE_NOTE
from storage.models import (
    Announcement,
    AnnouncementRevision,
    AnswerCard,
    Document,
    Nkpo,
    NkpoChange,
    NkpoRegistration,
)
from tests.pseudo_locale import marked, use_pseudo_catalogs

MODAL_TEXT = 24  # a modal's title, submit and close
OPTION_TEXT = 75
PLACEHOLDER = 150
CHANNEL = "CANNOUNCE"
WHEN = datetime(2026, 12, 7, 9, 30)


def linked_document() -> Document:
    return Document(
        id=1, symbol="TC 74/4(a)", title="Partnership arrangements", kind="committee_document",
        issued_on=date(2023, 12, 1), languages=["en", "fr"], tags=["partnerships"],
        summary="The annex lists the arrangements in force.", url="https://example.org/tc74",
        translations={},
    )  # fmt: skip


def filed_document() -> Document:
    return Document(
        id=2, symbol="A.986(24)", title="Technical cooperation", kind="resolution", summary="",
        stored_name="a986.pdf", original_name="a986.pdf", mime_type="application/pdf",
        size_bytes=2_500_000, languages=[], tags=[], translations={},
    )  # fmt: skip


def bare_document() -> Document:
    return Document(id=3, symbol="SAMPLE/X/1", title="A sample", kind="unknown", summary="Sample.",
                    languages=[], tags=[], translations={})  # fmt: skip


def nkpo(status: str = "active") -> Nkpo:
    return Nkpo(
        id=4, member_state="Kenya", person_name="Sample Person A", position="Director",
        ministry="Ministry of Transport", email="a@example.org", slack_user_id="UNKPO1",
        designated_on=date(2024, 3, 1), source="reply to CL 4004", status=status, is_sample=True,
    )  # fmt: skip


def changes() -> list[NkpoChange]:
    return [
        NkpoChange(id=1, nkpo_id=4, action="added", changed_by="import", changed_at=WHEN, changes={},
                   note=""),
        NkpoChange(id=2, nkpo_id=4, action="retired", changed_by="USEC", changed_at=WHEN,
                   changes={"status": ["active", "retired"], "slack_user_id": ["U1", None]}, note="left"),
        NkpoChange(id=3, nkpo_id=4, action="reinstated", changed_by="USEC", changed_at=WHEN,
                   changes={"status": ["retired", "active"]}, note=""),
        NkpoChange(id=4, nkpo_id=4, action="edited", changed_by="USEC", changed_at=WHEN,
                   changes={"position": ["A", "B"]}, note=""),
    ]  # fmt: skip


def registration(status: str = "pending") -> NkpoRegistration:
    return NkpoRegistration(
        id=7, user_id="UASKER", member_state="Kenya", status=status, decided_by="USEC",
        fields={"person_name": "Sample Person Z", "position": None, "email": "z@example.org"}, notices=[],
    )  # fmt: skip


def announcement(title: str = "NKPO webinar", edited: bool = False, status: str = "posted") -> Announcement:
    return Announcement(
        id=5, title=title, body="The NKPO webinar is on 3 May.\nAll welcome.", author_user_id="USEC",
        status=status, channel_id=CHANNEL, message_ts="1.000001", posted_at=WHEN, added_at=WHEN,
        updated_at=datetime(2026, 12, 8) if edited else WHEN,
    )  # fmt: skip


def revision() -> AnnouncementRevision:
    return AnnouncementRevision(id=9, title="T", body="New words", added_at=datetime(2026, 12, 9))


DOCUMENT_LINK = Link("document", "TC 74/4(a)", "Partnership arrangements", "https://example.org/tc74")
PROGRAMME_LINK = Link("programme", "djibouti-code", "Djibouti Code of Conduct")
KENYA = CountryMatch(Country("KE", "KEN", "Kenya", ("Kenia",)), guessed=True)
CARD = AnswerCard(slug="what-is-an-nkpo", topic="NKPO", answer="An NKPO is the national focal point.")


def views(channel: str = "en") -> dict[str, Callable[[], Reply | dict[str, Any] | str]]:
    """Every view of the three areas, in each of its shapes (`channel`: the announcements channel's
    language)."""
    found = SearchPage(hits=[Hit(linked_document(), 1.0), Hit(filed_document(), 0.5)], total=2)
    none = SearchPage(hits=[], total=0)
    fields = DocumentFields("TC 74/4(a)", "Partnership arrangements", "committee_document")
    shown: dict[str, Callable[[], Reply | dict[str, Any] | str]] = {
        "document results": lambda: dv.document_results(found, 1, "/docs", "tc 74", "tc 74", "usage"),
        "document results, none": lambda: dv.document_results(none, 1, "/docs", "zz", "zz"),
        "document results, empty library": lambda: dv.document_results(none, 1, "/docs", "", ""),
        "document card": lambda: dv.document_card(bare_document(), "UNKPO1", "partnerships@imo.org"),
        "not sharable": lambda: dv.not_sharable(linked_document(), Availability.MISSING, "CPARTNER"),
        "shared link": lambda: dv.shared_link(linked_document(), "UNKPO1"),
        "upload comment": lambda: dv.upload_comment(filed_document(), "UNKPO1"),
        "uploading": lambda: dv.uploading(filed_document(), "C1"),
        "shared note": lambda: dv.shared_note(filed_document(), "C1"),
        "share failed": lambda: dv.share_failed(filed_document(), "C1", "not_in_channel"),
        "share unconfirmed": lambda: dv.share_unconfirmed(linked_document(), "C1", "timeout"),
        "no channel": dv.no_channel,
        "document form": lambda: dv.document_form("20 MB"),
        "send file prompt": lambda: dv.send_file_prompt(fields, "20 MB"),
        "file refused": lambda: dv.file_refused("TC 74/4(a)", "it is too big"),
        "pending cancelled": lambda: dv.pending_cancelled("TC 74/4(a)"),
        "nothing pending": lambda: dv.pending_cancelled(None),
        "description lapsed": lambda: dv.description_lapsed("TC 74/4(a)", {"title": "The title is empty."}),
        "guide": lambda: nv.guide_reply(
            NkpoGuide([CARD], linked_document()), DirectorySummary(3, 4, WHEN), "/nkpo", None,
            ([registration()], 3),
        ),
        "guide, one state": lambda: nv.guide_reply(NkpoGuide([], bare_document()),
                                                   DirectorySummary(1, 1, WHEN), "/nkpo", "CPARTNER"),
        "guide, empty directory": lambda: nv.guide_reply(NkpoGuide([], None), DirectorySummary(0, 0, None),
                                                         "/nkpo", "partnerships@imo.org"),
        "nkpo": lambda: nv.nkpo_reply(KENYA, [nkpo()], "Kenia", "/nkpo", "Kenia", None),
        "nkpos, with history": lambda: nv.nkpo_reply(
            KENYA, [nkpo(), nkpo(), nkpo("retired")], "Kenia", "/nkpo", "Kenia", None, changes()
        ),
        "no nkpo": lambda: nv.nkpo_reply(KENYA, [], "Kenia", "/nkpo", "Kenia", "CPARTNER", []),
        "unknown country": lambda: nv.unknown_country_reply("Atlantis"),
        "choose to edit": lambda: nv.choose_to_edit(KENYA, [nkpo(), nkpo()]),
        "nothing to edit": lambda: nv.nothing_to_edit(KENYA),
        "nkpo form, add": lambda: nv.nkpo_form("add", country="Kenya"),
        "nkpo form, edit": lambda: nv.nkpo_form("edit", nkpo("retired")),
        "nkpo form, register": lambda: nv.nkpo_form("register"),
        "registration received": lambda: nv.registration_received(registration(), None, delivered=True),
        "registration kept": lambda: nv.registration_received(registration(), "CPARTNER", delivered=False),
        "registration notice": lambda: nv.registration_notice(registration()),
        "registration confirmed": lambda: nv.registration_decided(registration("confirmed")),
        "registration declined": lambda: nv.registration_decided(registration("declined")),
        "outcome, confirmed": lambda: nv.registration_outcome(registration("confirmed"), None),
        "outcome, declined": lambda: nv.registration_outcome(registration("declined"), "CPARTNER"),
        "already decided": lambda: nv.already_decided(7),
        "no secretariat": nv.no_secretariat,
        "announcement": lambda: av.announcement_message(announcement(), DOCUMENT_LINK),
        "announcement, untitled and edited": lambda: av.announcement_message(
            announcement("", edited=True), PROGRAMME_LINK
        ),
        "withdrawn": lambda: av.withdrawn_message(announcement()),
        "preview": lambda: av.preview(announcement(status="draft"), DOCUMENT_LINK, CHANNEL, channel),
        "posted note": lambda: av.posted_note(announcement()),
        "posted already": lambda: av.posted_note(announcement(), already=True),
        "post failed": lambda: av.post_failed(5, CHANNEL, "not_in_channel"),
        "post unconfirmed": lambda: av.post_unconfirmed(5, CHANNEL, "timeout"),
        "edit preview": lambda: av.edit_preview(announcement(), revision(), None, channel),
        "withdraw preview": lambda: av.withdraw_preview(announcement(), PROGRAMME_LINK, channel),
        "updated note": lambda: av.changed_note(announcement(), "updated"),
        "withdrawn note": lambda: av.changed_note(announcement(), "withdrawn"),
        "change failed": lambda: av.change_failed(5, "message_not_found", av.APPLY_ACTION, "9", "Post again"),
        "no announcements": lambda: av.announcement_list([], 0, 1, False, "/announce", "list"),
        "no announcements, secretariat": lambda: av.announcement_list([], 0, 1, True, "/announce", "list"),
        "announcements": lambda: av.announcement_list([announcement(), announcement("")], 12, 1, False,
                                                      "/announce", "list"),
        "announcements, secretariat": lambda: av.announcement_list(
            [announcement(status=s) for s in ("draft", "posting", "posted", "cancelled", "withdrawn")], 12, 2,
            True, "/announce", "list",
        ),
        "announcement form": lambda: av.announcement_form(CHANNEL),
        "announcement form, edit": lambda: av.announcement_form(CHANNEL, announcement(), DOCUMENT_LINK),
    }  # fmt: skip
    for availability in Availability:
        for shares in (0, 1, 3):
            document = filed_document() if availability is Availability.FILE else linked_document()
            shown[f"detail {availability.value} {shares}"] = lambda d=document, a=availability, s=shares: (
                dv.document_detail(d, a, s, "CPARTNER")
            )
    for made in (filed_document, linked_document, bare_document):
        shown[f"added {made.__name__}"] = lambda made=made: dv.added_note(made())
    for action in (None, "added", "edited", "retired", "reinstated"):
        shown[f"saved {action}"] = lambda action=action: nv.saved_note(nkpo(), action)
    return shown


def texts(shown: Reply | dict[str, Any] | str) -> list[str]:
    """Every text a view writes: plain_text and mrkdwn objects, and a Reply's notification text."""
    found: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if value.get("type") in ("plain_text", "mrkdwn") and isinstance(value.get("text"), str):
                found.append(value["text"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    if isinstance(shown, str):
        return [shown]
    if isinstance(shown, Reply):
        found.append(shown.text)
        walk(shown.blocks)
    else:
        walk(shown)
    return found


def modal_problems(view: dict[str, Any]) -> list[str]:
    problems = validate_blocks([block for block in view["blocks"] if block["type"] != "input"])
    for name in ("title", "submit", "close"):
        if not 1 <= len(view[name]["text"]) <= MODAL_TEXT:
            problems.append(f"{name} {view[name]['text']!r} over {MODAL_TEXT}")
    for block in view["blocks"]:
        element = block.get("element", {})
        placeholder = element.get("placeholder", {}).get("text", "")
        if len(placeholder) > PLACEHOLDER:
            problems.append(f"placeholder {placeholder!r} over {PLACEHOLDER}")
        for option in element.get("options", []):
            if not 1 <= len(option["text"]["text"]) <= OPTION_TEXT:
                problems.append(f"option {option['text']['text']!r} over {OPTION_TEXT}")
    return problems


def problems_of(shown: Reply | dict[str, Any] | str) -> list[str]:
    if isinstance(shown, str):
        return [] if len(shown) <= MAX_FALLBACK_TEXT else ["text too long"]
    if isinstance(shown, Reply):
        return validate_blocks(shown.blocks)
    return modal_problems(shown)


def rendered(language: str) -> Iterator[tuple[str, Reply | dict[str, Any] | str]]:
    """Each view as written in `language` (the announcements channel's too)."""
    with in_language(language):
        for name, view in views(language).items():
            yield name, view()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_view_keeps_slacks_limits_in_each_language(language: str) -> None:
    problems = {name: found for name, shown in rendered(language) if (found := problems_of(shown))}
    assert problems == {}
    # every placeholder filled: none left as {name} in what is shown (the views' own braces are none)
    unfilled = [(name, text) for name, shown in rendered(language) for text in texts(shown) if "{" in text]
    assert unfilled == []


# What these views show that is not their own words: the records' data, a caller's text, and the
# buttons and counts of shared helpers (blocks.share_button, bot/views/results.py), translated there.
NOT_OURS = {
    "T", "New words", "usage", "Post again", SAMPLE_NOTE, "An NKPO is the national focal point.",
    "TC 74/4(a)", "A.986(24)", "*Partnership arrangements*", "*Technical cooperation*", "*A sample*",
    "The annex lists the arrangements in force.", "Sample.", "NKPO webinar",
    "The NKPO webinar is on 3 May.\nAll welcome.", "TC 74/4(a): Partnership arrangements",
    ":page_facing_up: *TC 74/4(a)*: Partnership arrangements", ":page_facing_up: *SAMPLE/X/1*: A sample",
    "*NKPO webinar* · 7 déc. 2026\nThe NKPO webinar is on 3 May.\nAll welcome.\n"
    "*The NKPO webinar is on 3 May.* · 7 déc. 2026",
    "*NKPO webinar* · 7 dic 2026\nThe NKPO webinar is on 3 May.\nAll welcome.\n"
    "*The NKPO webinar is on 3 May.* · 7 dic 2026",
    "Share in channel", "Details", "Next ▶", "◀ Previous", "Matching “tc 74”. Showing 1–2 of 2.",
}  # fmt: skip


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_text_of_these_views_goes_through_the_catalog(
    monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    use_pseudo_catalogs(monkeypatch)
    english = {name: texts(shown) for name, shown in rendered("en")}
    untranslated = {}
    for name, shown in rendered(language):
        assert texts(shown) != english[name], name
        left = [text for text in texts(shown) if not marked(text, language) and text not in NOT_OURS]
        if left:
            untranslated[name] = left
    assert untranslated == {}
    # the longer text still holds Slack's limits (modals apart: a title is written to fit in the real
    # languages, where the test above checks it)
    too_long = {name: problems_of(shown) for name, shown in rendered(language) if not isinstance(shown, dict)}
    assert {name: found for name, found in too_long.items() if found} == {}


def test_a_preview_shows_the_announcement_in_its_channels_language(monkeypatch: pytest.MonkeyPatch) -> None:
    use_pseudo_catalogs(monkeypatch)
    with in_language("es"):  # the author reads Spanish; the announcements channel is French
        shown = av.preview(announcement(status="draft"), DOCUMENT_LINK, CHANNEL, "fr")
        withdrawing = av.withdraw_preview(announcement(), None, "fr")
    intro, signed = shown.blocks[0]["text"]["text"], shown.blocks[-3]["elements"][0]["text"]
    assert marked(intro, "es") and not marked(intro, "fr")
    assert marked(signed, "fr") and not marked(signed, "es")
    instead = withdrawing.blocks[-3]["elements"][0]["text"]  # "Instead: <the channel's note>"
    assert instead.startswith("⟪es Instead: ⟪fr :wastebasket:")


def test_dates_and_sizes_are_written_for_the_language() -> None:
    def listed() -> str:
        return str(av.announcement_list([announcement()], 1, 1, False, "/announce", "list").blocks)

    with in_language("fr"):
        line = dv.document_line(filed_document()) + dv.document_line(linked_document())
        assert "1 déc. 2023" in line and "2,4" in line and "7 déc. 2026" in listed()
    with in_language("es"):
        assert "7 dic 2026" in listed()
    assert "1 Dec 2023" in dv.document_line(linked_document()) and "2.4" in dv.document_line(filed_document())
