"""Importing the old Yammer group's export: `python -m bot import yammer PATH [--group NAME]`.

What is kept: threads (their first message and the replies, in order), the people who wrote,
uploaded or were mentioned (a name, and the Slack user found for their e-mail address when a
`lookup` is given: the address itself is not kept), the groups, link cards, and attached files,
which go into the document library through the library's own checks (types read from content,
the size limit, stored by checksum, never a path from the export), labelled as from the Yammer
group with their original date and uploader.

What never is: deleted messages, private conversations (`in_private_conversation` true, or any
`participants`), system messages, and with `group` the messages of other groups; the replies of a
thread whose first message is deleted or private go with it. A message imported before and
deleted (or made private) since is removed when a later export says so.

Everything is keyed by the export's own ids, so importing the same export twice changes nothing,
a later and larger export adds what is new, and an import interrupted half-way finishes when run
again: the caller's `checkpoint` (a commit) runs after every batch of messages and every file.
Messages.csv is read twice: first whole, to check it (encoding, header, duplicate ids) and to learn
which threads are deleted or private, before anything is written; then to import. A bad row is
reported as (file, line, reason) and skipped, the rest kept.
"""

from __future__ import annotations

import logging
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zipfile import BadZipFile

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.i18n import long_date
from bot.services import documents
from bot.services.imports import Lookup, LookupFailed, Progress, RowError
from bot.services.yammer_export import (
    FILE_COLUMNS,
    FILE_REQUIRED,
    FILES,
    GROUP_COLUMNS,
    GROUP_REQUIRED,
    GROUPS,
    MENTION,
    MESSAGE_COLUMNS,
    MESSAGE_REQUIRED,
    MESSAGES,
    USER_COLUMNS,
    USER_REQUIRED,
    USERS,
    Export,
    ExportError,
    FileMissing,
    FileRow,
    GroupRow,
    MessageRow,
    UserRow,
    csv_rows,
    file_row,
    group_row,
    message_row,
    title_of,
    user_row,
)
from bot.text import InputError, fold
from storage.db import rows_changed
from storage.files import FileRefused, FileStore, clean_file_name
from storage.models import YammerFile, YammerGroup, YammerMessage, YammerThread, YammerUser, utcnow

log = logging.getLogger(__name__)

BATCH = 500
LOOKUP_BATCH = 20
DELETED, PRIVATE, SYSTEM, OTHER_GROUP = "deleted", "private", "system message", "other group"
# The rows whose copy in the history is removed when a later export says so.
WITHDRAWN = (DELETED, PRIVATE)
DOCUMENT_TAG = "yammer"
SOMEONE = "someone"
# What reading an attached file from the export can raise besides FileRefused (a damaged member...).
UNREADABLE = (OSError, RuntimeError, NotImplementedError, EOFError, ValueError, BadZipFile, zlib.error)

# The Slack directory: imports.Lookup, raising imports.LookupFailed when Slack cannot be asked
# (no scope, a bad token, Slack down).
Checkpoint = Callable[[], None]


@dataclass
class HistoryImportReport:
    """What an import did, for its summary line, and each problem by file and line."""

    threads: int = 0
    messages: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    files: int = 0
    files_known: int = 0
    people: int = 0
    mapped: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    files_left: Counter[str] = field(default_factory=Counter)
    # Rows refused (bad rows: the import's exit status says so), and what was kept but worth saying
    # (a thread without its first message, a file not in the export or not fit for the library).
    problems: list[tuple[str, int, str]] = field(default_factory=list)
    notes: list[tuple[str, int, str]] = field(default_factory=list)
    lookup_problem: str | None = None

    def problem(self, name: str, line: int, reason: str) -> None:
        self.problems.append((name, line, reason))

    def note(self, name: str, line: int, reason: str) -> None:
        self.notes.append((name, line, reason))

    def __str__(self) -> str:
        skipped = ", ".join(f"{count:,} {reason}" for reason, count in sorted(self.skipped.items()))
        left = ", ".join(f"{count:,} {reason}" for reason, count in sorted(self.files_left.items()))
        return (
            f"{_count(self.threads, 'thread')} and {_count(self.messages, 'message')} added "
            f"({self.updated:,} updated, {self.unchanged:,} unchanged, {self.removed:,} removed); "
            f"{_count(self.files, 'file')} added to the library ({self.files_known:,} already there"
            f"{', ' + left if left else ''}); {_count(self.people, 'person', 'people')} "
            f"({self.mapped:,} found in Slack); skipped: {skipped or 'none'}"
        )


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number:,} {one if number == 1 else many or one + 's'}"


