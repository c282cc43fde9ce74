"""Nothing a user types reaches Slack as markup: not in blocks, and not in the fallback `text` either
(which Slack shows in notifications and parses for mentions and links)."""

from __future__ import annotations

from bot.views.announcements import FORM_CALLBACK, POST_ACTION
from tests.conftest import SECRETARIAT, LiveApp
from tests.e2e.test_announce import buttons, form_values

HOSTILE = "<!channel> <@U0VICTIM> <http://evil.example|click here>"
RAW = ("<!channel>", "<@U0VICTIM>", "<http://evil")


def assert_inert(texts: list[str]) -> None:
    for text in texts:
        assert not any(raw in text for raw in RAW), text


def mrkdwn(value: object) -> list[str]:
    """Every text Slack reads as mrkdwn in a message body or its blocks (plain_text is shown as typed)."""
    if isinstance(value, list):
        return [text for item in value for text in mrkdwn(item)]
    if not isinstance(value, dict):
        return []
    found = [value["text"]] if value.get("type") == "mrkdwn" and isinstance(value.get("text"), str) else []
    if "response_type" in value and isinstance(value.get("text"), str):  # a message's fallback text
        found.append(value["text"])
    return found + [text for key, item in value.items() if key != "text" or isinstance(item, dict)
                    for text in mrkdwn(item)]  # fmt: skip


def test_no_text_the_bot_sends_carries_a_users_markup(live_app: LiveApp) -> None:
    fake, slack = live_app.fake, live_app.slack
    sent: list[str] = []
    commands = [
        "/partnerships",
        "/programmes",
        "/docs",
        "/nkpo",
        "/digest",
        "/ask",
        "/history",
        "/frobnicate",
    ]
    for command in commands:
        sent += mrkdwn(live_app.command(command, f"what is {HOSTILE} ?").json())
    preview = live_app.command("/announce", f"Body {HOSTILE}", user_id=SECRETARIAT).json()
    sent += mrkdwn(preview)
    slack.action(
        POST_ACTION, buttons(preview)[POST_ACTION], user_id=SECRETARIAT, response_url=fake.response_url()
    )
    fake.wait_for("chat.postMessage")
    slack.view_submission(
        FORM_CALLBACK, form_values(f"Title {HOSTILE}", f"Body {HOSTILE}"), user_id=SECRETARIAT
    )
    fake.wait_for("chat.postMessage", 3)  # the form's post and the DM telling the author
    sent += mrkdwn(live_app.command("/ask", "unanswered", user_id=SECRETARIAT).json())
    posts = fake.calls_to("chat.postMessage") + fake.responses()
    sent += [str(call.params.get("text", "")) for call in posts]
    sent += [text for call in posts for text in mrkdwn(call.decoded("blocks"))]
    assert any("&lt;!channel&gt;" in text for text in sent)  # the words are shown, made harmless
    assert_inert(sent)
