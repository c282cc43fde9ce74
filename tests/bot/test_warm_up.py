"""A worker's warm-up (bot.web.warm_up, run by `serve` before a worker takes requests): the first
question is then answered from what the warm-up read; a database that is down is logged, not fatal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.deps import Deps
from bot.services.answers import answer_question
from bot.services.answers.service import KNOWLEDGE
from bot.web import warm_up
from storage.db import Database


def test_after_the_warm_up_the_knowledge_is_read(deps: Deps) -> None:
    KNOWLEDGE.clear()
    assert warm_up(deps) < 10
    misses = KNOWLEDGE.misses
    with deps.db.session() as session:
        assert answer_question(session, "how many letters of agreement are there?").answered
    assert KNOWLEDGE.misses == misses  # the English knowledge came from the warm-up


def test_a_database_that_is_down_is_logged_not_fatal(deps: Deps, caplog: pytest.LogCaptureFixture) -> None:
    down = replace(deps, db=Database("postgresql://nobody@127.0.0.1:9/none"))
    warm_up(down)
    assert "warm-up failed" in caplog.text