@dataclass
class _Plan:
    """What the first reading of Messages.csv found: each message's thread and, for one that is not
    imported, why; how many rows there are."""

    verdicts: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    total: int = 0
    bad_lines: set[int] = field(default_factory=set)

    def verdict(self, row: MessageRow) -> str | None:
        """Why this row is not imported (its own reason, or its thread's first message's), or None."""
        own = self.verdicts[row.id][1]
        if own is not None:
            return own
        starter = self.verdicts.get(row.thread_id)
        return starter[1] if starter is not None and starter[1] in (*WITHDRAWN, OTHER_GROUP) else None


def import_yammer(
    session: Session,
    export: Export,
    store: FileStore,
    *,
    group: str | None = None,
    lookup: Lookup | None = None,
    progress: Progress | None = None,
    checkpoint: Checkpoint | None = None,
) -> HistoryImportReport:
    """Import the export into the history (see the module's docstring); ExportError, before anything is
    written, when the export as a whole cannot be read or `group` names no group in it."""
    report = HistoryImportReport()
    users = _read(export, USERS, USER_REQUIRED, USER_COLUMNS, user_row, report)
    groups = _read(export, GROUPS, GROUP_REQUIRED, GROUP_COLUMNS, group_row, report)
    files = _read(export, FILES, FILE_REQUIRED, FILE_COLUMNS, file_row, report)
    plan = _plan(export, groups, group, report)
    importer = _Importer(session, export, store, report, users, groups, files, checkpoint or (lambda: None))
    importer.messages(plan, progress)
    importer.remove_withdrawn(plan)
    importer.attach_files()
    if lookup is not None:
        importer.map_people(lookup)
    importer.count_people()
    return report


def _read(
    export: Export,
    name: str,
    required: tuple[str, ...],
    columns: tuple[str, ...],
    parse: Callable[[int, dict[str, Any]], Any],
    report: HistoryImportReport,
) -> dict[str, Any]:
    """A small CSV file of the export (Users, Groups, Files) by id; absent, it is empty."""
    found: dict[str, Any] = {}
    if not export.has(name):
        return found
    with csv_rows(export, name, required, columns) as rows:
        for line, row, problem in rows:
            try:
                if problem is not None or row is None:
                    raise RowError(problem or "cannot be read")
                record = parse(line, row)
                if record.id in found:
                    raise RowError(f"id {record.id} already appears on line {found[record.id].line}")
                found[record.id] = record
            except RowError as error:
                report.problem(name, line, str(error))
    return found


def _plan(
    export: Export, groups: dict[str, GroupRow], wanted: str | None, report: HistoryImportReport
) -> _Plan:
    """Read Messages.csv whole once, writing nothing: every row checked, each message's verdict."""
    if not export.has(MESSAGES):
        raise ExportError(f"{export.label}: not a Yammer export (no {MESSAGES} in it)")
    plan = _Plan()
    wanted_key = fold(wanted.strip()) if wanted else None
    wanted_ids = {g.id for g in groups.values() if wanted_key in (fold(g.name), g.id)}
    matched = False
    with csv_rows(export, MESSAGES, MESSAGE_REQUIRED, MESSAGE_COLUMNS) as rows:
        for line, raw, problem in rows:
            plan.total += 1
            try:
                if problem is not None or raw is None:
                    raise RowError(problem or "cannot be read")
                row = message_row(line, raw)
                if row.id in plan.verdicts:
                    raise RowError(f"message id {row.id} already appears earlier in the file")
            except RowError as error:
                report.problem(MESSAGES, line, str(error))
                plan.bad_lines.add(line)
                continue
            verdict = _verdict(row, wanted_key, wanted_ids)
            matched = matched or verdict in (None, SYSTEM)
            plan.verdicts[row.id] = (row.thread_id, verdict)
    if wanted_key is not None and not matched and not wanted_ids:
        names = sorted({g.name for g in groups.values()})
        known = f"; its groups are: {', '.join(names[:10])}" if names else ""
        raise ExportError(f"no group named {wanted!r} in the export{known}")
    return plan


def _verdict(row: MessageRow, wanted_key: str | None, wanted_ids: set[str]) -> str | None:
    if row.deleted:
        return DELETED
    if row.private:
        return PRIVATE
    if wanted_key is not None:
        named = row.group_name is not None and fold(row.group_name) == wanted_key
        if row.group_id not in wanted_ids and not named:
            return OTHER_GROUP
    return SYSTEM if row.system else None


