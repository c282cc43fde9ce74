"""The answering service against the seeded database: each way it answers, and each way it declines."""

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.services.answers import (
    answer_question,
    disliked_answers,
    new_ref,
    question_id_of,
    recent_unanswered,
    record_feedback,
    record_question,
)
from bot.services.answers.reading import read_question
from bot.services.vocabulary import closest
from storage.models import AnswerCard, Arrangement, Document, Nkpo, Partner, PartnershipSnapshot, Programme


def test_count_of_mous_comes_from_the_snapshot_with_its_date(session: Session) -> None:
    answer = answer_question(session, "how many memorandums of understanding are there?")
    assert answer.answered and answer.matched == "snapshot:mou"
    assert answer.text.startswith("88 ") and answer.as_at == "December 2023" and answer.source == "TC 74/4(a)"
    assert (
        answer.link is not None and answer.link.command == "/partnerships" and "@mou" in answer.matched_terms
    )


@pytest.mark.parametrize(
    "text",
    [
        "how many partnership arrangements does IMO have",
        "how many partnership arrangements does IMO have right now?",
        "hi, quick question: what's the total number of partnership agreements IMO currently has in place?",
        "sorry if this is obvious, but in a nutshell how many arrangements are in force pls",
        "good morning from Accra! number of partnership arrangements?",
    ],
)
def test_filler_does_not_stop_an_answer(session: Session, text: str) -> None:
    answer = answer_question(session, text)
    assert answer.answered and answer.matched == "snapshot:total" and answer.text.startswith("158 ")


def test_counts_follow_the_snapshot_record_not_a_card(session: Session) -> None:
    session.add(
        PartnershipSnapshot(
            as_at=date(2030, 1, 31), as_at_label="January 2030 (test)", source="TEST/1", loa_count=1,
            mou_count=2, ipa_count=3, total=6,
        )
    )  # fmt: skip
    session.flush()
    answer = answer_question(session, "how many IPAs")
    assert answer.text.startswith("3 implementing partner agreements")
    assert answer.as_at == "January 2030 (test)" and answer.source == "TEST/1"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("How many MoUs did IMO have in 2019?", "missing_year"),
        ("what was the ITCP budget for 2020-2021?", "missing_year"),
        ("How many of the 158 arrangements are with African governments?", "breakdown"),
        ("how many MoUs did IMO sign with Wakanda", "breakdown"),
        ("Which donor gives the most money to IMO technical cooperation?", "breakdown"),
        ("What is the name of the head of the Partnerships Section?", "person"),
        ("Could you name the 15 organizations IMO has implementing partner agreements with?", "names"),
        ("Should our country ratify the BWM Convention now or wait? what's best for us legally", "advice"),
        ("Will IMO have more than 200 arrangements by the end of 2025?", "prediction"),
        ("When did the BWM Convention enter into force?", "unpublished"),
        ("What is the deadline to send back the Circular Letter 4004 form?", "unpublished"),
        ("How many Member States have designated an NKPO so far?", "unpublished"),
        ("what is the salary of an NKPO", "unsure"),
        ("What are the office hours of the Partnerships Section?", "unpublished"),
        ("What's today's USD to EUR exchange rate? I want to convert the 13 million ITCP budget.", "unsure"),
        ("tell me about the Mars shipping programme", "unsure"),
        ("who won the world cup", "unsure"),
    ],
)
def test_what_the_bot_does_not_hold_is_declined_with_the_reason(
    session: Session, text: str, reason: str
) -> None:
    answer = answer_question(session, text)
    assert not answer.answered and answer.reason == reason, (answer.kind, answer.reason, answer.matched)


def test_a_declined_figure_says_what_the_bot_does_know_nearby(session: Session) -> None:
    answer = answer_question(session, "What is the approved budget of the ITCP for the 2020-2021 biennium?")
    assert not answer.answered and "2020, 2021" in answer.text and "2018-2019" in answer.text
    assert answer.text.startswith("I don't have that figure")


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("i heard IMO has like 200 partnership arrangements, is that right?", "Not quite (158, not 200)"),
        ("my colleague says there are 88 LoAs in force, can u confirm", "Not quite (55, not 88: 88 is the"),
        ("A.986(24) was adopted in 2010 right?", "Not quite (2005, not 2010)"),
        ("the ITCP 2018-2019 budget was USD 30 million i think?", "Not quite (13,000,000, not 30,000,000)"),
        ("where is Circular Letter No.4040 with the NKPO form?", "Not quite (4004, not 4040)"),
        ("There are 55 LoAs in force, right?", "Yes: 55 letters of agreement"),
        ("Does IMO have a regular budget for technical cooperation?", "No: "),
        ("L'OMI dispose-t-elle d'un budget ordinaire pour la coopération technique ?", "Non : "),
        ("¿Tiene la OMI un presupuesto ordinario para la cooperación técnica?", "No: "),
    ],
)
def test_a_premise_is_checked_against_the_fact(session: Session, text: str, starts: str) -> None:
    answer = answer_question(session, text)
    assert answer.answered and answer.text.startswith(starts), answer.text


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("how many more MoUs than LoAs does IMO have?", "33 more MoUs"),
        ("LoAs plus IPAs together = ?", "70 arrangements in all"),
        ("how many of the arrangements in force are not MoUs or framework agreements?", "70 of the 158"),
        ("total number of programmes (global + regional) in the 2018-19 ITCP?", "24 programmes"),
    ],
)
def test_two_published_counts_are_added_or_compared(session: Session, text: str, figure: str) -> None:
    answer = answer_question(session, text)
    assert answer.answered and figure in answer.text, answer.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "our ministry wants to lend IMO an expert free of charge, which kind of arrangement is that?",
            "MoU",
        ),
        ("we want to send a one-time payment to IMO, what agreement type is that", "letter of agreement"),
        ("if we set up a regional response centre with IMO would that be an LoA?", "No: "),
    ],
)
def test_the_kind_of_arrangement_a_form_of_support_falls_under(
    session: Session, text: str, expected: str
) -> None:
    answer = answer_question(session, text)
    assert answer.answered and expected in answer.text, answer.text


