"""The Web API client's retries, against the fake Slack Web API."""

from pathlib import Path
from urllib.error import HTTPError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.config import Settings
from bot.messenger import SlackMessenger, is_slack_file_host, make_web_client
from bot.views.blocks import Reply
from tests import samples
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


def test_an_upload_step_5xx_or_timeout_starts_the_upload_again(
    settings: Settings, fake_slack: FakeSlackAPI, tmp_path: Path
) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(samples.pdf())
    fake_slack.fail("upload", status=503)
    fake_slack.delay("upload", 1.5)  # longer than the client's timeout
    file_id = SlackMessenger(make_web_client(settings, timeout=1)).upload("C1", path, "a.pdf", "A", "shared")
    (completed,) = fake_slack.calls_to("files.completeUploadExternal")
    assert (
        completed.decoded("files")[0]["id"] == file_id and fake_slack.uploaded_files[file_id] == samples.pdf()
    )
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 3


def test_an_upload_refused_for_good_is_not_retried(
    settings: Settings, fake_slack: FakeSlackAPI, tmp_path: Path
) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(samples.pdf())
    fake_slack.fail("upload", status=403)
    with pytest.raises(HTTPError):
        SlackMessenger(make_web_client(settings)).upload("C1", path, "a.pdf", "A", "shared")
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 1
    assert fake_slack.calls_to("files.completeUploadExternal") == []


def test_download_sends_the_token_only_to_slack(settings: Settings, fake_slack: FakeSlackAPI) -> None:
    entry = fake_slack.host_file(b"hello", "a.txt")
    messenger = SlackMessenger(make_web_client(settings))
    assert b"".join(messenger.download(entry["url_private"])) == b"hello"
    with pytest.raises(OSError, match="not an address of a file Slack holds"):
        b"".join(messenger.download("https://evil.example.org/a.txt"))
    assert len(fake_slack.calls_to("file_download")) == 1


def test_download_refuses_slacks_sign_in_page(settings: Settings, fake_slack: FakeSlackAPI) -> None:
    entry = fake_slack.host_file(b"hello", "a.txt")
    messenger = SlackMessenger(WebClient(token="xoxp-not-a-bot-token", base_url=fake_slack.url))
    with pytest.raises(OSError, match="web page instead of the file"):
        b"".join(messenger.download(entry["url_private"]))


def test_a_redirect_is_followed_only_to_slack_or_the_emulator(
    settings: Settings, fake_slack: FakeSlackAPI
) -> None:
    messenger = SlackMessenger(make_web_client(settings))
    entry = fake_slack.host_file(b"the real file", "a.txt")
    inside = fake_slack.redirect_file("/files-pri/T0001-FMOVED/a.txt", entry["url_private"])
    assert b"".join(messenger.download(inside)) == b"the real file"
    with FakeSlackAPI() as elsewhere:  # another host on this machine (loopback, by another name)
        planted = elsewhere.host_file(b"not from Slack", "a.txt")["url_private"].replace(
            "127.0.0.1", "localhost"
        )
        outside = fake_slack.redirect_file("/files-pri/T0001-FEVIL/a.txt", planted)
        with pytest.raises(OSError, match="redirected elsewhere"):
            b"".join(messenger.download(outside))
        assert elsewhere.calls == []


@pytest.mark.parametrize(
    "url",
    [
        "https://files.slack.com.evil.example/a.txt",
        "http://files.slack.com/a.txt",
        "https://10.0.0.1/a.txt",
        "https://127.0.0.1/a.txt",
        "https://evil.example.org/files.slack.com",
    ],
)
def test_addresses_that_are_not_slacks_are_refused(url: str) -> None:
    assert not is_slack_file_host(url, "http://127.0.0.1:8999")
