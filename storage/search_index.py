"""Names of the full-text search objects that migration 0002 creates outside the ORM models.

The index lives in the database and is kept in step by triggers, whatever writes the rows:
- SQLite: for each kind an FTS5 table `<table>_fts` (porter stemming, accents removed; rowid =
  the record's id; columns heading, place, body and `facets`, the filter values as tokens)
  searched with MATCH and ranked with bm25.
- PostgreSQL: a `search_vector` tsvector column on each table (english configuration, weighted
  A/B/C, GIN index).
- Migration 0008 indexes the imported Yammer history the same way: `yammer_messages_fts` on SQLite,
  `yammer_messages.search_vector` on PostgreSQL.
- Both: `search_terms (kind, term)`, the plain words ever indexed: the vocabulary for typos;
  and BROWSE_INDEXES, arrangements newest first (a descending order SQLAlchemy's Index cannot
  spell the same way for both databases).

Autogenerate and the schema test compare the models with the database through
`include_object`, so that these objects are not mistaken for stray tables or columns.
"""

from __future__ import annotations

import re
from typing import Any

BROWSE_INDEXES = ("ix_arrangements_newest", "ix_arrangements_nature_newest")
VECTOR_COLUMN = "search_vector"
TERMS_TABLE = "search_terms"
_SQLITE_NAMES = re.compile(
    r"^((arrangements|programmes|documents|yammer_messages)_fts|search_scratch)(_\w+)?$"
)


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic filter: leave the search index objects out of model/database comparisons."""
    if type_ == "table" and name is not None and (name == TERMS_TABLE or _SQLITE_NAMES.match(name)):
        return False
    if type_ == "index" and (name in BROWSE_INDEXES or str(name).endswith(f"_{VECTOR_COLUMN}")):
        return False
    return not (type_ == "column" and name == VECTOR_COLUMN)
