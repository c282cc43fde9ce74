"""Dependencies point one way: handlers -> services/views -> storage (style.md, "The picture").

Read from the source, not from what happens to be imported: every module under bot/ and storage/
is parsed and its imports checked.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The entry points that wire the handlers in (the composition root): the Bolt app and the console.
# They take only the `handlers` package's public face (register, COMMANDS, ACTIONS, dispatch...).
ENTRY_POINTS = {"bot/app.py", "bot/console.py"}


def imported_modules(path: Path) -> list[tuple[int, str, bool]]:
    """(line, module, is `from X import`) of every import in a module, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name, False) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, True))
    return found


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("path", modules("bot"), ids=lambda p: str(p.relative_to(ROOT)))
def test_nothing_under_bot_imports_the_handlers(path: Path) -> None:
    relative = str(path.relative_to(ROOT))
    for line, module, is_from in imported_modules(path):
        if not is_within(module, "handlers"):
            continue
        assert relative in ENTRY_POINTS, f"{relative}:{line} imports {module}"
        assert module == "handlers" and not is_from, f"{relative}:{line}: use `import handlers` only"


@pytest.mark.parametrize("path", modules("storage"), ids=lambda p: str(p.relative_to(ROOT)))
def test_storage_imports_neither_bot_nor_handlers(path: Path) -> None:
    for line, module, _ in imported_modules(path):
        assert not is_within(module, "bot") and not is_within(module, "handlers"), (
            f"{path.relative_to(ROOT)}:{line} imports {module}"
        )


@pytest.mark.parametrize("path", modules("bot/services") + modules("bot/views"), ids=lambda p: p.name)
def test_services_and_views_know_nothing_of_slack_or_entry_points(path: Path) -> None:
    entry = {"bot.app", "bot.console", "bot.web", "bot.server", "bot.scheduler", "bot.__main__"}
    for line, module, _ in imported_modules(path):
        assert module not in entry, f"{path.relative_to(ROOT)}:{line} imports the entry point {module}"
        assert not is_within(module, "slack_bolt"), f"{path.relative_to(ROOT)}:{line} imports {module}"


@pytest.mark.parametrize("module", ["handlers.actions.rerun", "handlers.forms", "handlers", "bot.console"])
def test_each_module_imports_on_its_own(module: str) -> None:
    """No import cycle held up by a function-level import: each module imports first, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
