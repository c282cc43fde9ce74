"""Every example in the README works on a fresh clone: its import commands load the sample files, and
each slash command it shows is run in the console on a fresh database, as the README says to."""

import re
import shlex
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import Settings
from bot.console import Console
from bot.deps import Deps
from handlers.commands import COMMANDS
from storage.db import Database
from storage.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
USER = "USECRETARIAT1"
PLACEHOLDERS = ("<", "[", "|", "…", "...", "\\")
# Shown in the README as what a mistake gets: they must get that (a suggestion, a usage), not break.
MISTAKES = {"/partnership", "/announce delete", "/announce list all", "/announce edit abc"}
BROKEN = ("went wrong", "Traceback", "Nothing matches", "couldn't find an answer", "No NKPO is on record",
          "I don't know", "no longer on record", "I don't recognise")  # fmt: skip


def code_blocks() -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", README, re.DOTALL)


def import_commands() -> list[list[str]]:
    lines = [line.strip() for block in code_blocks() for line in block.splitlines()]
    return [shlex.split(line)[4:] for line in lines if line.startswith("python -m bot import ")]


def slash_examples() -> list[str]:
    inline = re.findall(r"`(/[a-z]+(?: [^`\n]*)?)`", README)
    typed = [
        m.group(1).strip() for block in code_blocks() for m in re.finditer(r"^you> (/[^(\n]+)", block, re.M)
    ]
    examples = dict.fromkeys(example.strip() for example in inline + typed)
    return [
        example
        for example in examples
        if not any(mark in example for mark in PLACEHOLDERS)
        and (example.split(" ", 1)[0] in COMMANDS or example in MISTAKES)  # not /healthz, /slack/events
    ]


def test_the_readme_shows_the_imports_and_examples_it_promises() -> None:
    assert {argv[0] for argv in import_commands()} >= {"arrangements", "documents", "nkpos"}
    assert {"/partnerships ballast water", "/nkpo Royaume-Uni", "/docs cl 4004"} <= set(slash_examples())


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory: pytest.TempPathFactory) -> Deps:
    folder = tmp_path_factory.mktemp("fresh")
    settings = Settings(
        database_url=f"sqlite:///{folder / 'nkpo.db'}",
        documents_dir=folder / "documents",
        secretariat_user_ids=frozenset({USER}),
        announcements_channel="CANNOUNCE",
    )
    deps = Deps(settings, Database(settings.database_url))
    upgrade(deps.db)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        for name in ("SLACK_BOT_TOKEN", "SLACK_API_URL", "SECRETARIAT_USER_IDS"):
            patch.delenv(name, raising=False)
        patch.setenv("DATABASE_URL", settings.database_url)
        patch.setenv("DOCUMENTS_DIR", str(settings.documents_dir))
        patch.setenv("LOG_LEVEL", "WARNING")
        for argv in import_commands():
            assert main(["import", *argv]) == 0, argv
    return deps


@pytest.mark.parametrize("example", slash_examples())
def test_each_readme_example_works_in_the_console(fresh_clone: Deps, example: str) -> None:
    answer = Console(fresh_clone, USER).say(example)
    assert answer and "went wrong" not in answer and "Traceback" not in answer
    if example in MISTAKES:
        assert ":information_source:" in answer and (
            "Did you mean" in answer or "Usage" in answer or example.split(" ")[0] in answer
        ), answer
        return
    broken = [marker for marker in BROKEN if marker in answer]
    assert not broken, f"{example!r} answered: {answer[:600]}"
