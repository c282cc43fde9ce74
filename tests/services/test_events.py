"""An event id is claimed once, also by two processes racing (two engines on one database)."""

import threading

from bot.deps import Deps
from bot.services.events import claim_event
from storage.db import Database


def test_the_second_claim_waits_for_the_first_and_loses(deps: Deps) -> None:
    first, second = Database(deps.settings.database_url), Database(deps.settings.database_url)
    results: list[bool] = []
    try:
        with first.session() as session:
            assert claim_event(session, "EvRACE1", "message") is True
            racer = threading.Thread(
                target=lambda: results.append(_claim_in_own_session(second, "EvRACE1")), daemon=True
            )
            racer.start()
            racer.join(0.3)  # still blocked behind the open claim, or already lost: never won
        racer.join(10)
        assert results == [False]
        with first.session() as session:
            assert claim_event(session, "EvRACE2", "message") is True
    finally:
        first.dispose()
        second.dispose()


def _claim_in_own_session(database: Database, event_id: str) -> bool:
    with database.session() as session:
        return claim_event(session, event_id, "message")
