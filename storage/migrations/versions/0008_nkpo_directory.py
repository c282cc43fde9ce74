"""the NKPO directory with its history and registrations; announcement revisions; documents' file dates

- nkpos: keyed by (member_state, person_key) instead of one row a state (a state may designate
  more than one, and a successor's row is added before the predecessor retires); ministry,
  source, status (active | retired) and added_at.
- nkpo_changes: each change to an NKPO (field -> [before, after]), who made it and when.
- nkpo_registrations: `/nkpo register` requests, pending until the secretariat confirms or declines.
- announcement_revisions: an edit of a posted announcement, applied once from its preview.
- documents.file_updated_at: when the library last came to hold a new file or link for it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nkpos", schema=None) as batch_op:
        batch_op.drop_constraint("uq_nkpos_iso2", type_="unique")
        batch_op.drop_constraint("uq_nkpos_iso3", type_="unique")
        batch_op.drop_constraint("uq_nkpos_member_state", type_="unique")
        batch_op.add_column(sa.Column("person_key", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("ministry", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("source", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), nullable=False, server_default="active")
        )
        batch_op.add_column(sa.Column("added_at", sa.DateTime(), nullable=True))
    op.execute("UPDATE nkpos SET person_key = lower(person_name), added_at = updated_at")
    with op.batch_alter_table("nkpos", schema=None) as batch_op:
        batch_op.alter_column("person_key", server_default=None)
        batch_op.alter_column("status", server_default=None)
        batch_op.alter_column("added_at", existing_type=sa.DateTime(), nullable=False)
        batch_op.create_unique_constraint("uq_nkpos_member_state_person", ["member_state", "person_key"])
        batch_op.create_check_constraint(op.f("ck_nkpos_status"), "status in ('active', 'retired')")
        batch_op.create_index(batch_op.f("ix_nkpos_iso3"), ["iso3"], unique=False)

    op.create_table(
        "nkpo_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nkpo_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changed_by", sa.String(length=40), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["nkpo_id"], ["nkpos.id"], name=op.f("fk_nkpo_changes_nkpo_id_nkpos"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nkpo_changes")),
    )
    op.create_index(op.f("ix_nkpo_changes_nkpo_id"), "nkpo_changes", ["nkpo_id"], unique=False)
    op.create_table(
        "nkpo_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("member_state", sa.String(length=100), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("nkpo_id", sa.Integer(), nullable=True),
        sa.Column("notices", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "status in ('pending', 'confirmed', 'declined')", name=op.f("ck_nkpo_registrations_status")
        ),
        sa.ForeignKeyConstraint(
            ["nkpo_id"], ["nkpos.id"], name=op.f("fk_nkpo_registrations_nkpo_id_nkpos"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nkpo_registrations")),
    )
    op.create_index(op.f("ix_nkpo_registrations_user_id"), "nkpo_registrations", ["user_id"], unique=False)
    op.create_table(
        "announcement_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link_kind", sa.String(length=20), nullable=True),
        sa.Column("link_ref", sa.String(length=120), nullable=True),
        sa.Column("author_user_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["announcement_id"],
            ["announcements.id"],
            name=op.f("fk_announcement_revisions_announcement_id_announcements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_announcement_revisions")),
    )
    op.create_index(
        op.f("ix_announcement_revisions_announcement_id"),
        "announcement_revisions",
        ["announcement_id"],
        unique=False,
    )
    # Not in batch mode: on SQLite that would rebuild `documents` and lose its search triggers.
    op.add_column("documents", sa.Column("file_updated_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE documents SET file_updated_at = added_at WHERE stored_name IS NOT NULL OR url IS NOT NULL"
    )


def downgrade() -> None:
    op.execute("ALTER TABLE documents DROP COLUMN file_updated_at")  # SQLite 3.35+, no rebuild
    op.drop_index(op.f("ix_announcement_revisions_announcement_id"), table_name="announcement_revisions")
    op.drop_table("announcement_revisions")
    op.drop_index(op.f("ix_nkpo_registrations_user_id"), table_name="nkpo_registrations")
    op.drop_table("nkpo_registrations")
    op.drop_index(op.f("ix_nkpo_changes_nkpo_id"), table_name="nkpo_changes")
    op.drop_table("nkpo_changes")
    # Back to one NKPO a state: the retired ones and all but the newest of a state go.
    op.execute(
        "DELETE FROM nkpos WHERE status <> 'active' OR id NOT IN "
        "(SELECT max(id) FROM nkpos WHERE status = 'active' GROUP BY member_state)"
    )
    with op.batch_alter_table("nkpos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nkpos_iso3"))
        batch_op.drop_constraint(op.f("ck_nkpos_status"), type_="check")
        batch_op.drop_constraint("uq_nkpos_member_state_person", type_="unique")
        batch_op.drop_column("added_at")
        batch_op.drop_column("status")
        batch_op.drop_column("source")
        batch_op.drop_column("ministry")
        batch_op.drop_column("person_key")
        batch_op.create_unique_constraint("uq_nkpos_member_state", ["member_state"])
        batch_op.create_unique_constraint("uq_nkpos_iso3", ["iso3"])
        batch_op.create_unique_constraint("uq_nkpos_iso2", ["iso2"])