@pytest.mark.parametrize(
    ("text", "expansion"),
    [
        ("what does SIDS stand for", "Small Island Developing States"),
        ("PSSA - full form?", "Particularly Sensitive Sea Area"),
        ("ITCP and IPA - what do these acronyms stand for?", "implementing partner agreement"),
        ("bbnj meaning pls", "biodiversity beyond national jurisdiction"),
    ],
)
def test_abbreviations_are_expanded_from_the_vocabulary(session: Session, text: str, expansion: str) -> None:
    answer = answer_question(session, text)
    assert answer.answered and expansion in answer.text


def test_an_abbreviation_the_vocabulary_does_not_expand_is_not_guessed(session: Session) -> None:
    answer = answer_question(session, "what does DPP stand for in 'Partnerships Section of DPP'?")
    assert not answer.answered and answer.text.startswith("I don't have an expansion")


def test_typos_are_corrected_only_towards_close_known_words() -> None:
    known = ["djibouti", "water", "arrangements", "nkpo", "budget"]
    assert closest("djibuti", known) == "djibouti" and closest("budjet", known) == "budget"
    assert closest("arrangments", known) == "arrangements" and closest("nkop", known) == "nkpo"
    assert closest("weather", known) is None and closest("mars", ["arms"]) is None
    assert read_question("whats the budjet", known).corrections == (("budjet", "budget"),)


def test_filler_and_country_names_are_not_terms() -> None:
    reading = read_question(
        "hi! greetings from Vanuatu, quick question pls: how many MoUs rn?", [], (), {"vanuatu"}
    )
    assert reading.terms == ("@mou",) and "count" in reading.asks


def test_a_card_the_secretariat_adds_is_answered_at_once(session: Session) -> None:
    session.add(
        AnswerCard(
            slug="test-office-hours", topic="Partnerships Section office hours (test)",
            questions=["When are the office hours of the Partnerships Section?"], answer="Test answer.",
            keywords="office hours",
        )
    )  # fmt: skip
    session.flush()
    assert answer_question(session, "office hours of the partnerships section?").matched == (
        "card:test-office-hours"
    )


@pytest.mark.parametrize(("text", "kind"), [("🎉🎉 :tada:", "no_words"), ("???", "no_words")])
def test_nothing_to_read_says_so(session: Session, text: str, kind: str) -> None:
    answer = answer_question(session, text)
    assert answer.kind == kind and not answer.answered


def test_unsure_answers_suggest_the_closest_topics(session: Session) -> None:
    answer = answer_question(session, "ballast water pump brands, paint colours and tank sizes")

    assert not answer.answered
    assert "Ballast Water Management Convention (BWM), 2004" in [s.title for s in answer.suggestions]


def test_declined_questions_are_counted_newest_first(session: Session) -> None:
    for text in (
        "what is the NKPO salary",
        "how many MoUs",
        "who won the world cup",
        "What is the NKPO salary",
    ):
        record_question(
            session, user_id="U1", channel_id="C1", via="slash", answer=answer_question(session, text)
        )
    unanswered = recent_unanswered(session)
    assert [(u.question.text, u.times) for u in unanswered] == [
        ("What is the NKPO salary", 2),
        ("who won the world cup", 1),
    ]
    assert all(u.question.reason == "unsure" and u.question.via == "slash" for u in unanswered)


def test_feedback_keeps_each_users_latest_vote_and_lists_disliked_answers(session: Session) -> None:
    asked = record_question(
        session, user_id="U1", channel_id="C1", via="slash", answer=answer_question(session, "how many MoUs")
    )
    assert record_feedback(session, asked.id, "U1", 1) and record_feedback(session, asked.id, "U1", -1)
    assert record_feedback(session, asked.id, "U2", -1) and not record_feedback(session, 999999, "U1", -1)
    assert not record_feedback(session, asked.id, "U1", 7)
    [disliked] = disliked_answers(session)
    assert (disliked.question.id, disliked.down, disliked.up) == (asked.id, 2, 0)


