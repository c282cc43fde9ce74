"""The history in Slack's terms: nothing from the export pings or links, mentions name people, pages fit."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

from bot.services.answers import Answer, Link
from bot.services.history import FileNote, Message, Person, ThreadPage, ThreadSummary
from bot.views.answers import answer_reply
from bot.views.blocks import NEXT_ACTION, PREVIOUS_ACTION, Rerun, validate_blocks
from bot.views.history import SHOW_THREAD_ACTION, body_mrkdwn, thread_reply
from bot.views.results import DETAILS_ACTION

PEOPLE = {
    "11": Person("Ana <Example>"),
    "12": Person("Bo Sample", "UBO000001"),
    "13": Person("Chidi", "not-an-id"),
}
WHEN = datetime(2019, 3, 12, 9, 15, tzinfo=UTC)


def test_nothing_from_the_export_can_ping_or_forge_a_link() -> None:
    hostile = (
        "<!channel> <!here|here> @channel @Here @everyone <@U0VICTIM> <http://evil.example|click here> "
        "<mailto:x@evil.example|mail> &lt;!channel&gt; [[user:13]] [[user:99]]"
    )
    shown = body_mrkdwn(hostile, PEOPLE)
    for raw in ("<!channel>", "<!here", "<@U0VICTIM>", "<mailto:", "|click here>", "<!"):
        assert raw not in shown
    assert re.findall(r"<([^>]*)>", shown) == []  # a link written in Slack's markup stays text
    assert "@channel" not in shown and "@Here" not in shown and "@everyone" not in shown
    assert "@\u2060channel" in shown and "&lt;!channel&gt;" in shown
    assert "@Chidi" in shown and " someone" in shown  # a Slack id that is not one is never mentioned


def test_mentions_are_names_or_mapped_slack_users_and_links_their_own_address() -> None:
    shown = body_mrkdwn(
        "Thanks [[user:11]] and [[user:12]]! See https://example.org/a?b=1&c=2. Or javascript:alert(1) "
        "and https://example.org/x|y>z",
        PEOPLE,
    )
    assert "Thanks @Ana &lt;Example&gt; and <@UBO000001>!" in shown
    assert "<https://example.org/a?b=1&amp;c=2>." in shown  # the full stop is not part of the address
    assert "javascript:alert(1)" in shown and "<javascript" not in shown
    assert "<https://example.org/x>|y&gt;z" in shown


def summary(messages: int = 3) -> ThreadSummary:
    return ThreadSummary(
        7, "Sample thread (fictional)", "Sample NKPO of Testland", WHEN, Person("Ana"), messages, WHEN
    )


def message(number: int, body: str, files: tuple[FileNote, ...] = ()) -> Message:
    card = {"url": "https://example.org/", "title": "<b>Card</b>"}
    return Message(number, Person("Ana"), WHEN, body, (card,), files, number == 1)


def test_a_page_of_long_messages_keeps_within_slacks_limits() -> None:
    files = (FileNote("notes.pdf", 42, "stored"), FileNote("gone.docx", None, "missing"))
    huge = [message(n, ("& < > " * 4000)[:19_999], files) for n in range(1, 11)]
    reply = thread_reply(ThreadPage(summary(40), huge, 2, 4, PEOPLE), "ballast")
    assert validate_blocks(reply.blocks) == [] and len(reply.blocks) <= 50
    assert len(json.dumps(reply.blocks)) < 50_000
    assert "more parts of this page are too long to show in Slack" in json.dumps(reply.blocks)
    values = [
        e for b in reply.blocks for e in [*b.get("elements", []), b.get("accessory") or {}] if e.get("value")
    ]
    by_action = {element["action_id"]: Rerun.decode(element["value"]) for element in values}
    assert by_action[PREVIOUS_ACTION] == Rerun("/history", "ballast", by_action[PREVIOUS_ACTION].state)  # type: ignore[union-attr]
    assert (by_action[PREVIOUS_ACTION].state.page, by_action[PREVIOUS_ACTION].state.detail) == (1, 7)  # type: ignore[union-attr]
    assert (by_action[NEXT_ACTION].state.page, by_action[NEXT_ACTION].state.detail) == (3, 7)  # type: ignore[union-attr]


def test_a_thread_shows_files_and_link_cards_safely() -> None:
    files = (FileNote("notes.pdf", 42, "stored"), FileNote("gone.docx", None, "missing"),
             FileNote("tool.exe", None, "refused"))  # fmt: skip
    reply = thread_reply(ThreadPage(summary(), [message(1, "Hello [[user:12]]", files)], 1, 1, PEOPLE))
    text = json.dumps(reply.blocks, ensure_ascii=False)
    assert "notes.pdf _(in the library)_" in text and "gone.docx _(not in the export)_" in text
    assert "tool.exe _(not added to the library)_" in text
    assert ":link: <https://example.org/> &lt;b&gt;Card&lt;/b&gt;" in text
    assert "Hello <@UBO000001>" in text and "not IMO's official word" in text
    assert "<@" not in reply.text  # the notification text names nobody
    assert validate_blocks(reply.blocks) == []
    (details,) = [
        b["accessory"] for b in reply.blocks if b.get("accessory", {}).get("action_id") == DETAILS_ACTION
    ]
    assert Rerun.decode(details["value"]) == Rerun("/docs", "", Rerun.decode(details["value"]).state)  # type: ignore[union-attr]
    assert Rerun.decode(details["value"]).state.detail == 42  # type: ignore[union-attr]


def test_an_answer_from_the_history_offers_show_thread() -> None:
    answer = Answer(
        question="what did the group say about ballast water?",
        kind="answer",
        text="Ana Example started this discussion on 12 March 2019.",
        title="Sample thread (fictional)",
        source="Yammer group (community discussion)",
        as_at="12 March 2019",
        link=Link("/history", "7"),
    )
    reply = answer_reply(answer, shareable=True)
    buttons = {
        e["action_id"]: e for b in reply.blocks for e in b.get("elements", []) if e.get("type") == "button"
    }
    shown = Rerun.decode(buttons[SHOW_THREAD_ACTION]["value"])
    assert shown is not None and shown.command == "/history" and shown.state.detail == 7
    assert buttons[SHOW_THREAD_ACTION]["text"]["text"] == "Show thread"
    assert "more: `/history 7`" not in json.dumps(reply.blocks)
    assert "Yammer group (community discussion)" in json.dumps(reply.blocks)
