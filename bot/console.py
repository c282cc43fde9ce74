"""The local console: type what you would type in Slack and read the bot's answer as text.

It drives the same handlers, services and views as Slack does, on the configured
database (the embedded SQLite file by default); buttons are pressed by typing their number.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TextIO

import handlers
from bot.deps import Deps
from bot.i18n import in_language
from bot.views.blocks import Reply
from bot.views.help import general_help
from bot.views.plain import Button, render

log = logging.getLogger(__name__)
CONSOLE_CHANNEL = "CCONSOLE"
WELCOME = (
    "NKPO bot console. Type a command as in Slack (e.g. /partnerships), a question in plain words,\n"
    "'help' for the commands, a number to press a button, or 'quit'."
)


class ConsoleMessenger:
    """A Messenger that writes what the bot would post in Slack to the terminal."""

    def __init__(self, write: Callable[[str], None], files_dir: Path | None = None) -> None:
        self.write = write
        self.count = 0
        # Where the files it would upload are written, to open them (a chart, a shared document).
        self.files_dir = files_dir or Path(tempfile.gettempdir()) / "nkpo-console"

    def _ts(self) -> str:
        self.count += 1
        return f"{self.count}.000000"

    def post(self, channel: str, reply: Reply, thread_ts: str | None = None, key: str | None = None) -> str:
        self.write(f"[posted in {channel}]\n{render(reply)[0]}")
        return self._ts()

    def find_post(self, channel: str, key: str, since: float) -> str | None:
        return None  # the terminal always answers: a post here is never in doubt

    def update(self, channel: str, ts: str, reply: Reply) -> None:
        self.write(f"[message {ts} in {channel} updated]\n{render(reply)[0]}")

    def open_dm(self, user_id: str) -> str:
        return "D" + user_id

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        title = view.get("title", {}).get("text", "a form")
        self.write(f"[in Slack this opens the form {title!r}; the console cannot fill in forms]")

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.write(f"[home tab of {user_id} updated]")

    def user_locale(self, user_id: str, quick: bool) -> str | None:
        return None  # the console's language is --lang, or DEFAULT_LANGUAGE

    def upload(self, channel: str, path: Path, filename: str, title: str, comment: str) -> str:
        """Write the file where it can be opened, and print where (in Slack it is shared in `channel`)."""
        self.files_dir.mkdir(parents=True, exist_ok=True)
        kept = self.files_dir / Path(filename).name
        shutil.copyfile(path, kept)
        self.write(f"[file {filename!r} shared in {channel}: {title}]\n[written to {kept}]")
        return f"F{self._ts()}"

    def download(self, url: str) -> Iterator[bytes]:
        raise OSError("the console cannot fetch files from Slack")


class Console:
    """One chat session; `say(line)` returns what the bot answers, as text."""

    def __init__(self, deps: Deps, user_id: str = "UCONSOLE", language: str | None = None) -> None:
        self.deps = deps
        self.user_id = user_id
        self.language = language  # --lang; else as for anyone (App Home choice, DEFAULT_LANGUAGE)
        self.output: list[str] = []
        self.messenger = ConsoleMessenger(self.output.append)
        self.buttons: list[Button] = []

    def say(self, line: str) -> str:
        self.output.clear()
        line = line.strip()
        if line.lower() in ("help", "?", "/help"):
            with in_language(self.language or self.deps.settings.default_language):
                self._show(general_help(handlers.COMMANDS.values(), self.deps.settings.partnerships_contact))
        elif line.isdigit():
            self._press(int(line))
        elif line.startswith("/"):
            name, _, text = line.partition(" ")
            command = handlers.COMMANDS.get(name.lower(), handlers.UNKNOWN)
            self._run(self._request(text=text, command=name), command.handle)
        elif line:
            self._run(self._request(text=line), handlers.CONVERSATION)
        return "\n".join(self.output)

    def _request(self, **fields: Any) -> handlers.Request:
        return handlers.Request(
            user_id=self.user_id,
            via="console",
            channel_id=CONSOLE_CHANNEL,
            trigger_id="console",
            language=self.language,
            **fields,
        )

    def _press(self, number: int) -> None:
        if not 1 <= number <= len(self.buttons):
            self.output.append(f"There is no button {number} on the last answer.")
            return
        button = self.buttons[number - 1]
        if button.url:
            self.output.append(f"Open {button.url}")
            return
        handler = handlers.ACTIONS.get(button.action_id)
        if handler is None:
            self.output.append(f"The button {button.label!r} does nothing in the console.")
            return
        self._run(self._request(value=button.value), handler)

    def _run(self, request: handlers.Request, handler: handlers.Handler) -> None:
        handlers.dispatch(self.deps, request, self.messenger, [handler], self._show)

    def _show(self, reply: Reply) -> None:
        text, buttons = render(reply)
        if buttons:
            self.buttons = buttons
        self.output.append(("[posted in the channel]\n" if reply.public else "") + text)


def run_console(deps: Deps, user_id: str, stdin: TextIO, stdout: TextIO, language: str | None = None) -> None:
    """Read lines until end of input or 'quit', printing each answer (in `language` when given)."""
    console = Console(deps, user_id, language)
    interactive = stdin.isatty()
    stdout.write(WELCOME + "\n")
    while True:
        if interactive:
            stdout.write("\nyou> ")
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip().lower() in ("quit", "exit"):
            break
        answer = console.say(line)
        if answer:
            stdout.write(answer + "\n")
        stdout.flush()
