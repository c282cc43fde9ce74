"""Views for /nkpo: the role and how to designate one, and a country's NKPO when on record."""

from __future__ import annotations

from bot.services.nkpo import CountryMatch, NkpoGuide
from bot.views.blocks import (
    Block,
    Reply,
    actions,
    context,
    escape,
    fields,
    header,
    link_button,
    section,
    share_button,
)
from bot.views.results import SAMPLE_NOTE
from storage.models import Document, Nkpo

ASK_THE_SECTION = "the Partnerships Section of IMO's Department of Partnerships and Projects"


def document_blocks(document: Document | None) -> list[Block]:
    """The designation document as the library has it: its link when held, else where to ask."""
    if document is None:
        return [context(f"The designation form is in Circular Letter No.4004; ask {ASK_THE_SECTION}.")]
    text = f":page_facing_up: *{escape(document.symbol)}*: {escape(document.title)}"
    if document.url:
        return [section(text, link_button("Open", document.url))]
    return [section(text), context(f"The library holds no file or link for it yet; ask {ASK_THE_SECTION}.")]


def guide_reply(guide: NkpoGuide, command: str) -> Reply:
    blocks: list[Block] = [header("National Knowledge Partnership Officers (NKPOs)")]
    blocks.extend(section(escape(card.answer)) for card in guide.cards)
    blocks.extend(document_blocks(guide.document))
    blocks.append(
        context("Look up a country's NKPO with `/nkpo <country>`, e.g. `/nkpo Kenya` or `/nkpo KEN`.")
    )
    blocks.append(actions(share_button(command, "")))
    answers = " ".join(escape(card.answer) for card in guide.cards)
    return Reply(
        text=answers or "NKPOs are designated with the form in Circular Letter No.4004.", blocks=blocks
    )


def nkpo_reply(match: CountryMatch, nkpo: Nkpo | None, typed: str, command: str, text: str) -> Reply:
    country = escape(match.country.name)
    blocks: list[Block] = []
    if match.guessed:
        blocks.append(context(f":mag: Taking _{escape(typed)}_ as *{country}*."))
    if nkpo is None:
        message = (
            f"No NKPO is on record for *{country}*. Its Government can designate one with the form in "
            f"Circular Letter No.4004; {ASK_THE_SECTION} can help."
        )
        blocks.append(section(message))
        blocks.append(actions(share_button(command, text)))
        return Reply(text=message.replace("*", ""), blocks=blocks)
    blocks.append(header(f"NKPO of {match.country.name}"))
    if nkpo.is_sample:
        blocks.append(context(SAMPLE_NOTE))
    items = [f"*Name*\n{escape(nkpo.person_name)}", f"*Position*\n{escape(nkpo.position or 'not recorded')}"]
    if nkpo.email:
        items.append(f"*Email*\n{escape(nkpo.email)}")
    if nkpo.slack_user_id:
        items.append(f"*In Slack*\n<@{escape(nkpo.slack_user_id)}>")
    if nkpo.designated_on:
        items.append(f"*Designated*\n{nkpo.designated_on:%d %b %Y}")
    blocks.append(fields(*items))
    blocks.append(actions(share_button(command, text)))
    sample = " (sample record)" if nkpo.is_sample else ""
    return Reply(text=f"The NKPO of {country}{sample}: {escape(nkpo.person_name)}.", blocks=blocks)


def unknown_country_reply(typed: str) -> Reply:
    return Reply(
        text=(
            f":information_source: I don't recognise _{escape(typed[:60])}_ as a country. "
            "Try its name or its ISO code, e.g. `/nkpo Kenya`, `/nkpo KEN` or `/nkpo UK`."
        )
    )