def test_an_arrangement_on_record_is_answered_and_marked_as_a_sample(session: Session) -> None:
    partner = Partner(name="Sample Maritime Authority of Testland", kind="government", is_sample=True)
    session.add(
        Arrangement(
            ref="SAMPLE-1", title="Sample support to port state control training", nature="mou",
            partner=partner, member_state="Testland", signed_on=date(2022, 3, 1), is_sample=True,
        )
    )  # fmt: skip
    session.flush()
    answer = answer_question(session, "do we have an MoU with the Testland maritime authority?")
    assert answer.matched == "arrangement:SAMPLE-1" and "sample record" in answer.text
    assert "1 March 2022" in answer.text


def test_a_card_links_the_record_it_names_when_it_answers(session: Session) -> None:
    answer = answer_question(session, "where is the NKPO designation form?")
    document = session.scalars(select(Document).where(Document.symbol == "Circular Letter No.4004")).one()
    assert answer.matched == "card:designate-an-nkpo"
    assert answer.link is not None and (answer.link.command, answer.link.record_id) == ("/docs", document.id)


def test_programme_answer_names_its_funder_and_links_the_programme(session: Session) -> None:
    answer = answer_question(session, "who funds the marine environment projects in east asia")
    assert answer.matched == "programme:norad-east-asia" and "Norad" in answer.text
    programme = session.scalars(select(Programme).where(Programme.slug == "norad-east-asia")).one()
    assert answer.link is not None and answer.link.record_id == programme.id


def test_the_nkpo_of_a_country_comes_from_the_records_and_none_on_record_is_declined(
    session: Session,
) -> None:
    answer = answer_question(session, "who is the NKPO of the UK")
    assert not answer.answered and answer.reason == "nkpo_not_on_record"
    assert answer.text.startswith("No NKPO is on record for United Kingdom")
    session.add(
        Nkpo(member_state="Kenya", iso2="KE", iso3="KEN", person_name="Sample Person A", is_sample=True)
    )
    session.flush()
    for text in (
        "who's our NKPO in Kenya?",
        "nkpo for KEN",
        "who is the national knowledge partnership officer of Kenia",
    ):
        answer = answer_question(session, text)
        assert (
            answer.matched == "nkpo:KEN"
            and "Sample Person A" in answer.text
            and "sample record" in answer.text
        )
    assert answer_question(session, "what is an NKPO").matched == "card:what-is-an-nkpo"
    assert answer_question(session, "I was just nominated NKPO for Kenya, what is my role?").matched == (
        "card:what-is-an-nkpo"
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Does Panama have an MoU in force with IMO?", "breakdown"),
        ("combien d'accords le Sénégal a signé avec l'OMI ?", "breakdown"),
        ("when was TC 74 held?", "unpublished"),
        ("who is the current Secretary-General of IMO?", "person"),
        ("Qui est l'actuel Secrétaire général de l'OMI ?", "person"),
        ("en 2017 que financio el programa para PEID y PMA?", "missing_year"),
        ("Est-ce que Norad va financer une phase 5 ?", "prediction"),
        ("Puedo firmar yo como NKPO un acuerdo marco o necesito plenos poderes?", "advice"),
    ],
)
def test_what_the_knowledge_does_not_hold_is_declined_in_every_language(
    session: Session, text: str, reason: str
) -> None:
    answer = answer_question(session, text)
    assert not answer.answered and answer.reason == reason, (answer.reason, answer.text)


def test_a_greeting_from_a_country_or_a_code_named_after_one_is_not_about_its_arrangements(
    session: Session,
) -> None:
    assert (
        "158"
        in answer_question(session, "greetings from Vanuatu :) how many arrangements are in force?").text
    )
    assert answer_question(session, "which arrangements support the Djibouti Code?").answered
    assert answer_question(session, "what does A.986 say about Africa?").text.startswith(
        "Assembly resolution"
    )


def test_an_answer_s_buttons_name_its_question_by_ref_or_by_the_id_older_buttons_carry(
    session: Session,
) -> None:
    ref = new_ref()
    assert ref.startswith("q") and len(ref) == 17 and not ref.isdigit()
    kept = record_question(
        session,
        user_id="U1",
        channel_id="C1",
        via="slash",
        answer=answer_question(session, "how many MoUs"),
        ref=ref,
    )
    assert question_id_of(session, ref) == kept.id and question_id_of(session, str(kept.id)) == kept.id
    assert question_id_of(session, new_ref()) is None  # not kept (yet)
    assert question_id_of(session, "") is None and question_id_of(session, "x" * 5000) is None
