"""The old Yammer group's history in Slack: results of `/history`, a thread page by page, the overview.

Everything shown comes from the export, so everything is made inert: text is escaped (no `<!channel>`,
no `<url|label>` of the export's making), `@channel`, `@here` and `@everyone` written in a message
are broken with a word joiner, and a link is shown only as its own address (`<https://…>`, when it
is a safe http(s) address). A mention `[[user:123]]` becomes the person's name, or their Slack
mention when the import mapped them to a Slack user: these replies are ephemeral, seen only by the
one who asked, so nobody is notified.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from bot.i18n import N_, _, _n, figure, short_date
from bot.services.documents import safe_url
from bot.services.history import (
    COMMAND,
    MAX_PEOPLE,
    HistoryPage,
    Message,
    Overview,
    Person,
    ThreadPage,
    ThreadSummary,
    excerpt,
)
from bot.services.search import WINDOW
from bot.views.blocks import (
    MAX_BLOCKS,
    NEXT_ACTION,
    PREVIOUS_ACTION,
    Block,
    Reply,
    Rerun,
    ViewState,
    actions,
    button,
    context,
    escape,
    header,
    section,
    split_text,
    truncate,
)
from bot.views.results import PAGE_SIZE, details_button, navigation

SHOW_THREAD_ACTION = "history_show_thread"
LABEL = N_(
    ":speech_balloon: _Community discussion from the old Yammer group, as it was written: "
    "not IMO's official word._"
)
HINT = N_("Try other words, fewer filters, or `/history` to see what the history holds.")
NOT_IMPORTED = N_(
    ":information_source: The old Yammer group's history has not been imported yet. The Partnerships "
    "Section brings it in with `python -m bot import yammer <export.zip>` (see the README)."
)
TOKEN = re.compile(r"\[\[user:(\d{1,20})\]\]|(https?://[^\s<>\"'`|]+)")
BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
TRAILING = ".,;:!?)]}»”'"
WORD_JOINER = "\u2060"
# What a thread page may hold at most in Slack's terms (the limit is 50,000 characters and 50 blocks).
MAX_PAGE_CHARS = 40_000


def inert(text: str) -> str:
    """Text from the export made safe for mrkdwn: escaped, and no broadcast word that could ping."""
    return BROADCAST.sub(lambda m: "@" + WORD_JOINER + m.group(1), escape(text))


def person_text(person: Person | None, mention: bool = True) -> str:
    """A person as mrkdwn: their Slack mention when mapped (and `mention`), else their name."""
    if person is None:
        return _("someone")
    if mention and person.mention_id:
        return f"<@{person.mention_id}>"
    return inert(person.name)


def link_text(url: str) -> str:
    """A link from the export: its own address as a link when it is a safe http(s) one, else text."""
    if safe_url(url):
        return f"<{url.replace('&', '&amp;')}>"
    return inert(url)


def body_mrkdwn(body: str, people: dict[str, Person]) -> str:
    """A message's text as safe mrkdwn: mentions named (or mentioned), links shown by their address (not
    one written inside Slack's own <...> markup: that stays text)."""
    parts: list[str] = []
    position = 0
    for match in TOKEN.finditer(body):
        parts.append(inert(body[position : match.start()]))
        if match.group(1) is not None:
            found = people.get(match.group(1))
            parts.append(person_text(found) if found is None or found.mention_id else "@" + inert(found.name))
        elif body[max(0, match.start() - 1) : match.start()] == "<":  # Slack markup written in the text
            parts.append(inert(match.group(2)))
        else:
            url = match.group(2)
            kept = url.rstrip(TRAILING)
            parts.append(link_text(kept) + inert(url[len(kept) :]))
        position = match.end()
    parts.append(inert(body[position:]))
    return "".join(parts)


def when(moment: datetime | date) -> str:
    return short_date(moment.date() if isinstance(moment, datetime) else moment)


def show_thread_button(thread_id: int, text: str = "") -> Block:
    """Show thread: the thread's first page, as a new message (the results, or an answer, stay)."""
    return button(
        _("Show thread"), SHOW_THREAD_ACTION, Rerun(COMMAND, text, ViewState(1, thread_id)).encode()
    )


def _thread_line(thread: ThreadSummary) -> str:
    where = f" · {inert(thread.group)}" if thread.group else ""
    count = _n("{count} message", "{count} messages", thread.messages)
    started = _(
        "Started by {person} on {date}", person=person_text(thread.starter), date=when(thread.started_at)
    )
    return f"*{inert(thread.title)}*{where}\n{started} · {count}"


# --------------------------------------------------------------------------- results


def history_results(page: HistoryPage, number: int, text: str, described: str) -> Reply:
    """One page of threads found, each with its best-matching message and Show thread."""
    title = _("Yammer history")
    asked = f" {described}" if described else ""
    if not page.hits:
        nothing = (
            _("Nothing in the old group's history matches {asked}.", asked=escape(described))
            if described
            else _("Nothing in the old group's history matches.")
        )
        return Reply(text=f"{nothing} {_(HINT)}", blocks=[section(f":mag: {nothing}\n{_(HINT)}")])
    first = (number - 1) * PAGE_SIZE + 1
    last = first + len(page.hits) - 1
    if page.capped:
        count = _(
            "Showing threads {first}–{last} of those in the first {window} matching messages; "
            "add words or filters to narrow them.",
            first=first,
            last=last,
            window=figure(WINDOW),
        )
    else:
        count = _(
            "Showing threads {first}–{last} of {total}.", first=first, last=last, total=figure(page.total)
        )
    matching = _("Matching {asked}.", asked=described) + f" {count}" if described else count
    blocks: list[Block] = [header(title), context(escape(matching))]
    for hit in page.hits:
        message = hit.message
        said = (
            f"> {inert(excerpt(message.body, page.people))}\n"
            f"— {person_text(message.author)}, {when(message.created_at)}"
        )
        blocks.append(section(f"{_thread_line(hit.thread)}\n{said}", show_thread_button(hit.thread.id, text)))
    nav = navigation(COMMAND, text, number, page.total, share_page=False)
    if nav is not None:
        blocks.append(nav)
    blocks.append(context(_(LABEL)))
    titles = "; ".join(truncate(hit.thread.title, 60) for hit in page.hits)
    return Reply(text=escape(f"{title}:{asked}. {count} {titles}"), blocks=blocks)


