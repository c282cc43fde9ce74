"""The command line: python -m bot run | console | serve | socket | scheduler | digest | reminders | audit |
db | import."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from dotenv import find_dotenv, load_dotenv

from bot.config import ConfigError, Settings
from bot.deps import Deps
from bot.logs import configure_logging
from bot.services.audit import CLI
from storage.db import Database

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="The NKPO Slack bot.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="the console with no Slack credentials; else Socket Mode or serve")
    console = commands.add_parser("console", help="chat with the bot in this terminal (no Slack needed)")
    console.add_argument("--user", default="UCONSOLE", help="the Slack user id to act as (default UCONSOLE)")
    console.add_argument(
        "--lang", choices=["en", "fr", "es"], help="the language to answer in (default: DEFAULT_LANGUAGE)"
    )
    commands.add_parser("serve", help="serve Slack's HTTP requests on $PORT (gunicorn)")
    commands.add_parser("socket", help="connect to Slack in Socket Mode (needs SLACK_APP_TOKEN)")
    commands.add_parser("scheduler", help="run the clock: the weekly digest and other timed jobs")
    digest = commands.add_parser("digest", help="preview the digest, or send the one due now")
    mode = digest.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--preview",
        action="store_true",
        help="print it (the next one so far, as /digest preview); sends nothing",
    )
    mode.add_argument(
        "--send", action="store_true", help="send the one due, once: a re-run sends nothing more"
    )
    digest.add_argument(
        "--period",
        choices=["next", "last"],
        default="next",
        help="with --preview: next (default, the one under way) or last (the one just due)",
    )
    reminders = commands.add_parser("reminders", help="arrangements ending soon, to the secretariat")
    reminding = reminders.add_mutually_exclusive_group(required=True)
    reminding.add_argument("--preview", action="store_true", help="print what is owed now; sends nothing")
    reminding.add_argument(
        "--send", action="store_true", help="send what is owed, once: a re-run sends nothing more"
    )
    trail = commands.add_parser("audit", help="print the audit trail: who changed what, when")
    trail.add_argument("--since", required=True, type=since_date, help="from this day on (YYYY-MM-DD, UTC)")
    trail.add_argument(
        "--csv", action="store_true", help="as CSV (at, actor, action, subject, before, after)"
    )
    db = commands.add_parser("db", help="database tasks")
    db.add_argument("action", choices=["upgrade"], help="apply migrations and load the seed knowledge")
    load = commands.add_parser("import", help="load records from a file (see README: importing)")
    load.add_argument("kind", choices=["arrangements", "documents", "nkpos", "yammer"], help="what to load")
    load.add_argument(
        "path",
        type=Path,
        help="arrangements, nkpos: the CSV file; documents: the folder holding documents.csv; "
        "yammer: the network export (its ZIP, or the folder it unpacks to)",
    )
    load.add_argument("--group", help="yammer: keep only this group (its name or id) of a network export")
    args = parser.parse_args(argv)

    load_dotenv(find_dotenv(usecwd=True))
    try:
        settings = Settings.from_env()
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    secrets = (
        settings.slack_bot_token or "",
        settings.slack_signing_secret or "",
        settings.slack_app_token or "",
    )
    if args.command == "run":
        args.command = pick_entry_point(settings)
        args.user = "UCONSOLE"
    configure_logging("WARNING" if args.command == "console" else settings.log_level, secrets)
    try:
        return run(args, settings)
    except ConfigError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2


def since_date(value: str) -> date:
    """`--since`: a date like 2026-12-01 (argparse prints the usage otherwise)."""
    from bot.text import read_date

    try:
        found = read_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if found is None:
        raise argparse.ArgumentTypeError("give a date like 2026-12-01")
    return found


def pick_entry_point(settings: Settings) -> str:
    """What `run` starts: the console without Slack credentials, else Socket Mode or HTTP."""
    if not settings.slack_bot_token:
        return "console"
    return "socket" if settings.slack_app_token else "serve"


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "serve":
        from bot.server import serve

        serve(settings)
        return 0
    deps = Deps(settings, Database(settings.database_url))
    if args.command == "db":
        from storage.migrate import upgrade

        report = upgrade(deps.db)
        print(f"database is up to date; seed knowledge: {report}")
    elif args.command == "import":
        if args.kind == "yammer":
            return import_history(deps, args.path, args.group)
        if args.group is not None:
            print("--group is for `import yammer` only", file=sys.stderr)
            return 2
        return import_file(deps, args.kind, args.path)
    elif args.command == "console":
        from bot.console import run_console
        from storage.migrate import upgrade

        upgrade(deps.db)
        run_console(deps, args.user, sys.stdin, sys.stdout, args.lang)
    elif args.command == "socket":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        from bot.app import create_app

        settings.require("SLACK_APP_TOKEN", purpose="socket")
        handler = SocketModeHandler(create_app(deps, socket_mode=True), settings.slack_app_token)
        handler.start()  # type: ignore[no-untyped-call]
    elif args.command == "scheduler":
        from bot.scheduler import run_scheduler

        run_scheduler(deps)
    elif args.command == "digest":
        from bot.digest_sender import run_digest_command
        from bot.scheduler import digest_sender

        if args.send:
            settings.require("SLACK_BOT_TOKEN", purpose="digest --send")
        return run_digest_command(deps, digest_sender(deps, CLI), args.send, sys.stdout, args.period)
    elif args.command == "reminders":
        from bot.reminder_sender import run_reminders_command
        from bot.scheduler import reminder_sender

        if args.send:
            settings.require("SLACK_BOT_TOKEN", purpose="reminders --send")
        return run_reminders_command(reminder_sender(deps, CLI), args.send, sys.stdout)
    elif args.command == "audit":
        from bot.services.audit import AuditQuery, audit_since
        from bot.views.audit import write_csv, write_text

        with deps.db.session() as session:
            entries = audit_since(session, AuditQuery(since=args.since))
            count = (write_csv if args.csv else write_text)(entries, sys.stdout)
        print(f"{count} audit entries since {args.since.isoformat()} (UTC)", file=sys.stderr)
    return 0


def import_file(deps: Deps, kind: str, path: Path) -> int:
    """Import arrangements or NKPOs (a CSV file) or documents (a folder); print how the file was read,
    what happened, each rejected row and each remark. 1 if any row was rejected."""
    from bot.services.documents import file_store, unreferenced_files
    from bot.services.imports import (
        ImportFileError,
        ImportReport,
        import_arrangements,
        import_documents,
        import_nkpos,
    )
    from storage.migrate import upgrade

    upgrade(deps.db)
    store = file_store(deps.settings)
    report: ImportReport
    replaced: list[str] = []
    try:
        with deps.db.session() as session:
            if kind == "documents":
                report = import_documents(session, path, store, progress=show_progress)
                replaced = report.replaced_files
            elif kind == "nkpos":
                report = import_nkpos(session, path, slack_lookup(deps.settings), progress=show_progress)
            else:
                report = import_arrangements(session, path, progress=show_progress)
    except ImportFileError as error:
        print(f"nothing imported: {error}", file=sys.stderr)
        return 2
    with deps.db.session() as session:
        for name in unreferenced_files(session, replaced):
            store.remove(name)
    for line, reason in report.errors:
        print(f"line {line}: {reason}", file=sys.stderr)
    for line, note in report.notes:
        print(f"line {line}: note: {note}", file=sys.stderr)
    print(f"{kind} from {path} ({report.read_as}): {report}")
    return 1 if report.errors else 0


def slack_lookup(settings: Settings) -> Callable[[str], str | None] | None:
    """Who has an e-mail address, asked of Slack (users.lookupByEmail); None without SLACK_BOT_TOKEN."""
    if not settings.slack_bot_token:
        return None
    from slack_sdk.errors import SlackClientError

    from bot.messenger import make_web_client, slack_problem, user_by_email
    from bot.services.imports import LookupFailed

    client = make_web_client(settings)

    def lookup(address: str) -> str | None:
        try:
            return user_by_email(client, address)
        except (SlackClientError, OSError) as error:
            raise LookupFailed(slack_problem(error)) from None

    return lookup


def import_history(deps: Deps, path: Path, group: str | None) -> int:
    """Import a Yammer export into the history (committed batch by batch, so a re-run finishes an
    interrupted import); print each problem by file and line, then the summary. 1 if any row or file
    was refused, 2 if nothing could be imported."""
    from bot.services.documents import file_store
    from bot.services.history_import import import_yammer
    from bot.services.yammer_export import ExportError, open_export
    from storage.migrate import upgrade

    upgrade(deps.db)
    lookup = slack_lookup(deps.settings)
    try:
        export = open_export(path)
        try:
            with deps.db.session() as session:
                report = import_yammer(
                    session, export, file_store(deps.settings), group=group, lookup=lookup,
                    progress=show_progress, checkpoint=session.commit,
                )  # fmt: skip
        finally:
            export.close()
    except ExportError as error:
        print(f"nothing imported: {error}", file=sys.stderr)
        return 2
    for name, line, reason in [*report.problems, *report.notes]:
        print(f"{name} line {line}: {reason}", file=sys.stderr)
    if lookup is None:
        print("no SLACK_BOT_TOKEN: people are shown by their names only", file=sys.stderr)
    elif report.lookup_problem:
        stopped = f"finding people in Slack stopped ({report.lookup_problem}): run again to go on"
        print(stopped, file=sys.stderr)
    print(f"yammer from {path}: {report}")
    return 1 if report.problems else 0


def show_progress(done: int, total: int) -> None:
    """A progress bar on stderr for files of more than a thousand rows."""
    if total < 1000:
        return
    filled = round(30 * done / total)
    end = "\n" if done >= total else ""
    bar = "#" * filled + "." * (30 - filled)
    print(f"\r[{bar}] {done:,}/{total:,} rows", end=end, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
