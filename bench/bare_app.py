"""The yardstick for bench/http.py: a Bolt app that only acknowledges slash commands.

Served by gunicorn exactly as `python -m bot serve` serves the bot (threaded workers), in Bolt's
fastest configuration for this: process_before_response=True, so the ack is the response.
"""

from __future__ import annotations

import os
import re

from slack_bolt import Ack, App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

bolt = App(
    # Like the bot, its one Web API call (auth.test, once per worker) goes to SLACK_API_URL.
    client=WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"]),
    signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    token_verification_enabled=False,
    process_before_response=True,
)


@bolt.command(re.compile(r"^/"))
def acknowledge(ack: Ack) -> None:
    ack()


app = SlackRequestHandler(bolt, path="/slack/events")
