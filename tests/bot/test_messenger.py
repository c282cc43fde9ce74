"""The Web API client's retries, against the fake Slack Web API."""

import pytest
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.messenger import SlackMessenger, make_web_client
from bot.views.blocks import Reply
from tests.fakes.slack_api import FakeSlackAPI


@pytest.mark.parametrize("status", [502, 504])
def test_a_5xx_is_retried_and_the_message_posted_once(
    settings: Settings, fake_slack: FakeSlackAPI, status: int
) -> None:
    fake_slack.fail("chat.postMessage", status=status)
    SlackMessenger(make_web_client(settings)).post("C1", Reply(text="hello"))
    assert len(fake_slack.failed_calls) == 1 and len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_429_waits_out_retry_after(settings: Settings, fake_slack: FakeSlackAPI) -> None:
    fake_slack.fail("chat.postMessage", status=429, retry_after=0, times=2)
    SlackMessenger(make_web_client(settings)).post("C1", Reply(text="hello"))
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def test_a_read_timeout_is_retried(settings: Settings, fake_slack: FakeSlackAPI) -> None:
    fake_slack.delay("conversations.open", 1.5)
    assert SlackMessenger(make_web_client(settings, timeout=1)).open_dm("U1") == "DU1"


def test_a_persistent_error_is_raised_not_swallowed(settings: Settings, fake_slack: FakeSlackAPI) -> None:
    fake_slack.error("chat.postMessage", "channel_not_found")
    with pytest.raises(SlackApiError):
        SlackMessenger(make_web_client(settings)).post("C1", Reply(text="hello"))
