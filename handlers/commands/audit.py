"""/audit [words] [user:@name] [since:YYYY-MM-DD]: the audit trail, for the secretariat only."""

from __future__ import annotations

from bot.i18n import N_, _
from bot.services.audit import MENTION, AuditQuery, actor_of, audit_page
from bot.text import InputError, parse_arguments, read_date
from bot.views.audit import NOT_ALLOWED, PAGE, audit_reply
from bot.views.blocks import Reply, escape
from bot.views.help import usage
from handlers.context import Command, Ctx

FILTERS = frozenset({"user", "since"})


def handle(ctx: Ctx) -> Reply:
    if ctx.request.text.strip().lower() == "help":
        return usage(COMMAND)
    if not ctx.is_secretariat:
        return Reply(text=_(NOT_ALLOWED))
    text = MENTION.sub(lambda found: found.group(1), ctx.request.text)  # <@U123|name> -> U123
    try:
        args = parse_arguments(text, FILTERS)
    except InputError as error:
        return usage(COMMAND, str(error))
    since = None
    if "since" in args.filters:
        try:
            since = read_date(args.filters["since"])
        except ValueError:
            return usage(
                COMMAND,
                _(
                    "{filter} takes a date like {example}, not {typed}.",
                    filter="`since:`",
                    example="`since:2026-12-01`",
                    typed=f"`{escape(args.filters['since'][:20])}`",
                ),
            )
    actor = None
    if "user" in args.filters:
        actor = actor_of(args.filters["user"])
        if actor is None:
            return usage(
                COMMAND,
                _(
                    "{filter} takes a person, e.g. {example}, or {processes}.",
                    filter="`user:`",
                    example="`user:@jane`",
                    processes=_(
                        "{first}, {second} or {third}", first="`import`", second="`clock`", third="`cli`"
                    ),
                ),
            )
    query = AuditQuery(words=tuple(args.words.split()) if args.words else (), actor=actor, since=since)
    entries, total, page = audit_page(ctx.session, query, ctx.request.state.page, PAGE)
    return audit_reply(entries, total, page, query, text)


COMMAND = Command(
    name="/audit",
    summary=N_("who changed what, when (secretariat only)"),
    usage=N_(
        "`/audit` the latest privileged actions: announcements, documents, imports, answer cards, the NKPO "
        "directory, reminder and digest runs\n"
        "`/audit [words] [user:@name] [since:YYYY-MM-DD]` narrow it, "
        "e.g. `/audit announcement since:2026-12-01`"
    ),
    handle=handle,
)
