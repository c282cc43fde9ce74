"""The data version, and a per-process cache keyed by it that cannot serve stale data.

Migration 0012's triggers give `data_version.version` a value never used before whenever a table
of knowledge changes, in the same transaction as the change. `data_version(session)` reads it
(one primary-key lookup, remembered by the session until it writes, commits or rolls back), and
`VersionedCache` keeps what was derived from the data under the version read before deriving it:

- a committed change gives a new version, so the next request misses and derives afresh;
- a transaction's own uncommitted change has a version no other transaction will see, and a
  rolled-back one's is never used again (a sequence on PostgreSQL, 64 random bits on SQLite);
- with no version row (a database emptied by hand), nothing is cached.

Entries are bounded (LRU, `size` entries) and dropped when the version moves on. Keys carry
everything the value depends on besides the data (text, filters, page, language, today's date);
values must be plain and immutable (no ORM objects, which belong to one session).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import event, select
from sqlalchemy.orm import ORMExecuteState, Session

from storage.models import DataVersion

V = TypeVar("V")
_KEY = "data_version"


def data_version(session: Session) -> int | None:
    """The current data version as this session sees it; None when there is no version row."""
    if _KEY not in session.info:
        session.info[_KEY] = session.scalar(select(DataVersion.version).where(DataVersion.id == 1))
    version: int | None = session.info[_KEY]
    return version


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_KEY, None)


def _forget_on_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        _forget(state.session)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(Session, _name, _forget)
event.listen(Session, "do_orm_execute", _forget_on_write)


class VersionedCache(Generic[V]):
    """A thread-safe LRU of values derived from the data, valid for one data version."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, V] = OrderedDict()
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, session: Session, key: Hashable, make: Callable[[], V]) -> V:
        """The value for `key` under the current data version, made (and kept) if not held."""
        version = data_version(session)
        if version is None:
            return make()
        full_key = (key, date.today())
        with self._lock:
            if version == self._version and full_key in self._entries:
                self._entries.move_to_end(full_key)
                self.hits += 1
                return self._entries[full_key]
            self.misses += 1
        value = make()
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._version = version
            self._entries[full_key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._version = None

    def __len__(self) -> int:
        return len(self._entries)
