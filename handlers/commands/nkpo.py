"""/nkpo: the role and the directory; a country's NKPO; `add`, `edit <country>` (the secretariat) and
`register` (anyone) open a form."""

from __future__ import annotations

from bot.i18n import N_, _
from bot.services.nkpo import CountryMatch, nkpo_guide, nkpos_for, resolve_country
from bot.services.nkpo_directory import directory_summary, history, pending_registrations
from bot.text import clean, parse_arguments
from bot.views.blocks import Reply
from bot.views.help import usage
from bot.views.nkpo import (
    NOT_ALLOWED,
    choose_to_edit,
    guide_reply,
    nkpo_form,
    nkpo_reply,
    nothing_to_edit,
    unknown_country_reply,
)
from handlers.context import Command, Ctx
from handlers.web_api import open_form

SUBCOMMANDS = ("add", "edit", "register")


def handle(ctx: Ctx) -> Reply | None:
    args = parse_arguments(ctx.request.text, frozenset())
    contact = ctx.settings.partnerships_contact
    if args.first_word == "help":
        return usage(COMMAND)
    if args.first_word in SUBCOMMANDS:
        return _subcommand(ctx, args.first_word, args.rest)
    if not args.words:
        waiting = pending_registrations(ctx.session) if ctx.is_secretariat else None
        return guide_reply(nkpo_guide(ctx.session), directory_summary(ctx.session), NAME, contact, waiting)
    match = resolve_country(args.words)
    if match is None:
        return unknown_country_reply(args.words)
    if not ctx.is_secretariat:
        found = nkpos_for(ctx.session, match.country)
        return nkpo_reply(match, found, args.words, NAME, clean(ctx.request.text), contact)
    found = nkpos_for(ctx.session, match.country, include_retired=True)
    changes = history(ctx.session, [nkpo.id for nkpo in found])
    return nkpo_reply(match, found, args.words, NAME, clean(ctx.request.text), contact, changes)


def _subcommand(ctx: Ctx, name: str, rest: str) -> Reply | None:
    if name == "register":
        if rest:
            return usage(COMMAND, _("`/nkpo register` opens a form; it takes no more words."))
        return open_form(ctx, nkpo_form("register"))
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    match: CountryMatch | None = None
    if rest:
        match = resolve_country(rest, guess=False)
        if match is None:
            return unknown_country_reply(rest)
    if name == "add":
        return open_form(ctx, nkpo_form("add", country=match.country.name if match else ""))
    if match is None:
        return usage(COMMAND, _("Which country? e.g. `/nkpo edit Kenya`."))
    found = nkpos_for(ctx.session, match.country, include_retired=True)
    if not found:
        return nothing_to_edit(match)
    if len(found) > 1:
        return choose_to_edit(match, found)
    return open_form(ctx, nkpo_form("edit", found[0]))


NAME = "/nkpo"
COMMAND = Command(
    name=NAME,
    summary=N_("what an NKPO is, who is the NKPO of a country, and the directory"),
    usage=N_(
        "`/nkpo` what an NKPO is, how to designate one, and how many Member States have one on record\n"
        "`/nkpo <country>` that country's NKPO, if one is on record (its name in English, French or "
        "Spanish, or its ISO code: `Kenya`, `Royaume-Uni`, `Reino Unido`, `UK`, `GBR`)\n"
        "`/nkpo register` ask to be recorded as your country's NKPO (the Partnerships Section confirms it)\n"
        "`/nkpo add [country]` (Partnerships Section) record an NKPO: a form\n"
        "`/nkpo edit <country>` (Partnerships Section) change or retire a country's NKPO: the form, filled"
    ),
    handle=handle,
)
