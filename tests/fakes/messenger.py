"""A Messenger that records what a handler asked of the chat, for handler tests (the middle depth)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.views.blocks import Reply


@dataclass
class RecordingMessenger:
    """Every call a handler made, in order (`calls`, by method name), and what it carried.

    Posts get ts values "1.000001", "1.000002"...; a keyed post is found again by `find_post`;
    `download` serves `files[url]` or raises OSError.
    """

    files: dict[str, bytes] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    posts: list[tuple[str, Reply, str | None]] = field(default_factory=list)
    updates: list[tuple[str, str, Reply]] = field(default_factory=list)
    views: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    homes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    uploads: list[tuple[str, Path, str, str, str]] = field(default_factory=list)
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # a keyed post -> (channel, ts)
    # users.info: each user's Slack locale; a user in `slow_locales` makes the quick look-up fail
    locales: dict[str, str] = field(default_factory=dict)
    slow_locales: set[str] = field(default_factory=set)
    locale_lookups: list[tuple[str, bool]] = field(default_factory=list)  # (user, quick), apart from calls

    def post(self, channel: str, reply: Reply, thread_ts: str | None = None, key: str | None = None) -> str:
        self.calls.append("post")
        self.posts.append((channel, reply, thread_ts))
        ts = f"1.{len(self.posts):06d}"
        if key is not None:
            self.keys[key] = (channel, ts)
        return ts

    def find_post(self, channel: str, key: str, since: float) -> str | None:
        self.calls.append("find_post")
        found = self.keys.get(key)
        return found[1] if found and found[0] == channel else None

    def update(self, channel: str, ts: str, reply: Reply) -> None:
        self.calls.append("update")
        self.updates.append((channel, ts, reply))

    def open_dm(self, user_id: str) -> str:
        self.calls.append("open_dm")
        return "D" + user_id

    def open_view(self, trigger_id: str, view: dict[str, Any]) -> None:
        self.calls.append("open_view")
        self.views.append((trigger_id, view))

    def publish_home(self, user_id: str, view: dict[str, Any]) -> None:
        self.calls.append("publish_home")
        self.homes.append((user_id, view))

    def user_locale(self, user_id: str, quick: bool) -> str | None:
        self.locale_lookups.append((user_id, quick))
        if quick and user_id in self.slow_locales:
            raise TimeoutError("users.info took too long")
        return self.locales.get(user_id)

    def upload(self, channel: str, path: Path, filename: str, title: str, comment: str) -> str:
        self.calls.append("upload")
        self.uploads.append((channel, path, filename, title, comment))
        return f"F{len(self.uploads):06d}"

    def download(self, url: str) -> Iterator[bytes]:
        self.calls.append("download")
        if url not in self.files:
            raise OSError(f"no file at {url}")
        yield self.files[url]
