"""Yammer history: the old group's threads, messages, people, groups and files, with a full-text index

- yammer_groups, yammer_users, yammer_threads, yammer_messages, yammer_files, each keyed by the
  export's own id (`export_id`), so an import is idempotent and a re-run finishes an interrupted one.
  No e-mail address is kept: a person's Slack user is found by e-mail during the import and only
  the user id stays.
- The full-text index over messages, as migration 0002 indexes the other records (kept in step by
  triggers, whatever writes the rows): a message is two texts, `heading` (its thread's title, for
  the first message of a thread) and `body` (`search_text`: the text with mentions as names, link
  cards' titles and descriptions, attached files' names); on SQLite also `facets`, its author and
  year as tokens for the filters.
  - SQLite: the view `yammer_messages_search_text` and the FTS5 table `yammer_messages_fts` (porter
    stemming, diacritics removed; rowid = the message's id), searched with MATCH and ranked by bm25.
  - PostgreSQL: a `search_vector` tsvector column (0002's search_vector_of: english, weights A/C)
    set by a BEFORE trigger, with a GIN index written through at once (fastupdate off, as 0005).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# What a change to a message must re-index (not imported_at, which every re-import could touch).
INDEXED_COLUMNS = "body, search_text, is_starter, thread_id, author_id, created_at"
# SQLite: `facets` holds the filter values as tokens (xauthor12, xyear2019), as 0002 does for the
# other records, so that `from:` and the years are index look-ups in the same MATCH.
SQLITE_TEXT = """
    SELECT m.id AS id, CASE WHEN m.is_starter THEN t.title ELSE '' END AS heading, m.search_text AS body,
           'xauthor' || coalesce(m.author_id, 0) || ' xyear' || strftime('%Y', m.created_at) AS facets
    FROM yammer_messages m JOIN yammer_threads t ON t.id = m.thread_id"""
SQLITE_FILL = (
    "INSERT INTO yammer_messages_fts(rowid, heading, body, facets) "
    "SELECT id, heading, body, facets FROM yammer_messages_search_text WHERE id = new.id;"
)


def create_tables() -> None:
    op.create_table(
        "yammer_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yammer_groups")),
        sa.UniqueConstraint("export_id", name=op.f("uq_yammer_groups_export_id")),
    )
    op.create_table(
        "yammer_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("slack_user_id", sa.String(length=40), nullable=True),
        sa.Column("looked_up_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yammer_users")),
        sa.UniqueConstraint("export_id", name=op.f("uq_yammer_users_export_id")),
    )
    with op.batch_alter_table("yammer_users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_yammer_users_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_yammer_users_slack_user_id"), ["slack_user_id"], unique=False)
    op.create_table(
        "yammer_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("uploader_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("problem", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_yammer_files_document_id_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["uploader_id"], ["yammer_users.id"], name=op.f("fk_yammer_files_uploader_id_yammer_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yammer_files")),
        sa.UniqueConstraint("export_id", name=op.f("uq_yammer_files_export_id")),
    )  # fmt: skip
    op.create_table(
        "yammer_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.String(length=40), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"], ["yammer_groups.id"], name=op.f("fk_yammer_threads_group_id_yammer_groups")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yammer_threads")),
        sa.UniqueConstraint("export_id", name=op.f("uq_yammer_threads_export_id")),
    )
    with op.batch_alter_table("yammer_threads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_yammer_threads_group_id"), ["group_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_yammer_threads_started_at"), ["started_at"], unique=False)
    op.create_table(
        "yammer_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("export_id", sa.String(length=40), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("is_starter", sa.Boolean(), nullable=False),
        sa.Column("replied_to", sa.String(length=40), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["yammer_users.id"], name=op.f("fk_yammer_messages_author_id_yammer_users")
        ),
        sa.ForeignKeyConstraint(
            ["thread_id"], ["yammer_threads.id"], name=op.f("fk_yammer_messages_thread_id_yammer_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_yammer_messages")),
        sa.UniqueConstraint("export_id", name=op.f("uq_yammer_messages_export_id")),
    )  # fmt: skip
    with op.batch_alter_table("yammer_messages", schema=None) as batch_op:
        batch_op.create_index("ix_yammer_messages_author_created", ["author_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_yammer_messages_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_yammer_messages_thread_created", ["thread_id", "created_at"], unique=False)


def upgrade_sqlite() -> None:
    op.execute(f"CREATE VIEW yammer_messages_search_text AS {SQLITE_TEXT}")
    op.execute(
        "CREATE VIRTUAL TABLE yammer_messages_fts USING fts5(heading, body, facets, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER yammer_messages_search_insert AFTER INSERT ON yammer_messages "
        f"BEGIN {SQLITE_FILL} END"
    )
    op.execute(
        f"CREATE TRIGGER yammer_messages_search_update AFTER UPDATE OF {INDEXED_COLUMNS} ON yammer_messages "
        f"BEGIN DELETE FROM yammer_messages_fts WHERE rowid = old.id; {SQLITE_FILL} END"
    )
    op.execute(
        "CREATE TRIGGER yammer_messages_search_delete AFTER DELETE ON yammer_messages "
        "BEGIN DELETE FROM yammer_messages_fts WHERE rowid = old.id; END"
    )


def upgrade_postgresql() -> None:
    op.execute("ALTER TABLE yammer_messages ADD COLUMN search_vector tsvector")
    op.execute(
        "CREATE INDEX ix_yammer_messages_search_vector ON yammer_messages USING gin (search_vector) "
        "WITH (fastupdate = off)"
    )
    op.execute(
        "CREATE FUNCTION yammer_messages_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "DECLARE heading text := '';\n"
        "BEGIN\n"
        "  IF NEW.is_starter THEN\n"
        "    SELECT title INTO heading FROM yammer_threads WHERE id = NEW.thread_id;\n"
        "  END IF;\n"
        "  NEW.search_vector := search_vector_of(heading, '', NEW.search_text);\n"
        "  RETURN NEW;\n"
        "END $$"
    )
    op.execute(
        f"CREATE TRIGGER yammer_messages_search BEFORE INSERT OR UPDATE OF {INDEXED_COLUMNS} "
        "ON yammer_messages FOR EACH ROW EXECUTE FUNCTION yammer_messages_search_trigger()"
    )


def upgrade() -> None:
    create_tables()
    if op.get_bind().dialect.name == "postgresql":
        upgrade_postgresql()
    else:
        upgrade_sqlite()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS yammer_messages_search ON yammer_messages")
        op.execute("DROP FUNCTION IF EXISTS yammer_messages_search_trigger()")
    else:
        for trigger in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS yammer_messages_search_{trigger}")
        op.execute("DROP TABLE IF EXISTS yammer_messages_fts")
        op.execute("DROP VIEW IF EXISTS yammer_messages_search_text")
    for table in ("yammer_messages", "yammer_threads", "yammer_files", "yammer_users", "yammer_groups"):
        op.drop_table(table)
