"""the data version: one value that changes whenever what the bot knows changes

data_version holds one row. Triggers on every table of knowledge (whatever writes it: the ORM, a
bulk import, psql) set its `version` in the same transaction to a value never used before: the
next value of a sequence on PostgreSQL (one bump per statement), a random 64-bit value on SQLite
(one per row). A process caches what it derives from these tables under the version it read
first (storage/versions.py), so a cached answer is never older than the data: a committed change
gives a new version, and a rolled-back one's version is never seen again.

Operational tables (questions asked, posts, runs, claims, languages, audit, usage) do not bump it:
nothing cached is read from them.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

KNOWLEDGE_TABLES = (
    "partners", "programmes", "arrangements", "documents", "nkpos", "partnership_snapshots",
    "answer_cards", "announcements", "yammer_groups", "yammer_users", "yammer_threads",
    "yammer_messages", "yammer_files", "document_arrangements", "document_programmes",
)  # fmt: skip
OPERATIONS = ("INSERT", "UPDATE", "DELETE")


def upgrade() -> None:
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_version_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 1)")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE data_version_seq START 2")
        op.execute(
            "CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "UPDATE data_version SET version = nextval('data_version_seq') WHERE id = 1; RETURN NULL; END $$"
        )
        for table in KNOWLEDGE_TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
            )
        return
    for table in KNOWLEDGE_TABLES:
        for operation in OPERATIONS:
            op.execute(
                f"CREATE TRIGGER {table}_data_version_{operation.lower()} AFTER {operation} ON {table} "
                "BEGIN UPDATE data_version SET version = random() WHERE id = 1; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in KNOWLEDGE_TABLES:
            op.execute(f"DROP TRIGGER {table}_data_version ON {table}")
        op.execute("DROP FUNCTION bump_data_version()")
        op.execute("DROP SEQUENCE data_version_seq")
    else:
        for table in KNOWLEDGE_TABLES:
            for operation in OPERATIONS:
                op.execute(f"DROP TRIGGER {table}_data_version_{operation.lower()}")
    op.drop_table("data_version")