# --------------------------------------------------------------------------- a thread


def thread_reply(page: ThreadPage, text: str = "") -> Reply:
    """One page of a thread, oldest first: who wrote, when, the text, its link cards and files; the
    files in the library have a Details button; Earlier / Later move through the pages."""
    thread = page.thread
    where = f"{inert(thread.group)} · " if thread.group else ""
    pages = (
        " · " + _("page {number} of {count}", number=page.number, count=page.pages) if page.pages > 1 else ""
    )
    started = _(
        "started by {person} on {date}", person=person_text(thread.starter), date=when(thread.started_at)
    )
    count = _n("{count} message", "{count} messages", thread.messages)
    blocks: list[Block] = [header(thread.title), context(f"{where}{started} · {count}{pages}")]
    room = MAX_BLOCKS - 4
    used = 0
    pieces = [piece for message in page.messages for piece in _message_blocks(message, page.people)]
    for index, (piece, accessory) in enumerate(pieces):
        if len(blocks) >= room or used + len(piece) > MAX_PAGE_CHARS:
            blocks.append(
                context(
                    _(
                        "… {count} more parts of this page are too long to show in Slack.",
                        count=len(pieces) - index,
                    )
                )
            )
            break
        blocks.append(section(piece, accessory))
        used += len(piece)
    nav = _thread_navigation(thread.id, text, page.number, page.pages)
    if nav is not None:
        blocks.append(nav)
    blocks.append(context(_(LABEL)))
    fallback = thread.title + ": " + _("{count} from the old Yammer group", count=f"{count}{pages}")
    return Reply(text=escape(fallback), blocks=blocks)


def _message_blocks(message: Message, people: dict[str, Person]) -> list[tuple[str, Block | None]]:
    """A message as sections: who and when with its text and link cards (in pieces of Slack's size),
    then a line per attached file, with Details for a file in the library."""
    lines = [f"*{person_text(message.author)}* · {when(message.created_at)}"]
    if message.body:
        lines.append(body_mrkdwn(message.body, people))
    for link in message.links:
        described = " · ".join(
            inert(part) for part in (link.get("title", ""), link.get("description", "")) if part
        )
        lines.append(f":link: {link_text(link.get('url', ''))}" + (f" {described}" if described else ""))
    pieces: list[tuple[str, Block | None]] = [(piece, None) for piece in split_text("\n".join(lines))]
    for note in message.files:
        if note.document_id is not None:
            pieces.append(
                (
                    f":paperclip: {inert(note.name)} _({_('in the library')})_",
                    details_button("/docs", "", note.document_id, 1),
                )
            )
        else:
            state = _("not in the export") if note.status == "missing" else _("not added to the library")
            pieces.append((f":paperclip: {inert(note.name)} _({state})_", None))
    return pieces


def _thread_navigation(thread_id: int, text: str, number: int, pages: int) -> Block | None:
    elements = []
    if number > 1:
        earlier = Rerun(COMMAND, text, ViewState(number - 1, thread_id)).encode()
        elements.append(button(_("◀ Earlier"), PREVIOUS_ACTION, earlier))
    if number < pages:
        later = Rerun(COMMAND, text, ViewState(number + 1, thread_id)).encode()
        elements.append(button(_("Later ▶"), NEXT_ACTION, later))
    return actions(*elements) if elements else None


def nobody_called(name: str, many: bool = False) -> Reply:
    """`from:` named nobody of the history, or too many people."""
    if many:
        return Reply(
            text=_(
                ":information_source: More than {count} people of the old group are called “{name}”; "
                "type more of the name, e.g. `from:ana.example`.",
                count=MAX_PEOPLE,
                name=escape(name),
            )
        )
    return Reply(
        text=_(
            ":information_source: No one in the old group's history is called “{name}”.", name=escape(name)
        )
    )


def thread_gone() -> Reply:
    return Reply(text=_(":information_source: That thread is no longer in the history; please search again."))


# --------------------------------------------------------------------------- the overview


def overview_reply(found: Overview, usage: str) -> Reply:
    """What the history holds (or that it has not been imported), and how to search it."""
    if not found.threads:
        return Reply(text=f"{_(NOT_IMPORTED)} {usage}", blocks=[section(_(NOT_IMPORTED)), section(usage)])
    span = (
        " " + _("from {start} to {end}", start=when(found.first), end=when(found.last))
        if found.first and found.last
        else ""
    )
    groups = (
        ", " + _("in {groups}", groups=", ".join(inert(name) for name in found.groups))
        if found.groups
        else ""
    )
    files = (
        " " + _n("{count} of its files is in the library (`/docs yammer`).",
                 "{count} of its files are in the library (`/docs yammer`).", found.files)
        if found.files
        else ""
    )  # fmt: skip
    held = _(
        "{threads} threads and {messages} messages",
        threads=figure(found.threads),
        messages=figure(found.messages),
    )
    summary = f"{held}{span}{groups}.{files}"
    title = _("The old Yammer group's history")
    blocks = [header(title), section(summary), section(usage), context(_(LABEL))]
    return Reply(text=f"{title}: {summary}", blocks=blocks)