@dataclass
class _FileUse:
    """Where an attached file was first seen: when, in which group, on which line."""

    at: datetime
    group: str | None
    line: int


class _Importer:
    """The writing half of an import, one phase a method."""

    def __init__(
        self,
        session: Session,
        export: Export,
        store: FileStore,
        report: HistoryImportReport,
        users: dict[str, UserRow],
        groups: dict[str, GroupRow],
        files: dict[str, FileRow],
        checkpoint: Checkpoint,
    ) -> None:
        self.session = session
        self.export = export
        self.store = store
        self.report = report
        self.user_rows = users
        self.group_rows = groups
        self.file_rows = files
        self.checkpoint = checkpoint
        self.people: dict[str, YammerUser] = {u.export_id: u for u in session.scalars(select(YammerUser))}
        self.groups: dict[str, YammerGroup] = {g.export_id: g for g in session.scalars(select(YammerGroup))}
        self.threads: dict[str, YammerThread] = {}
        self.touched: set[str] = set()
        self.file_uses: dict[str, _FileUse] = {}
        self.dangling: set[str] = set()

    # ----------------------------------------------------------------- messages

    def messages(self, plan: _Plan, progress: Progress | None) -> None:
        batch: list[MessageRow] = []
        with csv_rows(self.export, MESSAGES, MESSAGE_REQUIRED, MESSAGE_COLUMNS) as rows:
            for count, (line, raw, _) in enumerate(rows, start=1):
                if line not in plan.bad_lines and raw is not None:
                    row = message_row(line, raw)
                    verdict = plan.verdict(row)
                    if verdict is None:
                        batch.append(row)
                    else:
                        self.report.skipped[verdict] += 1
                if len(batch) >= BATCH:
                    self._store(batch, plan)
                    batch = []
                if progress is not None and (count % 1000 == 0 or count == plan.total):
                    progress(count, plan.total)
        if batch:
            self._store(batch, plan)
        if plan.bad_lines:
            self.report.skipped["bad row"] += len(plan.bad_lines)

    def _store(self, batch: list[MessageRow], plan: _Plan) -> None:
        session = self.session
        held = {
            m.export_id: m
            for m in session.scalars(
                select(YammerMessage).where(YammerMessage.export_id.in_([r.id for r in batch]))
            )
        }
        wanted = {row.thread_id for row in batch} - set(self.threads)
        if wanted:
            for thread in session.scalars(select(YammerThread).where(YammerThread.export_id.in_(wanted))):
                self.threads[thread.export_id] = thread
        for row in batch:
            thread = self._thread(row, plan)
            author = self._person(row.sender_id, row.sender_name)
            for mentioned in row.mentions:
                self._person(mentioned)
            values: dict[str, Any] = {
                "thread": thread,
                "is_starter": row.is_starter,
                "replied_to": row.replied_to,
                "author": author,
                "body": row.body,
                "search_text": self._search_text(row),
                "links": [{"url": link.url, "title": link.title, "description": link.description}
                          for link in row.links],
                "files": list(row.files),
                "created_at": row.created_at,
            }  # fmt: skip
            for file_id in row.files:
                use = self.file_uses.get(file_id)
                if use is None or row.created_at < use.at:
                    self.file_uses[file_id] = _FileUse(row.created_at, self._group_name(row), row.line)
            message = held.get(row.id)
            if message is None:
                session.add(YammerMessage(export_id=row.id, **values))
                self.report.messages += 1
            elif any(getattr(message, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(message, name, value)
                self.report.updated += 1
            else:
                self.report.unchanged += 1
        session.flush()
        self.checkpoint()

    def _thread(self, row: MessageRow, plan: _Plan) -> YammerThread:
        """The row's thread, made when it is the first of it met; its first message sets its title."""
        thread = self.threads.get(row.thread_id)
        title = title_of(row.body, self._name_of) or self._fallback_title(row)
        group = self._group(row)
        if thread is None:
            thread = YammerThread(
                export_id=row.thread_id, title=title, started_at=row.created_at, group=group
            )
            self.session.add(thread)
            self.threads[row.thread_id] = thread
            self.report.threads += 1
            if row.thread_id not in plan.verdicts and row.thread_id not in self.dangling:
                self.dangling.add(row.thread_id)
                self.report.note(
                    MESSAGES, row.line, f"thread {row.thread_id} has no first message in the export; "
                    "its messages are kept as a thread of their own",
                )  # fmt: skip
            return thread
        if row.is_starter:
            if thread.title != title:
                thread.title = title
            if thread.group is not group:
                thread.group = group
        if row.created_at < thread.started_at:
            thread.started_at = row.created_at
        return thread

    def _fallback_title(self, row: MessageRow) -> str:
        if row.links and row.links[0].title:
            return row.links[0].title[:100]
        for file_id in row.files:
            if file_id in self.file_rows:
                return str(self.file_rows[file_id].name)[:100]
        return "(no text)"

    def _group(self, row: MessageRow) -> YammerGroup | None:
        if row.group_id is None:
            return None
        found = self.groups.get(row.group_id)
        listed = self.group_rows.get(row.group_id)
        name = listed.name if listed else row.group_name or f"Yammer group {row.group_id}"
        description = listed.description if listed else ""
        if found is None:
            found = YammerGroup(export_id=row.group_id, name=name, description=description)
            self.session.add(found)
            self.groups[row.group_id] = found
        elif listed is not None and (found.name, found.description) != (name, description):
            found.name, found.description = name, description
        return found

    def _group_name(self, row: MessageRow) -> str | None:
        group = self._group(row)
        return group.name if group is not None else None

    def _person(self, export_id: str | None, fallback_name: str | None = None) -> YammerUser | None:
        """The person with this export id, made (or renamed) from Users.csv, else the name the message
        gives; None when the export says nothing of them."""
        if export_id is None:
            return None
        found = self.people.get(export_id)
        listed = self.user_rows.get(export_id)
        name = listed.name if listed is not None else fallback_name
        self.touched.add(export_id)
        if found is None:
            if name is None:
                return None
            found = YammerUser(export_id=export_id, name=name, name_key=fold(name))
            self.session.add(found)
            self.people[export_id] = found
        elif listed is not None and found.name != name:
            found.name, found.name_key = listed.name, fold(listed.name)
        return found

    def _name_of(self, export_id: str) -> str:
        person = self.people.get(export_id)
        if person is not None:
            return person.name
        listed = self.user_rows.get(export_id)
        return listed.name if listed is not None else SOMEONE

    def _search_text(self, row: MessageRow) -> str:
        """What the index reads of a message: its text with mentions as names, its link cards, the
        names of its files."""
        parts = [MENTION.sub(lambda m: self._name_of(m.group(1)), row.body)]
        parts += [f"{link.title} {link.description} {link.url}" for link in row.links]
        parts += [str(self.file_rows[f].name) for f in row.files if f in self.file_rows]
        return "\n".join(part for part in parts if part.strip())

    # ----------------------------------------------------------------- withdrawn messages

    def remove_withdrawn(self, plan: _Plan) -> None:
        """Remove what an earlier import kept and this export says is deleted or private now: a
        message, or a whole thread when its first message is."""
        withdrawn = [mid for mid, (_, verdict) in plan.verdicts.items() if verdict in WITHDRAWN]
        session = self.session
        for start in range(0, len(withdrawn), BATCH):
            ids = withdrawn[start : start + BATCH]
            threads = list(session.scalars(select(YammerThread).where(YammerThread.export_id.in_(ids))))
            for thread in threads:
                self.report.removed += rows_changed(
                    session, delete(YammerMessage).where(YammerMessage.thread_id == thread.id)
                )
                self.threads.pop(thread.export_id, None)
                session.delete(thread)
            self.report.removed += rows_changed(
                session, delete(YammerMessage).where(YammerMessage.export_id.in_(ids))
            )
            session.flush()
        self.checkpoint()

    # ----------------------------------------------------------------- files

    def attach_files(self) -> None:
        """Each file attached to an imported message into the library (once), or recorded as missing
        or refused, with why."""
        held = {f.export_id: f for f in self.session.scalars(select(YammerFile))}
        for file_id, use in sorted(self.file_uses.items(), key=lambda item: item[1].line):
            record = held.get(file_id)
            if record is not None and record.status == "stored" and record.document_id is not None:
                continue
            listed = self.file_rows.get(file_id)
            if listed is None:
                self.report.problem(
                    MESSAGES, use.line, f"file {file_id} is attached but not listed in {FILES}"
                )
                self._record_file(record, file_id, None, "missing", f"not listed in {FILES}")
                continue
            self._attach(record, listed, use)
            self.checkpoint()

    def _attach(self, record: YammerFile | None, listed: FileRow, use: _FileUse) -> None:
        name = clean_file_name(listed.name, f"yammer-file-{listed.id}")
        if listed.path is None:
            self._missing(record, listed, f"{name!r} has no copy in the export (no path)")
            return
        try:
            incoming = self.store.receive(self.export.file_chunks(listed.path, self.store.max_bytes), name)
        except FileMissing:
            self._missing(record, listed, f"{name!r} is named but not in the export's files")
            return
        except FileRefused as error:
            self._refused(record, listed, f"{name!r} is not added to the library: {error}")
            return
        except UNREADABLE as error:
            self._refused(
                record, listed, f"{name!r} cannot be read from the export ({error.__class__.__name__})"
            )
            return
        known = documents.document_with_checksum(self.session, incoming.checksum)
        if known is not None:
            self.store.discard(incoming)
            self.report.files_known += 1
            self._record_file(record, listed.id, listed, "stored", None, known.id)
            return
        fields, problems = documents.check_fields(self.session, self._describe(listed, use, name))
        if fields is None:
            self.store.discard(incoming)
            self._refused(
                record, listed, f"{name!r} is not added to the library: {' '.join(problems.values())}"
            )
            return
        try:
            added = documents.add_document(self.session, fields, "yammer import", self.store, incoming, name)
        except InputError as error:
            self._refused(record, listed, f"{name!r} is not added to the library: {error}")
            return
        added.origin = "yammer"
        self.report.files += 1
        self._record_file(record, listed.id, listed, "stored", None, added.id)

    def _describe(self, listed: FileRow, use: _FileUse, name: str) -> dict[str, Any]:
        """The library's description of a file from the group: labelled as community material, with
        its original date and who shared it."""
        uploader = self._person(listed.uploader_id)
        when = listed.created_at or use.at
        where = f"the Yammer group “{use.group}”" if use.group else "the old Yammer group"
        label = (
            f"Shared in {where} by {uploader.name if uploader else SOMEONE} on "
            f"{long_date('en', when.date())}: community material from the old group, not an official IMO "
            "document."
        )
        summary = f"{label} {listed.description}".strip()[: documents.MAX_SUMMARY]
        return {
            "symbol": f"Yammer file {listed.id}",
            "title": name[: documents.MAX_TITLE],
            "kind": "other",
            "issued_on": when.date(),
            "tags": [DOCUMENT_TAG],
            "summary": summary,
        }

    def _missing(self, record: YammerFile | None, listed: FileRow, reason: str) -> None:
        self.report.files_left["not in the export"] += 1
        self.report.note(FILES, listed.line, reason)
        self._record_file(record, listed.id, listed, "missing", reason)

    def _refused(self, record: YammerFile | None, listed: FileRow, reason: str) -> None:
        self.report.files_left["refused"] += 1
        self.report.note(FILES, listed.line, reason)
        self._record_file(record, listed.id, listed, "refused", reason)

    def _record_file(
        self,
        record: YammerFile | None,
        file_id: str,
        listed: FileRow | None,
        status: str,
        problem: str | None,
        document_id: int | None = None,
    ) -> None:
        uploader = self._person(listed.uploader_id) if listed is not None else None
        if record is None:
            record = YammerFile(export_id=file_id)
            self.session.add(record)
        record.name = clean_file_name(listed.name if listed else None, "an attached file")
        record.description = listed.description if listed else ""
        record.uploader = uploader
        record.status, record.problem, record.document_id = status, (problem or "")[:300] or None, document_id
        self.session.flush()

    # ----------------------------------------------------------------- people

    def map_people(self, lookup: Lookup) -> None:
        """Find the Slack user of each person met in this import who has not been looked up yet, by the
        e-mail address Users.csv gives (used for the look-up only, never stored)."""
        waiting = [
            (person, row.email)
            for export_id in sorted(self.touched)
            if (person := self.people.get(export_id)) is not None
            and person.looked_up_at is None
            and (row := self.user_rows.get(export_id)) is not None
            and row.email
        ]
        for count, (person, email) in enumerate(waiting, start=1):
            try:
                person.slack_user_id = lookup(email)
            except LookupFailed as error:
                self.report.lookup_problem = str(error)
                log.warning("looking people up in Slack stopped: %s", error)
                break
            person.looked_up_at = utcnow()
            if count % LOOKUP_BATCH == 0:
                self.session.flush()
                self.checkpoint()
        self.session.flush()
        self.checkpoint()

    def count_people(self) -> None:
        people = [self.people[e] for e in self.touched if e in self.people]
        self.report.people = len(people)
        self.report.mapped = sum(1 for person in people if person.slack_user_id)
