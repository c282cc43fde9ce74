"""The console drives the same handlers as Slack: the answers match what Slack would show."""

import io

from bot.console import Console, run_console
from handlers.context import Deps


def test_help_lists_every_command(deps: Deps) -> None:
    answer = Console(deps).say("help")
    for command in ("/partnerships", "/programmes", "/docs", "/nkpo", "/digest", "/announce", "/ask"):
        assert command in answer


def test_partnerships_shows_the_snapshot_and_share_works(deps: Deps) -> None:
    console = Console(deps)
    answer = console.say("/partnerships")
    assert "158" in answer and "December 2023" in answer and "[1] Share in channel" in answer
    shared = console.say("1")
    assert "[posted in the channel]" in shared and "Shared by <@UCONSOLE>" in shared


def test_bad_input_gets_a_friendly_line(deps: Deps) -> None:
    console = Console(deps)
    assert "I don't know `/nope`" in console.say("/nope")
    assert "There is no button 7" in console.say("7")
    assert "I don't know the filter `colour:`" in console.say("/partnerships colour:red")
    assert "Traceback" not in console.say("/partnerships " + "x" * 6000)


def test_run_console_reads_until_quit(deps: Deps) -> None:
    out = io.StringIO()
    run_console(deps, "UCONSOLE", io.StringIO("/partnerships\nquit\n/docs\n"), out)
    assert "158" in out.getvalue() and "/docs:" not in out.getvalue()
