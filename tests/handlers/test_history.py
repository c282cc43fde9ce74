"""/history called with a Ctx, and its Show thread, Earlier / Later and file Details buttons."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.services.documents import file_store
from bot.services.history_import import import_yammer
from bot.services.yammer_export import open_export
from bot.views.blocks import NEXT_ACTION, PREVIOUS_ACTION, SHARE_ACTION
from bot.views.history import SHOW_THREAD_ACTION
from bot.views.results import DETAILS_ACTION
from tests import yammer
from tests.conftest import MakeCtx
from tests.handlers.test_commands import run
from tests.handlers.test_search_commands import buttons, press


@pytest.fixture
def imported(session: Session, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Session:
    export = yammer.copy_sample(tmp_path_factory.mktemp("in"))
    yammer.add_messages(
        export,
        *(yammer.message(1100 + n, f"Sample reply {n} (fictional) about the workshop.", thread=1001)
          for n in range(12)),
    )  # fmt: skip
    opened = open_export(export)
    try:
        import_yammer(session, opened, file_store(settings), group=yammer.GROUP)
    finally:
        opened.close()
    return session


def test_history_alone_says_what_it_holds_or_that_it_is_not_imported(
    session: Session, make_ctx: MakeCtx
) -> None:
    empty = run(make_ctx, "/history")
    assert "has not been imported yet" in empty.text and "python -m bot import yammer" in empty.text
    export = open_export(yammer.SAMPLE)
    import_yammer(session, export, file_store(make_ctx().settings), group=yammer.GROUP)
    export.close()
    held = run(make_ctx, "/history")
    assert "3 threads and 6 messages from 20 Nov 2018 to 3 Jun 2020, in Sample NKPO of Testland" in held.text


def test_a_search_shows_threads_and_show_thread_opens_one_page_by_page(
    imported: Session, make_ctx: MakeCtx
) -> None:
    found = run(make_ctx, "/history", "workshop from:ana before:2022")
    assert (
        "history: “workshop”, from Ana Example, written before 2022. Showing threads 1–1 of 1." in found.text
    )
    assert SHARE_ACTION not in buttons(found)  # mentions in a shared copy would notify people
    thread = press(make_ctx, buttons(found)[SHOW_THREAD_ACTION])
    assert not thread.replace_original and "15 messages · page 1 of 2" in str(thread.blocks)
    assert "Dear colleagues" in str(thread.blocks) and "Sample reply 11" not in str(thread.blocks)
    assert PREVIOUS_ACTION not in buttons(thread)
    later = press(make_ctx, buttons(thread)[NEXT_ACTION])
    assert (
        later.replace_original
        and "page 2 of 2" in str(later.blocks)
        and "Sample reply 11" in str(later.blocks)
    )
    earlier = press(make_ctx, buttons(later)[PREVIOUS_ACTION])
    assert "page 1 of 2" in str(earlier.blocks)
    document = press(make_ctx, buttons(thread)[DETAILS_ACTION])
    assert "Yammer file 2001" in document.text or "Yammer file 2001" in str(document.blocks)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("before:20x", "`before:` needs a year"),
        ("after:1066", "`after:` needs a year"),
        ("ballast after:2020 before:2021", "No year is after 2020 and before 2021"),
        ("colour:red", "I don't know the filter `colour:`"),
        ("from:nobody", "No one in the old group's history is called “nobody”"),
        ("from:<!channel>", "No one in the old group's history is called “&lt;!channel&gt;”"),
        ("🚢⚓", "I found no words to search for"),
        ("<!channel> zzyzx", "Nothing in the old group's history matches “&lt;!channel&gt; zzyzx”"),
    ],
)
def test_bad_input_gets_a_short_friendly_answer(
    imported: Session, make_ctx: MakeCtx, typed: str, expected: str
) -> None:
    reply = run(make_ctx, "/history", typed)
    assert expected in reply.text and "<!channel>" not in reply.text


def test_a_thread_no_longer_held_says_so(imported: Session, make_ctx: MakeCtx) -> None:
    from bot.views.blocks import Rerun, ViewState

    gone = make_ctx(via="button", value=Rerun("/history", "", ViewState(1, 999_999)).encode())
    from handlers.actions import ACTIONS

    reply = ACTIONS[SHOW_THREAD_ACTION](gone)
    assert reply is not None and "no longer in the history" in reply.text
